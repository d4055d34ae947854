// Encodes the APK Signature Scheme v2 and v3 blocks for one signer (source.android.com, "APK Signature
// Scheme v2" section "APK Signature Scheme v2 Block", and "APK Signature Scheme v3"), laid out as
// apksig's V2SchemeSigner / V3SchemeSigner lay them out. The reader is scheme-block.ts.
//
// FORMAT (uint32 little-endian lengths; LP = length-prefixed):
//   block:     LP( LP(signer) )
//   v2 signer: LP(signed data) LP(signatures) LP(public key)
//   v3 signer: LP(signed data) uint32 minSDK uint32 maxSDK LP(signatures) LP(public key)
//   v2 signed data: LP(digests) LP(certificates) LP(additional attributes) LP(empty)  (apksig's layout)
//   v3 signed data: LP(digests) LP(certificates) uint32 minSDK uint32 maxSDK LP(additional attributes)
//   digests / signatures: LP sequence of LP { uint32 algorithm ID; LP bytes }
//   certificates: LP sequence of LP DER; additional attributes: LP sequence of LP { uint32 ID; value }
// When v3 is applied too, the v2 signed data carries the stripping-protection attribute
// (0xbeeff00d = 3) so that removing the v3 block makes the v2 signature fail on Android 9+.

import { sign as cryptoSign, type KeyObject } from 'node:crypto';
import { ByteWriter } from '../../core/byte-writer.js';
import { STRIPPING_PROTECTION_ATTR_ID } from './additional-attributes.js';
import {
  encodeAlgorithmValueSequence,
  encodeIdValueSequence,
  encodeLengthPrefixedSequence,
  writeLengthPrefixed,
  type IdValue,
} from './length-prefixed.js';
import type { SignatureAlgorithmInfo } from './signature-algorithms.js';

/** The scheme ID that v1's X-Android-APK-Signed and v2's stripping protection name. */
export const APK_SIGNATURE_SCHEME_V2_ID = 2;
export const APK_SIGNATURE_SCHEME_V3_ID = 3;

export interface SchemeSignerInput {
  algorithm: SignatureAlgorithmInfo;
  /** The top-level content digest for the algorithm's content digest. */
  contentDigest: Uint8Array;
  /** DER certificates, the signer's first. */
  certificates: readonly Uint8Array[];
  /** SubjectPublicKeyInfo DER of the signer's certificate. */
  publicKey: Uint8Array;
  privateKey: KeyObject;
}

function sign(input: SchemeSignerInput, signedData: Uint8Array): Uint8Array {
  const signature = new Uint8Array(cryptoSign(input.algorithm.signatureDigest, signedData, input.privateKey));
  return encodeAlgorithmValueSequence([{ algorithmId: input.algorithm.id, value: signature }]);
}

function digestsAndCertificates(input: SchemeSignerInput): ByteWriter {
  const w = new ByteWriter();
  writeLengthPrefixed(w, encodeAlgorithmValueSequence([{ algorithmId: input.algorithm.id, value: input.contentDigest }]));
  writeLengthPrefixed(w, encodeLengthPrefixedSequence(input.certificates));
  return w;
}

export function encodeV2SignedData(input: SchemeSignerInput, additionalAttributes: readonly IdValue[]): Uint8Array {
  const w = digestsAndCertificates(input);
  writeLengthPrefixed(w, encodeIdValueSequence(additionalAttributes));
  return writeLengthPrefixed(w, new Uint8Array(0)).toBytes();
}

export function encodeV3SignedData(input: SchemeSignerInput, minSdk: number, maxSdk: number, additionalAttributes: readonly IdValue[]): Uint8Array {
  const w = digestsAndCertificates(input).u32le(minSdk).u32le(maxSdk);
  return writeLengthPrefixed(w, encodeIdValueSequence(additionalAttributes)).toBytes();
}

function wrapSigner(signer: Uint8Array): Uint8Array {
  return writeLengthPrefixed(new ByteWriter(), encodeLengthPrefixedSequence([signer])).toBytes();
}

/** The value of the v2 pair (ID 0x7109871a). */
export function buildV2SchemeBlock(input: SchemeSignerInput, v3Applied: boolean): Uint8Array {
  const attributes = v3Applied ? [{ id: STRIPPING_PROTECTION_ATTR_ID, value: new ByteWriter(4).u32le(APK_SIGNATURE_SCHEME_V3_ID).toBytes() }] : [];
  const signedData = encodeV2SignedData(input, attributes);
  const signer = new ByteWriter();
  writeLengthPrefixed(signer, signedData);
  writeLengthPrefixed(signer, sign(input, signedData));
  writeLengthPrefixed(signer, input.publicKey);
  return wrapSigner(signer.toBytes());
}

/** The value of the v3 pair (ID 0xf05368c0) for a signer valid on [minSdk, maxSdk]. */
export function buildV3SchemeBlock(input: SchemeSignerInput, minSdk: number, maxSdk: number): Uint8Array {
  const signedData = encodeV3SignedData(input, minSdk, maxSdk, []);
  const signer = new ByteWriter();
  writeLengthPrefixed(signer, signedData);
  signer.u32le(minSdk).u32le(maxSdk);
  writeLengthPrefixed(signer, sign(input, signedData));
  writeLengthPrefixed(signer, input.publicKey);
  return wrapSigner(signer.toBytes());
}
