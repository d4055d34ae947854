// ResStringPool (AOSP ResourceTypes.h, ResStringPool_header / ResStringPool_span; validation rules as in
// ResStringPool::setTo): parse to a lossless StringPool and write it back, either verbatim (unchanged) or
// canonically (after an edit), in the layout aapt uses.

import { ByteReader } from '../../core/byte-reader.js';
import { ByteWriter } from '../../core/byte-writer.js';
import { MalformedInputError, hex } from '../../core/errors.js';
import { NO_ENTRY, RES_STRING_POOL_TYPE, STRING_POOL_HEADER_SIZE, UTF8_FLAG } from './constants.js';
import type { StringPool, StringPoolSpan } from './model.js';

const E = 'AXML_BAD_STRING_POOL';

function fail(message: string, offset: number): never {
  throw new MalformedInputError(E, `string pool: ${message}`, { entry: 'string pool', offset });
}

/** FORMAT: UTF-8 pool length: n < 0x80 → [n]; else [0x80 | n >> 8, n & 0xff] (n < 0x8000). */
export function encodeUtf8Length(n: number): number[] {
  if (n < 0x80) return [n];
  if (n > 0x7fff) throw new RangeError(`UTF-8 pool length ${n} exceeds 0x7fff`);
  return [0x80 | (n >> 8), n & 0xff];
}

/** FORMAT: UTF-16 pool length: n < 0x8000 → [n]; else [0x8000 | n >> 16, n & 0xffff] (n < 2^31). */
export function encodeUtf16Length(n: number): number[] {
  if (n < 0x8000) return [n];
  if (n > 0x7fffffff) throw new RangeError(`UTF-16 pool length ${n} exceeds 0x7fffffff`);
  return [0x8000 | (n >>> 16), n & 0xffff];
}

/** Decodes a UTF-8 pool length at `at`; returns [length, bytes used]. */
export function decodeUtf8Length(bytes: Uint8Array, at: number): [number, number] {
  const b0 = bytes[at]!;
  if ((b0 & 0x80) === 0) return [b0, 1];
  return [((b0 & 0x7f) << 8) | bytes[at + 1]!, 2];
}

/** Decodes a UTF-16 pool length at `at` (a byte offset); returns [length, bytes used]. */
export function decodeUtf16Length(bytes: Uint8Array, at: number): [number, number] {
  const u0 = bytes[at]! | (bytes[at + 1]! << 8);
  if ((u0 & 0x8000) === 0) return [u0, 2];
  const u1 = bytes[at + 2]! | (bytes[at + 3]! << 8);
  return [((u0 & 0x7fff) * 0x10000) + u1, 4];
}

const utf8Decoder = new TextDecoder('utf-8');

function decodeString(pool: Uint8Array, at: number, utf8: boolean, base: number, i: number): string {
  const where = base + at;
  if (at >= pool.length) fail(`string #${i} starts at ${hex(where)}, past the end of the string data`, where);
  if (utf8) {
    if (at + 2 > pool.length) fail(`string #${i} length at ${hex(where)} is truncated`, where);
    const [, u16used] = decodeUtf8Length(pool, at);
    if (at + u16used + 2 > pool.length) fail(`string #${i} length at ${hex(where)} is truncated`, where);
    const [n, u8used] = decodeUtf8Length(pool, at + u16used);
    const start = at + u16used + u8used;
    if (start + n >= pool.length) fail(`string #${i} needs ${n + 1} bytes at ${hex(base + start)} but the string data ends at ${hex(base + pool.length)}`, where);
    if (pool[start + n] !== 0) fail(`string #${i} is not NUL-terminated`, base + start + n);
    return utf8Decoder.decode(pool.subarray(start, start + n));
  }
  if (at + 2 > pool.length) fail(`string #${i} length at ${hex(where)} is truncated`, where);
  const [n, used] = decodeUtf16Length(pool, at);
  const start = at + used;
  if (start + 2 * n + 2 > pool.length) fail(`string #${i} needs ${2 * n + 2} bytes at ${hex(base + start)} but the string data ends at ${hex(base + pool.length)}`, where);
  let s = '';
  for (let k = 0; k < n; k++) s += String.fromCharCode(pool[start + 2 * k]! | (pool[start + 2 * k + 1]! << 8));
  if ((pool[start + 2 * n]! | pool[start + 2 * n + 1]!) !== 0) fail(`string #${i} is not NUL-terminated`, base + start + 2 * n);
  return s;
}

/** Parses one RES_STRING_POOL_TYPE chunk; `chunk` is exactly header.size bytes, at file offset `base`. */
export function parseStringPool(chunk: Uint8Array, base = 0): StringPool {
  const r = new ByteReader(chunk, 'string pool', { base, errorCode: E });
  const type = r.u16le();
  const headerSize = r.u16le();
  const size = r.u32le();
  if (type !== RES_STRING_POOL_TYPE) fail(`chunk type is ${hex(type)}, expected ${hex(RES_STRING_POOL_TYPE)}`, base);
  if (headerSize < STRING_POOL_HEADER_SIZE || headerSize > size || size !== chunk.length) {
    fail(`header size ${headerSize} / chunk size ${size} invalid (header needs ${STRING_POOL_HEADER_SIZE}, chunk has ${chunk.length} bytes)`, base);
  }
  const stringCount = r.u32le();
  const styleCount = r.u32le();
  const flags = r.u32le();
  const stringsStart = r.u32le();
  const stylesStart = r.u32le();
  const utf8 = (flags & UTF8_FLAG) !== 0;
  const indexEnd = headerSize + 4 * (stringCount + styleCount);
  if (indexEnd > size) fail(`${stringCount} string and ${styleCount} style offsets need ${hex(indexEnd)} bytes but the chunk has ${hex(size)}`, base + headerSize);
  r.seek(headerSize);
  const stringOffsets = Array.from({ length: stringCount }, () => r.u32le());
  const styleOffsets = Array.from({ length: styleCount }, () => r.u32le());

  const strings: string[] = [];
  if (stringCount > 0) {
    if (stringsStart >= size - 2) fail(`strings start at ${hex(stringsStart)}, past the chunk size ${hex(size)}`, base + 20);
    let poolEnd = size;
    if (styleCount > 0) {
      if (stylesStart >= size - 2) fail(`styles start at ${hex(stylesStart)}, past the chunk size ${hex(size)}`, base + 24);
      if (stylesStart <= stringsStart) fail(`styles start at ${hex(stylesStart)}, before the strings at ${hex(stringsStart)}`, base + 24);
      poolEnd = stylesStart;
    }
    const charSize = utf8 ? 1 : 2;
    const pool = chunk.subarray(stringsStart, stringsStart + Math.floor((poolEnd - stringsStart) / charSize) * charSize);
    if (pool.length === 0) fail('string data is empty but strings are declared', base + stringsStart);
    const last = utf8 ? pool[pool.length - 1]! : pool[pool.length - 1]! | pool[pool.length - 2]!;
    if (last !== 0) fail('last string is not NUL-terminated', base + stringsStart + pool.length - charSize);
    for (let i = 0; i < stringCount; i++) strings.push(decodeString(pool, stringOffsets[i]!, utf8, base + stringsStart, i));
  }

  const styles: StringPoolSpan[][] = [];
  if (styleCount > 0) {
    const styleEnd = Math.floor((size - stylesStart) / 4) * 4;
    if (styleEnd < 12) fail('style data is too short for its END marker', base + stylesStart);
    for (let k = styleEnd - 12; k < styleEnd; k += 4) {
      if (r.at(stylesStart + k, 4).some((b) => b !== 0xff)) fail('last style is not 0xFFFFFFFF-terminated', base + stylesStart + k);
    }
    for (let i = 0; i < styleCount; i++) {
      const spans: StringPoolSpan[] = [];
      let at = stylesStart + styleOffsets[i]!;
      for (;;) {
        if (at + 4 > stylesStart + styleEnd) fail(`style #${i} runs past the style data`, base + at);
        const name = new DataView(chunk.buffer, chunk.byteOffset + at, 4).getUint32(0, true);
        if (name === NO_ENTRY) break;
        if (at + 12 > stylesStart + styleEnd) fail(`style #${i} runs past the style data`, base + at);
        r.seek(at + 4);
        spans.push({ name, firstChar: r.u32le(), lastChar: r.u32le() });
        at += 12;
      }
      styles.push(spans);
    }
  }

  return {
    kind: 'stringPool',
    utf8,
    flags,
    strings,
    styles,
    headerExtra: chunk.slice(STRING_POOL_HEADER_SIZE, headerSize),
    original: { bytes: chunk.slice(), strings: strings.slice(), styles: JSON.stringify(styles), utf8, flags },
  };
}

function isUnchanged(pool: StringPool): boolean {
  const o = pool.original;
  if (!o || o.utf8 !== pool.utf8 || o.flags !== pool.flags || o.strings.length !== pool.strings.length) return false;
  for (let i = 0; i < o.strings.length; i++) if (o.strings[i] !== pool.strings[i]) return false;
  return o.styles === JSON.stringify(pool.styles);
}

function encodeString(w: ByteWriter, s: string, utf8: boolean): void {
  if (utf8) {
    const b = new TextEncoder().encode(s);
    for (const v of encodeUtf8Length(s.length)) w.u8(v);
    for (const v of encodeUtf8Length(b.length)) w.u8(v);
    w.bytes(b).u8(0);
    return;
  }
  for (const v of encodeUtf16Length(s.length)) w.u16le(v);
  for (let i = 0; i < s.length; i++) w.u16le(s.charCodeAt(i));
  w.u16le(0);
}

/**
 * FORMAT (canonical, as aapt writes it): ResStringPool_header, u32 string offsets, u32 style offsets,
 * strings (length prefix(es), data, NUL) padded to 4 bytes, then per style its spans and an END word,
 * then two more END words.
 */
export function encodeStringPoolCanonical(pool: StringPool): Uint8Array {
  const headerSize = STRING_POOL_HEADER_SIZE + pool.headerExtra.length;
  const data = new ByteWriter();
  const stringOffsets = pool.strings.map((s) => {
    const at = data.length;
    encodeString(data, s, pool.utf8);
    return at;
  });
  data.align(4);
  const styleData = new ByteWriter();
  const styleOffsets = pool.styles.map((spans) => {
    const at = styleData.length;
    for (const sp of spans) styleData.u32le(sp.name).u32le(sp.firstChar).u32le(sp.lastChar);
    styleData.u32le(NO_ENTRY);
    return at;
  });
  if (pool.styles.length) styleData.u32le(NO_ENTRY).u32le(NO_ENTRY);
  const stringsStart = headerSize + 4 * (pool.strings.length + pool.styles.length);
  const stylesStart = pool.styles.length ? stringsStart + data.length : 0;
  const size = stringsStart + data.length + styleData.length;
  const flags = pool.utf8 ? pool.flags | UTF8_FLAG : pool.flags & ~UTF8_FLAG;
  const w = new ByteWriter(size);
  w.u16le(RES_STRING_POOL_TYPE).u16le(headerSize).u32le(size);
  w.u32le(pool.strings.length).u32le(pool.styles.length).u32le(flags).u32le(pool.strings.length ? stringsStart : 0).u32le(stylesStart);
  w.bytes(pool.headerExtra);
  for (const o of stringOffsets) w.u32le(o);
  for (const o of styleOffsets) w.u32le(o);
  w.bytes(data.toBytes()).bytes(styleData.toBytes());
  return w.toBytes();
}

/** The pool's bytes: as read while unchanged, canonical after an edit. */
export function serializeStringPool(pool: StringPool): Uint8Array {
  return isUnchanged(pool) ? pool.original!.bytes : encodeStringPoolCanonical(pool);
}

/** A new, empty pool (for building documents from scratch). */
export function emptyStringPool(utf8: boolean): StringPool {
  return { kind: 'stringPool', utf8, flags: utf8 ? UTF8_FLAG : 0, strings: [], styles: [], headerExtra: new Uint8Array(0) };
}
