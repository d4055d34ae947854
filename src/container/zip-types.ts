// The model of a zip archive as mam reads it (PKWARE APPNOTE 6.3.x): trust only the central directory,
// read entries lazily, and keep enough raw detail that an unchanged entry can be copied verbatim.
// Implemented by zip-reader.ts; consumed by every format reader and by the APK signer.

import type { DataSource } from '../core/data-source.js';

export const COMPRESSION_STORED = 0;
export const COMPRESSION_DEFLATED = 8;

export interface ZipEntry {
  /** Name as decoded from the central directory (UTF-8 when flag bit 11 is set, else CP437). */
  readonly name: string;
  /** The name's raw bytes from the central directory. */
  readonly rawName: Uint8Array;
  readonly compressionMethod: number;
  readonly generalPurposeFlags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  /** Offset of the local file header in the archive. */
  readonly localHeaderOffset: number;
  /** Offset of the entry's (compressed) data, after the local header, name and extra field. */
  readonly dataOffset: number;
  readonly lastModTime: number;
  readonly lastModDate: number;
  readonly versionMadeBy: number;
  readonly versionNeeded: number;
  readonly internalAttributes: number;
  readonly externalAttributes: number;
  readonly centralExtra: Uint8Array;
  readonly localExtra: Uint8Array;
  readonly comment: Uint8Array;
  readonly isDirectory: boolean;
}

export interface ZipArchive {
  readonly source: DataSource;
  /** Entries in central-directory order. */
  readonly entries: readonly ZipEntry[];
  /** Offset of the first local header (0 unless data precedes it: the Janus trick, or an APK Signing Block never does). */
  readonly firstLocalHeaderOffset: number;
  readonly centralDirectoryOffset: number;
  readonly centralDirectorySize: number;
  /** Offset of the end-of-central-directory record (the classic one, not the zip64 one). */
  readonly eocdOffset: number;
  /** Offset of the zip64 EOCD record, when present. */
  readonly zip64EocdOffset?: number;
  readonly comment: Uint8Array;
  readonly isZip64: boolean;

  getEntry(name: string): ZipEntry | undefined;
  /** The entry's compressed bytes exactly as stored (for verbatim copies). */
  rawData(entry: ZipEntry): DataSource;
  /** The entry's uncompressed bytes, CRC-checked, refusing more than `maxBytes` (zip-bomb guard). */
  readEntry(entry: ZipEntry | string, maxBytes?: number): Uint8Array;
  /** Streams the uncompressed bytes in chunks (CRC-checked at the end). */
  streamEntry(entry: ZipEntry, consume: (chunk: Uint8Array) => void): void;
  close(): void;
}
