// Binary property list reader ("bplist00"), after the layout documented in CoreFoundation's
// CFBinaryPList.c: an 8-byte header, the object table, an offset table of `numObjects` big-endian
// offsets `offsetIntSize` bytes wide, and a 32-byte trailer:
//   u8 unused[5]; u8 sortVersion; u8 offsetIntSize; u8 objectRefSize;
//   u64 numObjects; u64 topObject; u64 offsetTableOffset        (all big-endian)
// Objects are referenced by index (objectRefSize bytes). A reference may be shared (uniqued objects),
// but a container that contains itself is refused (PLIST_CYCLE), as is nesting deeper than
// BPLIST_MAX_DEPTH (PLIST_TOO_DEEP) and output larger than BPLIST_MAX_NODES (shared-reference bombs).

import { ByteReader } from '../../core/byte-reader.js';
import { MalformedInputError, hex } from '../../core/errors.js';
import type { PlistValue } from './plist-value.js';

export const BPLIST_MAGIC = 'bplist00';
export const BPLIST_TRAILER_SIZE = 32;
export const BPLIST_MAX_DEPTH = 512;
export const BPLIST_MAX_NODES = 4_000_000;

export interface BinaryPlistTrailer {
  sortVersion: number;
  offsetIntSize: number;
  objectRefSize: number;
  numObjects: number;
  topObject: number;
  offsetTableOffset: number;
}

export function isBinaryPlist(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  for (let i = 0; i < 8; i++) if (bytes[i] !== BPLIST_MAGIC.charCodeAt(i)) return false;
  return true;
}

function fail(code: string, message: string, offset: number): never {
  throw new MalformedInputError(code, `binary plist: ${message}`, { offset });
}

export function parseBinaryPlistTrailer(bytes: Uint8Array): BinaryPlistTrailer {
  if (!isBinaryPlist(bytes)) fail('PLIST_BAD_HEADER', `header is not "${BPLIST_MAGIC}"`, 0);
  if (bytes.length < 8 + BPLIST_TRAILER_SIZE + 1) {
    fail('PLIST_BAD_TRAILER', `file is ${bytes.length} bytes, expected at least ${8 + BPLIST_TRAILER_SIZE + 1}`, 0);
  }
  const at = bytes.length - BPLIST_TRAILER_SIZE;
  const r = new ByteReader(bytes, 'binary plist trailer', { errorCode: 'PLIST_BAD_TRAILER' }).seek(at + 5);
  const sortVersion = r.u8();
  const offsetIntSize = r.u8();
  const objectRefSize = r.u8();
  const big = [r.u64be(), r.u64be(), r.u64be()] as const;
  const [numObjects, topObject, offsetTableOffset] = big.map((v) => (v > BigInt(bytes.length) * 8n ? -1 : Number(v)));
  const t = { sortVersion, offsetIntSize, objectRefSize, numObjects: numObjects!, topObject: topObject!, offsetTableOffset: offsetTableOffset! };
  if (![1, 2, 4, 8].includes(offsetIntSize)) fail('PLIST_BAD_TRAILER', `offsetIntSize is ${offsetIntSize}, expected 1, 2, 4 or 8`, at + 6);
  if (![1, 2, 4, 8].includes(objectRefSize)) fail('PLIST_BAD_TRAILER', `objectRefSize is ${objectRefSize}, expected 1, 2, 4 or 8`, at + 7);
  if (t.numObjects < 1) fail('PLIST_BAD_TRAILER', `numObjects is ${big[0]}, expected 1..${bytes.length}`, at + 8);
  if (t.topObject < 0 || t.topObject >= t.numObjects) fail('PLIST_BAD_TRAILER', `topObject is ${big[1]}, expected below numObjects ${t.numObjects}`, at + 16);
  const tableEnd = t.offsetTableOffset + t.numObjects * offsetIntSize;
  if (t.offsetTableOffset < 9 || tableEnd > at) {
    fail('PLIST_BAD_TRAILER', `offset table ${hex(Math.max(0, t.offsetTableOffset))}+${t.numObjects}×${offsetIntSize} does not fit between the header and the trailer at ${hex(at)}`, at + 24);
  }
  return t;
}

function readUint(bytes: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + bytes[at + i]!;
  return v;
}

class BinaryPlistReader {
  private readonly offsets: number[];
  private readonly onPath = new Set<number>();
  private nodes = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly t: BinaryPlistTrailer,
  ) {
    this.offsets = new Array<number>(t.numObjects);
    for (let i = 0; i < t.numObjects; i++) {
      const at = t.offsetTableOffset + i * t.offsetIntSize;
      const off = readUint(bytes, at, t.offsetIntSize);
      if (off < 8 || off >= t.offsetTableOffset) {
        fail('PLIST_OFFSET_OUT_OF_RANGE', `object ${i} offset ${hex(off)} is outside the object table 0x8..${hex(t.offsetTableOffset)}`, at);
      }
      this.offsets[i] = off;
    }
  }

  readObject(ref: number, depth: number, refAt: number): PlistValue {
    if (ref >= this.t.numObjects) fail('PLIST_BAD_REF', `object reference ${ref} is not below numObjects ${this.t.numObjects}`, refAt);
    if (this.onPath.has(ref)) fail('PLIST_CYCLE', `object ${ref} contains itself`, refAt);
    if (depth > BPLIST_MAX_DEPTH) fail('PLIST_TOO_DEEP', `nesting deeper than ${BPLIST_MAX_DEPTH}`, refAt);
    if (++this.nodes > BPLIST_MAX_NODES) fail('PLIST_TOO_LARGE', `more than ${BPLIST_MAX_NODES} values (shared references)`, refAt);
    const at = this.offsets[ref]!;
    const r = new ByteReader(this.bytes.subarray(0, this.t.offsetTableOffset), 'binary plist object', { errorCode: 'PLIST_TRUNCATED' }).seek(at);
    const marker = r.u8();
    const hi = marker >> 4;
    const lo = marker & 0xf;
    switch (hi) {
      case 0x0:
        if (marker === 0x08 || marker === 0x09) return { type: 'boolean', value: marker === 0x09 };
        break;
      case 0x1:
        return this.readInt(r, lo, at);
      case 0x2:
        if (lo === 2) return { type: 'real', value: r.view.getFloat32(r.skip(4).pos - 4, false), width: 32 };
        if (lo === 3) return { type: 'real', value: r.view.getFloat64(r.skip(8).pos - 8, false) };
        break;
      case 0x3:
        if (lo === 3) return { type: 'date', absoluteTime: r.view.getFloat64(r.skip(8).pos - 8, false) };
        break;
      case 0x4:
        return { type: 'data', value: r.take(this.readCount(r, lo, 1)).slice() };
      case 0x5:
        return { type: 'string', value: latin1(r.take(this.readCount(r, lo, 1))) };
      case 0x6:
        return { type: 'string', value: utf16be(r.take(this.readCount(r, lo, 2) * 2)) };
      case 0x8:
        return { type: 'uid', value: readBig(r.take(lo + 1)) };
      case 0xa:
        return this.readArray(ref, r, lo, depth);
      case 0xd:
        return this.readDict(ref, r, lo, depth);
    }
    fail('PLIST_UNKNOWN_TAG', `object ${ref} has unknown marker ${hex(marker)}`, at);
  }

  private readInt(r: ByteReader, lo: number, at: number): PlistValue {
    if (lo > 4) fail('PLIST_UNKNOWN_TAG', `integer of 2^${lo} bytes (expected at most 16)`, at);
    const b = r.take(1 << lo);
    let v = readBig(b);
    // 1, 2 and 4-byte integers are unsigned; 8 and 16-byte integers are two's complement.
    if (lo >= 3 && b[0]! & 0x80) v -= 1n << BigInt(8 * b.length);
    return { type: 'integer', value: v };
  }

  private readCount(r: ByteReader, lo: number, unit: number): number {
    let n = lo;
    if (lo === 0xf) {
      const at = r.pos;
      const m = r.u8();
      if (m >> 4 !== 0x1 || (m & 0xf) > 3) fail('PLIST_BAD_VALUE', `length marker ${hex(m)} is not an integer`, at);
      const len = readBig(r.take(1 << (m & 0xf)));
      if (len > BigInt(r.remaining)) {
        fail('PLIST_COUNT_OUT_OF_RANGE', `declared count ${len} needs ${len * BigInt(unit)} bytes but only ${r.remaining} remain before the offset table`, at);
      }
      n = Number(len);
    }
    if (n * unit > r.remaining) {
      fail('PLIST_COUNT_OUT_OF_RANGE', `declared count ${n} needs ${n * unit} bytes but only ${r.remaining} remain before the offset table`, r.pos);
    }
    return n;
  }

  private readRefs(r: ByteReader, count: number): [number, number][] {
    const size = this.t.objectRefSize;
    const start = r.pos;
    const raw = r.take(count * size);
    const out: [number, number][] = [];
    for (let i = 0; i < count; i++) out.push([readUint(raw, i * size, size), start + i * size]);
    return out;
  }

  private readArray(ref: number, r: ByteReader, lo: number, depth: number): PlistValue {
    const refs = this.readRefs(r, this.readCount(r, lo, this.t.objectRefSize));
    this.onPath.add(ref);
    const items = refs.map(([x, at]) => this.readObject(x, depth + 1, at));
    this.onPath.delete(ref);
    return { type: 'array', items };
  }

  private readDict(ref: number, r: ByteReader, lo: number, depth: number): PlistValue {
    const n = this.readCount(r, lo, 2 * this.t.objectRefSize);
    const keys = this.readRefs(r, n);
    const values = this.readRefs(r, n);
    this.onPath.add(ref);
    const entries = new Map<string, PlistValue>();
    for (let i = 0; i < n; i++) {
      const k = this.readObject(keys[i]![0], depth + 1, keys[i]![1]);
      if (k.type !== 'string') fail('PLIST_BAD_VALUE', `dict key is a ${k.type}, expected a string`, keys[i]![1]);
      entries.set(k.value, this.readObject(values[i]![0], depth + 1, values[i]![1]));
    }
    this.onPath.delete(ref);
    return { type: 'dict', entries };
  }
}

function readBig(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}

/** UTF-16BE code units copied one for one, so that lone surrogates survive a round trip. */
function utf16be(b: Uint8Array): string {
  const units: number[] = [];
  for (let i = 0; i < b.length; i += 2) units.push((b[i]! << 8) | b[i + 1]!);
  let s = '';
  for (let i = 0; i < units.length; i += 8192) s += String.fromCharCode(...units.slice(i, i + 8192));
  return s;
}

export function parseBinaryPlist(bytes: Uint8Array): { root: PlistValue; trailer: BinaryPlistTrailer } {
  const trailer = parseBinaryPlistTrailer(bytes);
  const root = new BinaryPlistReader(bytes, trailer).readObject(trailer.topObject, 0, bytes.length - 16);
  return { root, trailer };
}
