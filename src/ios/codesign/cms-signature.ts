// Reads the CMS SignedData (RFC 5652) that an Apple code signature wraps in CSSLOT_SIGNATURESLOT:
// its certificates, the signer (matched by issuer and serial number), and its signed attributes,
// including Apple's CDHashes plist (1.2.840.113635.100.9.1) and CDHashes2 (…100.9.2). Read-only: the
// signer that builds this structure comes with the signing task.

import {
  asn1Content, asn1Encoded, decodeOid, isContext, isUniversal, parseAsn1,
  ASN1_TAG_INTEGER, ASN1_TAG_OCTET_STRING, ASN1_TAG_OID, ASN1_TAG_SEQUENCE, ASN1_TAG_SET, type Asn1Node,
} from '../../core/asn1.js';
import { bytesEqual } from '../../core/byte-writer.js';
import { MalformedInputError, type ErrorContext } from '../../core/errors.js';
import { describeCertificate, type CertificateFacts } from '../../core/x509.js';
import { OID_APPLE_CDHASHES2, OID_APPLE_CDHASHES_PLIST } from './cs-constants.js';

export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';

export interface CmsCertificate extends CertificateFacts {
  der: Uint8Array;
}

export interface CmsAttribute {
  oid: string;
  /** Each value's DER encoding. */
  values: Uint8Array[];
}

export interface CmsSignatureInfo {
  digestAlgorithms: string[];
  certificates: CmsCertificate[];
  signer?: CmsCertificate;
  signerDigestAlgorithm?: string;
  signatureAlgorithm?: string;
  signedAttributes: CmsAttribute[];
  /** The plist of CDHashes (attribute 1.2.840.113635.100.9.1), as text. */
  cdHashesPlist?: string;
  /** CDHashes2 (1.2.840.113635.100.9.2): (digest algorithm OID, full hash) pairs. */
  cdHashes2?: { digestAlgorithm: string; hash: Uint8Array }[];
}

const CMS_ERROR = 'CODESIGN_CMS_MALFORMED';

function expect(ok: boolean, what: string, node: Asn1Node | undefined, context: ErrorContext, base: number): void {
  if (!ok) throw new MalformedInputError(CMS_ERROR, `CMS signature: expected ${what}`, { ...context, offset: base + (node?.offset ?? 0) });
}

export function parseCmsSignature(der: Uint8Array, context: ErrorContext = {}, base = 0): CmsSignatureInfo {
  const root = parseAsn1(der, { what: 'CMS signature', errorCode: CMS_ERROR, base });
  const [oid, wrapped] = root.children;
  expect(isUniversal(root, ASN1_TAG_SEQUENCE) && !!oid && isUniversal(oid, ASN1_TAG_OID), 'ContentInfo SEQUENCE { OID, [0] }', root, context, base);
  expect(decodeOid(asn1Content(der, oid!)) === OID_SIGNED_DATA, `content type ${OID_SIGNED_DATA} (signedData)`, oid, context, base);
  const signedData = wrapped?.children[0];
  expect(!!wrapped && isContext(wrapped, 0) && !!signedData && isUniversal(signedData, ASN1_TAG_SEQUENCE), 'SignedData', wrapped, context, base);
  const parts = signedData!.children;
  const digestSet = parts[1];
  expect(!!digestSet && isUniversal(digestSet, ASN1_TAG_SET), 'digestAlgorithms SET', digestSet, context, base);
  const certSet = parts.find((p) => isContext(p, 0));
  const signerInfos = parts[parts.length - 1];
  expect(!!signerInfos && isUniversal(signerInfos, ASN1_TAG_SET), 'signerInfos SET', signerInfos, context, base);
  const certificates = (certSet?.children ?? []).map((c) => {
    const certDer = asn1Encoded(der, c);
    return { ...describeCertificate(certDer), der: certDer };
  });
  const info: CmsSignatureInfo = {
    digestAlgorithms: digestSet!.children.map((a) => algorithmOid(der, a)),
    certificates,
    signedAttributes: [],
  };
  const signerInfo = signerInfos!.children[0];
  if (signerInfo) readSignerInfo(der, signerInfo, info, context, base);
  return info;
}

function algorithmOid(der: Uint8Array, algorithmIdentifier: Asn1Node): string {
  const oid = algorithmIdentifier.children[0];
  return oid && isUniversal(oid, ASN1_TAG_OID) ? decodeOid(asn1Content(der, oid)) : '';
}

function readSignerInfo(der: Uint8Array, si: Asn1Node, info: CmsSignatureInfo, context: ErrorContext, base: number): void {
  const [, sid, digestAlg, ...rest] = si.children;
  expect(!!sid && !!digestAlg, 'SignerInfo { version, sid, digestAlgorithm, … }', si, context, base);
  info.signerDigestAlgorithm = algorithmOid(der, digestAlg!);
  if (isUniversal(sid!, ASN1_TAG_SEQUENCE)) info.signer = findByIssuerSerial(der, sid!, info.certificates);
  const attrs = rest.find((n) => isContext(n, 0));
  const sigAlg = rest.find((n) => isUniversal(n, ASN1_TAG_SEQUENCE));
  if (sigAlg) info.signatureAlgorithm = algorithmOid(der, sigAlg);
  for (const attr of attrs?.children ?? []) {
    const [aOid, aValues] = attr.children;
    if (!aOid || !aValues) continue;
    const oid = decodeOid(asn1Content(der, aOid));
    info.signedAttributes.push({ oid, values: aValues.children.map((v) => asn1Encoded(der, v)) });
    if (oid === OID_APPLE_CDHASHES_PLIST) {
      const v = aValues.children[0];
      if (v && isUniversal(v, ASN1_TAG_OCTET_STRING)) info.cdHashesPlist = new TextDecoder().decode(asn1Content(der, v));
    }
    if (oid === OID_APPLE_CDHASHES2) {
      info.cdHashes2 = aValues.children
        .filter((v) => v.children.length === 2)
        .map((v) => ({ digestAlgorithm: decodeOid(asn1Content(der, v.children[0]!)), hash: asn1Content(der, v.children[1]!) }));
    }
  }
}

/** IssuerAndSerialNumber ::= SEQUENCE { issuer Name, serialNumber INTEGER }, matched against each TBSCertificate. */
function findByIssuerSerial(der: Uint8Array, sid: Asn1Node, certs: readonly CmsCertificate[]): CmsCertificate | undefined {
  const [issuer, serial] = sid.children;
  if (!issuer || !serial || !isUniversal(serial, ASN1_TAG_INTEGER)) return undefined;
  const wantIssuer = asn1Encoded(der, issuer);
  const wantSerial = asn1Content(der, serial);
  return certs.find((c) => {
    const tbs = parseAsn1(c.der).children[0];
    if (!tbs) return false;
    const fields = isContext(tbs.children[0]!, 0) ? tbs.children.slice(1) : tbs.children;
    const [cSerial, , cIssuer] = fields;
    return !!cSerial && !!cIssuer && bytesEqual(asn1Content(c.der, cSerial), wantSerial) && bytesEqual(asn1Encoded(c.der, cIssuer), wantIssuer);
  });
}
