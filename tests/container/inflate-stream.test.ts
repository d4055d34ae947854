// The streaming inflater against node:zlib's deflate (every strategy and level, streams longer than
// the window) and against Python's zipfile contents for every deflated entry of the corpus.
import { constants, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BytesSource, FileSource } from '../../src/core/data-source.js';
import { MamError } from '../../src/core/errors.js';
import { inflateStream } from '../../src/container/inflate-stream.js';
import { streamEntryData } from '../../src/container/zip-entry-data.js';
import { openZip } from '../../src/container/zip-reader.js';
import { corpusFiles, corpusPresent, havePythonModules } from '../helpers/env.js';
import { pythonZipEntries, sha256 } from './zip-oracle.js';

function sample(): Uint8Array {
  // Deterministic mix of repetitive text and pseudo-random bytes, ~600 KiB.
  const parts: number[] = [];
  let x = 12345;
  for (let i = 0; i < 600_000; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    parts.push(i % 3000 < 1500 ? 'the quick brown fox '.charCodeAt(i % 20) : x >>> 24);
  }
  return Uint8Array.from(parts);
}

function inflateAll(compressed: Uint8Array, maxOutput = 1 << 30): Uint8Array {
  const chunks: Uint8Array[] = [];
  inflateStream(new BytesSource(compressed), { maxOutput }, (c) => chunks.push(c));
  return Buffer.concat(chunks);
}

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof MamError) return e.code;
    throw e;
  }
  return 'none';
}

describe('inflateStream', () => {
  const data = sample();
  it.each([
    ['level 0 (stored blocks)', { level: 0 }],
    ['level 1', { level: 1 }],
    ['level 9', { level: 9 }],
    ['fixed Huffman', { strategy: constants.Z_FIXED }],
    ['Huffman only', { strategy: constants.Z_HUFFMAN_ONLY }],
    ['RLE', { strategy: constants.Z_RLE }],
  ])('inflates node:zlib output, %s', (_n, opts) => {
    expect(sha256(inflateAll(deflateRawSync(data, opts)))).toBe(sha256(data));
  });

  it('inflates an empty stream', () => {
    expect(inflateAll(deflateRawSync(new Uint8Array(0))).length).toBe(0);
  });

  it('corrupting any byte of a stream yields output or a MamError, never another exception', () => {
    const small = data.subarray(0, 20_000);
    const c = deflateRawSync(small);
    for (let i = 0; i < c.length; i++) {
      const bad = Uint8Array.from(c);
      bad[i] = bad[i]! ^ 0xa5;
      code(() => inflateAll(bad, 2 * small.length));
    }
  });

  it('refuses output beyond the limit, truncated streams and invalid blocks', () => {
    const c = deflateRawSync(data);
    expect(code(() => inflateAll(c, 1000))).toBe('ZIP_BOMB');
    expect(code(() => inflateAll(c.subarray(0, c.length >> 1)))).toBe('ZIP_BAD_DEFLATE');
    expect(code(() => inflateAll(Uint8Array.of(0xff, 0xff, 0xff)))).toBe('ZIP_BAD_DEFLATE');
  });
});

const ZIPS = [...corpusFiles('android', '.apk', '.aab'), ...corpusFiles('ios', '.ipa')];
describe.skipIf(!corpusPresent('streaming inflate over the corpus') || !havePythonModules('zipfile'))('streaming inflate over the corpus', () => {
  it('every deflated entry streams to python zipfile\'s contents', () => {
    const oracle = pythonZipEntries(ZIPS);
    let n = 0;
    for (const path of ZIPS) {
      const source = FileSource.open(path);
      const archive = openZip(source);
      const expected = new Map(oracle[path]!.map((r) => [r.name, r.sha256]));
      for (const e of archive.entries.filter((x) => x.compressionMethod === 8)) {
        const chunks: Uint8Array[] = [];
        streamEntryData(source, e, (c) => chunks.push(c), undefined, 0);
        expect(sha256(Buffer.concat(chunks)), `${path} ${e.name}`).toBe(expected.get(e.name));
        n++;
      }
      archive.close();
    }
    expect(n).toBeGreaterThan(1000);
  });
});
