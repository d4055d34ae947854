// Builds the APK Signature Scheme v4 file (`<apk>.idsig`, source.android.com "APK Signature Scheme v4";
// apksig V4SchemeSigner, V4Signature, VerityTreeBuilder) for an APK already signed with v2 or v3:
// - the Merkle tree of the whole APK file: 4096-byte blocks (the last one zero-padded), SHA-256, no
//   salt; each level's digests padded to whole blocks; levels stored top first; the root hash is the
//   digest of the top level's single block;
// - the signed data: int32 size, int64 file size, int32 hash algorithm, int8 log2 block size, then
//   LP salt, LP root hash, LP APK digest (the v3/v2 content digest), LP certificate, LP additional data;
// - the signature uses the v3 signer's algorithm. Reading and the file layout: v4-signature.ts.

import { createHash, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { ByteWriter } from '../../core/byte-writer.js';
import type { DataSource } from '../../core/data-source.js';
import { writeLengthPrefixed } from './length-prefixed.js';
import type { SignatureAlgorithmInfo } from './signature-algorithms.js';
import {
  V4_HASH_ALGORITHM_SHA256,
  V4_LOG2_BLOCK_SIZE_4096,
  V4_SIGNATURE_VERSION,
  serializeV4SignatureFile,
  type V4SigningInfo,
} from './v4-signature.js';

const BLOCK_SIZE = 4096;
const READ_SIZE = 1 << 20;

function hashLevel(read: (consume: (block: Uint8Array) => void) => void): Buffer {
  const digests: Buffer[] = [];
  read((block) => digests.push(createHash('sha256').update(block).digest()));
  const body = Buffer.concat(digests);
  const padded = Buffer.alloc(Math.ceil(body.length / BLOCK_SIZE) * BLOCK_SIZE);
  body.copy(padded);
  return padded;
}

function blocksOfSource(source: DataSource, consume: (block: Uint8Array) => void): void {
  const zero = new Uint8Array(BLOCK_SIZE);
  source.forEachChunk((chunk) => {
    for (let at = 0; at < chunk.length; at += BLOCK_SIZE) {
      const block = chunk.subarray(at, at + BLOCK_SIZE);
      if (block.length === BLOCK_SIZE) consume(block);
      else {
        const last = new Uint8Array(zero);
        last.set(block);
        consume(last);
      }
    }
  }, READ_SIZE);
}

function blocksOfBytes(bytes: Uint8Array, consume: (block: Uint8Array) => void): void {
  for (let at = 0; at < bytes.length; at += BLOCK_SIZE) consume(bytes.subarray(at, at + BLOCK_SIZE));
}

/** The verity Merkle tree (top level first) and its root hash. */
export function buildMerkleTree(source: DataSource): { tree: Uint8Array; rootHash: Uint8Array } {
  const levels: Buffer[] = [hashLevel((c) => blocksOfSource(source, c))];
  while (levels[0]!.length > BLOCK_SIZE) {
    const below = levels[0]!;
    levels.unshift(hashLevel((c) => blocksOfBytes(below, c)));
  }
  const tree = Buffer.concat(levels);
  const rootHash = createHash('sha256').update(tree.subarray(0, BLOCK_SIZE)).digest();
  return { tree: new Uint8Array(tree), rootHash: new Uint8Array(rootHash) };
}

export interface V4SignerInput {
  apk: DataSource;
  /** The v3 (else v2) signer's content digest. */
  apkDigest: Uint8Array;
  algorithm: SignatureAlgorithmInfo;
  certificate: Uint8Array;
  publicKey: Uint8Array;
  privateKey: KeyObject;
}

/** The .idsig bytes for a signed APK. */
export function buildV4SignatureFile(input: V4SignerInput): Uint8Array {
  const { tree, rootHash } = buildMerkleTree(input.apk);
  const salt = new Uint8Array(0);
  const additionalData = new Uint8Array(0);
  const hashingInfo = new ByteWriter().i32le(V4_HASH_ALGORITHM_SHA256).u8(V4_LOG2_BLOCK_SIZE_4096);
  writeLengthPrefixed(writeLengthPrefixed(hashingInfo, salt), rootHash);
  const body = new ByteWriter().u64le(input.apk.size).i32le(V4_HASH_ALGORITHM_SHA256).u8(V4_LOG2_BLOCK_SIZE_4096);
  for (const b of [salt, rootHash, input.apkDigest, input.certificate, additionalData]) writeLengthPrefixed(body, b);
  const signedData = new ByteWriter().u32le(body.length + 4).bytes(body.toBytes()).toBytes();
  const signingInfo: V4SigningInfo = {
    apkDigest: input.apkDigest,
    certificate: input.certificate,
    additionalData,
    publicKey: input.publicKey,
    signatureAlgorithmId: input.algorithm.id,
    signature: new Uint8Array(cryptoSign(input.algorithm.signatureDigest, signedData, input.privateKey)),
  };
  return serializeV4SignatureFile({
    version: V4_SIGNATURE_VERSION,
    hashingInfo: { hashAlgorithm: V4_HASH_ALGORITHM_SHA256, log2BlockSize: V4_LOG2_BLOCK_SIZE_4096, salt, rootHash },
    hashingInfoBytes: hashingInfo.toBytes(),
    signingInfo,
    signingInfoBlocks: [],
    merkleTree: tree,
  });
}
