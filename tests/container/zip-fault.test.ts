// Robustness: a source that fails at its Nth read, a source that corrupts its Nth read, and every
// truncation of a real APK. Each must end in success or a MamError, never a TypeError or RangeError.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BytesSource, type DataSource } from '../../src/core/data-source.js';
import { IoError, MamError } from '../../src/core/errors.js';
import { openZip } from '../../src/container/zip-reader.js';
import { CORPUS, corpusPresent } from '../helpers/env.js';

class FaultySource implements DataSource {
  constructor(private readonly inner: DataSource, private readonly state: { reads: number; failAt: number; mode: 'throw' | 'corrupt' }) {}
  get size(): number {
    return this.inner.size;
  }
  read(offset: number, length: number): Uint8Array {
    const n = ++this.state.reads;
    const bytes = this.inner.read(offset, length);
    if (n !== this.state.failAt) return bytes;
    if (this.state.mode === 'throw') throw new IoError('INPUT_READ_FAILED', `injected failure at read ${n}`, { offset });
    const bad = new Uint8Array(bytes);
    for (let i = 0; i < bad.length; i += 7) bad[i] = bad[i]! ^ 0x5a;
    return bad;
  }
  slice(offset: number, length: number): DataSource {
    return new FaultySource(this.inner.slice(offset, length), this.state);
  }
  forEachChunk(consume: (chunk: Uint8Array) => void, chunkSize = 1 << 20): void {
    for (let at = 0; at < this.size; at += chunkSize) consume(this.read(at, Math.min(chunkSize, this.size - at)));
  }
}

function exercise(source: DataSource): void {
  const archive = openZip(source);
  for (const e of archive.entries) archive.readEntry(e);
}

function outcome(f: () => void): 'ok' | 'mam' {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof MamError) return 'mam';
    throw e;
  }
}

const APK = join(CORPUS, 'android', 'apksig-v2-only-with-ecdsa-sha256-p256.apk');

describe.skipIf(!corpusPresent('zip fault injection'))('fault injection', () => {
  // Read lazily: a skipped suite's body still runs at collection time.
  let cached: Uint8Array | undefined;
  const load = (): Uint8Array => (cached ??= new Uint8Array(readFileSync(APK)));

  it('a read that throws at every position N yields that MamError', () => {
    const count = { reads: 0, failAt: 0, mode: 'throw' as const };
    exercise(new FaultySource(new BytesSource(load()), count));
    const total = count.reads;
    expect(total).toBeGreaterThan(5);
    for (let n = 1; n <= total; n++) {
      const state = { reads: 0, failAt: n, mode: 'throw' as const };
      let err: unknown;
      try {
        exercise(new FaultySource(new BytesSource(load()), state));
      } catch (e) {
        err = e;
      }
      expect((err as MamError).code, `read ${n}`).toBe('INPUT_READ_FAILED');
    }
  });

  it('a read that returns corrupted bytes at every position N yields success or a MamError', () => {
    const count = { reads: 0, failAt: 0, mode: 'corrupt' as const };
    exercise(new FaultySource(new BytesSource(load()), count));
    const results = new Set<string>();
    for (let n = 1; n <= count.reads; n++) {
      results.add(outcome(() => exercise(new FaultySource(new BytesSource(load()), { reads: 0, failAt: n, mode: 'corrupt' }))));
    }
    expect(results).toContain('mam');
  });

  it('every truncation of the file yields a MamError', () => {
    for (let len = 0; len < load().length; len++) {
      expect(outcome(() => exercise(new BytesSource(load().subarray(0, len)))), `length ${len}`).toBe('mam');
    }
  });

  it('single-byte corruption anywhere in the central directory yields success or a MamError', () => {
    const archive = openZip(new BytesSource(load()));
    for (let at = archive.centralDirectoryOffset; at < load().length; at++) {
      for (const x of [0x01, 0x80, 0xff]) {
        const bad = Uint8Array.from(load());
        bad[at] = bad[at]! ^ x;
        outcome(() => exercise(new BytesSource(bad)));
      }
    }
  });
});
