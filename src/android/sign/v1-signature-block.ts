// The signature block file of a JAR signer (META-INF/<NAME>.RSA or .EC): a PKCS#7 SignedData (RFC 2315
// section 9, RFC 5652 section 5) with a detached signature over the .SF file, written as apksig's
// V1SchemeSigner writes it: no signed attributes, the digest AlgorithmIdentifier with NULL parameters,
// the signature algorithm named by the key type (rsaEncryption or id-ecPublicKey, NULL parameters),
// the signer identified by issuer and serial number, every certificate of the chain included.
// The signature is made with node:crypto (RSA PKCS#1 v1.5 is deterministic; ECDSA is DER-encoded).
//
// FORMAT (DER):
//   ContentInfo SEQUENCE { OID signedData, [0] EXPLICIT SignedData SEQUENCE {
//     INTEGER 1, SET { AlgorithmIdentifier digest }, SEQUENCE { OID data },
//     [0] IMPLICIT certificates, SET { SignerInfo SEQUENCE {
//       INTEGER 1, SEQUENCE { issuer Name, serialNumber INTEGER }, AlgorithmIdentifier digest,
//       AlgorithmIdentifier signature, OCTET STRING signature } } } }

import { sign as cryptoSign, type KeyObject } from 'node:crypto';
import { concatBytes } from '../../core/byte-writer.js';
import { SigningError } from '../../core/errors.js';
import { OID_PKCS7_DATA, OID_PKCS7_SIGNED_DATA, certificateIdentity } from './pkcs7-signed-data.js';
import type { SignerKeyAlgorithm, V1Algorithm } from './signer-algorithms.js';

export const OID_SHA1 = '1.3.14.3.2.26';
export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

const TAG_INTEGER = 0x02;
const TAG_OCTET_STRING = 0x04;
const TAG_NULL = 0x05;
const TAG_OID = 0x06;
const TAG_SEQUENCE = 0x30;
const TAG_SET = 0x31;
const TAG_CONTEXT_0_CONSTRUCTED = 0xa0;

function derLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function derTlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = concatBytes(content);
  return concatBytes([Uint8Array.of(tag), derLength(body.length), body]);
}

export function derOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [arcs[0]! * 40 + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const groups: number[] = [];
    let v = arc;
    do {
      groups.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < groups.length - 1; i++) groups[i]! |= 0x80;
    out.push(...groups);
  }
  return derTlv(TAG_OID, Uint8Array.from(out));
}

const DER_NULL = Uint8Array.of(TAG_NULL, 0);

function algorithmIdentifier(oid: string): Uint8Array {
  return derTlv(TAG_SEQUENCE, derOid(oid), DER_NULL);
}

export interface V1SignatureBlockInput {
  /** The .SF file's bytes: what is signed. */
  signatureFile: Uint8Array;
  privateKey: KeyObject;
  keyAlgorithm: SignerKeyAlgorithm;
  v1: V1Algorithm;
  /** DER certificates, the signer's first. */
  certificates: readonly Uint8Array[];
}

/** The PKCS#7 block bytes; see the module header. */
export function buildV1SignatureBlock(input: V1SignatureBlockInput): Uint8Array {
  const leaf = input.certificates[0];
  const id = leaf ? certificateIdentity(leaf) : undefined;
  if (!id) throw new SigningError('SIGN_CERT_UNREADABLE', 'the signer certificate has no readable issuer and serial number', {});
  const signature = new Uint8Array(cryptoSign(input.v1.hash, input.signatureFile, input.privateKey));
  const digestAlgorithm = algorithmIdentifier(input.v1.digest === 'SHA-1' ? OID_SHA1 : OID_SHA256);
  const signatureAlgorithm = algorithmIdentifier(input.keyAlgorithm === 'RSA' ? OID_RSA_ENCRYPTION : OID_EC_PUBLIC_KEY);
  const version1 = derTlv(TAG_INTEGER, Uint8Array.of(1));
  const signerInfo = derTlv(
    TAG_SEQUENCE,
    version1,
    derTlv(TAG_SEQUENCE, id.issuer, derTlv(TAG_INTEGER, id.serialNumber)),
    digestAlgorithm,
    signatureAlgorithm,
    derTlv(TAG_OCTET_STRING, signature),
  );
  const signedData = derTlv(
    TAG_SEQUENCE,
    version1,
    derTlv(TAG_SET, digestAlgorithm),
    derTlv(TAG_SEQUENCE, derOid(OID_PKCS7_DATA)),
    derTlv(TAG_CONTEXT_0_CONSTRUCTED, ...input.certificates),
    derTlv(TAG_SET, signerInfo),
  );
  return derTlv(TAG_SEQUENCE, derOid(OID_PKCS7_SIGNED_DATA), derTlv(TAG_CONTEXT_0_CONSTRUCTED, signedData));
}
