// Content digests of APK Signature Scheme v2/v3 (source.android.com, "APK Signature Scheme v2",
// section "Integrity-protected contents"): the APK is seen as three sections (the ZIP entries, the
// central directory, the EOCD with its central-directory offset pointing at the APK Signing Block),
// each cut into 1 MiB chunks; a chunk's digest covers 0xa5, its uint32 length and its bytes, and the
// top-level digest covers 0x5a, the uint32 chunk count and every chunk digest in order.
//
// Streaming: bytes are fed as they are written (or read), at most one chunk is buffered per section,
// and only the chunk digests (32 or 64 bytes per MiB) are kept, so memory does not grow with the APK.

import { createHash, type Hash } from 'node:crypto';
import type { DataSink } from '../../core/data-sink.js';
import type { DataSource } from '../../core/data-source.js';
import { ByteWriter } from '../../core/byte-writer.js';

export const CONTENT_DIGEST_CHUNK_SIZE = 1 << 20;
const CHUNK_PREFIX = 0xa5;
const TOP_LEVEL_PREFIX = 0x5a;

export type ChunkedDigestAlgorithm = 'CHUNKED_SHA256' | 'CHUNKED_SHA512';

const HASH_NAMES: Record<ChunkedDigestAlgorithm, 'sha256' | 'sha512'> = { CHUNKED_SHA256: 'sha256', CHUNKED_SHA512: 'sha512' };

/** Accumulates the chunk digests of consecutive sections for one or more algorithms. */
export class ChunkedDigester {
  private readonly chunkDigests = new Map<ChunkedDigestAlgorithm, Buffer[]>();
  private buffer = Buffer.allocUnsafe(CONTENT_DIGEST_CHUNK_SIZE);
  private filled = 0;
  private finished = false;

  constructor(readonly algorithms: readonly ChunkedDigestAlgorithm[]) {
    for (const a of algorithms) this.chunkDigests.set(a, []);
  }

  /** Feeds bytes of the current section. */
  update(bytes: Uint8Array): void {
    if (this.finished) throw new Error('ChunkedDigester: update() after digest()');
    let at = 0;
    while (at < bytes.length) {
      if (this.filled === 0 && bytes.length - at >= CONTENT_DIGEST_CHUNK_SIZE) {
        this.digestChunk(bytes.subarray(at, at + CONTENT_DIGEST_CHUNK_SIZE));
        at += CONTENT_DIGEST_CHUNK_SIZE;
        continue;
      }
      const n = Math.min(CONTENT_DIGEST_CHUNK_SIZE - this.filled, bytes.length - at);
      this.buffer.set(bytes.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === CONTENT_DIGEST_CHUNK_SIZE) this.flush();
    }
  }

  /** Feeds a whole DataSource in chunk-sized reads. */
  updateFrom(source: DataSource): void {
    source.forEachChunk((chunk) => this.update(chunk), CONTENT_DIGEST_CHUNK_SIZE);
  }

  /** Ends the current section: its last, possibly short, chunk is digested on its own. */
  endSection(): void {
    this.flush();
  }

  /** Ends the last section and returns the top-level digest per algorithm. */
  digest(): Map<ChunkedDigestAlgorithm, Uint8Array> {
    this.flush();
    this.finished = true;
    const out = new Map<ChunkedDigestAlgorithm, Uint8Array>();
    for (const [algorithm, chunks] of this.chunkDigests) {
      const top = createHash(HASH_NAMES[algorithm]).update(new ByteWriter(5).u8(TOP_LEVEL_PREFIX).u32le(chunks.length).toBytes());
      for (const c of chunks) top.update(c);
      out.set(algorithm, new Uint8Array(top.digest()));
    }
    this.buffer = Buffer.alloc(0);
    return out;
  }

  private flush(): void {
    if (this.filled === 0) return;
    this.digestChunk(this.buffer.subarray(0, this.filled));
    this.filled = 0;
  }

  private digestChunk(chunk: Uint8Array): void {
    const prefix = new ByteWriter(5).u8(CHUNK_PREFIX).u32le(chunk.length).toBytes();
    for (const [algorithm, chunks] of this.chunkDigests) {
      const h: Hash = createHash(HASH_NAMES[algorithm]);
      chunks.push(h.update(prefix).update(chunk).digest());
    }
  }
}

/** A sink that writes through to `inner` and feeds the same bytes to a digester. */
export class DigestingSink implements DataSink {
  constructor(
    private readonly inner: DataSink,
    private readonly digester: ChunkedDigester,
  ) {}

  get position(): number {
    return this.inner.position;
  }

  write(bytes: Uint8Array): void {
    this.inner.write(bytes);
    this.digester.update(bytes);
  }
}

/** Digests of three sections given as sources (for checks and tests; the signer streams instead). */
export function computeContentDigests(
  sections: readonly [DataSource, DataSource, DataSource],
  algorithms: readonly ChunkedDigestAlgorithm[],
): Map<ChunkedDigestAlgorithm, Uint8Array> {
  const d = new ChunkedDigester(algorithms);
  for (const s of sections) {
    d.updateFrom(s);
    d.endSection();
  }
  return d.digest();
}
