// CRC-32 through node:zlib against the table loop and against Python's zlib.crc32 (the oracle), on
// seeded pseudo-random data, whole and in uneven increments.
import { describe, expect, it } from 'vitest';
import { HAS_NATIVE_CRC32, crc32, crc32Update, crc32UpdateTable } from '../../src/container/crc32.js';
import { SYSTEM_PYTHON, run } from '../helpers/env.js';

function pseudoRandom(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const SIZES = [0, 1, 3, 7, 8, 15, 16, 31, 64, 255, 1000, 4096, 65537, 1 << 20];

describe('crc32', () => {
  it('uses node:zlib when this Node has it (20.15 and later)', () => {
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    expect(HAS_NATIVE_CRC32).toBe(major > 20 || (major === 20 && minor >= 15));
  });

  it.each(SIZES)('%i bytes: the same value as the table loop, whole and in increments', (size) => {
    const data = pseudoRandom(size, size + 1);
    const expected = crc32UpdateTable(0, data);
    expect(crc32(data)).toBe(expected);
    let c = 0;
    for (let at = 0, step = 1; at < data.length; at += step, step = step * 3 + 1) c = crc32Update(c, data.subarray(at, at + step));
    expect(c).toBe(expected);
  });

  it("agrees with Python's zlib.crc32", () => {
    const blobs = SIZES.map((n) => pseudoRandom(n, 7 * n + 3));
    const hex = blobs.map((b) => Buffer.from(b).toString('hex')).join(' ');
    const script = 'import sys, zlib\nfor h in sys.stdin.read().split(" "):\n    print(zlib.crc32(bytes.fromhex(h)))';
    const python = run(SYSTEM_PYTHON, ['-c', script], { input: hex }).trim().split('\n').map(Number);
    expect(blobs.map((b) => crc32(b))).toEqual(python);
    expect(blobs.map((b) => crc32UpdateTable(0, b))).toEqual(python);
  });
});
