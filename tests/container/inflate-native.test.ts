// The native streaming inflater (node:zlib's handle driven synchronously) and the entry decoders built
// on it: output equal to what node:zlib's deflate was given (every strategy, pushed in uneven pieces),
// zip-bomb and truncation refusals with their codes, and every deflated entry of the corpus equal to
// Python zipfile's contents through both the native and the TypeScript path.
import { constants, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BytesSource, FileSource } from '../../src/core/data-source.js';
import { MamError } from '../../src/core/errors.js';
import { NATIVE_STREAMING_INFLATE, NativeInflater } from '../../src/container/inflate-native.js';
import { streamEntryData, teeEntryData } from '../../src/container/zip-entry-data.js';
import { openZip } from '../../src/container/zip-reader.js';
import { corpusFiles, corpusPresent, havePythonModules } from '../helpers/env.js';
import { pythonZipEntries, sha256 } from './zip-oracle.js';

function sample(length = 900_000): Uint8Array {
  const out = new Uint8Array(length);
  let x = 99;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = i % 4000 < 2500 ? 'Lcom/example/Foo;->bar()V '.charCodeAt(i % 26) : x >>> 24;
  }
  return out;
}

function inflateNative(compressed: Uint8Array, maxOutput = 1 << 30, piece = 65536): Uint8Array {
  const chunks: Uint8Array[] = [];
  const inflater = new NativeInflater({ maxOutput }, (c) => chunks.push(c));
  for (let at = 0; at < compressed.length; at += piece) inflater.push(compressed.subarray(at, at + piece));
  expect(inflater.finish()).toBe(chunks.reduce((n, c) => n + c.length, 0));
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

describe.skipIf(!NATIVE_STREAMING_INFLATE)('NativeInflater', () => {
  const data = sample();
  it.each([
    ['level 0 (stored blocks)', { level: 0 }, 65536],
    ['level 1', { level: 1 }, 13],
    ['level 9', { level: 9 }, 777],
    ['fixed Huffman', { strategy: constants.Z_FIXED }, 1 << 20],
    ['Huffman only', { strategy: constants.Z_HUFFMAN_ONLY }, 4093],
    ['RLE', { strategy: constants.Z_RLE }, 65536],
  ])('inflates node:zlib output, %s, pushed %#', (_n, opts, piece) => {
    const compressed = deflateRawSync(data, opts);
    expect(sha256(inflateNative(compressed, 1 << 30, piece))).toBe(sha256(data));
  });

  it('inflates a stream pushed one byte at a time', () => {
    const small = data.subarray(0, 5000);
    expect(sha256(inflateNative(deflateRawSync(small), 1 << 30, 1))).toBe(sha256(small));
  });

  it('inflates an empty stream, and ignores bytes after the final block as inflateRawSync does', () => {
    expect(inflateNative(deflateRawSync(new Uint8Array(0))).length).toBe(0);
    const padded = Buffer.concat([deflateRawSync(data), Buffer.alloc(100, 7)]);
    expect(sha256(inflateNative(padded))).toBe(sha256(data));
  });

  it('hands out chunks the consumer may keep', () => {
    const chunks: Uint8Array[] = [];
    const inflater = new NativeInflater({ maxOutput: 1 << 30 }, (c) => chunks.push(c));
    inflater.push(deflateRawSync(data));
    inflater.finish();
    expect(chunks.length).toBeGreaterThan(1);
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(data));
  });

  it('refuses output beyond the limit (ZIP_BOMB) before handing it over, truncated streams and invalid data', () => {
    const c = deflateRawSync(data);
    let handed = 0;
    const bomb = new NativeInflater({ maxOutput: 1000 }, (chunk) => void (handed += chunk.length));
    expect(code(() => bomb.push(c))).toBe('ZIP_BOMB');
    expect(handed).toBeLessThanOrEqual(1000);
    // 1 GiB of zeros compresses to ~1 MiB: refused after the first output buffer, not after a gigabyte.
    const zeros = deflateRawSync(Buffer.alloc(64 << 20));
    expect(code(() => inflateNative(zeros, 1 << 20))).toBe('ZIP_BOMB');
    expect(code(() => inflateNative(c.subarray(0, c.length >> 1)))).toBe('ZIP_BAD_DEFLATE');
    expect(code(() => inflateNative(Uint8Array.of(0xff, 0xff, 0xff)))).toBe('ZIP_BAD_DEFLATE');
  });

  it('corrupting any byte of a stream yields output or a MamError, never another exception', () => {
    const small = data.subarray(0, 20_000);
    const c = deflateRawSync(small);
    for (let i = 0; i < c.length; i += 7) {
      const bad = Uint8Array.from(c);
      bad[i] = bad[i]! ^ 0xa5;
      code(() => inflateNative(bad, 2 * small.length));
    }
  });
});

const ZIPS = [...corpusFiles('android', '.apk', '.aab'), ...corpusFiles('ios', '.ipa')];
describe.skipIf(!corpusPresent('native and TypeScript inflate over the corpus') || !havePythonModules('zipfile'))('entry data over the corpus', () => {
  it("every deflated entry streams to python zipfile's contents on both paths, and teeEntryData hands over the raw bytes", () => {
    const oracle = pythonZipEntries(ZIPS);
    let n = 0;
    for (const path of ZIPS) {
      const source = FileSource.open(path);
      const archive = openZip(source);
      const expected = new Map(oracle[path]!.map((r) => [r.name, r.sha256]));
      for (const e of archive.entries.filter((x) => x.compressionMethod === 8 && x.uncompressedSize > 0)) {
        for (const useNative of NATIVE_STREAMING_INFLATE ? [true, false] : [false]) {
          const chunks: Uint8Array[] = [];
          streamEntryData(source, e, (c) => chunks.push(c), undefined, 0, useNative);
          expect(sha256(Buffer.concat(chunks)), `${path} ${e.name} native=${useNative}`).toBe(expected.get(e.name));
        }
        const raw: Uint8Array[] = [];
        const data: Uint8Array[] = [];
        teeEntryData(source, e, (c) => raw.push(Uint8Array.from(c)), (c) => data.push(c), undefined, 4096);
        expect(sha256(Buffer.concat(raw))).toBe(sha256(archive.rawData(e).read(0, e.compressedSize)));
        expect(sha256(Buffer.concat(data)), `${path} ${e.name} tee`).toBe(expected.get(e.name));
        n++;
      }
      archive.close();
    }
    expect(n).toBeGreaterThan(1000);
  });
});

describe('entry decoders refuse what the central directory does not declare', () => {
  it('a deflated entry that inflates to more than declared is ZIP_BOMB, to less ZIP_SIZE_MISMATCH, a wrong CRC ZIP_CRC_MISMATCH', () => {
    const data = sample(50_000);
    const compressed = deflateRawSync(data);
    const source = new BytesSource(compressed);
    const entry = (uncompressedSize: number, crc32: number) => ({
      name: 'x', compressionMethod: 8, compressedSize: compressed.length, uncompressedSize, crc32, dataOffset: 0,
    }) as unknown as Parameters<typeof streamEntryData>[1];
    for (const useNative of NATIVE_STREAMING_INFLATE ? [true, false] : [false]) {
      expect(code(() => streamEntryData(source, entry(data.length - 1, 0), () => undefined, undefined, 0, useNative))).toBe('ZIP_BOMB');
      expect(code(() => streamEntryData(source, entry(data.length + 1, 0), () => undefined, undefined, 0, useNative))).toBe('ZIP_SIZE_MISMATCH');
      expect(code(() => streamEntryData(source, entry(data.length, 0x12345678), () => undefined, undefined, 0, useNative))).toBe('ZIP_CRC_MISMATCH');
    }
  });
});
