// Opens a zip archive (PKWARE APPNOTE 6.3.10) trusting only the central directory, after yauzl and
// apksig: find the EOCD (and the zip64 records), read every central header, validate every entry name,
// then read each local header once to locate the data and to refuse archives whose entries point
// outside the file, into the central directory, or into each other (the overlapping-entry zip bomb).

import { ByteReader, u32le } from '../core/byte-reader.js';
import { bytesEqual } from '../core/byte-writer.js';
import type { DataSource } from '../core/data-source.js';
import { MalformedInputError, hex, isMamError } from '../core/errors.js';
import { DEFAULT_MAX_ENTRY_BYTES, readEntryData, streamEntryData } from './zip-entry-data.js';
import { assertSafeEntryName, decodeEntryName } from './zip-names.js';
import {
  EOCD_SIGNATURE, EOCD_SIZE, FLAG_ENCRYPTED, FLAG_STRONG_ENCRYPTION, LOCAL_FILE_HEADER_SIZE, MAX_EOCD_COMMENT,
  ZIP64_EOCD_LOCATOR_SIGNATURE, ZIP64_EOCD_LOCATOR_SIZE, ZIP64_EOCD_SIZE,
  parseCentralHeader, parseEocd, parseLocalHeader, parseZip64Eocd, parseZip64Locator,
  type CentralHeader, type EocdRecord, type LocalHeader,
} from './zip-records.js';
import { COMPRESSION_DEFLATED, COMPRESSION_STORED, type ZipArchive, type ZipEntry } from './zip-types.js';

export interface OpenZipOptions {
  /** Path shown in error context. */
  file?: string;
  /** Refuse (ZIP_BOMB) when the declared uncompressed sizes add up to more than this. Default 8 GiB. */
  maxTotalBytes?: number;
  /** Default for readEntry/streamEntry's maxBytes. Default 1 GiB. */
  maxEntryBytes?: number;
}

export const DEFAULT_MAX_TOTAL_BYTES = 8 * 2 ** 30;
const LOCAL_EXTRA_GUESS = 64;

interface Directory extends Omit<EocdRecord, 'comment'> {
  eocdOffset: number;
  zip64EocdOffset?: number;
  comment: Uint8Array;
}

export function openZip(source: DataSource, opts: OpenZipOptions = {}): ZipArchive {
  try {
    const dir = readDirectory(source);
    const headers = readCentralHeaders(source, dir);
    const entries = headers.map((h) => toEntry(source, dir, h));
    assertNoDuplicates(entries);
    assertTotalSize(entries, opts.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES);
    assertNoOverlap(entries, dir);
    return new OpenedZip(source, dir, entries, opts.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES);
  } catch (e) {
    if (isMamError(e) && opts.file) e.within({ file: opts.file });
    throw e;
  }
}

// The EOCD is the last 22 bytes plus a comment of up to 65535 bytes; scanning back from the end and
// requiring the comment length to reach exactly to the end of the file avoids matching a signature
// that happens to sit inside the comment.
function findEocd(source: DataSource): number {
  if (source.size < EOCD_SIZE) {
    throw new MalformedInputError('ZIP_NO_EOCD', `${source.size} bytes is smaller than an end of central directory record (${EOCD_SIZE})`, { offset: 0 });
  }
  const tailLength = Math.min(source.size, EOCD_SIZE + MAX_EOCD_COMMENT);
  const tailStart = source.size - tailLength;
  const tail = source.read(tailStart, tailLength);
  for (let i = tailLength - EOCD_SIZE; i >= 0; i--) {
    if (u32le(tail, i) === EOCD_SIGNATURE && (tail[i + 20]! | (tail[i + 21]! << 8)) === tailLength - i - EOCD_SIZE) {
      return tailStart + i;
    }
  }
  throw new MalformedInputError('ZIP_NO_EOCD', `no end of central directory record in the last ${tailLength} bytes; not a zip archive`, { offset: tailStart });
}

function readDirectory(source: DataSource): Directory {
  const eocdOffset = findEocd(source);
  const eocdBytes = source.read(eocdOffset, source.size - eocdOffset);
  const eocd = parseEocd(new ByteReader(eocdBytes, 'end of central directory', { base: eocdOffset, errorCode: 'ZIP_TRUNCATED' }));
  let dir: Directory = { ...eocd, eocdOffset };
  if (eocdOffset >= ZIP64_EOCD_LOCATOR_SIZE && u32le(source.read(eocdOffset - ZIP64_EOCD_LOCATOR_SIZE, 4), 0) === ZIP64_EOCD_LOCATOR_SIGNATURE) {
    const locatorAt = eocdOffset - ZIP64_EOCD_LOCATOR_SIZE;
    const locator = parseZip64Locator(new ByteReader(source.read(locatorAt, ZIP64_EOCD_LOCATOR_SIZE), 'zip64 locator', { base: locatorAt, errorCode: 'ZIP_TRUNCATED' }));
    if (locator.zip64EocdOffset + ZIP64_EOCD_SIZE > locatorAt) {
      throw new MalformedInputError('ZIP_BAD_ZIP64_EOCD', `zip64 locator points to ${hex(locator.zip64EocdOffset)}, which leaves no room for the 56-byte record before the locator at ${hex(locatorAt)}`, { offset: locatorAt });
    }
    const z = parseZip64Eocd(new ByteReader(source.read(locator.zip64EocdOffset, ZIP64_EOCD_SIZE), 'zip64 end of central directory', { base: locator.zip64EocdOffset, errorCode: 'ZIP_TRUNCATED' }));
    dir = { ...dir, ...z, zip64EocdOffset: locator.zip64EocdOffset };
  }
  if (dir.diskNumber !== 0 || dir.centralDirectoryDisk !== 0 || dir.entriesOnDisk !== dir.totalEntries) {
    throw new MalformedInputError('ZIP_MULTI_DISK', `archive spans disks (this disk ${dir.diskNumber}, central directory on disk ${dir.centralDirectoryDisk}); expected a single-file archive`, { offset: eocdOffset });
  }
  const limit = dir.zip64EocdOffset ?? eocdOffset;
  if (dir.centralDirectoryOffset + dir.centralDirectorySize > limit) {
    throw new MalformedInputError('ZIP_CD_OUT_OF_BOUNDS', `central directory at ${hex(dir.centralDirectoryOffset)} of ${dir.centralDirectorySize} bytes ends past the end of central directory record at ${hex(limit)}`, { offset: eocdOffset });
  }
  return dir;
}

function readCentralHeaders(source: DataSource, dir: Directory): CentralHeader[] {
  if (dir.totalEntries * 46 > dir.centralDirectorySize) {
    throw new MalformedInputError('ZIP_CD_OUT_OF_BOUNDS', `${dir.totalEntries} entries cannot fit in a central directory of ${dir.centralDirectorySize} bytes`, { offset: dir.centralDirectoryOffset });
  }
  const bytes = source.read(dir.centralDirectoryOffset, dir.centralDirectorySize);
  const r = new ByteReader(bytes, 'central directory', { base: dir.centralDirectoryOffset, errorCode: 'ZIP_TRUNCATED' });
  const out: CentralHeader[] = [];
  for (let i = 0; i < dir.totalEntries; i++) out.push(parseCentralHeader(r));
  return out;
}

function toEntry(source: DataSource, dir: Directory, h: CentralHeader): ZipEntry {
  const name = decodeEntryName(h.rawName, h.generalPurposeFlags);
  const context = { entry: name, offset: h.localHeaderOffset };
  assertSafeEntryName(name, h.rawName, h.localHeaderOffset);
  if (h.generalPurposeFlags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) {
    throw new MalformedInputError('ZIP_ENCRYPTED_ENTRY', `entry is encrypted (flags ${hex(h.generalPurposeFlags)}); expected no encryption`, context);
  }
  if (h.compressionMethod !== COMPRESSION_STORED && h.compressionMethod !== COMPRESSION_DEFLATED) {
    throw new MalformedInputError('ZIP_UNSUPPORTED_COMPRESSION', `compression method ${h.compressionMethod}; expected 0 (stored) or 8 (deflated)`, context);
  }
  if (h.diskNumberStart !== 0) {
    throw new MalformedInputError('ZIP_MULTI_DISK', `entry starts on disk ${h.diskNumberStart}; expected 0`, context);
  }
  const { local, dataOffset } = readLocalHeader(source, dir, h, name);
  return {
    name, rawName: h.rawName, compressionMethod: h.compressionMethod, generalPurposeFlags: h.generalPurposeFlags,
    crc32: h.crc32, compressedSize: h.compressedSize, uncompressedSize: h.uncompressedSize,
    localHeaderOffset: h.localHeaderOffset, dataOffset, lastModTime: h.lastModTime, lastModDate: h.lastModDate,
    versionMadeBy: h.versionMadeBy, versionNeeded: h.versionNeeded, internalAttributes: h.internalAttributes,
    externalAttributes: h.externalAttributes, centralExtra: h.extra, localExtra: local.extra, comment: h.comment,
    isDirectory: name.endsWith('/'),
  };
}

// The local header is read only to find where the data starts, and to refuse an archive whose local
// view disagrees with the central one (a different name is how some APK parsers were fooled).
function readLocalHeader(source: DataSource, dir: Directory, h: CentralHeader, name: string): { local: LocalHeader; dataOffset: number } {
  const context = { entry: name, offset: h.localHeaderOffset };
  if (h.localHeaderOffset + LOCAL_FILE_HEADER_SIZE > dir.centralDirectoryOffset) {
    throw new MalformedInputError(h.localHeaderOffset >= dir.centralDirectoryOffset + dir.centralDirectorySize ? 'ZIP_ENTRY_OUT_OF_BOUNDS' : 'ZIP_OVERLAPPING_ENTRIES',
      `local header at ${hex(h.localHeaderOffset)} does not end before the central directory at ${hex(dir.centralDirectoryOffset)}`, context);
  }
  // One read usually covers the local header: its name has the central name's length, and its extra
  // field is rarely longer than the alignment padding of a page.
  const guess = Math.min(LOCAL_FILE_HEADER_SIZE + h.rawName.length + LOCAL_EXTRA_GUESS, source.size - h.localHeaderOffset);
  let headerBytes = source.read(h.localHeaderOffset, guess);
  const variable = (headerBytes[26]! | (headerBytes[27]! << 8)) + (headerBytes[28]! | (headerBytes[29]! << 8));
  if (h.localHeaderOffset + LOCAL_FILE_HEADER_SIZE + variable > source.size) {
    throw new MalformedInputError('ZIP_ENTRY_OUT_OF_BOUNDS', `local header at ${hex(h.localHeaderOffset)} with ${variable} bytes of name and extra runs past the end of the file (${source.size} bytes)`, context);
  }
  if (LOCAL_FILE_HEADER_SIZE + variable > guess) headerBytes = source.read(h.localHeaderOffset, LOCAL_FILE_HEADER_SIZE + variable);
  const local = parseLocalHeader(new ByteReader(headerBytes, `local header of ${name}`, { base: h.localHeaderOffset, errorCode: 'ZIP_BAD_LOCAL_HEADER', context: { entry: name } }));
  if (!bytesEqual(local.rawName, h.rawName)) {
    throw new MalformedInputError('ZIP_LOCAL_NAME_MISMATCH', `local header names ${JSON.stringify(decodeEntryName(local.rawName, local.generalPurposeFlags))}, the central directory names ${JSON.stringify(name)}`, context);
  }
  if (local.compressionMethod !== h.compressionMethod) {
    throw new MalformedInputError('ZIP_BAD_LOCAL_HEADER', `local header says compression method ${local.compressionMethod}, the central directory says ${h.compressionMethod}`, context);
  }
  const dataOffset = h.localHeaderOffset + local.headerSize;
  if (dataOffset + h.compressedSize > source.size) {
    throw new MalformedInputError('ZIP_ENTRY_OUT_OF_BOUNDS', `${h.compressedSize} bytes of data at ${hex(dataOffset)} run past the end of the file (${source.size} bytes)`, context);
  }
  return { local, dataOffset };
}

function assertNoDuplicates(entries: readonly ZipEntry[]): void {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.name)) {
      throw new MalformedInputError('ZIP_DUPLICATE_NAME', `entry name ${JSON.stringify(e.name)} appears more than once in the central directory`, { entry: e.name, offset: e.localHeaderOffset });
    }
    seen.add(e.name);
  }
}

function assertTotalSize(entries: readonly ZipEntry[], max: number): void {
  let total = 0;
  for (const e of entries) total += e.uncompressedSize;
  if (total > max) throw new MalformedInputError('ZIP_BOMB', `entries declare ${total} uncompressed bytes in total, more than the limit of ${max}`, {});
}

// Each entry's [local header, end of data) must precede the next entry's local header and the central
// directory. The gap between the last entry and the central directory is allowed: the APK Signing
// Block lives there.
function assertNoOverlap(entries: readonly ZipEntry[], dir: Directory): void {
  const sorted = [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    const end = e.dataOffset + e.compressedSize;
    const next = sorted[i + 1];
    const limit = next ? next.localHeaderOffset : dir.centralDirectoryOffset;
    if (end > limit) {
      const what = next ? `entry ${JSON.stringify(next.name)} at ${hex(limit)}` : `the central directory at ${hex(limit)}`;
      throw new MalformedInputError('ZIP_OVERLAPPING_ENTRIES', `data of ${JSON.stringify(e.name)} ends at ${hex(end)}, past the start of ${what}`, { entry: e.name, offset: e.localHeaderOffset });
    }
  }
}

class OpenedZip implements ZipArchive {
  readonly firstLocalHeaderOffset: number;
  readonly centralDirectoryOffset: number;
  readonly centralDirectorySize: number;
  readonly eocdOffset: number;
  readonly zip64EocdOffset?: number;
  readonly comment: Uint8Array;
  readonly isZip64: boolean;
  private readonly byName: Map<string, ZipEntry>;

  constructor(
    readonly source: DataSource,
    dir: Directory,
    readonly entries: readonly ZipEntry[],
    private readonly maxEntryBytes: number,
  ) {
    this.centralDirectoryOffset = dir.centralDirectoryOffset;
    this.centralDirectorySize = dir.centralDirectorySize;
    this.eocdOffset = dir.eocdOffset;
    if (dir.zip64EocdOffset !== undefined) this.zip64EocdOffset = dir.zip64EocdOffset;
    this.isZip64 = dir.zip64EocdOffset !== undefined;
    this.comment = dir.comment;
    this.firstLocalHeaderOffset = entries.reduce((m, e) => Math.min(m, e.localHeaderOffset), dir.centralDirectoryOffset);
    this.byName = new Map(entries.map((e) => [e.name, e]));
  }

  getEntry(name: string): ZipEntry | undefined {
    return this.byName.get(name);
  }

  private resolve(entry: ZipEntry | string): ZipEntry {
    if (typeof entry !== 'string') return entry;
    const found = this.byName.get(entry);
    if (!found) throw new MalformedInputError('ZIP_ENTRY_NOT_FOUND', `no entry named ${JSON.stringify(entry)} in the archive`, { entry });
    return found;
  }

  rawData(entry: ZipEntry): DataSource {
    return this.source.slice(entry.dataOffset, entry.compressedSize);
  }

  readEntry(entry: ZipEntry | string, maxBytes = this.maxEntryBytes): Uint8Array {
    return readEntryData(this.source, this.resolve(entry), maxBytes);
  }

  streamEntry(entry: ZipEntry, consume: (chunk: Uint8Array) => void): void {
    streamEntryData(this.source, entry, consume, this.maxEntryBytes);
  }

  /** Closes the underlying source when it can be closed (a FileSource). */
  close(): void {
    const s = this.source as DataSource & { close?: () => void };
    if (typeof s.close === 'function') s.close();
  }
}
