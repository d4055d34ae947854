// Zip64 fields of the serializers, by hand from APPNOTE 4.3.12 / 4.3.14–4.3.16 / 4.5.3 (the sizes and
// offsets involved are too large to produce a real archive in a unit test).
import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../src/core/byte-reader.js';
import { toHex } from '../../src/core/byte-writer.js';
import { parseCentralHeader } from '../../src/container/zip-records.js';
import { serializeCentralHeader, serializeEndOfCentralDirectory, serializeLocalHeader, type EntryRecord } from '../../src/container/zip-serialize.js';

const FIVE_GIB = 5 * 2 ** 30; // 0x1_4000_0000
const base: EntryRecord = {
  versionMadeBy: 0x031e, versionNeeded: 20, flags: 0, method: 0, lastModTime: 0, lastModDate: 0x21, crc32: 0x11223344,
  compressedSize: 7, uncompressedSize: 7, internalAttributes: 0, externalAttributes: 0, localHeaderOffset: FIVE_GIB,
  rawName: new TextEncoder().encode('a'), centralExtra: new Uint8Array(0), comment: new Uint8Array(0),
};

describe('zip64 serialization', () => {
  it('central header with a 5 GiB offset: offset field all ones, zip64 extra with only the offset', () => {
    const h = toHex(serializeCentralHeader(base));
    expect(h.slice(42 * 2, 46 * 2)).toBe('ffffffff'); // relative offset of local header
    expect(h.slice(20 * 2, 28 * 2)).toBe('0700000007000000'); // sizes unchanged
    expect(h.slice(12, 16)).toBe('2d00'); // version needed 4.5
    expect(h.slice(47 * 2)).toBe('0100' + '0800' + '0000004001000000');
  });

  it('central header parses back (sizes and offset taken from the extra field)', () => {
    const big = { ...base, compressedSize: FIVE_GIB + 1, uncompressedSize: FIVE_GIB + 2 };
    const parsed = parseCentralHeader(new ByteReader(serializeCentralHeader(big), 'test'));
    expect([parsed.uncompressedSize, parsed.compressedSize, parsed.localHeaderOffset]).toEqual([FIVE_GIB + 2, FIVE_GIB + 1, FIVE_GIB]);
  });

  it('local header of a 5 GiB entry carries both sizes in its zip64 extra', () => {
    const big = { ...base, compressedSize: FIVE_GIB, uncompressedSize: FIVE_GIB, localHeaderOffset: 0 };
    const h = toHex(serializeLocalHeader(big, 1));
    expect(h.slice(18 * 2, 26 * 2)).toBe('ffffffffffffffff');
    expect(h.slice(31 * 2)).toBe('0100' + '1000' + '0000004001000000' + '0000004001000000');
  });

  it('end records for a central directory at 5 GiB: zip64 record, locator, classic EOCD with all-ones', () => {
    const h = toHex(serializeEndOfCentralDirectory(3, FIVE_GIB, 100));
    expect(h.slice(0, 8)).toBe('504b0606');
    expect(h.slice(24 * 2, 56 * 2)).toBe('0300000000000000' + '0300000000000000' + '6400000000000000' + '0000004001000000');
    expect(h.slice(56 * 2, 76 * 2)).toBe('504b0607' + '00000000' + '6400004001000000' + '01000000');
    expect(h.slice(76 * 2)).toBe('504b0506' + '0000' + '0000' + '0300' + '0300' + '64000000' + 'ffffffff' + '0000');
  });

  it('no zip64 records for a small archive', () => {
    expect(toHex(serializeEndOfCentralDirectory(2, 0x100, 0x5c))).toBe('504b0506' + '00000000' + '0200' + '0200' + '5c000000' + '00010000' + '0000');
  });
});
