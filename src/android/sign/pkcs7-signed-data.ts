// PKCS#7 / CMS SignedData (RFC 2315, RFC 5652 section 5) as found in JAR signature block files
// (META-INF/*.RSA, *.DSA, *.EC): detached signatures over the .SF file. Read with our ASN.1 walker
// (src/core/asn1.ts) rather than node-forge's pkcs7, which refuses EC certificates; certificates are
// kept as their exact stored bytes.
//
// FORMAT:
//   ContentInfo ::= SEQUENCE { contentType OID (1.2.840.113549.1.7.2), content [0] EXPLICIT SignedData }
//   SignedData  ::= SEQUENCE { version INTEGER, digestAlgorithms SET OF AlgorithmIdentifier,
//                   encapContentInfo SEQUENCE { OID, [0] EXPLICIT content OPTIONAL },
//                   certificates [0] IMPLICIT SET OF Certificate OPTIONAL, crls [1] IMPLICIT OPTIONAL,
//                   signerInfos SET OF SignerInfo }
//   SignerInfo  ::= SEQUENCE { version INTEGER, sid (IssuerAndSerialNumber | [0] SubjectKeyIdentifier),
//                   digestAlgorithm AlgorithmIdentifier, signedAttrs [0] IMPLICIT OPTIONAL,
//                   signatureAlgorithm AlgorithmIdentifier, signature OCTET STRING, unsignedAttrs [1] OPTIONAL }

import {
  ASN1_TAG_INTEGER,
  ASN1_TAG_OCTET_STRING,
  ASN1_TAG_OID,
  ASN1_TAG_SEQUENCE,
  ASN1_TAG_SET,
  asn1Content,
  asn1Encoded,
  decodeOid,
  isContext,
  isUniversal,
  parseAsn1,
  type Asn1Node,
} from '../../core/asn1.js';
import { bytesEqual } from '../../core/byte-writer.js';
import { MalformedInputError, hex } from '../../core/errors.js';

export const OID_PKCS7_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_PKCS7_DATA = '1.2.840.113549.1.7.1';

export const APKSIG_PKCS7_MALFORMED = 'APKSIG_PKCS7_MALFORMED';

export interface Pkcs7SignerInfo {
  version: number;
  /** IssuerAndSerialNumber: the issuer Name's DER and the serial's content octets. */
  issuer?: Uint8Array;
  serialNumber?: Uint8Array;
  subjectKeyIdentifier?: Uint8Array;
  digestAlgorithmOid: string;
  signatureAlgorithmOid: string;
  /** The [0] signed attributes exactly as stored (tag included), when present. */
  signedAttributes?: Uint8Array;
  signature: Uint8Array;
}

export interface Pkcs7SignedData {
  version: number;
  digestAlgorithmOids: string[];
  contentTypeOid: string;
  /** False for detached signatures (JAR signing always detaches). */
  hasContent: boolean;
  /** DER certificates exactly as stored. */
  certificates: Uint8Array[];
  signerInfos: Pkcs7SignerInfo[];
}

class Walker {
  constructor(
    readonly bytes: Uint8Array,
    readonly what: string,
  ) {}

  fail(node: Asn1Node | undefined, message: string): never {
    throw new MalformedInputError(APKSIG_PKCS7_MALFORMED, `${this.what}: ${message}`, { offset: node?.offset ?? 0 });
  }

  expect(node: Asn1Node | undefined, tag: number, name: string): Asn1Node {
    if (!node || !isUniversal(node, tag)) this.fail(node, `expected ${name} at ${hex(node?.offset ?? this.bytes.length)}`);
    return node;
  }

  oid(node: Asn1Node | undefined, name: string): string {
    return decodeOid(asn1Content(this.bytes, this.expect(node, ASN1_TAG_OID, `${name} OBJECT IDENTIFIER`)));
  }

  int(node: Asn1Node | undefined, name: string): number {
    const c = asn1Content(this.bytes, this.expect(node, ASN1_TAG_INTEGER, `${name} INTEGER`));
    let v = 0;
    for (const b of c.subarray(0, 6)) v = v * 256 + b;
    return v;
  }

  algorithm(node: Asn1Node | undefined, name: string): string {
    return this.oid(this.expect(node, ASN1_TAG_SEQUENCE, `${name} AlgorithmIdentifier`).children[0], name);
  }
}

/** Parses a DER/BER ContentInfo holding SignedData. `what` names the file for errors. */
export function parsePkcs7SignedData(bytes: Uint8Array, what = 'PKCS#7 SignedData'): Pkcs7SignedData {
  const w = new Walker(bytes, what);
  const root = parseAsn1(bytes, { what, errorCode: APKSIG_PKCS7_MALFORMED });
  const contentInfo = w.expect(root, ASN1_TAG_SEQUENCE, 'ContentInfo SEQUENCE');
  const type = w.oid(contentInfo.children[0], 'contentType');
  if (type !== OID_PKCS7_SIGNED_DATA) w.fail(contentInfo.children[0], `content type is ${type}, expected signedData (${OID_PKCS7_SIGNED_DATA})`);
  const explicit = contentInfo.children[1];
  if (!explicit || !isContext(explicit, 0)) w.fail(explicit, 'expected [0] content');
  const sd = w.expect(explicit.children[0], ASN1_TAG_SEQUENCE, 'SignedData SEQUENCE');
  const [versionNode, digestAlgs, encap, ...rest] = sd.children;
  const version = w.int(versionNode, 'SignedData version');
  const digestAlgorithmOids = w.expect(digestAlgs, ASN1_TAG_SET, 'digestAlgorithms SET').children.map((a) => w.algorithm(a, 'digest algorithm'));
  const encapSeq = w.expect(encap, ASN1_TAG_SEQUENCE, 'encapContentInfo SEQUENCE');
  const contentTypeOid = w.oid(encapSeq.children[0], 'encapsulated content type');
  const certificates: Uint8Array[] = [];
  let signerInfosNode: Asn1Node | undefined;
  for (const n of rest) {
    if (isContext(n, 0)) certificates.push(...n.children.filter((c) => isUniversal(c, ASN1_TAG_SEQUENCE)).map((c) => asn1Encoded(bytes, c).slice()));
    else if (isContext(n, 1)) continue;
    else signerInfosNode = n;
  }
  const signerInfos = w.expect(signerInfosNode, ASN1_TAG_SET, 'signerInfos SET').children.map((s) => parseSignerInfo(w, s));
  return { version, digestAlgorithmOids, contentTypeOid, hasContent: encapSeq.children.length > 1, certificates, signerInfos };
}

function parseSignerInfo(w: Walker, node: Asn1Node): Pkcs7SignerInfo {
  const seq = w.expect(node, ASN1_TAG_SEQUENCE, 'SignerInfo SEQUENCE');
  const [versionNode, sid, digestAlg, ...rest] = seq.children;
  const version = w.int(versionNode, 'SignerInfo version');
  const out: Partial<Pkcs7SignerInfo> = { version };
  if (sid && isContext(sid, 0)) {
    out.subjectKeyIdentifier = asn1Content(w.bytes, sid).slice();
  } else {
    const ias = w.expect(sid, ASN1_TAG_SEQUENCE, 'IssuerAndSerialNumber SEQUENCE');
    out.issuer = asn1Encoded(w.bytes, w.expect(ias.children[0], ASN1_TAG_SEQUENCE, 'issuer Name')).slice();
    out.serialNumber = asn1Content(w.bytes, w.expect(ias.children[1], ASN1_TAG_INTEGER, 'serialNumber INTEGER')).slice();
  }
  out.digestAlgorithmOid = w.algorithm(digestAlg, 'digestAlgorithm');
  let i = 0;
  if (rest[i] && isContext(rest[i]!, 0)) out.signedAttributes = asn1Encoded(w.bytes, rest[i++]!).slice();
  out.signatureAlgorithmOid = w.algorithm(rest[i++], 'signatureAlgorithm');
  out.signature = asn1Content(w.bytes, w.expect(rest[i], ASN1_TAG_OCTET_STRING, 'signature OCTET STRING')).slice();
  return out as Pkcs7SignerInfo;
}

/** The certificate a SignerInfo names (by issuer and serial number, or subject key identifier). */
export function findSignerCertificate(data: Pkcs7SignedData, signer: Pkcs7SignerInfo): Uint8Array | undefined {
  return data.certificates.find((der) => {
    const id = certificateIdentity(der);
    if (!id) return false;
    if (signer.issuer && signer.serialNumber) return sameSerial(id.serialNumber, signer.serialNumber) && sameName(id.issuer, signer.issuer);
    return signer.subjectKeyIdentifier !== undefined && id.subjectKeyIdentifier !== undefined && bytesEqual(id.subjectKeyIdentifier, signer.subjectKeyIdentifier);
  });
}

const OID_SUBJECT_KEY_IDENTIFIER = '2.5.29.14';

function sameSerial(a: Uint8Array, b: Uint8Array): boolean {
  const strip = (x: Uint8Array): Uint8Array => {
    let i = 0;
    while (i < x.length - 1 && x[i] === 0) i++;
    return x.subarray(i);
  };
  return bytesEqual(strip(a), strip(b));
}

/**
 * Names compared as X500Principal.equals does in apksig, not byte for byte: signing tools re-encode
 * the issuer (a PrintableString in the SignerInfo where the certificate has a UTF8String).
 */
function sameName(a: Uint8Array, b: Uint8Array): boolean {
  return bytesEqual(a, b) || canonicalName(a) === canonicalName(b);
}

const DIRECTORY_STRING_TAGS = new Set([12, 19, 20, 22, 28, 30]);

function canonicalName(der: Uint8Array): string | undefined {
  try {
    const rdns = parseAsn1(der).children.map((rdn) =>
      rdn.children
        .map((atv) => `${decodeOid(asn1Content(der, atv.children[0]!))}=${canonicalValue(der, atv.children[1]!)}`)
        .sort()
        .join('+'),
    );
    return rdns.join(',');
  } catch {
    return undefined;
  }
}

function canonicalValue(der: Uint8Array, node: Asn1Node): string {
  const content = asn1Content(der, node);
  if (!DIRECTORY_STRING_TAGS.has(node.tag)) return Buffer.from(asn1Encoded(der, node)).toString('hex');
  const text = node.tag === 30 ? Buffer.from(content).swap16().toString('utf16le') : new TextDecoder(node.tag === 12 ? 'utf-8' : 'latin1').decode(content);
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Issuer Name DER, serial content octets and subject key identifier of a certificate (RFC 5280 4.1). */
export function certificateIdentity(der: Uint8Array): { issuer: Uint8Array; serialNumber: Uint8Array; subjectKeyIdentifier?: Uint8Array } | undefined {
  try {
    const cert = parseAsn1(der, { what: 'certificate' });
    const tbs = cert.children[0]!;
    let i = tbs.children[0] && isContext(tbs.children[0], 0) ? 1 : 0;
    const serialNumber = asn1Content(der, tbs.children[i++]!);
    i++; // signature AlgorithmIdentifier
    const issuer = asn1Encoded(der, tbs.children[i]!);
    return { issuer, serialNumber, subjectKeyIdentifier: findSubjectKeyIdentifier(der, tbs) };
  } catch {
    return undefined;
  }
}

function findSubjectKeyIdentifier(der: Uint8Array, tbs: Asn1Node): Uint8Array | undefined {
  const extensions = tbs.children.find((c) => isContext(c, 3))?.children[0]?.children ?? [];
  for (const ext of extensions) {
    if (decodeOid(asn1Content(der, ext.children[0]!)) !== OID_SUBJECT_KEY_IDENTIFIER) continue;
    const octets = ext.children[ext.children.length - 1]!;
    const inner = parseAsn1(asn1Content(der, octets));
    return asn1Content(asn1Content(der, octets), inner);
  }
  return undefined;
}
