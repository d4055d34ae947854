// The parts of a CMS SignedData (RFC 5652 §5) that a provisioning profile needs: the encapsulated
// content (the profile's plist) and the certificates, with the one that signed it. Read with the
// project's DER reader (src/core/asn1.ts); certificates are kept as their exact DER bytes.
//   ContentInfo ::= SEQUENCE { contentType OID (id-signedData), content [0] EXPLICIT SignedData }
//   SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo SEQUENCE {
//       eContentType OID, eContent [0] EXPLICIT OCTET STRING OPTIONAL },
//     certificates [0] IMPLICIT SET OF Certificate OPTIONAL, crls [1] IMPLICIT OPTIONAL, signerInfos SET }
//   SignerInfo ::= SEQUENCE { version, sid (IssuerAndSerialNumber | [0] SubjectKeyIdentifier), … }

import {
  ASN1_TAG_INTEGER, ASN1_TAG_OCTET_STRING, ASN1_TAG_OID, ASN1_TAG_SEQUENCE, ASN1_TAG_SET,
  asn1Content, asn1Encoded, decodeOid, isContext, isUniversal, parseAsn1, type Asn1Node,
} from '../../core/asn1.js';
import { MalformedInputError } from '../../core/errors.js';

export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_DATA = '1.2.840.113549.1.7.1';

export interface CmsSignedData {
  contentType: string;
  content: Uint8Array;
  /** DER of each certificate in the certificates field, in order. */
  certificates: Uint8Array[];
  /** DER of the certificate named by the first SignerInfo's sid, when it is among the certificates. */
  signerCertificate?: Uint8Array;
}

function fail(code: string, message: string, node?: Asn1Node): never {
  throw new MalformedInputError(code, `provisioning profile CMS: ${message}`, { offset: node?.offset ?? 0 });
}

function expectNode(node: Asn1Node | undefined, ok: boolean, what: string, parent: Asn1Node): Asn1Node {
  if (!node || !ok) fail('PROFILE_BAD_CMS', `expected ${what}`, node ?? parent);
  return node;
}

function octets(bytes: Uint8Array, node: Asn1Node): Uint8Array {
  if (!node.constructed) return asn1Content(bytes, node);
  return Buffer.concat(node.children.map((c) => octets(bytes, c)));
}

/** TBSCertificate's serialNumber and issuer nodes (the version field [0] is optional). */
function issuerAndSerial(bytes: Uint8Array, cert: Asn1Node): [string, string] | undefined {
  const tbs = cert.children[0];
  if (!tbs?.children.length) return undefined;
  const i = isContext(tbs.children[0]!, 0) ? 1 : 0;
  const serial = tbs.children[i];
  const issuer = tbs.children[i + 2];
  if (!serial || !issuer) return undefined;
  return [Buffer.from(asn1Content(bytes, serial)).toString('hex'), Buffer.from(asn1Encoded(bytes, issuer)).toString('hex')];
}

function findSigner(bytes: Uint8Array, certs: Asn1Node[], signerInfos: Asn1Node): Asn1Node | undefined {
  const sid = signerInfos.children[0]?.children[1];
  if (!sid) return undefined;
  if (isUniversal(sid, ASN1_TAG_SEQUENCE) && sid.children.length === 2) {
    const want = Buffer.from(asn1Content(bytes, sid.children[1]!)).toString('hex');
    const issuer = Buffer.from(asn1Encoded(bytes, sid.children[0]!)).toString('hex');
    return certs.find((c) => {
      const got = issuerAndSerial(bytes, c);
      return got?.[0] === want && got[1] === issuer;
    });
  }
  // A [0] SubjectKeyIdentifier sid (never seen in Apple's profiles) names no certificate here.
  return undefined;
}

export function parseCmsSignedData(bytes: Uint8Array): CmsSignedData {
  const root = parseAsn1(bytes, { what: 'provisioning profile CMS', errorCode: 'PROFILE_BAD_CMS' });
  if (root.end !== bytes.length) fail('PROFILE_BAD_CMS', `${bytes.length - root.end} bytes follow the ContentInfo`, root);
  const [typeNode, explicit] = root.children;
  expectNode(typeNode, !!typeNode && isUniversal(typeNode, ASN1_TAG_OID), 'ContentInfo.contentType OID', root);
  const type = decodeOid(asn1Content(bytes, typeNode!));
  if (type !== OID_SIGNED_DATA) fail('PROFILE_NOT_SIGNED_DATA', `content type is ${type}, expected signedData ${OID_SIGNED_DATA}`, typeNode);
  const sd = expectNode(explicit?.children[0], !!explicit && isContext(explicit, 0) && !!explicit.children[0] && isUniversal(explicit.children[0], ASN1_TAG_SEQUENCE), 'SignedData SEQUENCE in [0]', root);
  const [version, , encap, ...rest] = sd.children;
  expectNode(version, !!version && isUniversal(version, ASN1_TAG_INTEGER), 'SignedData.version INTEGER', sd);
  expectNode(encap, !!encap && isUniversal(encap, ASN1_TAG_SEQUENCE), 'EncapsulatedContentInfo SEQUENCE', sd);
  const eType = decodeOid(asn1Content(bytes, expectNode(encap!.children[0], isUniversal(encap!.children[0] ?? encap!, ASN1_TAG_OID), 'eContentType OID', encap!)));
  const eContent = encap!.children[1]?.children[0];
  if (!eContent) fail('PROFILE_NO_CONTENT', 'SignedData has no encapsulated content (detached signature)', encap);
  if (!isUniversal(eContent, ASN1_TAG_OCTET_STRING)) fail('PROFILE_BAD_CMS', 'eContent is not an OCTET STRING', eContent);
  const certSet = rest.find((n) => isContext(n, 0));
  const certs = (certSet?.children ?? []).filter((c) => isUniversal(c, ASN1_TAG_SEQUENCE));
  const signerInfos = rest[rest.length - 1];
  expectNode(signerInfos, !!signerInfos && isUniversal(signerInfos, ASN1_TAG_SET), 'SignerInfos SET', sd);
  const signer = findSigner(bytes, certs, signerInfos!);
  return {
    contentType: eType,
    content: octets(bytes, eContent),
    certificates: certs.map((c) => asn1Encoded(bytes, c).slice()),
    signerCertificate: signer ? asn1Encoded(bytes, signer).slice() : undefined,
  };
}
