// Writes a zip archive front to back onto a DataSink (PKWARE APPNOTE 6.3.10), after apksig's
// verbatim-record approach: unchanged entries are copied with their compressed bytes untouched under a
// fresh local header; new entries are stored or deflated deterministically; stored data is aligned
// with Android's 0xd935 extra field (what zipalign -p and apksig write). The writer can stop after the
// entries so that the APK signer can put its Signing Block between entries and central directory.

import { deflateRawSync } from 'node:zlib';
import type { DataSink } from '../core/data-sink.js';
import { MalformedInputError } from '../core/errors.js';
import { crc32 } from './crc32.js';
import { assertSafeEntryName, isAscii } from './zip-names.js';
import { FLAG_DATA_DESCRIPTOR, FLAG_UTF8 } from './zip-records.js';
import {
  serializeCentralHeader, serializeEndOfCentralDirectory, serializeLocalHeader, withoutZip64Extra, type EntryRecord,
} from './zip-serialize.js';
import { COMPRESSION_DEFLATED, COMPRESSION_STORED, type ZipArchive, type ZipEntry } from './zip-types.js';

/** 1981-01-01 00:00:00 in MS-DOS date/time form (what apksig and bundletool use for reproducible output). */
export const DOS_DATE_1981_01_01 = (1 << 9) | (1 << 5) | 1;
export const DOS_TIME_MIDNIGHT = 0;
export const DEFLATE_LEVEL = 9;
/** zlib's own default (Z_DEFAULT_COMPRESSION): about 3× faster than 9 on machine code for under 1 % more bytes. */
export const ZLIB_DEFAULT_LEVEL = 6;
const VERSION_DEFLATE = 20;
const VERSION_STORED = 10;
const UNIX_HOST = 3 << 8;

/** Android's rule: stored .so files on 16 KiB pages (so they can be mapped in place), the rest on 4 bytes. */
export function androidAlignment(name: string): number {
  return name.endsWith('.so') ? 16384 : 4;
}

export interface ZipWriterOptions {
  /** Alignment for the data of stored entries, or a rule per entry name. Default 1 (none). */
  alignment?: number | ((name: string) => number);
  /** EOCD comment written by finish(). */
  comment?: Uint8Array;
}

export interface CopyEntryOptions {
  /** Write the entry under another name. */
  name?: string;
  alignment?: number;
}

export interface AddEntryOptions {
  method?: typeof COMPRESSION_STORED | typeof COMPRESSION_DEFLATED;
  alignment?: number;
  lastModTime?: number;
  lastModDate?: number;
  /** Unix file mode (e.g. 0o100755); recorded with "made by Unix" so extractors restore it. */
  unixMode?: number;
  /** zlib deflate level 1–9 for deflated entries (default DEFLATE_LEVEL); the output is still deterministic. */
  level?: number;
}

/** What the APK signer needs to put a Signing Block between the entries and the central directory. */
export interface FinishedEntries {
  /** Offset just past the last entry's data (where the central directory would start). */
  entriesEnd: number;
  centralDirectory: Uint8Array;
  /** The end records (zip64 ones when needed, then the EOCD) for a central directory at this offset. */
  buildEocd(centralDirectoryOffset: number): Uint8Array;
}

export class ZipWriter {
  private readonly records: EntryRecord[] = [];
  private readonly names = new Set<string>();
  private finished = false;

  constructor(private readonly sink: DataSink, private readonly opts: ZipWriterOptions = {}) {}

  /** Copies an entry from an open archive: same compressed bytes, CRC, sizes and attributes. */
  copyEntry(archive: ZipArchive, entry: ZipEntry, opts: CopyEntryOptions = {}): void {
    const renamed = opts.name !== undefined && opts.name !== entry.name;
    const name = renamed ? opts.name! : entry.name;
    const rawName = renamed ? new TextEncoder().encode(name) : entry.rawName;
    let flags = entry.generalPurposeFlags & ~FLAG_DATA_DESCRIPTOR;
    if (renamed && !isAscii(rawName)) flags |= FLAG_UTF8;
    const record: EntryRecord = {
      versionMadeBy: entry.versionMadeBy, versionNeeded: entry.versionNeeded, flags, method: entry.compressionMethod,
      lastModTime: entry.lastModTime, lastModDate: entry.lastModDate, crc32: entry.crc32,
      compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize,
      internalAttributes: entry.internalAttributes, externalAttributes: entry.externalAttributes,
      localHeaderOffset: this.sink.position, rawName, centralExtra: withoutZip64Extra(entry.centralExtra), comment: entry.comment,
    };
    this.begin(name, record, opts.alignment);
    archive.rawData(entry).forEachChunk((chunk) => this.sink.write(chunk));
  }

  /** Adds a new entry from bytes; deterministic for the same inputs. */
  addEntry(name: string, data: Uint8Array, opts: AddEntryOptions = {}): void {
    const method = opts.method ?? COMPRESSION_DEFLATED;
    const body = method === COMPRESSION_DEFLATED ? new Uint8Array(deflateRawSync(data, { level: opts.level ?? DEFLATE_LEVEL })) : data;
    const rawName = new TextEncoder().encode(name);
    const record: EntryRecord = {
      versionMadeBy: (opts.unixMode !== undefined ? UNIX_HOST : 0) | VERSION_DEFLATE,
      versionNeeded: method === COMPRESSION_DEFLATED ? VERSION_DEFLATE : VERSION_STORED,
      flags: isAscii(rawName) ? 0 : FLAG_UTF8, method,
      lastModTime: opts.lastModTime ?? DOS_TIME_MIDNIGHT, lastModDate: opts.lastModDate ?? DOS_DATE_1981_01_01,
      crc32: crc32(data), compressedSize: body.length, uncompressedSize: data.length,
      internalAttributes: 0, externalAttributes: opts.unixMode !== undefined ? (opts.unixMode << 16) >>> 0 : 0,
      localHeaderOffset: this.sink.position, rawName, centralExtra: new Uint8Array(0), comment: new Uint8Array(0),
    };
    this.begin(name, record, opts.alignment);
    this.sink.write(body);
  }

  private begin(name: string, record: EntryRecord, alignment: number | undefined): void {
    if (this.finished) throw new Error('ZipWriter: entry added after finishEntries()');
    assertSafeEntryName(name, record.rawName, record.localHeaderOffset);
    if (this.names.has(name)) {
      throw new MalformedInputError('ZIP_DUPLICATE_NAME', `entry name ${JSON.stringify(name)} is written twice`, { entry: name });
    }
    this.names.add(name);
    const align = record.method === COMPRESSION_STORED ? alignment ?? this.alignmentFor(name) : 1;
    this.sink.write(serializeLocalHeader(record, align));
    this.records.push(record);
  }

  private alignmentFor(name: string): number {
    const a = this.opts.alignment;
    return typeof a === 'function' ? a(name) : a ?? 1;
  }

  /** Ends the entries section; nothing more may be added. The sink is not written to. */
  finishEntries(): FinishedEntries {
    this.finished = true;
    const parts = this.records.map(serializeCentralHeader);
    const centralDirectory = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      centralDirectory.set(p, at);
      at += p.length;
    }
    const count = this.records.length;
    const comment = this.opts.comment;
    return {
      entriesEnd: this.sink.position,
      centralDirectory,
      buildEocd: (offset: number) => serializeEndOfCentralDirectory(count, offset, centralDirectory.length, comment),
    };
  }

  /** Writes the central directory and the end records right after the entries. */
  finish(): void {
    const done = this.finishEntries();
    this.sink.write(done.centralDirectory);
    this.sink.write(done.buildEocd(done.entriesEnd));
  }
}
