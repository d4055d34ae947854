// Content digests of APK Signature Scheme v2/v3 (source.android.com "APK Signature Scheme v2", section
// "Integrity-protected contents"), computed in one streaming pass:
//   sections: 1. ZIP entries (file start up to the APK Signing Block), 2. central directory,
//             3. end of central directory with its central-directory offset replaced by the offset of
//                the APK Signing Block (so that inserting the block does not change the digest)
//   CHUNKED_SHA256/512: each section is cut into 1 MiB chunks (the last one shorter); chunk digest =
//             H(0xa5 || uint32le length || chunk); top digest = H(0x5a || uint32le count || chunk digests)
//   VERITY_CHUNKED_SHA256: Merkle root over 4 KiB blocks of sections 1..3 concatenated (merkle-tree.ts),
//             followed by the uint64le length of those sections; every hash salted with 8 zero bytes
// Memory stays at one chunk plus one 32/64-byte digest per MiB.

import { createHash, type Hash } from 'node:crypto';
import type { DataSource } from '../../core/data-source.js';
import type { ContentDigestAlgorithm } from '../sign/signature-algorithms.js';
import { MerkleTreeBuilder } from './merkle-tree.js';

export const CONTENT_DIGEST_CHUNK_SIZE = 1 << 20;
const CHUNK_PREFIX = 0xa5;
const TOP_PREFIX = 0x5a;
/** APK verity hashes with 8 zero bytes of salt (apksig computeApkVerityDigest). */
const VERITY_SALT_SIZE = 8;
/** Offset of the central directory's start offset inside the EOCD record (APPNOTE 4.3.16). */
const EOCD_CD_OFFSET_FIELD = 16;

export interface ApkSections {
  /** Bytes before the APK Signing Block (or before the central directory when there is none). */
  entries: DataSource;
  centralDirectory: DataSource;
  /** The EOCD record with its central-directory offset set to `entries.size`. */
  eocd: Uint8Array;
}

/** Splits an APK at the signing block. `blockOffset` is where the block starts (the CD offset if none). */
export function apkSections(source: DataSource, blockOffset: number, centralDirectoryOffset: number, eocdOffset: number): ApkSections {
  const eocd = new Uint8Array(source.read(eocdOffset, source.size - eocdOffset));
  new DataView(eocd.buffer, eocd.byteOffset).setUint32(EOCD_CD_OFFSET_FIELD, blockOffset, true);
  return {
    entries: source.slice(0, blockOffset),
    centralDirectory: source.slice(centralDirectoryOffset, eocdOffset - centralDirectoryOffset),
    eocd,
  };
}

class ChunkedDigest {
  private readonly chunkDigests: Buffer[] = [];
  constructor(private readonly algorithm: 'sha256' | 'sha512') {}

  addChunk(chunk: Uint8Array): void {
    const prefix = Buffer.alloc(5);
    prefix[0] = CHUNK_PREFIX;
    prefix.writeUInt32LE(chunk.length, 1);
    this.chunkDigests.push(createHash(this.algorithm).update(prefix).update(chunk).digest());
  }

  digest(): Uint8Array {
    const prefix = Buffer.alloc(5);
    prefix[0] = TOP_PREFIX;
    prefix.writeUInt32LE(this.chunkDigests.length, 1);
    const h: Hash = createHash(this.algorithm).update(prefix);
    for (const d of this.chunkDigests) h.update(d);
    return new Uint8Array(h.digest());
  }
}

/** Computes the requested content digests in a single pass over the three sections. */
export function computeContentDigests(sections: ApkSections, algorithms: ReadonlySet<ContentDigestAlgorithm>): Map<ContentDigestAlgorithm, Uint8Array> {
  const chunked = new Map<ContentDigestAlgorithm, ChunkedDigest>();
  if (algorithms.has('CHUNKED_SHA256')) chunked.set('CHUNKED_SHA256', new ChunkedDigest('sha256'));
  if (algorithms.has('CHUNKED_SHA512')) chunked.set('CHUNKED_SHA512', new ChunkedDigest('sha512'));
  const verity = algorithms.has('VERITY_CHUNKED_SHA256') ? new MerkleTreeBuilder(new Uint8Array(VERITY_SALT_SIZE)) : undefined;
  const consume = (chunk: Uint8Array): void => {
    for (const c of chunked.values()) c.addChunk(chunk);
    verity?.update(chunk);
  };
  forEachChunk(sections.entries, consume);
  forEachChunk(sections.centralDirectory, consume);
  consume(sections.eocd);
  const out = new Map<ContentDigestAlgorithm, Uint8Array>();
  for (const [alg, c] of chunked) out.set(alg, c.digest());
  if (verity) {
    const total = sections.entries.size + sections.centralDirectory.size + sections.eocd.length;
    const encoded = Buffer.alloc(32 + 8);
    Buffer.from(verity.finish().rootHash).copy(encoded, 0);
    encoded.writeBigUInt64LE(BigInt(total), 32);
    out.set('VERITY_CHUNKED_SHA256', new Uint8Array(encoded));
  }
  return out;
}

function forEachChunk(source: DataSource, consume: (chunk: Uint8Array) => void): void {
  for (let at = 0; at < source.size; at += CONTENT_DIGEST_CHUNK_SIZE) {
    consume(source.read(at, Math.min(CONTENT_DIGEST_CHUNK_SIZE, source.size - at)));
  }
}
