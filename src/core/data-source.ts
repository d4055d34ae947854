// Random-access byte sources (after apksig's DataSource): a file on disk or bytes in memory, sliced
// without copying. Reads are synchronous positional reads: a CLI has nothing else to do meanwhile,
// and it keeps the codecs simple. Memory stays bounded: nothing reads a whole file unless asked to.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { IoError, MalformedInputError, hex } from './errors.js';

export interface DataSource {
  readonly size: number;
  /** Exactly `length` bytes at `offset` (a fresh buffer or a view; do not mutate). */
  read(offset: number, length: number): Uint8Array;
  /** A window onto part of this source. */
  slice(offset: number, length: number): DataSource;
  /** Feeds the whole source to `consume` in chunks of at most `chunkSize` bytes. */
  forEachChunk(consume: (chunk: Uint8Array) => void, chunkSize?: number): void;
}

const DEFAULT_CHUNK = 1 << 20;

abstract class BaseSource implements DataSource {
  abstract readonly size: number;
  abstract read(offset: number, length: number): Uint8Array;
  abstract slice(offset: number, length: number): DataSource;

  protected check(offset: number, length: number): void {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > this.size) {
      throw new MalformedInputError(
        'TRUNCATED',
        `read of ${length} bytes at ${hex(offset)} runs past the end of the data (${this.size} bytes)`,
        { offset },
      );
    }
  }

  forEachChunk(consume: (chunk: Uint8Array) => void, chunkSize = DEFAULT_CHUNK): void {
    for (let at = 0; at < this.size; at += chunkSize) consume(this.read(at, Math.min(chunkSize, this.size - at)));
  }
}

export class BytesSource extends BaseSource {
  constructor(readonly bytes: Uint8Array) {
    super();
  }
  get size(): number {
    return this.bytes.length;
  }
  read(offset: number, length: number): Uint8Array {
    this.check(offset, length);
    return this.bytes.subarray(offset, offset + length);
  }
  slice(offset: number, length: number): DataSource {
    this.check(offset, length);
    return new BytesSource(this.bytes.subarray(offset, offset + length));
  }
}

/** A file opened for reading; close() when done. Slices share the descriptor. */
export class FileSource extends BaseSource {
  private fd: number;
  readonly size: number;
  readonly path: string;
  private readonly origin: number;

  private constructor(fd: number, path: string, origin: number, size: number) {
    super();
    this.fd = fd;
    this.path = path;
    this.origin = origin;
    this.size = size;
  }

  static open(path: string): FileSource {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new IoError(err.code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'INPUT_UNREADABLE', `cannot open ${path}: ${err.code ?? err.message}`, { file: path }, { cause: e });
    }
    const st = fstatSync(fd);
    if (!st.isFile()) {
      closeSync(fd);
      throw new IoError('INPUT_NOT_A_FILE', `${path} is not a regular file`, { file: path });
    }
    return new FileSource(fd, path, 0, st.size);
  }

  read(offset: number, length: number): Uint8Array {
    this.check(offset, length);
    const out = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, out, done, length - done, this.origin + offset + done);
      if (n === 0) throw new IoError('INPUT_CHANGED', `${this.path} became shorter while it was being read`, { file: this.path });
      done += n;
    }
    return new Uint8Array(out.buffer, out.byteOffset, length);
  }

  slice(offset: number, length: number): DataSource {
    this.check(offset, length);
    return new FileSource(this.fd, this.path, this.origin + offset, length);
  }

  close(): void {
    if (this.origin === 0 && this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}

/** Reads all of a source into memory (for small things: manifests, plists, signature blocks). */
export function readAll(src: DataSource): Uint8Array {
  return src.read(0, src.size);
}
