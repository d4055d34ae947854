// The signer blocks of APK Signature Scheme v2, v3 and v3.1 (source.android.com, "APK Signature
// Scheme v2" section "APK Signature Scheme v2 Block", and "APK Signature Scheme v3"/"v3.1"; v3.1 uses
// the v3 format under its own block ID). Reading only: the model keeps every raw part (signed data
// bytes, trailing bytes) so that a signer can re-encode it and a verifier can check it.
//
// FORMAT (lengths uint32 little-endian):
//   block:   length-prefixed sequence of length-prefixed signer
//   v2 signer: LP signed data; LP sequence of LP { uint32 algorithm; LP signature }; LP public key
//   v3 signer: LP signed data; uint32 minSDK; uint32 maxSDK; LP signatures (as v2); LP public key
//   v2 signed data: LP sequence of LP { uint32 algorithm; LP digest }; LP sequence of LP certificate;
//                   LP sequence of LP { uint32 id; value }; (apksig appends an empty LP element)
//   v3 signed data: digests; certificates; uint32 minSDK; uint32 maxSDK; additional attributes

import type { ByteReader } from '../../core/byte-reader.js';
import {
  apksigReader,
  readAlgorithmValueSequence,
  readIdValueSequence,
  readLengthPrefixed,
  readLengthPrefixedBytes,
  readLengthPrefixedSequence,
  type IdValue,
} from './length-prefixed.js';
import { decodeAdditionalAttributes, type DecodedAttributes } from './additional-attributes.js';

export type SchemeVersion = 'v2' | 'v3' | 'v3.1';

export const APKSIG_NO_SIGNERS = 'APKSIG_NO_SIGNERS';

export interface ContentDigest {
  algorithmId: number;
  digest: Uint8Array;
}

export interface SchemeSignature {
  algorithmId: number;
  signature: Uint8Array;
}

export interface SchemeSignedData {
  /** The exact bytes the signatures are computed over. */
  bytes: Uint8Array;
  digests: ContentDigest[];
  /** DER certificates; the first one carries the signer's public key. */
  certificates: Uint8Array[];
  /** v3/v3.1 only. */
  minSdkVersion?: number;
  maxSdkVersion?: number;
  additionalAttributes: IdValue[];
  /** Bytes after the additional attributes (apksig writes four zero bytes in v2), kept for round trips. */
  trailing: Uint8Array;
}

export interface SchemeSigner {
  signedData: SchemeSignedData;
  /** v3/v3.1 only (the copy outside the signed data, which must equal the one inside). */
  minSdkVersion?: number;
  maxSdkVersion?: number;
  signatures: SchemeSignature[];
  /** SubjectPublicKeyInfo DER. */
  publicKey: Uint8Array;
  attributes: DecodedAttributes;
  /** File offset of the signer's length field. */
  offset: number;
}

export interface SchemeBlock {
  scheme: SchemeVersion;
  signers: SchemeSigner[];
}

/** Parses the value of a v2, v3 or v3.1 pair. `base` is the value's file offset. */
export function parseSchemeBlock(value: Uint8Array, scheme: SchemeVersion, base = 0): SchemeBlock {
  const r = apksigReader(value, `APK Signature Scheme ${scheme} block`, base);
  const signersReader = readLengthPrefixed(r, 'signers');
  const signers = readLengthPrefixedSequence(signersReader, `${scheme} signer`, (s) => parseSigner(s, scheme));
  if (signers.length === 0) r.fail(APKSIG_NO_SIGNERS, 'contains no signers', 0);
  return { scheme, signers };
}

function parseSigner(r: ByteReader, scheme: SchemeVersion): SchemeSigner {
  const offset = r.base - 4;
  const signedData = parseSignedData(readLengthPrefixed(r, 'signed data'), scheme);
  let minSdkVersion: number | undefined;
  let maxSdkVersion: number | undefined;
  if (scheme !== 'v2') {
    minSdkVersion = r.u32le();
    maxSdkVersion = r.u32le();
  }
  const signatures = readAlgorithmValueSequence(readLengthPrefixed(r, 'signatures'), 'signature').map((s) => ({ algorithmId: s.algorithmId, signature: s.value }));
  const publicKey = readLengthPrefixedBytes(r, 'public key');
  return { signedData, minSdkVersion, maxSdkVersion, signatures, publicKey, attributes: decodeAdditionalAttributes(signedData.additionalAttributes), offset };
}

function parseSignedData(r: ByteReader, scheme: SchemeVersion): SchemeSignedData {
  const bytes = r.bytes.slice();
  const digests = readAlgorithmValueSequence(readLengthPrefixed(r, 'digests'), 'digest').map((d) => ({ algorithmId: d.algorithmId, digest: d.value }));
  const certificates = readLengthPrefixedSequence(readLengthPrefixed(r, 'certificates'), 'certificate', (c) => c.take(c.remaining).slice());
  let minSdkVersion: number | undefined;
  let maxSdkVersion: number | undefined;
  if (scheme !== 'v2') {
    minSdkVersion = r.u32le();
    maxSdkVersion = r.u32le();
  }
  const additionalAttributes = readIdValueSequence(readLengthPrefixed(r, 'additional attributes'), 'additional attribute');
  const trailing = r.take(r.remaining).slice();
  return { bytes, digests, certificates, minSdkVersion, maxSdkVersion, additionalAttributes, trailing };
}
