// APK Signature Scheme v4 signature files (`.idsig`, source.android.com "APK Signature Scheme v4";
// apksig V4Signature): the sidecar read by incremental installs, holding the APK's Merkle tree and a
// signature over the tree root and the v2/v3 content digest.
//
// FORMAT (little-endian; "LP" = int32 length followed by that many bytes):
//   int32 version (2)
//   LP hashing info { int32 hash algorithm (1 = SHA-256); int8 log2 block size; LP salt; LP root hash }
//   LP signing infos {
//     signing info { LP apk digest; LP x509 certificate; LP additional data; LP public key;
//                    int32 signature algorithm; LP signature }
//     { int32 block ID (the v3.1 block's); LP signing info }*      (version 2, rotated signers)
//   }
//   LP merkle tree

import type { ByteReader } from '../../core/byte-reader.js';
import { ByteWriter } from '../../core/byte-writer.js';
import { apksigReader, readLengthPrefixed, readLengthPrefixedBytes, writeLengthPrefixed } from './length-prefixed.js';

export const V4_SIGNATURE_VERSION = 2;
export const V4_HASH_ALGORITHM_SHA256 = 1;
export const V4_LOG2_BLOCK_SIZE_4096 = 12;

export const APKSIG_V4_BAD_VERSION = 'APKSIG_V4_BAD_VERSION';
export const APKSIG_V4_TRAILING_DATA = 'APKSIG_V4_TRAILING_DATA';

export interface V4HashingInfo {
  hashAlgorithm: number;
  log2BlockSize: number;
  salt: Uint8Array;
  rootHash: Uint8Array;
}

export interface V4SigningInfo {
  /** The v3 (or v2) content digest of the APK this file belongs to. */
  apkDigest: Uint8Array;
  certificate: Uint8Array;
  additionalData: Uint8Array;
  /** SubjectPublicKeyInfo DER. */
  publicKey: Uint8Array;
  signatureAlgorithmId: number;
  signature: Uint8Array;
}

export interface V4SignatureFile {
  version: number;
  hashingInfo: V4HashingInfo;
  /** Exact bytes of the hashing info, which the signature covers. */
  hashingInfoBytes: Uint8Array;
  signingInfo: V4SigningInfo;
  /** Extra signing infos for rotated keys (v3.1), by block ID. */
  signingInfoBlocks: { blockId: number; signingInfo: V4SigningInfo }[];
  merkleTree: Uint8Array;
}

export function parseV4SignatureFile(bytes: Uint8Array): V4SignatureFile {
  const r = apksigReader(bytes, 'v4 signature file');
  const version = r.i32le();
  if (version !== V4_SIGNATURE_VERSION) r.fail(APKSIG_V4_BAD_VERSION, `version is ${version}, expected ${V4_SIGNATURE_VERSION}`, 0);
  const hashingReader = readLengthPrefixed(r, 'hashing info');
  const hashingInfoBytes = hashingReader.bytes.slice();
  const hashingInfo = parseHashingInfo(hashingReader);
  const infos = readLengthPrefixed(r, 'signing infos');
  const signingInfo = parseSigningInfo(infos);
  const signingInfoBlocks: V4SignatureFile['signingInfoBlocks'] = [];
  while (infos.remaining > 0) {
    const blockId = infos.u32le();
    signingInfoBlocks.push({ blockId, signingInfo: parseSigningInfo(readLengthPrefixed(infos, 'signing info block')) });
  }
  const merkleTree = readLengthPrefixedBytes(r, 'merkle tree');
  if (r.remaining > 0) r.fail(APKSIG_V4_TRAILING_DATA, `${r.remaining} bytes follow the merkle tree`);
  return { version, hashingInfo, hashingInfoBytes, signingInfo, signingInfoBlocks, merkleTree };
}

function parseHashingInfo(r: ByteReader): V4HashingInfo {
  const hashAlgorithm = r.i32le();
  const log2BlockSize = r.u8();
  const salt = readLengthPrefixedBytes(r, 'salt');
  const rootHash = readLengthPrefixedBytes(r, 'root hash');
  return { hashAlgorithm, log2BlockSize, salt, rootHash };
}

function parseSigningInfo(r: ByteReader): V4SigningInfo {
  const apkDigest = readLengthPrefixedBytes(r, 'apk digest');
  const certificate = readLengthPrefixedBytes(r, 'certificate');
  const additionalData = readLengthPrefixedBytes(r, 'additional data');
  const publicKey = readLengthPrefixedBytes(r, 'public key');
  const signatureAlgorithmId = r.u32le();
  const signature = readLengthPrefixedBytes(r, 'signature');
  return { apkDigest, certificate, additionalData, publicKey, signatureAlgorithmId, signature };
}

function encodeSigningInfo(info: V4SigningInfo): Uint8Array {
  const w = new ByteWriter();
  for (const b of [info.apkDigest, info.certificate, info.additionalData, info.publicKey]) writeLengthPrefixed(w, b);
  w.u32le(info.signatureAlgorithmId);
  return writeLengthPrefixed(w, info.signature).toBytes();
}

/** FORMAT: see the module header. The hashing info is written from `hashingInfoBytes`. */
export function serializeV4SignatureFile(file: V4SignatureFile): Uint8Array {
  const infos = new ByteWriter().bytes(encodeSigningInfo(file.signingInfo));
  for (const b of file.signingInfoBlocks) writeLengthPrefixed(infos.u32le(b.blockId), encodeSigningInfo(b.signingInfo));
  const w = new ByteWriter().i32le(file.version);
  writeLengthPrefixed(w, file.hashingInfoBytes);
  writeLengthPrefixed(w, infos.toBytes());
  return writeLengthPrefixed(w, file.merkleTree).toBytes();
}
