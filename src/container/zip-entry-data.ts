// Entry data: stored bytes as they are, deflate (RFC 1951) through node:zlib, both checked against the
// central directory's sizes and CRC-32 (APPNOTE 4.4.7–4.4.9) and bounded against zip bombs.

import { inflateRawSync } from 'node:zlib';
import type { DataSource } from '../core/data-source.js';
import { MalformedInputError, isMamError } from '../core/errors.js';
import { crc32Update } from './crc32.js';
import { inflateStream } from './inflate-stream.js';
import { COMPRESSION_DEFLATED, COMPRESSION_STORED, type ZipEntry } from './zip-types.js';

/** Default ceiling for one entry's uncompressed size (readEntry's maxBytes). */
export const DEFAULT_MAX_ENTRY_BYTES = 1 << 30;
const CHUNK = 1 << 16;

function fail(code: string, entry: ZipEntry, message: string): never {
  throw new MalformedInputError(code, message, { entry: entry.name, offset: entry.dataOffset });
}

function assertDeclaredSize(entry: ZipEntry, maxBytes: number): void {
  if (entry.uncompressedSize > maxBytes) {
    fail('ZIP_BOMB', entry, `declares ${entry.uncompressedSize} uncompressed bytes, more than the limit of ${maxBytes}`);
  }
  if (entry.compressionMethod === COMPRESSION_STORED && entry.compressedSize !== entry.uncompressedSize) {
    fail('ZIP_SIZE_MISMATCH', entry, `is stored but declares ${entry.compressedSize} compressed and ${entry.uncompressedSize} uncompressed bytes`);
  }
  if (entry.compressionMethod !== COMPRESSION_STORED && entry.compressionMethod !== COMPRESSION_DEFLATED) {
    fail('ZIP_UNSUPPORTED_COMPRESSION', entry, `uses compression method ${entry.compressionMethod}; expected 0 (stored) or 8 (deflated)`);
  }
}

function assertCrc(entry: ZipEntry, crc: number): void {
  if (crc !== entry.crc32) {
    fail('ZIP_CRC_MISMATCH', entry, `CRC-32 of the data is ${crc.toString(16).padStart(8, '0')}, the central directory says ${entry.crc32.toString(16).padStart(8, '0')}`);
  }
}

function inflate(entry: ZipEntry, compressed: Uint8Array): Uint8Array {
  try {
    // One byte more than declared lets us tell "more than declared" (a bomb) from "exactly declared".
    const out = inflateRawSync(compressed, { maxOutputLength: entry.uncompressedSize + 1 });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    if (isMamError(e)) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      fail('ZIP_BOMB', entry, `inflates to more than the ${entry.uncompressedSize} bytes it declares`);
    }
    throw new MalformedInputError('ZIP_BAD_DEFLATE', `deflate data is invalid: ${(e as Error).message}`, { entry: entry.name, offset: entry.dataOffset }, { cause: e });
  }
}

/** The entry's uncompressed bytes, size- and CRC-checked. */
export function readEntryData(source: DataSource, entry: ZipEntry, maxBytes = DEFAULT_MAX_ENTRY_BYTES): Uint8Array {
  assertDeclaredSize(entry, maxBytes);
  const compressed = source.read(entry.dataOffset, entry.compressedSize);
  // A copy for stored data: the source may hand out views of its own memory.
  const data = entry.compressionMethod === COMPRESSION_STORED ? new Uint8Array(compressed) : inflate(entry, compressed);
  if (data.length > entry.uncompressedSize) fail('ZIP_BOMB', entry, `inflates to more than the ${entry.uncompressedSize} bytes it declares`);
  if (data.length < entry.uncompressedSize) {
    fail('ZIP_SIZE_MISMATCH', entry, `inflates to ${data.length} bytes, the central directory says ${entry.uncompressedSize}`);
  }
  assertCrc(entry, crc32Update(0, data));
  return data;
}

/** Deflated entries above this size are inflated incrementally (inflate-stream.ts), below it by node:zlib. */
export const STREAMING_THRESHOLD = 16 << 20;

/**
 * Feeds the uncompressed bytes to `consume` in chunks of at most 128 KiB; the CRC is checked after the
 * last chunk, so a consumer must not commit anything until this returns. Memory stays bounded by
 * `streamingThreshold` whatever the entry's size.
 */
export function streamEntryData(source: DataSource, entry: ZipEntry, consume: (chunk: Uint8Array) => void, maxBytes = DEFAULT_MAX_ENTRY_BYTES, streamingThreshold = STREAMING_THRESHOLD): void {
  assertDeclaredSize(entry, maxBytes);
  let crc = 0;
  if (entry.compressionMethod === COMPRESSION_STORED) {
    for (let at = 0; at < entry.compressedSize; at += CHUNK) {
      const chunk = source.read(entry.dataOffset + at, Math.min(CHUNK, entry.compressedSize - at));
      crc = crc32Update(crc, chunk);
      consume(chunk);
    }
  } else if (entry.uncompressedSize > streamingThreshold) {
    const total = inflateStream(source.slice(entry.dataOffset, entry.compressedSize), { maxOutput: entry.uncompressedSize, entry: entry.name, base: entry.dataOffset }, (chunk) => {
      crc = crc32Update(crc, chunk);
      consume(chunk);
    });
    if (total < entry.uncompressedSize) fail('ZIP_SIZE_MISMATCH', entry, `inflates to ${total} bytes, the central directory says ${entry.uncompressedSize}`);
  } else {
    const data = readEntryData(source, entry, maxBytes);
    for (let at = 0; at < data.length; at += CHUNK) {
      const chunk = data.subarray(at, Math.min(data.length, at + CHUNK));
      crc = crc32Update(crc, chunk);
      consume(chunk);
    }
  }
  assertCrc(entry, crc);
}
