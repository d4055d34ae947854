// Serializers for the zip records the writer emits (PKWARE APPNOTE 6.3.10 sections 4.3.7, 4.3.12,
// 4.3.14–4.3.16, 4.5.3) and Android's alignment extra field (apksig's ApkSigner/zipalign: header id
// 0xd935, data = u16 alignment then zero padding). Pure: a record model in, bytes out.

import { ByteWriter } from '../core/byte-writer.js';
import {
  ALIGNMENT_EXTRA_ID, CENTRAL_FILE_HEADER_SIGNATURE, EOCD_SIGNATURE, LOCAL_FILE_HEADER_SIGNATURE, U16_MAX, U32_MAX,
  ZIP64_EOCD_LOCATOR_SIGNATURE, ZIP64_EOCD_SIGNATURE, ZIP64_EXTRA_ID, parseExtraFields,
} from './zip-records.js';

export const VERSION_ZIP64 = 45;

/** Everything the central record says about one written entry. */
export interface EntryRecord {
  versionMadeBy: number;
  versionNeeded: number;
  flags: number;
  method: number;
  lastModTime: number;
  lastModDate: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  internalAttributes: number;
  externalAttributes: number;
  localHeaderOffset: number;
  rawName: Uint8Array;
  /** Central extra field without any zip64 block (it is regenerated). */
  centralExtra: Uint8Array;
  comment: Uint8Array;
}

export function needsZip64Sizes(r: EntryRecord): boolean {
  return r.compressedSize >= U32_MAX || r.uncompressedSize >= U32_MAX;
}

/** Removes zip64 blocks from an extra field; a field that does not parse is kept as it is. */
export function withoutZip64Extra(extra: Uint8Array): Uint8Array {
  const fields = parseExtraFields(extra);
  if (!fields || !fields.some((f) => f.id === ZIP64_EXTRA_ID)) return extra;
  const w = new ByteWriter(extra.length);
  for (const f of fields) if (f.id !== ZIP64_EXTRA_ID) w.u16le(f.id).u16le(f.data.length).bytes(f.data);
  return w.toBytes();
}

// FORMAT: 0xd935 u16 | size u16 (= 2 + padding) | alignment u16 | padding zero bytes
function alignmentExtra(alignment: number, padding: number): Uint8Array {
  return new ByteWriter(6 + padding).u16le(ALIGNMENT_EXTRA_ID).u16le(2 + padding).u16le(alignment).zeros(padding).toBytes();
}

/**
 * The local header for `r` written at `r.localHeaderOffset`, with an alignment extra field sized so
 * that the data that follows starts at a multiple of `alignment` (when alignment > 1).
 */
export function serializeLocalHeader(r: EntryRecord, alignment: number): Uint8Array {
  const zip64 = needsZip64Sizes(r);
  const zip64Extra = zip64 ? new ByteWriter(20).u16le(ZIP64_EXTRA_ID).u16le(16).u64le(r.uncompressedSize).u64le(r.compressedSize).toBytes() : new Uint8Array(0);
  let extra = zip64Extra;
  if (alignment > 1) {
    const dataStart = r.localHeaderOffset + 30 + r.rawName.length + zip64Extra.length + 6;
    const padding = (alignment - (dataStart % alignment)) % alignment;
    const w = new ByteWriter(zip64Extra.length + 6 + padding).bytes(zip64Extra).bytes(alignmentExtra(alignment, padding));
    extra = w.toBytes();
  }
  const w = new ByteWriter(30 + r.rawName.length + extra.length);
  w.u32le(LOCAL_FILE_HEADER_SIGNATURE)
    .u16le(zip64 ? Math.max(VERSION_ZIP64, r.versionNeeded) : r.versionNeeded)
    .u16le(r.flags)
    .u16le(r.method)
    .u16le(r.lastModTime)
    .u16le(r.lastModDate)
    .u32le(r.crc32)
    .u32le(zip64 ? U32_MAX : r.compressedSize)
    .u32le(zip64 ? U32_MAX : r.uncompressedSize)
    .u16le(r.rawName.length)
    .u16le(extra.length)
    .bytes(r.rawName)
    .bytes(extra);
  return w.toBytes();
}

export function serializeCentralHeader(r: EntryRecord): Uint8Array {
  const bigUncompressed = r.uncompressedSize >= U32_MAX;
  const bigCompressed = r.compressedSize >= U32_MAX;
  const bigOffset = r.localHeaderOffset >= U32_MAX;
  let extra = r.centralExtra;
  const zip64 = bigUncompressed || bigCompressed || bigOffset;
  if (zip64) {
    const z = new ByteWriter(28);
    if (bigUncompressed) z.u64le(r.uncompressedSize);
    if (bigCompressed) z.u64le(r.compressedSize);
    if (bigOffset) z.u64le(r.localHeaderOffset);
    extra = new ByteWriter().u16le(ZIP64_EXTRA_ID).u16le(z.length).bytes(z.toBytes()).bytes(r.centralExtra).toBytes();
  }
  const w = new ByteWriter(46 + r.rawName.length + extra.length + r.comment.length);
  w.u32le(CENTRAL_FILE_HEADER_SIGNATURE)
    .u16le(r.versionMadeBy)
    .u16le(zip64 ? Math.max(VERSION_ZIP64, r.versionNeeded) : r.versionNeeded)
    .u16le(r.flags)
    .u16le(r.method)
    .u16le(r.lastModTime)
    .u16le(r.lastModDate)
    .u32le(r.crc32)
    .u32le(bigCompressed ? U32_MAX : r.compressedSize)
    .u32le(bigUncompressed ? U32_MAX : r.uncompressedSize)
    .u16le(r.rawName.length)
    .u16le(extra.length)
    .u16le(r.comment.length)
    .u16le(0) // disk number start
    .u16le(r.internalAttributes)
    .u32le(r.externalAttributes)
    .u32le(bigOffset ? U32_MAX : r.localHeaderOffset)
    .bytes(r.rawName)
    .bytes(extra)
    .bytes(r.comment);
  return w.toBytes();
}

/**
 * The records that follow a central directory of `entryCount` entries and `size` bytes at `offset`:
 * the zip64 EOCD record and locator when any value overflows the classic fields, then the EOCD.
 */
export function serializeEndOfCentralDirectory(entryCount: number, offset: number, size: number, comment: Uint8Array = new Uint8Array(0)): Uint8Array {
  const zip64 = entryCount >= U16_MAX || offset >= U32_MAX || size >= U32_MAX;
  const w = new ByteWriter(22 + 76 + comment.length);
  if (zip64) {
    const zip64EocdOffset = offset + size;
    w.u32le(ZIP64_EOCD_SIGNATURE)
      .u64le(44) // size of the remaining record
      .u16le(VERSION_ZIP64)
      .u16le(VERSION_ZIP64)
      .u32le(0)
      .u32le(0)
      .u64le(entryCount)
      .u64le(entryCount)
      .u64le(size)
      .u64le(offset);
    w.u32le(ZIP64_EOCD_LOCATOR_SIGNATURE).u32le(0).u64le(zip64EocdOffset).u32le(1);
  }
  w.u32le(EOCD_SIGNATURE)
    .u16le(0)
    .u16le(0)
    .u16le(Math.min(entryCount, U16_MAX))
    .u16le(Math.min(entryCount, U16_MAX))
    .u32le(Math.min(size, U32_MAX))
    .u32le(Math.min(offset, U32_MAX))
    .u16le(comment.length)
    .bytes(comment);
  return w.toBytes();
}
