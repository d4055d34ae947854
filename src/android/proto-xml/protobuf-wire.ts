// A minimal decoder of the protocol buffers wire format (protobuf.dev "Encoding": varint, I64, LEN,
// I32 records; groups are rejected), enough to read aapt2's Resources.proto messages without a
// dependency or a schema compiler.

import { MalformedInputError, hex } from '../../core/errors.js';

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

export interface ProtoField {
  number: number;
  wireType: number;
  /** VARINT: low and high 32 bits (unsigned). */
  lo: number;
  hi: number;
  /** LEN: the payload (a view). I64/I32: the raw little-endian bytes. */
  bytes?: Uint8Array;
  /** Offset of the record in the outermost buffer, for errors. */
  offset: number;
  /** LEN: offset of the payload in the outermost buffer. */
  payloadOffset: number;
}

function fail(code: string, message: string, offset: number): never {
  throw new MalformedInputError(code, message, { entry: 'protobuf XML', offset });
}

function readVarint(b: Uint8Array, pos: number, base: number): { lo: number; hi: number; next: number } {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < 10; i++) {
    if (pos + i >= b.length) fail('PROTOXML_TRUNCATED', `varint at ${hex(base + pos)} runs past the end of its message`, base + pos);
    const v = b[pos + i]! & 0x7f;
    const shift = 7 * i;
    if (shift < 28) lo |= v << shift;
    else if (shift === 28) {
      lo |= (v & 0x0f) << 28;
      hi |= v >> 4;
    } else hi |= v << (shift - 32);
    if ((b[pos + i]! & 0x80) === 0) return { lo: lo >>> 0, hi: hi >>> 0, next: pos + i + 1 };
  }
  fail('PROTOXML_BAD_VARINT', `varint at ${hex(base + pos)} is longer than 10 bytes`, base + pos);
}

/** Splits one message into its records, in wire order. `base` is the message's offset for errors. */
export function decodeMessage(b: Uint8Array, base = 0): ProtoField[] {
  const out: ProtoField[] = [];
  let pos = 0;
  while (pos < b.length) {
    const offset = base + pos;
    const key = readVarint(b, pos, base);
    pos = key.next;
    const wireType = key.lo & 7;
    const number = (key.lo >>> 3) + key.hi * 0x20000000;
    if (number === 0) fail('PROTOXML_BAD_FIELD', `field number 0 at ${hex(offset)}`, offset);
    const f: ProtoField = { number, wireType, lo: 0, hi: 0, offset, payloadOffset: 0 };
    if (wireType === WIRE_VARINT) {
      const v = readVarint(b, pos, base);
      f.lo = v.lo;
      f.hi = v.hi;
      pos = v.next;
    } else if (wireType === WIRE_LEN) {
      const len = readVarint(b, pos, base);
      pos = len.next;
      if (len.hi !== 0 || pos + len.lo > b.length) {
        fail('PROTOXML_TRUNCATED', `field ${number} at ${hex(offset)} declares ${len.lo} bytes but ${b.length - pos} remain`, offset);
      }
      f.bytes = b.subarray(pos, pos + len.lo);
      f.payloadOffset = base + pos;
      pos += len.lo;
    } else if (wireType === WIRE_I64 || wireType === WIRE_I32) {
      const n = wireType === WIRE_I64 ? 8 : 4;
      if (pos + n > b.length) fail('PROTOXML_TRUNCATED', `field ${number} at ${hex(offset)} needs ${n} bytes`, offset);
      f.bytes = b.subarray(pos, pos + n);
      pos += n;
    } else {
      fail('PROTOXML_BAD_WIRE_TYPE', `field ${number} at ${hex(offset)} has wire type ${wireType} (groups and unknown types are not supported)`, offset);
    }
    out.push(f);
  }
  return out;
}

const utf8 = new TextDecoder('utf-8');

export function fieldString(f: ProtoField): string {
  return f.bytes ? utf8.decode(f.bytes) : '';
}

/** The last value of a singular field (protobuf's merge rule), if present. */
export function lastField(fields: readonly ProtoField[], number: number): ProtoField | undefined {
  for (let i = fields.length - 1; i >= 0; i--) if (fields[i]!.number === number) return fields[i];
  return undefined;
}

export function fieldsNumbered(fields: readonly ProtoField[], number: number): ProtoField[] {
  return fields.filter((f) => f.number === number);
}

/** The little-endian 32-bit value of an I32 field (float bits, fixed32). */
export function fieldFixed32(f: ProtoField): number {
  const b = f.bytes!;
  return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
}
