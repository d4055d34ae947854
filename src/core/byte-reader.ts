// A bounds-checked cursor over bytes. Every read names its endianness; every overrun becomes a
// MalformedInputError that says what was being read, where, and how many bytes were needed.

import { MalformedInputError, hex, type ErrorContext } from './errors.js';

export class ByteReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** What these bytes are, for error messages ("string pool", "mach header"). */
  readonly what: string;
  /** Offset of bytes[0] within the enclosing file, so that errors report file offsets. */
  readonly base: number;
  readonly errorCode: string;
  readonly context: ErrorContext;
  pos = 0;

  constructor(
    bytes: Uint8Array,
    what: string,
    opts: { base?: number; errorCode?: string; context?: ErrorContext } = {},
  ) {
    // A Node Buffer's slice() is a view, not a copy; codecs rely on Uint8Array semantics (slice copies),
    // so every reader works on a plain Uint8Array over the same memory.
    this.bytes = plainBytes(bytes);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.what = what;
    this.base = opts.base ?? 0;
    this.errorCode = opts.errorCode ?? 'TRUNCATED';
    this.context = opts.context ?? {};
  }

  get length(): number {
    return this.bytes.length;
  }
  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  fail(code: string, message: string, at = this.pos): never {
    throw new MalformedInputError(code, `${this.what}: ${message}`, { ...this.context, offset: this.base + at });
  }

  /** Throws unless `n` bytes are available at `at`. */
  need(n: number, at = this.pos): void {
    if (n < 0 || at < 0 || at + n > this.bytes.length) {
      this.fail(
        this.errorCode,
        `needs ${n} bytes at ${hex(this.base + at)} but only ${Math.max(0, this.bytes.length - at)} remain`,
        at,
      );
    }
  }

  seek(pos: number): this {
    if (pos < 0 || pos > this.bytes.length) this.fail(this.errorCode, `seek to ${hex(this.base + pos)} is outside 0..${hex(this.base + this.bytes.length)}`, 0);
    this.pos = pos;
    return this;
  }
  skip(n: number): this {
    this.need(n);
    this.pos += n;
    return this;
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }
  u16le(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u16be(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, false);
    this.pos += 2;
    return v;
  }
  u32le(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  u32be(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, false);
    this.pos += 4;
    return v;
  }
  i32le(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }
  i32be(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, false);
    this.pos += 4;
    return v;
  }
  u64le(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }
  u64be(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, false);
    this.pos += 8;
    return v;
  }
  /** A 64-bit little-endian value that must fit a JS number (file offsets and sizes). */
  u64leNumber(): number {
    const at = this.pos;
    const v = this.u64le();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(this.errorCode, `64-bit value ${v} is too large`, at);
    return Number(v);
  }
  u64beNumber(): number {
    const at = this.pos;
    const v = this.u64be();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(this.errorCode, `64-bit value ${v} is too large`, at);
    return Number(v);
  }

  /** A view (not a copy) of the next n bytes. */
  take(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  /** A view of n bytes at an absolute position; does not move the cursor. */
  at(pos: number, n: number): Uint8Array {
    this.need(n, pos);
    return this.bytes.subarray(pos, pos + n);
  }
  /** A reader over n bytes from the cursor (which moves past them), reporting offsets in file terms. */
  sub(n: number, what = this.what): ByteReader {
    const start = this.pos;
    const bytes = this.take(n);
    return new ByteReader(bytes, what, { base: this.base + start, errorCode: this.errorCode, context: this.context });
  }

  expectU32le(expected: number, name = 'magic'): void {
    const at = this.pos;
    const v = this.u32le();
    if (v !== expected) this.fail('BAD_MAGIC', `${name} is ${hex(v)}, expected ${hex(expected)}`, at);
  }
  expectU32be(expected: number, name = 'magic'): void {
    const at = this.pos;
    const v = this.u32be();
    if (v !== expected) this.fail('BAD_MAGIC', `${name} is ${hex(v)}, expected ${hex(expected)}`, at);
  }
  /** Internal consistency check for parsers: the cursor is where a struct definition says it is. */
  assertOffset(expected: number): void {
    if (this.pos !== expected) throw new Error(`${this.what}: parser at ${hex(this.pos)}, expected ${hex(expected)}`);
  }

  /** A NUL-terminated string (UTF-8) starting at pos, within max bytes; the cursor is not moved. */
  cstringAt(pos: number, max = this.bytes.length - pos): string {
    this.need(0, pos);
    const end = Math.min(this.bytes.length, pos + max);
    let i = pos;
    while (i < end && this.bytes[i] !== 0) i++;
    return new TextDecoder('utf-8').decode(this.bytes.subarray(pos, i));
  }
}

export function u32le(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}
export function u16le(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8);
}
export function u32be(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

/** The same memory as a plain Uint8Array (not a Buffer, whose slice() does not copy). */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
