// Sequential byte sinks (after apksig's DataSink): a file written front to back, or memory. Writers
// track `position` so that offsets recorded in headers are the offsets where the bytes really land.

import { closeSync, openSync, writeSync } from 'node:fs';
import { IoError } from './errors.js';

export interface DataSink {
  /** Number of bytes written so far (the offset of the next byte). */
  readonly position: number;
  write(bytes: Uint8Array): void;
}

/** Collects everything in memory; toBytes() returns one contiguous copy. */
export class MemorySink implements DataSink {
  private parts: Uint8Array[] = [];
  private len = 0;

  get position(): number {
    return this.len;
  }

  write(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.parts.push(new Uint8Array(bytes)); // a copy even when given a Buffer (whose slice() is a view)
    this.len += bytes.length;
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(this.len);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    this.parts = [out];
    return out.slice();
  }
}

/** Writes sequentially to a new (or truncated) file; close() when done. */
export class FileSink implements DataSink {
  private fd: number;
  private len = 0;
  readonly path: string;

  private constructor(fd: number, path: string) {
    this.fd = fd;
    this.path = path;
  }

  static create(path: string): FileSink {
    try {
      return new FileSink(openSync(path, 'w'), path);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new IoError('OUTPUT_UNWRITABLE', `cannot create ${path}: ${err.code ?? err.message}`, { file: path }, { cause: e });
    }
  }

  get position(): number {
    return this.len;
  }

  write(bytes: Uint8Array): void {
    if (this.fd < 0) throw new IoError('OUTPUT_CLOSED', `${this.path} is already closed`, { file: this.path });
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.len + done);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new IoError('OUTPUT_WRITE_FAILED', `cannot write ${this.path}: ${err.code ?? err.message}`, { file: this.path, offset: this.len + done }, { cause: e });
    }
    this.len += bytes.length;
  }

  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}
