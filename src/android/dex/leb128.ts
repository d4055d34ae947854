// LEB128 variable-length integers of the DEX format (spec: "LEB128"): uleb128, sleb128 and
// uleb128p1 (value + 1, so that -1 encodes as a single 0 byte). At most 5 bytes, 32-bit values.

import type { ByteReader } from '../../core/byte-reader.js';
import type { ByteWriter } from '../../core/byte-writer.js';
import { hex } from '../../core/errors.js';

export const DEX_BAD_LEB128 = 'DEX_BAD_LEB128';

export function readUleb128(r: ByteReader): number {
  const start = r.pos;
  let result = 0;
  for (let i = 0; i < 5; i++) {
    const b = r.u8();
    if (i === 4 && b > 0x0f) r.fail(DEX_BAD_LEB128, `uleb128 at ${hex(r.base + start)} has a fifth byte ${hex(b)} above 0x0f`, start);
    result |= (b & 0x7f) << (7 * i);
    if ((b & 0x80) === 0) return result >>> 0;
  }
  return r.fail(DEX_BAD_LEB128, `uleb128 at ${hex(r.base + start)} is longer than 5 bytes`, start);
}

export function readSleb128(r: ByteReader): number {
  const start = r.pos;
  let result = 0;
  for (let i = 0; i < 5; i++) {
    const b = r.u8();
    result |= (b & 0x7f) << (7 * i);
    if ((b & 0x80) === 0) {
      const shift = 32 - 7 * (i + 1);
      return shift > 0 ? (result << shift) >> shift : result | 0;
    }
  }
  return r.fail(DEX_BAD_LEB128, `sleb128 at ${hex(r.base + start)} is longer than 5 bytes`, start);
}

/** uleb128p1: returns -1 for NO_INDEX. */
export function readUleb128p1(r: ByteReader): number {
  return readUleb128(r) - 1;
}

export function writeUleb128(w: ByteWriter, value: number): void {
  let v = value >>> 0;
  while (v > 0x7f) {
    w.u8((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  w.u8(v);
}

export function writeSleb128(w: ByteWriter, value: number): void {
  let v = value | 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      w.u8(b);
      return;
    }
    w.u8(b | 0x80);
  }
}

export function writeUleb128p1(w: ByteWriter, value: number): void {
  writeUleb128(w, (value + 1) >>> 0);
}

export function uleb128Size(value: number): number {
  let v = value >>> 0;
  let n = 1;
  while (v > 0x7f) {
    v >>>= 7;
    n++;
  }
  return n;
}
