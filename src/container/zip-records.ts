// Fixed zip records as PKWARE APPNOTE 6.3.10 defines them (sections 4.3.7 local file header, 4.3.12
// central directory header, 4.3.14 zip64 end of central directory record, 4.3.15 zip64 locator,
// 4.3.16 end of central directory record, 4.5 extensible data fields). Pure parsers over bytes; the
// reader decides what to trust.

import { ByteReader } from '../core/byte-reader.js';
import { MalformedInputError, hex } from '../core/errors.js';

export const LOCAL_FILE_HEADER_SIGNATURE = 0x04034b50;
export const CENTRAL_FILE_HEADER_SIGNATURE = 0x02014b50;
export const EOCD_SIGNATURE = 0x06054b50;
export const ZIP64_EOCD_SIGNATURE = 0x06064b50;
export const ZIP64_EOCD_LOCATOR_SIGNATURE = 0x07064b50;
export const DATA_DESCRIPTOR_SIGNATURE = 0x08074b50;

export const LOCAL_FILE_HEADER_SIZE = 30;
export const CENTRAL_FILE_HEADER_SIZE = 46;
export const EOCD_SIZE = 22;
export const ZIP64_EOCD_SIZE = 56;
export const ZIP64_EOCD_LOCATOR_SIZE = 20;
export const MAX_EOCD_COMMENT = 0xffff;

export const ZIP64_EXTRA_ID = 0x0001;
/** Android's alignment extra field (apksig ApkSigner / zipalign -p): u16 alignment, then zero padding. */
export const ALIGNMENT_EXTRA_ID = 0xd935;

export const FLAG_ENCRYPTED = 1 << 0;
export const FLAG_DATA_DESCRIPTOR = 1 << 3;
export const FLAG_STRONG_ENCRYPTION = 1 << 6;
export const FLAG_UTF8 = 1 << 11;

export const U16_MAX = 0xffff;
export const U32_MAX = 0xffffffff;

export interface EocdRecord {
  diskNumber: number;
  centralDirectoryDisk: number;
  entriesOnDisk: number;
  totalEntries: number;
  centralDirectorySize: number;
  centralDirectoryOffset: number;
  comment: Uint8Array;
}

export interface Zip64Locator {
  eocdDisk: number;
  zip64EocdOffset: number;
  totalDisks: number;
}

export interface CentralHeader {
  versionMadeBy: number;
  versionNeeded: number;
  generalPurposeFlags: number;
  compressionMethod: number;
  lastModTime: number;
  lastModDate: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  diskNumberStart: number;
  internalAttributes: number;
  externalAttributes: number;
  localHeaderOffset: number;
  rawName: Uint8Array;
  extra: Uint8Array;
  comment: Uint8Array;
  /** Bytes this record occupies in the central directory. */
  recordSize: number;
}

export interface LocalHeader {
  versionNeeded: number;
  generalPurposeFlags: number;
  compressionMethod: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  rawName: Uint8Array;
  extra: Uint8Array;
  /** Size of header + name + extra. */
  headerSize: number;
}

/** Parses the EOCD record at the start of `r` (signature already located). */
export function parseEocd(r: ByteReader): EocdRecord {
  r.expectU32le(EOCD_SIGNATURE, 'end of central directory signature');
  const diskNumber = r.u16le();
  const centralDirectoryDisk = r.u16le();
  const entriesOnDisk = r.u16le();
  const totalEntries = r.u16le();
  const centralDirectorySize = r.u32le();
  const centralDirectoryOffset = r.u32le();
  const commentLength = r.u16le();
  const comment = r.take(commentLength);
  return { diskNumber, centralDirectoryDisk, entriesOnDisk, totalEntries, centralDirectorySize, centralDirectoryOffset, comment };
}

export function parseZip64Locator(r: ByteReader): Zip64Locator {
  r.expectU32le(ZIP64_EOCD_LOCATOR_SIGNATURE, 'zip64 locator signature');
  const eocdDisk = r.u32le();
  const zip64EocdOffset = r.u64leNumber();
  const totalDisks = r.u32le();
  return { eocdDisk, zip64EocdOffset, totalDisks };
}

/** The zip64 EOCD record; only the fields that replace classic EOCD fields are returned. */
export function parseZip64Eocd(r: ByteReader): Omit<EocdRecord, 'comment'> {
  const at = r.pos;
  const signature = r.u32le();
  if (signature !== ZIP64_EOCD_SIGNATURE) {
    r.fail('ZIP_BAD_ZIP64_EOCD', `zip64 end of central directory signature is ${hex(signature)}, expected ${hex(ZIP64_EOCD_SIGNATURE)}`, at);
  }
  r.skip(8 + 2 + 2); // size of record, version made by, version needed
  const diskNumber = r.u32le();
  const centralDirectoryDisk = r.u32le();
  const entriesOnDisk = r.u64leNumber();
  const totalEntries = r.u64leNumber();
  const centralDirectorySize = r.u64leNumber();
  const centralDirectoryOffset = r.u64leNumber();
  return { diskNumber, centralDirectoryDisk, entriesOnDisk, totalEntries, centralDirectorySize, centralDirectoryOffset };
}

/** One central directory record at the cursor; zip64 extra values are applied. */
export function parseCentralHeader(r: ByteReader): CentralHeader {
  const start = r.pos;
  const signature = r.u32le();
  if (signature !== CENTRAL_FILE_HEADER_SIGNATURE) {
    r.fail('ZIP_BAD_CENTRAL_HEADER', `central directory header signature is ${hex(signature)}, expected ${hex(CENTRAL_FILE_HEADER_SIGNATURE)}`, start);
  }
  const versionMadeBy = r.u16le();
  const versionNeeded = r.u16le();
  const generalPurposeFlags = r.u16le();
  const compressionMethod = r.u16le();
  const lastModTime = r.u16le();
  const lastModDate = r.u16le();
  const crc32 = r.u32le();
  const compressedSize = r.u32le();
  const uncompressedSize = r.u32le();
  const nameLength = r.u16le();
  const extraLength = r.u16le();
  const commentLength = r.u16le();
  const diskNumberStart = r.u16le();
  const internalAttributes = r.u16le();
  const externalAttributes = r.u32le();
  const localHeaderOffset = r.u32le();
  const rawName = r.take(nameLength);
  const extraAt = r.pos;
  const extra = r.take(extraLength);
  const comment = r.take(commentLength);
  const header: CentralHeader = {
    versionMadeBy, versionNeeded, generalPurposeFlags, compressionMethod, lastModTime, lastModDate, crc32,
    compressedSize, uncompressedSize, diskNumberStart, internalAttributes, externalAttributes, localHeaderOffset,
    rawName, extra, comment, recordSize: r.pos - start,
  };
  applyZip64Extra(header, extra, r.base + extraAt);
  return header;
}

// Zip64 extended information (APPNOTE 4.5.3): only the fields whose classic value is all ones are
// present, in the order uncompressed size, compressed size, local header offset, disk start.
function applyZip64Extra(h: CentralHeader, extra: Uint8Array, extraOffset: number): void {
  const needs = h.uncompressedSize === U32_MAX || h.compressedSize === U32_MAX || h.localHeaderOffset === U32_MAX || h.diskNumberStart === U16_MAX;
  if (!needs) return;
  const field = findExtraField(extra, ZIP64_EXTRA_ID);
  if (!field) {
    throw new MalformedInputError('ZIP_BAD_ZIP64_EXTRA', 'central header has a size or offset of 0xffffffff but no zip64 extended information field', { offset: extraOffset });
  }
  const r = new ByteReader(field, 'zip64 extended information', { base: extraOffset, errorCode: 'ZIP_BAD_ZIP64_EXTRA' });
  if (h.uncompressedSize === U32_MAX) h.uncompressedSize = r.u64leNumber();
  if (h.compressedSize === U32_MAX) h.compressedSize = r.u64leNumber();
  if (h.localHeaderOffset === U32_MAX) h.localHeaderOffset = r.u64leNumber();
  if (h.diskNumberStart === U16_MAX) h.diskNumberStart = r.u32le();
}

/** Parses a local file header (fixed part, name, extra) from bytes that start at its signature. */
export function parseLocalHeader(r: ByteReader): LocalHeader {
  const start = r.pos;
  const signature = r.u32le();
  if (signature !== LOCAL_FILE_HEADER_SIGNATURE) {
    r.fail('ZIP_BAD_LOCAL_HEADER', `local file header signature is ${hex(signature)}, expected ${hex(LOCAL_FILE_HEADER_SIGNATURE)}`, start);
  }
  const versionNeeded = r.u16le();
  const generalPurposeFlags = r.u16le();
  const compressionMethod = r.u16le();
  r.skip(4); // time, date
  const crc32 = r.u32le();
  const compressedSize = r.u32le();
  const uncompressedSize = r.u32le();
  const nameLength = r.u16le();
  const extraLength = r.u16le();
  const rawName = r.take(nameLength);
  const extra = r.take(extraLength);
  return { versionNeeded, generalPurposeFlags, compressionMethod, crc32, compressedSize, uncompressedSize, rawName, extra, headerSize: r.pos - start };
}

/** Extra-field blocks (id, data); undefined when the blocks do not tile the field exactly. */
export function parseExtraFields(extra: Uint8Array): { id: number; data: Uint8Array }[] | undefined {
  const out: { id: number; data: Uint8Array }[] = [];
  let at = 0;
  while (at < extra.length) {
    if (at + 4 > extra.length) return undefined;
    const id = extra[at]! | (extra[at + 1]! << 8);
    const size = extra[at + 2]! | (extra[at + 3]! << 8);
    if (at + 4 + size > extra.length) return undefined;
    out.push({ id, data: extra.subarray(at + 4, at + 4 + size) });
    at += 4 + size;
  }
  return out;
}

export function findExtraField(extra: Uint8Array, id: number): Uint8Array | undefined {
  return parseExtraFields(extra)?.find((f) => f.id === id)?.data;
}
