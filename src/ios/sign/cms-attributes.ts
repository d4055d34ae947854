// The CMS signed attributes of an Apple code signature (RFC 5652 §11; Apple's CDHashes attributes as
// codesign writes them): content type, signing time, message digest over the primary CodeDirectory, the
// CDHashes plist (1.2.840.113635.100.9.1: { cdhashes: [ 20-byte CDHash per CodeDirectory ] }) and
// CDHashes2 (1.2.840.113635.100.9.2: SEQUENCE { digest algorithm, full digest } per CodeDirectory).

import { createHash } from 'node:crypto';
import { SigningError, hex } from '../../core/errors.js';
import { CS_CDHASH_LEN, CS_HASH_ALGORITHMS, OID_APPLE_CDHASHES2, OID_APPLE_CDHASHES_PLIST } from '../codesign/cs-constants.js';
import { plist } from '../plist/plist-value.js';
import { APPLE_XML_PLIST_STYLE, serializeXmlPlist } from '../plist/xml-serialize.js';
import { derOctetString, derOid, derSequence, derSetOf, derTime } from './asn1-build.js';

export const OID_DATA = '1.2.840.113549.1.7.1';
export const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
export const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
export const OID_SIGNING_TIME = '1.2.840.113549.1.9.5';
export const OID_SHA1 = '1.3.14.3.2.26';
export const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
export const OID_SHA384 = '2.16.840.1.101.3.4.2.2';
export const OID_SHA512 = '2.16.840.1.101.3.4.2.3';
export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const OID_SHA1_WITH_RSA = '1.2.840.113549.1.1.5';
export const OID_SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
export const OID_SHA384_WITH_RSA = '1.2.840.113549.1.1.12';
export const OID_SHA512_WITH_RSA = '1.2.840.113549.1.1.13';
export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const OID_ECDSA_WITH_SHA1 = '1.2.840.10045.4.1';
export const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
export const OID_ECDSA_WITH_SHA384 = '1.2.840.10045.4.3.3';
export const OID_ECDSA_WITH_SHA512 = '1.2.840.10045.4.3.4';

/** node:crypto digest name of each digest algorithm OID. */
export const DIGEST_BY_OID: Readonly<Record<string, string>> = {
  [OID_SHA1]: 'sha1',
  [OID_SHA256]: 'sha256',
  [OID_SHA384]: 'sha384',
  [OID_SHA512]: 'sha512',
};
const OID_BY_DIGEST: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(DIGEST_BY_OID).map(([k, v]) => [v, k]));

/** A CodeDirectory blob with its hash type (CS_HASHTYPE_*), read from the blob's own header. */
export interface CodeDirectoryDigests {
  hashType: number;
  /** node:crypto digest name. */
  digestName: string;
  /** The full digest of the blob. */
  digest: Uint8Array;
  /** The CDHash: the digest truncated to CS_CDHASH_LEN (20) bytes. */
  cdHash: Uint8Array;
}

/** CS_CodeDirectory.hashType is the byte at 0x25 (cs_blobs.h). */
const CD_HASH_TYPE_OFFSET = 0x25;

export function codeDirectoryDigests(blob: Uint8Array): CodeDirectoryDigests {
  if (blob.length <= CD_HASH_TYPE_OFFSET) {
    throw new SigningError('CMS_CODE_DIRECTORY_TRUNCATED', `code directory of ${blob.length} bytes ends before its hashType at ${hex(CD_HASH_TYPE_OFFSET)}`);
  }
  const hashType = blob[CD_HASH_TYPE_OFFSET]!;
  const alg = CS_HASH_ALGORITHMS[hashType];
  if (!alg) throw new SigningError('CMS_UNKNOWN_HASH_TYPE', `code directory hashType ${hashType} is not one of CS_HASHTYPE_SHA1/SHA256/SHA256_TRUNCATED/SHA384`);
  const digest = new Uint8Array(createHash(alg.name).update(blob).digest());
  return { hashType, digestName: alg.name, digest, cdHash: digest.subarray(0, CS_CDHASH_LEN) };
}

export function digestOid(digestName: string): string {
  const oid = OID_BY_DIGEST[digestName];
  if (!oid) throw new SigningError('CMS_UNKNOWN_DIGEST', `no object identifier known for digest ${digestName}`);
  return oid;
}

/** The XML plist of the CDHashes attribute, in CFPropertyList's layout (as codesign writes it). */
export function cdHashesPlist(cds: readonly CodeDirectoryDigests[]): Uint8Array {
  const root = plist.dict([['cdhashes', plist.array(cds.map((c) => plist.data(c.cdHash)))]]);
  return serializeXmlPlist(root, APPLE_XML_PLIST_STYLE);
}

/** The values of the CDHashes2 attribute: SEQUENCE { digest algorithm OID, OCTET STRING full digest } each. */
export function cdHashes2Values(cds: readonly CodeDirectoryDigests[]): Uint8Array[] {
  return cds.map((c) => derSequence([derOid(digestOid(c.digestName)), derOctetString(c.digest)]));
}

/** Attribute ::= SEQUENCE { attrType OID, attrValues SET OF value }, the values in DER order. */
export function derAttribute(oid: string, values: readonly Uint8Array[]): Uint8Array {
  return derSequence([derOid(oid), derSetOf(values)]);
}

export interface SignedAttributeInput {
  /** The CodeDirectories, primary first. */
  codeDirectories: readonly Uint8Array[];
  signingTime: Date;
  /** Digest of the message digest attribute; SHA-256 as codesign uses. */
  digestName?: string;
}

/** The encoded signed attributes (each an Attribute SEQUENCE), in the order codesign writes them. */
export function buildSignedAttributes(input: SignedAttributeInput): Uint8Array[] {
  if (input.codeDirectories.length === 0) throw new SigningError('CMS_NO_CODE_DIRECTORY', 'a CMS code signature needs at least one code directory');
  const digestName = input.digestName ?? 'sha256';
  const cds = input.codeDirectories.map(codeDirectoryDigests);
  const messageDigest = new Uint8Array(createHash(digestName).update(input.codeDirectories[0]!).digest());
  return [
    derAttribute(OID_CONTENT_TYPE, [derOid(OID_DATA)]),
    derAttribute(OID_SIGNING_TIME, [derTime(input.signingTime)]),
    derAttribute(OID_MESSAGE_DIGEST, [derOctetString(messageDigest)]),
    derAttribute(OID_APPLE_CDHASHES2, cdHashes2Values(cds)),
    derAttribute(OID_APPLE_CDHASHES_PLIST, [derOctetString(cdHashesPlist(cds))]),
  ];
}
