// Binary property list writer ("bplist00") emulating CoreFoundation's CFBinaryPList.c writer layout,
// so that plists written by Apple's tools come back byte for byte:
// - objects are flattened depth first: a container, then (for a dict) all its keys, then its values,
//   each value's subtree before the next value; (for an array) each item's subtree in order;
// - strings, numbers, dates and data are uniqued (the first occurrence is written, later ones refer to
//   it), booleans are singletons; dicts and arrays are never uniqued;
// - integers use the smallest of 1, 2, 4 bytes (unsigned) when 0 ≤ v ≤ 0xffffffff, else 8 bytes
//   (two's complement), and 16 bytes for values above INT64_MAX;
// - a string is ASCII (0x5n) when every UTF-16 unit is below 0x80, else UTF-16BE (0x6n);
// - counts of 15 or more are written as nibble 0xf followed by an integer object;
// - objectRefSize and offsetIntSize are the fewest of 1, 2, 4, 8 bytes holding numObjects and the
//   offset table's own offset; the trailer names object 0 as the top object.

import { ByteWriter } from '../../core/byte-writer.js';
import { MalformedInputError } from '../../core/errors.js';
import { PLIST_INT_MAX, PLIST_INT_MIN, type PlistValue } from './plist-value.js';
import { BPLIST_MAGIC } from './binary-parse.js';

interface Flat {
  objects: PlistValue[];
  /** For each container object, the indices of its children (dict: keys then values). */
  refs: Map<number, number[]>;
}

function uniqueKey(v: PlistValue): string | undefined {
  switch (v.type) {
    case 'string':
      return 's' + v.value;
    case 'integer':
      return 'n' + v.value.toString();
    case 'real':
      // Kept apart from integers: merging 1 and 1.0 (as CFEqual would) changes a value's type.
      return 'r' + (Object.is(v.value, -0) ? '-0' : String(v.value)) + (v.width ?? 64);
    case 'boolean':
      return 'b' + v.value;
    case 'date':
      return 'd' + String(v.absoluteTime);
    case 'data':
      return 'x' + Buffer.from(v.value.buffer, v.value.byteOffset, v.value.length).toString('hex');
    case 'uid':
      return 'u' + v.value.toString();
    default:
      return undefined;
  }
}

export interface BinaryPlistStyle {
  /**
   * 'all': equal strings, numbers, dates and data are written once (CFBinaryPList.c uniquing by
   * CFEqual). 'none': every occurrence is its own object, as ibtool's compiled storyboard plists are.
   */
  uniquing: 'all' | 'none';
}

export const DEFAULT_BINARY_PLIST_STYLE: BinaryPlistStyle = { uniquing: 'all' };

function flatten(root: PlistValue, style: BinaryPlistStyle): Flat {
  const objects: PlistValue[] = [];
  const refs = new Map<number, number[]>();
  const unique = new Map<string, number>();
  const visit = (v: PlistValue): number => {
    const key = style.uniquing === 'all' || v.type === 'boolean' ? uniqueKey(v) : undefined;
    if (key !== undefined) {
      const seen = unique.get(key);
      if (seen !== undefined) return seen;
      unique.set(key, objects.length);
    }
    const index = objects.length;
    objects.push(v);
    if (v.type === 'dict') {
      const children: number[] = [];
      for (const k of v.entries.keys()) children.push(visit({ type: 'string', value: k }));
      for (const x of v.entries.values()) children.push(visit(x));
      refs.set(index, children);
    } else if (v.type === 'array') {
      refs.set(index, v.items.map(visit));
    }
    return index;
  };
  visit(root);
  return { objects, refs };
}

function byteCount(n: number): number {
  if (n < 0x100) return 1;
  if (n < 0x10000) return 2;
  if (n < 0x100000000) return 4;
  return 8;
}

function writeUint(w: ByteWriter, v: number, size: number): void {
  for (let i = size - 1; i >= 0; i--) w.u8(Math.floor(v / 2 ** (8 * i)) & 0xff);
}

function writeInt(w: ByteWriter, v: bigint): void {
  if (v < PLIST_INT_MIN || v > PLIST_INT_MAX) {
    throw new MalformedInputError('PLIST_BAD_VALUE', `integer ${v} is outside ${PLIST_INT_MIN}..${PLIST_INT_MAX}`);
  }
  if (v >= 0n && v <= 0xffn) w.u8(0x10).u8(Number(v));
  else if (v >= 0n && v <= 0xffffn) w.u8(0x11).u16be(Number(v));
  else if (v >= 0n && v <= 0xffffffffn) w.u8(0x12).u32be(Number(v));
  else if (v <= 0x7fffffffffffffffn) w.u8(0x13).u64be(BigInt.asUintN(64, v));
  else w.u8(0x14).u64be(0n).u64be(v);
}

function writeMarker(w: ByteWriter, hi: number, count: number): void {
  if (count < 15) w.u8((hi << 4) | count);
  else {
    w.u8((hi << 4) | 0xf);
    writeInt(w, BigInt(count));
  }
}

function writeObject(w: ByteWriter, v: PlistValue, children: number[] | undefined, refSize: number): void {
  switch (v.type) {
    case 'boolean':
      w.u8(v.value ? 0x09 : 0x08);
      return;
    case 'integer':
      writeInt(w, v.value);
      return;
    case 'real': {
      const b = new Uint8Array(v.width === 32 ? 4 : 8);
      const dv = new DataView(b.buffer);
      if (v.width === 32) dv.setFloat32(0, v.value, false);
      else dv.setFloat64(0, v.value, false);
      w.u8(v.width === 32 ? 0x22 : 0x23).bytes(b);
      return;
    }
    case 'date': {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, v.absoluteTime, false);
      w.u8(0x33).bytes(b);
      return;
    }
    case 'data':
      writeMarker(w, 0x4, v.value.length);
      w.bytes(v.value);
      return;
    case 'string':
      writeString(w, v.value);
      return;
    case 'uid': {
      const size = v.value < 0x100n ? 1 : v.value < 0x10000n ? 2 : v.value < 0x100000000n ? 4 : 8;
      w.u8(0x80 | (size - 1));
      for (let i = size - 1; i >= 0; i--) w.u8(Number((v.value >> BigInt(8 * i)) & 0xffn));
      return;
    }
    case 'array':
    case 'dict': {
      const refs = children ?? [];
      writeMarker(w, v.type === 'array' ? 0xa : 0xd, v.type === 'array' ? refs.length : refs.length / 2);
      for (const r of refs) writeUint(w, r, refSize);
      return;
    }
  }
}

function writeString(w: ByteWriter, s: string): void {
  let ascii = true;
  for (let i = 0; i < s.length && ascii; i++) if (s.charCodeAt(i) >= 0x80) ascii = false;
  writeMarker(w, ascii ? 0x5 : 0x6, s.length);
  if (ascii) for (let i = 0; i < s.length; i++) w.u8(s.charCodeAt(i));
  else for (let i = 0; i < s.length; i++) w.u16be(s.charCodeAt(i));
}

/**
 * Which uniquing a parsed file used: 'none' when its object count is what writing every occurrence
 * separately gives, else 'all'. (Xcode sometimes shares only identical string *instances*, which no
 * value-based rule reproduces; such files are written back from their source bytes until edited.)
 */
export function inferBinaryPlistStyle(root: PlistValue, numObjects: number): BinaryPlistStyle {
  const none = flatten(root, { uniquing: 'none' }).objects.length;
  return { uniquing: numObjects === none && none !== flatten(root, { uniquing: 'all' }).objects.length ? 'none' : 'all' };
}

// FORMAT: "bplist00" object* offset[numObjects] trailer(32)
export function serializeBinaryPlist(root: PlistValue, style: BinaryPlistStyle = DEFAULT_BINARY_PLIST_STYLE): Uint8Array {
  const { objects, refs } = flatten(root, style);
  const refSize = byteCount(objects.length);
  const w = new ByteWriter(1024);
  for (let i = 0; i < BPLIST_MAGIC.length; i++) w.u8(BPLIST_MAGIC.charCodeAt(i));
  const offsets: number[] = [];
  objects.forEach((v, i) => {
    offsets.push(w.length);
    writeObject(w, v, refs.get(i), refSize);
  });
  const tableOffset = w.length;
  const offsetSize = byteCount(tableOffset);
  for (const o of offsets) writeUint(w, o, offsetSize);
  w.zeros(6).u8(offsetSize).u8(refSize).u64be(objects.length).u64be(0).u64be(tableOffset);
  return w.toBytes();
}
