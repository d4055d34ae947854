// Length-prefixed fields of the APK Signing Block formats (source.android.com, "APK Signature Scheme
// v2": "all length-prefixed fields use uint32 little-endian lengths"). Shared by the v2/v3/v3.1,
// source stamp, lineage and v4 readers, and by the encoders that come with the signer.

import { ByteReader } from '../../core/byte-reader.js';
import { ByteWriter } from '../../core/byte-writer.js';
import { hex } from '../../core/errors.js';

/** A field's declared length runs past the structure that contains it. */
export const APKSIG_LENGTH_OVERRUN = 'APKSIG_LENGTH_OVERRUN';
/** A fixed-size field (an ID, an SDK version) is cut off. */
export const APKSIG_TRUNCATED = 'APKSIG_TRUNCATED';

/** A reader over bytes of a signature structure whose truncation errors carry APKSIG_TRUNCATED. */
export function apksigReader(bytes: Uint8Array, what: string, base = 0): ByteReader {
  return new ByteReader(bytes, what, { base, errorCode: APKSIG_TRUNCATED });
}

/** Reads a uint32 length and returns a reader over that many following bytes. */
export function readLengthPrefixed(r: ByteReader, what: string): ByteReader {
  const at = r.pos;
  if (r.remaining < 4) {
    r.fail(APKSIG_TRUNCATED, `${what}: needs a 4-byte length at ${hex(r.base + at)} but only ${r.remaining} bytes remain`, at);
  }
  const length = r.u32le();
  if (length > r.remaining) {
    r.fail(APKSIG_LENGTH_OVERRUN, `${what} at ${hex(r.base + at)} declares ${length} bytes but only ${r.remaining} remain in ${r.what}`, at);
  }
  return r.sub(length, what);
}

/** Reads a uint32 length and returns a copy of that many following bytes. */
export function readLengthPrefixedBytes(r: ByteReader, what: string): Uint8Array {
  const sub = readLengthPrefixed(r, what);
  return sub.bytes.slice();
}

/** Reads a sequence of length-prefixed elements filling the reader. */
export function readLengthPrefixedSequence<T>(r: ByteReader, what: string, parse: (element: ByteReader, index: number) => T): T[] {
  const out: T[] = [];
  while (r.remaining > 0) out.push(parse(readLengthPrefixed(r, `${what} #${out.length + 1}`), out.length));
  return out;
}

/** An (ID, value) pair as used for digests, signatures and additional attributes. */
export interface IdValue {
  id: number;
  value: Uint8Array;
}

/** FORMAT: length-prefixed sequence of length-prefixed { uint32 id; bytes value (the rest) }. */
export function readIdValueSequence(r: ByteReader, what: string): IdValue[] {
  return readLengthPrefixedSequence(r, what, (e) => ({ id: e.u32le(), value: e.take(e.remaining).slice() }));
}

/** FORMAT: length-prefixed sequence of length-prefixed { uint32 algorithm; length-prefixed bytes }. */
export function readAlgorithmValueSequence(r: ByteReader, what: string): { algorithmId: number; value: Uint8Array }[] {
  return readLengthPrefixedSequence(r, what, (e, i) => {
    const algorithmId = e.u32le();
    const value = readLengthPrefixedBytes(e, `${what} #${i + 1} value`);
    return { algorithmId, value };
  });
}

export function writeLengthPrefixed(w: ByteWriter, bytes: Uint8Array): ByteWriter {
  return w.u32le(bytes.length).bytes(bytes);
}

export function encodeLengthPrefixedSequence(elements: readonly Uint8Array[]): Uint8Array {
  const w = new ByteWriter();
  for (const e of elements) writeLengthPrefixed(w, e);
  return w.toBytes();
}

export function encodeIdValueSequence(pairs: readonly IdValue[]): Uint8Array {
  return encodeLengthPrefixedSequence(pairs.map((p) => new ByteWriter().u32le(p.id).bytes(p.value).toBytes()));
}

export function encodeAlgorithmValueSequence(pairs: readonly { algorithmId: number; value: Uint8Array }[]): Uint8Array {
  return encodeLengthPrefixedSequence(pairs.map((p) => writeLengthPrefixed(new ByteWriter().u32le(p.algorithmId), p.value).toBytes()));
}
