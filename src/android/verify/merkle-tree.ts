// The SHA-256 Merkle tree over 4 KiB blocks used by APK verity (VERITY_CHUNKED_SHA256 content digests)
// and by APK Signature Scheme v4 (source.android.com "APK Signature Scheme v4"; the fs-verity tree of
// the Linux kernel's Documentation/filesystems/fsverity.rst, without salt):
//   level 0 = SHA-256 of each 4096-byte block of the data, the last block zero-padded;
//   each level's digests are zero-padded to a multiple of 4096 bytes and hashed the same way, until a
//   level fits in one block; the root hash is the SHA-256 of that block.
// With a salt, every hash is SHA-256(salt || block). APK verity content digests use 8 zero bytes of salt
// (apksig computeApkVerityDigest); v4 uses none.
// The serialized tree (as stored in a .idsig) is the padded levels from the top one down.

import { createHash } from 'node:crypto';

export const MERKLE_BLOCK_SIZE = 4096;
const DIGEST_SIZE = 32;

export interface MerkleTree {
  rootHash: Uint8Array;
  /** Padded levels from the top level to the level over the data. */
  tree: Uint8Array;
}

/** Builds the tree while data is fed in pieces of any size; only level 0 digests are kept in memory. */
export class MerkleTreeBuilder {
  private readonly pending = Buffer.alloc(MERKLE_BLOCK_SIZE);
  private pendingLength = 0;
  private readonly digests: Buffer[] = [];
  private readonly salt: Uint8Array;

  constructor(salt: Uint8Array = new Uint8Array(0)) {
    this.salt = salt;
  }

  private hash(b: Uint8Array): Buffer {
    return createHash('sha256').update(this.salt).update(b).digest();
  }

  update(data: Uint8Array): void {
    let at = 0;
    if (this.pendingLength > 0) {
      const take = Math.min(MERKLE_BLOCK_SIZE - this.pendingLength, data.length);
      this.pending.set(data.subarray(0, take), this.pendingLength);
      this.pendingLength += take;
      at = take;
      if (this.pendingLength < MERKLE_BLOCK_SIZE) return;
      this.digests.push(this.hash(this.pending));
      this.pendingLength = 0;
    }
    for (; at + MERKLE_BLOCK_SIZE <= data.length; at += MERKLE_BLOCK_SIZE) this.digests.push(this.hash(data.subarray(at, at + MERKLE_BLOCK_SIZE)));
    if (at < data.length) {
      this.pending.set(data.subarray(at), 0);
      this.pendingLength = data.length - at;
    }
  }

  private hashBlocks(level: Buffer): Buffer {
    const out = Buffer.alloc((level.length / MERKLE_BLOCK_SIZE) * DIGEST_SIZE);
    for (let i = 0; i * MERKLE_BLOCK_SIZE < level.length; i++) this.hash(level.subarray(i * MERKLE_BLOCK_SIZE, (i + 1) * MERKLE_BLOCK_SIZE)).copy(out, i * DIGEST_SIZE);
    return out;
  }

  finish(): MerkleTree {
    if (this.pendingLength > 0) {
      this.pending.fill(0, this.pendingLength);
      this.digests.push(this.hash(this.pending));
      this.pendingLength = 0;
    }
    const levels: Buffer[] = [];
    let level = padToBlock(Buffer.concat(this.digests));
    for (;;) {
      levels.unshift(level);
      if (level.length <= MERKLE_BLOCK_SIZE) break;
      level = padToBlock(this.hashBlocks(level));
    }
    return { rootHash: new Uint8Array(this.hash(padToBlock(levels[0]!))), tree: new Uint8Array(Buffer.concat(levels)) };
  }
}

export function merkleTreeOf(data: Uint8Array): MerkleTree {
  const b = new MerkleTreeBuilder();
  b.update(data);
  return b.finish();
}

function padToBlock(b: Buffer): Buffer {
  const size = Math.max(MERKLE_BLOCK_SIZE, Math.ceil(b.length / MERKLE_BLOCK_SIZE) * MERKLE_BLOCK_SIZE);
  if (size === b.length) return b;
  const out = Buffer.alloc(size);
  b.copy(out);
  return out;
}
