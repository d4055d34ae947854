// Entry data: stored bytes as they are, deflate (RFC 1951) through node:zlib, both checked against the
// central directory's sizes and CRC-32 (APPNOTE 4.4.7–4.4.9) and bounded against zip bombs.

import { inflateRawSync } from 'node:zlib';
import type { DataSource } from '../core/data-source.js';
import { MalformedInputError, isMamError } from '../core/errors.js';
import { crc32Update } from './crc32.js';
import { NATIVE_STREAMING_INFLATE, NativeInflater } from './inflate-native.js';
import { inflateStream } from './inflate-stream.js';
import { COMPRESSION_DEFLATED, COMPRESSION_STORED, type ZipEntry } from './zip-types.js';

/** Default ceiling for one entry's uncompressed size (readEntry's maxBytes). */
export const DEFAULT_MAX_ENTRY_BYTES = 1 << 30;
const CHUNK = 1 << 18;
const RAW_CHUNK = 1 << 20;

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

// One output buffer of the declared size (plus the byte that tells a bomb) instead of zlib's 16 KiB
// chunks joined at the end, which costs a second copy; capped so a lying header cannot make us
// allocate a gigabyte up front.
const ONE_SHOT_CHUNK_CAP = 64 << 20;

function inflate(entry: ZipEntry, compressed: Uint8Array): Uint8Array {
  try {
    // One byte more than declared lets us tell "more than declared" (a bomb) from "exactly declared".
    const chunkSize = Math.max(64, Math.min(entry.uncompressedSize + 1, ONE_SHOT_CHUNK_CAP));
    const out = inflateRawSync(compressed, { maxOutputLength: entry.uncompressedSize + 1, chunkSize });
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

function assertInflatedSize(entry: ZipEntry, size: number): void {
  if (size > entry.uncompressedSize) fail('ZIP_BOMB', entry, `inflates to more than the ${entry.uncompressedSize} bytes it declares`);
  if (size < entry.uncompressedSize) fail('ZIP_SIZE_MISMATCH', entry, `inflates to ${size} bytes, the central directory says ${entry.uncompressedSize}`);
}

/** The entry's uncompressed bytes, size- and CRC-checked. */
export function readEntryData(source: DataSource, entry: ZipEntry, maxBytes = DEFAULT_MAX_ENTRY_BYTES): Uint8Array {
  assertDeclaredSize(entry, maxBytes);
  const compressed = source.read(entry.dataOffset, entry.compressedSize);
  // A copy for stored data: the source may hand out views of its own memory.
  const data = entry.compressionMethod === COMPRESSION_STORED ? new Uint8Array(compressed) : inflate(entry, compressed);
  assertInflatedSize(entry, data.length);
  assertCrc(entry, crc32Update(0, data));
  return data;
}

/**
 * Without node:zlib's synchronous handle (inflate-native.ts), deflated entries above this size are
 * inflated by inflate-stream.ts, below it in one shot by node:zlib.
 */
export const STREAMING_THRESHOLD = 16 << 20;

/** Decodes one entry from its compressed bytes pushed in order; the CRC is checked by finish(). */
export interface EntryDataDecoder {
  push(compressed: Uint8Array): void;
  finish(): void;
  /** Releases the inflater when the entry is abandoned (no effect after finish()). */
  close(): void;
}

/**
 * A push-based decoder of the entry's data feeding `consume`, or undefined when this Node has no
 * synchronous streaming inflater (deflated entries then need streamEntryData).
 */
export function createEntryDataDecoder(entry: ZipEntry, consume: (chunk: Uint8Array) => void, maxBytes = DEFAULT_MAX_ENTRY_BYTES, useNative = NATIVE_STREAMING_INFLATE): EntryDataDecoder | undefined {
  assertDeclaredSize(entry, maxBytes);
  let crc = 0;
  let size = 0;
  const checked = (chunk: Uint8Array): void => {
    crc = crc32Update(crc, chunk);
    consume(chunk);
  };
  const finish = (): void => {
    assertInflatedSize(entry, size);
    assertCrc(entry, crc);
  };
  if (entry.compressionMethod === COMPRESSION_STORED) {
    return {
      push: (chunk) => {
        size += chunk.length;
        if (size > entry.uncompressedSize) fail('ZIP_SIZE_MISMATCH', entry, `holds more than the ${entry.uncompressedSize} bytes it declares`);
        checked(chunk);
      },
      finish,
      close: () => undefined,
    };
  }
  if (!useNative) return undefined;
  const inflater = new NativeInflater({ maxOutput: entry.uncompressedSize, entry: entry.name, base: entry.dataOffset }, checked);
  return {
    push: (chunk) => inflater.push(chunk),
    finish: () => {
      size = inflater.finish();
      finish();
    },
    close: () => inflater.close(),
  };
}

/**
 * Feeds the uncompressed bytes to `consume` in chunks of at most 256 KiB; the CRC is checked after
 * the last chunk, so a consumer must not commit anything until this returns. Memory stays bounded
 * (by `streamingThreshold` on the fallback path) whatever the entry's size. `useNative` false forces
 * the fallback (for tests).
 */
export function streamEntryData(
  source: DataSource, entry: ZipEntry, consume: (chunk: Uint8Array) => void, maxBytes = DEFAULT_MAX_ENTRY_BYTES, streamingThreshold = STREAMING_THRESHOLD,
  useNative = NATIVE_STREAMING_INFLATE,
): void {
  const decoder = createEntryDataDecoder(entry, consume, maxBytes, useNative);
  if (decoder) {
    try {
      for (let at = 0; at < entry.compressedSize; at += CHUNK) decoder.push(source.read(entry.dataOffset + at, Math.min(CHUNK, entry.compressedSize - at)));
      decoder.finish();
    } finally {
      decoder.close();
    }
    return;
  }
  let crc = 0;
  if (entry.uncompressedSize > streamingThreshold) {
    const total = inflateStream(source.slice(entry.dataOffset, entry.compressedSize), { maxOutput: entry.uncompressedSize, entry: entry.name, base: entry.dataOffset }, (chunk) => {
      crc = crc32Update(crc, chunk);
      consume(chunk);
    });
    assertInflatedSize(entry, total);
    assertCrc(entry, crc);
    return;
  }
  const data = readEntryData(source, entry, maxBytes);
  for (let at = 0; at < data.length; at += CHUNK) consume(data.subarray(at, Math.min(data.length, at + CHUNK)));
}

/**
 * Reads the entry's compressed bytes once, handing each chunk to `raw` (for a verbatim copy) and its
 * uncompressed bytes to `consume`; size and CRC are checked at the end. Without the native streaming
 * inflater, deflated data is read a second time by streamEntryData.
 */
export function teeEntryData(source: DataSource, entry: ZipEntry, raw: (chunk: Uint8Array) => void, consume: (chunk: Uint8Array) => void, maxBytes = DEFAULT_MAX_ENTRY_BYTES, chunkSize = RAW_CHUNK): void {
  const decoder = createEntryDataDecoder(entry, consume, maxBytes);
  try {
    for (let at = 0; at < entry.compressedSize; at += chunkSize) {
      const chunk = source.read(entry.dataOffset + at, Math.min(chunkSize, entry.compressedSize - at));
      raw(chunk);
      decoder?.push(chunk);
    }
    decoder?.finish();
  } finally {
    decoder?.close();
  }
  if (!decoder) streamEntryData(source, entry, consume, maxBytes);
}
