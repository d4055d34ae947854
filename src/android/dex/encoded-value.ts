// encoded_value, encoded_array and encoded_annotation of the DEX format (spec: "encoded_value
// encoding"). The writer uses the shortest width for each value, as d8, dx and smali do.

import type { ByteReader } from '../../core/byte-reader.js';
import type { ByteWriter } from '../../core/byte-writer.js';
import { hex } from '../../core/errors.js';
import {
  VALUE_ANNOTATION, VALUE_ARRAY, VALUE_BOOLEAN, VALUE_BYTE, VALUE_CHAR, VALUE_DOUBLE, VALUE_FLOAT, VALUE_INT,
  VALUE_LONG, VALUE_NULL, VALUE_SHORT,
} from './constants.js';
import { readUleb128, writeUleb128 } from './leb128.js';
import type { EncodedAnnotation, EncodedValue } from './model.js';

export const DEX_BAD_ENCODED_VALUE = 'DEX_BAD_ENCODED_VALUE';
const MAX_DEPTH = 64;

function readBytesLE(r: ByteReader, n: number): bigint {
  let v = 0n;
  for (let i = 0; i < n; i++) v |= BigInt(r.u8()) << BigInt(8 * i);
  return v;
}

function readUnsigned(r: ByteReader, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) v += r.u8() * 2 ** (8 * i);
  return v;
}

function readSigned(r: ByteReader, n: number): number {
  const v = readUnsigned(r, n);
  const bits = 8 * n;
  return v >= 2 ** (bits - 1) ? v - 2 ** bits : v;
}

export function readEncodedValue(r: ByteReader, depth = 0): EncodedValue {
  const at = r.pos;
  const head = r.u8();
  const type = head & 0x1f;
  const arg = head >> 5;
  const n = arg + 1;
  const bad = (why: string): never => r.fail(DEX_BAD_ENCODED_VALUE, `encoded_value ${hex(head)} at ${hex(r.base + at)}: ${why}`, at);
  const maxWidth = (w: number): void => { if (n > w) bad(`width ${n} exceeds ${w}`); };
  if (depth > MAX_DEPTH) bad(`nested deeper than ${MAX_DEPTH}`);
  switch (type) {
    case VALUE_BYTE: maxWidth(1); return { type, value: readSigned(r, 1) };
    case VALUE_SHORT: maxWidth(2); return { type, value: readSigned(r, n) };
    case VALUE_CHAR: maxWidth(2); return { type, value: readUnsigned(r, n) };
    case VALUE_INT: maxWidth(4); return { type, value: readSigned(r, n) };
    case VALUE_LONG: {
      maxWidth(8);
      return { type, value: BigInt.asIntN(64, BigInt.asIntN(8 * n, readBytesLE(r, n))) };
    }
    case VALUE_FLOAT: maxWidth(4); return { type, value: (readUnsigned(r, n) * 2 ** (8 * (4 - n))) >>> 0 };
    case VALUE_DOUBLE: maxWidth(8); return { type, value: readBytesLE(r, n) << BigInt(8 * (8 - n)) };
    case 0x15: case 0x16: case 0x17: case 0x18: case 0x19: case 0x1a: case 0x1b:
      maxWidth(4);
      return { type, value: readUnsigned(r, n) };
    case VALUE_ARRAY: if (arg) bad('value_arg must be 0'); return { type, value: readEncodedArray(r, depth + 1) };
    case VALUE_ANNOTATION: if (arg) bad('value_arg must be 0'); return { type, value: readEncodedAnnotation(r, depth + 1) };
    case VALUE_NULL: if (arg) bad('value_arg must be 0'); return { type, value: null };
    case VALUE_BOOLEAN: if (arg > 1) bad('boolean value_arg must be 0 or 1'); return { type, value: arg === 1 };
    default: return bad(`unknown value_type ${hex(type)}`);
  }
}

export function readEncodedArray(r: ByteReader, depth = 0): EncodedValue[] {
  const size = readUleb128(r);
  const out: EncodedValue[] = [];
  for (let i = 0; i < size; i++) out.push(readEncodedValue(r, depth));
  return out;
}

export function readEncodedAnnotation(r: ByteReader, depth = 0): EncodedAnnotation {
  const typeIdx = readUleb128(r);
  const size = readUleb128(r);
  const elements: EncodedAnnotation['elements'] = [];
  for (let i = 0; i < size; i++) elements.push({ nameIdx: readUleb128(r), value: readEncodedValue(r, depth) });
  return { typeIdx, elements };
}

function signedWidth(v: number): number {
  for (let n = 1; n < 4; n++) if (v >= -(2 ** (8 * n - 1)) && v < 2 ** (8 * n - 1)) return n;
  return 4;
}
function unsignedWidth(v: number): number {
  for (let n = 1; n < 4; n++) if (v < 2 ** (8 * n)) return n;
  return 4;
}
function signedWidth64(v: bigint): number {
  for (let n = 1; n < 8; n++) if (BigInt.asIntN(8 * n, v) === v) return n;
  return 8;
}

function writeLE(w: ByteWriter, v: number, n: number): void {
  let x = v < 0 ? v + 2 ** 32 : v;
  for (let i = 0; i < n; i++) {
    w.u8(x % 256);
    x = Math.floor(x / 256);
  }
}
function writeLE64(w: ByteWriter, v: bigint, n: number): void {
  const x = BigInt.asUintN(64, v);
  for (let i = 0; i < n; i++) w.u8(Number((x >> BigInt(8 * i)) & 0xffn));
}

// FORMAT: (value_arg << 5 | value_type) u1, then value_arg + 1 little-endian bytes (or nothing / nested).
export function writeEncodedValue(w: ByteWriter, ev: EncodedValue): void {
  const head = (arg: number): void => { w.u8((arg << 5) | ev.type); };
  switch (ev.type) {
    case VALUE_BYTE: head(0); writeLE(w, ev.value & 0xff, 1); return;
    case VALUE_SHORT: case VALUE_INT: { const n = signedWidth(ev.value); head(n - 1); writeLE(w, ev.value, n); return; }
    case VALUE_CHAR: { const n = unsignedWidth(ev.value); head(n - 1); writeLE(w, ev.value, n); return; }
    case VALUE_LONG: { const n = signedWidth64(ev.value); head(n - 1); writeLE64(w, ev.value, n); return; }
    case VALUE_FLOAT: {
      let n = 4;
      let v = ev.value >>> 0;
      while (n > 1 && (v & 0xff) === 0) { v >>>= 8; n--; }
      head(n - 1); writeLE(w, v, n); return;
    }
    case VALUE_DOUBLE: {
      let n = 8;
      let v = BigInt.asUintN(64, ev.value);
      while (n > 1 && (v & 0xffn) === 0n) { v >>= 8n; n--; }
      head(n - 1); writeLE64(w, v, n); return;
    }
    case VALUE_ARRAY: head(0); writeEncodedArray(w, ev.value); return;
    case VALUE_ANNOTATION: head(0); writeEncodedAnnotation(w, ev.value); return;
    case VALUE_NULL: head(0); return;
    case VALUE_BOOLEAN: head(ev.value ? 1 : 0); return;
    default: { const n = unsignedWidth(ev.value); head(n - 1); writeLE(w, ev.value, n); }
  }
}

export function writeEncodedArray(w: ByteWriter, values: readonly EncodedValue[]): void {
  writeUleb128(w, values.length);
  for (const v of values) writeEncodedValue(w, v);
}

export function writeEncodedAnnotation(w: ByteWriter, a: EncodedAnnotation): void {
  writeUleb128(w, a.typeIdx);
  writeUleb128(w, a.elements.length);
  for (const e of a.elements) {
    writeUleb128(w, e.nameIdx);
    writeEncodedValue(w, e.value);
  }
}
