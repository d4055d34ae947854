// The v1 (JAR) digests of the entries' uncompressed bytes ("JAR File Specification", "Signed JAR
// File": the Name/<alg>-Digest sections of MANIFEST.MF), computed in the same read that copies each
// entry verbatim. ZipWriter.copyEntry reads an entry through archive.rawData(entry).forEachChunk;
// the view below answers that call by reading the compressed bytes once, handing them to the writer
// and inflating the same bytes for the CRC check and the digest (zip-entry-data.ts teeEntryData).
// So each digest is of exactly the bytes the output holds, and nothing is inflated twice.

import { createHash } from 'node:crypto';
import type { DataSource } from '../../core/data-source.js';
import { teeEntryData } from '../../container/zip-entry-data.js';
import type { ZipArchive, ZipEntry } from '../../container/zip-types.js';

export type V1EntryHash = 'sha1' | 'sha256';

/** Digests of entries' uncompressed bytes, by entry name, all with one algorithm. */
export interface V1EntryDigests {
  hash: V1EntryHash;
  digests: Map<string, Uint8Array>;
}

/** Digests of the entries' uncompressed bytes, streamed (CRC-checked by the reader). */
export function digestEntries(archive: ZipArchive, entries: readonly ZipEntry[], hash: V1EntryHash): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const e of entries) {
    const h = createHash(hash);
    archive.streamEntry(e, (chunk) => h.update(chunk));
    out.set(e.name, new Uint8Array(h.digest()));
  }
  return out;
}

/** A source whose forEachChunk also digests the entry it holds the compressed bytes of. */
class DigestingRawSource implements DataSource {
  constructor(
    private readonly archive: ZipArchive,
    private readonly entry: ZipEntry,
    private readonly raw: DataSource,
    private readonly into: V1EntryDigests,
  ) {}

  get size(): number {
    return this.raw.size;
  }

  read(offset: number, length: number): Uint8Array {
    return this.raw.read(offset, length);
  }

  slice(offset: number, length: number): DataSource {
    return this.raw.slice(offset, length);
  }

  forEachChunk(consume: (chunk: Uint8Array) => void, chunkSize?: number): void {
    const h = createHash(this.into.hash);
    teeEntryData(this.archive.source, this.entry, consume, (chunk) => h.update(chunk), undefined, chunkSize);
    this.into.digests.set(this.entry.name, new Uint8Array(h.digest()));
  }
}

/**
 * A view of `archive` for ZipWriter.copyEntry: copying an entry through it records the entry's digest
 * in `into`. Everything but rawData is the archive's own.
 */
export function digestingArchive(archive: ZipArchive, into: V1EntryDigests): ZipArchive {
  return {
    get source() {
      return archive.source;
    },
    entries: archive.entries,
    firstLocalHeaderOffset: archive.firstLocalHeaderOffset,
    centralDirectoryOffset: archive.centralDirectoryOffset,
    centralDirectorySize: archive.centralDirectorySize,
    eocdOffset: archive.eocdOffset,
    ...(archive.zip64EocdOffset !== undefined ? { zip64EocdOffset: archive.zip64EocdOffset } : {}),
    comment: archive.comment,
    isZip64: archive.isZip64,
    getEntry: (name) => archive.getEntry(name),
    rawData: (entry) => new DigestingRawSource(archive, entry, archive.rawData(entry), into),
    readEntry: (entry, maxBytes) => archive.readEntry(entry, maxBytes),
    streamEntry: (entry, consume) => archive.streamEntry(entry, consume),
    close: () => archive.close(),
  };
}

/** The digests of `entries`, in their order: from `computed`, else read and inflated again. */
export function completeDigests(archive: ZipArchive, entries: readonly ZipEntry[], computed: V1EntryDigests): Map<string, Uint8Array> {
  const again = digestEntries(archive, entries.filter((e) => !computed.digests.has(e.name)), computed.hash);
  return new Map(entries.map((e) => [e.name, computed.digests.get(e.name) ?? again.get(e.name)!]));
}
