// Verifies the CMS SignedData of an Apple code signature over its CodeDirectories, as the device does:
// the signature is checked over the signed attributes AS ENCODED in the blob (re-tagged from [0] to SET OF),
// so genuine Apple signatures whose attributes are not in DER order verify (openssl re-encodes them in DER
// order and rejects those). Then the message digest over the primary CodeDirectory, the content type, and
// Apple's CDHashes / CDHashes2 attributes against every CodeDirectory. Returns issues, never throws for
// bad input (RFC 5652 §5.4, §5.6, §11).

import { X509Certificate, verify as cryptoVerify } from 'node:crypto';
import { asn1Content, asn1Encoded, decodeOid, isContext, parseAsn1, type Asn1Node } from '../../core/asn1.js';
import { bytesEqual } from '../../core/byte-writer.js';
import { isMamError, type Issue } from '../../core/errors.js';
import { describeCertificate, type CertificateFacts } from '../../core/x509.js';
import { OID_APPLE_CDHASHES2, OID_APPLE_CDHASHES_PLIST } from '../codesign/cs-constants.js';
import { parsePlist } from '../plist/plist.js';
import { compareDer } from './asn1-build.js';
import {
  DIGEST_BY_OID,
  OID_CONTENT_TYPE,
  OID_DATA,
  OID_MESSAGE_DIGEST,
  OID_SIGNED_DATA,
  OID_SIGNING_TIME,
  codeDirectoryDigests,
  digestOid,
  type CodeDirectoryDigests,
} from './cms-attributes.js';
import { createHash } from 'node:crypto';

export interface CmsVerification {
  issues: Issue[];
  signer?: CertificateFacts;
  /** Certificates carried in the blob (DER), in their order there. */
  certificates: Uint8Array[];
  signingTime?: string;
  /** Whether the signed attributes are in DER SET OF order (what openssl needs). */
  attributesInDerOrder?: boolean;
}

const error = (code: string, message: string): Issue => ({ code, severity: 'error', message });

interface SignerInfoParts {
  issuer: Uint8Array;
  serial: Uint8Array;
  digestName?: string;
  signedAttrs?: Asn1Node;
  signatureAlgorithm: string;
  signature: Uint8Array;
}

function readSignerInfo(der: Uint8Array, si: Asn1Node): SignerInfoParts {
  const [, sid, digestAlg, ...rest] = si.children;
  const signedAttrs = rest[0] && isContext(rest[0], 0) ? rest.shift() : undefined;
  const [sigAlg, sig] = rest;
  if (!sid || sid.children.length !== 2 || !digestAlg || !sigAlg || !sig) throw new Error('SignerInfo is not { version, issuerAndSerialNumber, digestAlgorithm, …, signatureAlgorithm, signature }');
  return {
    issuer: asn1Encoded(der, sid.children[0]!),
    serial: asn1Content(der, sid.children[1]!),
    digestName: DIGEST_BY_OID[decodeOid(asn1Content(der, digestAlg.children[0]!))],
    signedAttrs,
    signatureAlgorithm: decodeOid(asn1Content(der, sigAlg.children[0]!)),
    signature: asn1Content(der, sig),
  };
}

function findSignerCertificate(certs: Uint8Array[], issuer: Uint8Array, serial: Uint8Array): Uint8Array | undefined {
  return certs.find((c) => {
    const tbs = parseAsn1(c).children[0]!;
    const off = tbs.children[0]!.tagClass === 2 ? 1 : 0;
    return bytesEqual(asn1Content(c, tbs.children[off]!), serial) && bytesEqual(asn1Encoded(c, tbs.children[off + 2]!), issuer);
  });
}

function attributeValues(der: Uint8Array, attrs: Asn1Node): Map<string, Asn1Node[]> {
  const out = new Map<string, Asn1Node[]>();
  for (const a of attrs.children) out.set(decodeOid(asn1Content(der, a.children[0]!)), a.children[1]?.children ?? []);
  return out;
}

function checkCdHashes(der: Uint8Array, attrs: Map<string, Asn1Node[]>, cds: CodeDirectoryDigests[], issues: Issue[]): void {
  const plistValue = attrs.get(OID_APPLE_CDHASHES_PLIST)?.[0];
  if (plistValue) {
    const root = parsePlist(asn1Content(der, plistValue)).root;
    const list = root.type === 'dict' ? root.entries.get('cdhashes') : undefined;
    const got = list?.type === 'array' ? list.items.map((x) => (x.type === 'data' ? x.value : new Uint8Array(0))) : [];
    const ok = got.length === cds.length && got.every((h, i) => bytesEqual(h, cds[i]!.cdHash));
    if (!ok) issues.push(error('CMS_CDHASHES_MISMATCH', `CDHashes attribute lists ${got.map((h) => Buffer.from(h).toString('hex')).join(', ') || 'nothing'}, expected ${cds.map((c) => Buffer.from(c.cdHash).toString('hex')).join(', ')}`));
  }
  const v2 = attrs.get(OID_APPLE_CDHASHES2);
  if (v2) {
    const got = v2.map((s) => `${decodeOid(asn1Content(der, s.children[0]!))}=${Buffer.from(asn1Content(der, s.children[1]!)).toString('hex')}`).sort();
    const want = cds.map((c) => `${digestOid(c.digestName)}=${Buffer.from(c.digest).toString('hex')}`).sort();
    if (got.join() !== want.join()) issues.push(error('CMS_CDHASHES2_MISMATCH', `CDHashes2 attribute holds ${got.join(', ')}, expected ${want.join(', ')}`));
  }
}

function checkSignature(cert: Uint8Array, info: SignerInfoParts, signedBytes: Uint8Array): boolean {
  const key = new X509Certificate(cert).publicKey;
  const opts = key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'der' as const } : key;
  return cryptoVerify(info.digestName ?? 'sha256', signedBytes, opts, info.signature);
}

/** Full result: issues, the signer's certificate facts, the certificates, the signing time. */
export function checkCmsOverCodeDirectory(cms: Uint8Array, codeDirectories: readonly Uint8Array[]): CmsVerification {
  const result: CmsVerification = { issues: [], certificates: [] };
  const issues = result.issues;
  try {
    const root = parseAsn1(cms, { what: 'CMS signature', errorCode: 'CMS_MALFORMED' });
    if (decodeOid(asn1Content(cms, root.children[0]!)) !== OID_SIGNED_DATA) return { ...result, issues: [error('CMS_NOT_SIGNED_DATA', 'CMS content type is not id-signedData')] };
    const signedData = root.children[1]!.children[0]!;
    const certSet = signedData.children.find((c) => isContext(c, 0));
    result.certificates = (certSet?.children ?? []).map((c) => asn1Encoded(cms, c).slice());
    const signerInfos = signedData.children[signedData.children.length - 1]!.children;
    if (signerInfos.length !== 1) issues.push(error('CMS_SIGNER_COUNT', `CMS has ${signerInfos.length} SignerInfos, expected 1`));
    if (signerInfos.length === 0) return result;
    const info = readSignerInfo(cms, signerInfos[0]!);
    const cert = findSignerCertificate(result.certificates, info.issuer, info.serial);
    if (!cert) return { ...result, issues: [...issues, error('CMS_SIGNER_CERT_MISSING', 'no certificate in the CMS matches the SignerInfo issuer and serial number')] };
    result.signer = describeCertificate(cert);
    issues.push({ code: 'CMS_SIGNER', severity: 'info', message: `signed by ${result.signer.subject} (issuer ${result.signer.issuer}, SHA-256 ${result.signer.sha256})` });
    if (!info.signedAttrs) {
      // RFC 5652 §5.4: without signed attributes the signature covers the content itself (older codesign).
      if (!codeDirectories[0] || !checkSignature(cert, info, codeDirectories[0])) issues.push(error('CMS_SIGNATURE_INVALID', `${info.signatureAlgorithm} signature does not verify over the primary code directory`));
      return result;
    }
    const signedBytes = asn1Encoded(cms, info.signedAttrs).slice();
    signedBytes[0] = 0x31;
    if (!checkSignature(cert, info, signedBytes)) issues.push(error('CMS_SIGNATURE_INVALID', `${info.signatureAlgorithm} signature does not verify over the signed attributes as encoded`));
    const encoded = info.signedAttrs.children.map((a) => asn1Encoded(cms, a));
    result.attributesInDerOrder = encoded.every((a, i) => i === 0 || compareDer(encoded[i - 1]!, a) <= 0);
    const attrs = attributeValues(cms, info.signedAttrs);
    const ct = attrs.get(OID_CONTENT_TYPE)?.[0];
    if (!ct || decodeOid(asn1Content(cms, ct)) !== OID_DATA) issues.push(error('CMS_CONTENT_TYPE', 'contentType attribute is missing or not id-data'));
    const st = attrs.get(OID_SIGNING_TIME)?.[0];
    if (st) result.signingTime = Buffer.from(asn1Content(cms, st)).toString('latin1');
    const md = attrs.get(OID_MESSAGE_DIGEST)?.[0];
    const primary = codeDirectories[0];
    const want = primary ? new Uint8Array(createHash(info.digestName ?? 'sha256').update(primary).digest()) : undefined;
    if (!md || !want || !bytesEqual(asn1Content(cms, md), want)) issues.push(error('CMS_MESSAGE_DIGEST_MISMATCH', 'messageDigest attribute does not match the primary code directory'));
    checkCdHashes(cms, attrs, codeDirectories.map(codeDirectoryDigests), issues);
  } catch (e) {
    issues.push(error('CMS_MALFORMED', `CMS signature cannot be read: ${isMamError(e) || e instanceof Error ? e.message : String(e)}`));
  }
  return result;
}

/** Issues of a CMS signature over its CodeDirectories (primary first); an `info` issue names the signer. */
export function verifyCmsOverCodeDirectory(cms: Uint8Array, codeDirectories: Uint8Array[]): Issue[] {
  return checkCmsOverCodeDirectory(cms, codeDirectories).issues;
}
