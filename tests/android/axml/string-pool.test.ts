// Hex-literal tests of ResStringPool length encodings and of a tiny pool, in both encodings, written
// out by hand from the layout in AOSP ResourceTypes.h.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/core/byte-writer.js';
import {
  decodeUtf16Length, decodeUtf8Length, encodeStringPoolCanonical, encodeUtf16Length, encodeUtf8Length, parseStringPool,
} from '../../../src/android/axml/string-pool.js';

const hexBytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

describe('string pool length encodings', () => {
  it('UTF-8: one byte below 0x80, two bytes with the high bit above', () => {
    expect(encodeUtf8Length(0x7f)).toEqual([0x7f]);
    expect(encodeUtf8Length(0x80)).toEqual([0x80, 0x80]);
    expect(encodeUtf8Length(0x1234)).toEqual([0x92, 0x34]);
    expect(decodeUtf8Length(hexBytes('7f'), 0)).toEqual([0x7f, 1]);
    expect(decodeUtf8Length(hexBytes('9234'), 0)).toEqual([0x1234, 2]);
  });
  it('UTF-16: one unit below 0x8000, two units with the high bit above', () => {
    expect(encodeUtf16Length(0x7fff)).toEqual([0x7fff]);
    expect(encodeUtf16Length(0x8000)).toEqual([0x8000, 0x8000]);
    expect(encodeUtf16Length(0x12345)).toEqual([0x8001, 0x2345]);
    expect(decodeUtf16Length(hexBytes('ff7f'), 0)).toEqual([0x7fff, 2]);
    expect(decodeUtf16Length(hexBytes('0180 4523'), 0)).toEqual([0x12345, 4]);
  });
});

// ResStringPool_header (type 1, headerSize 0x1c, size), stringCount, styleCount, flags, stringsStart,
// stylesStart; then offsets; then string data padded to 4.
const UTF16_POOL =
  '0100 1c00 34000000  02000000 00000000 00000000 24000000 00000000' +
  '00000000 08000000' +
  '0200 6100 6200 0000' + // "ab"
  '0100 e900 0000 0000'; // "é" + padding
const UTF8_POOL =
  '0100 1c00 30000000  02000000 00000000 00010000 24000000 00000000' +
  '00000000 05000000' +
  '02 02 6162 00' + // "ab": 2 UTF-16 units, 2 bytes
  '01 02 c3a9 00' + // "é": 1 UTF-16 unit, 2 UTF-8 bytes
  '0000';

describe('string pool codec', () => {
  it('parses and canonically re-encodes a UTF-16 pool', () => {
    const pool = parseStringPool(hexBytes(UTF16_POOL));
    expect(pool.utf8).toBe(false);
    expect(pool.strings).toEqual(['ab', 'é']);
    expect(toHex(encodeStringPoolCanonical(pool))).toBe(toHex(hexBytes(UTF16_POOL)));
  });
  it('parses and canonically re-encodes a UTF-8 pool', () => {
    const pool = parseStringPool(hexBytes(UTF8_POOL));
    expect(pool.utf8).toBe(true);
    expect(pool.strings).toEqual(['ab', 'é']);
    expect(toHex(encodeStringPoolCanonical(pool))).toBe(toHex(hexBytes(UTF8_POOL)));
  });
  it('encodes a 200-character string with a two-byte UTF-8 length', () => {
    const pool = parseStringPool(hexBytes(UTF8_POOL));
    pool.strings.push('x'.repeat(200));
    const out = encodeStringPoolCanonical(pool);
    expect(parseStringPool(out).strings[2]).toBe('x'.repeat(200));
    const at = 0x1c + 12 + 10;
    expect(toHex(out.subarray(at, at + 4))).toBe('80c880c8');
  });
});
