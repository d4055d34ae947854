// A growable little/big-endian byte writer for building structures in memory.

export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private len = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
    this.view = new DataView(this.buf.buffer);
  }

  get length(): number {
    return this.len;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.len++] = v & 0xff;
    return this;
  }
  u16le(v: number): this {
    this.ensure(2);
    this.view.setUint16(this.len, v, true);
    this.len += 2;
    return this;
  }
  u16be(v: number): this {
    this.ensure(2);
    this.view.setUint16(this.len, v, false);
    this.len += 2;
    return this;
  }
  u32le(v: number): this {
    this.ensure(4);
    this.view.setUint32(this.len, v >>> 0, true);
    this.len += 4;
    return this;
  }
  u32be(v: number): this {
    this.ensure(4);
    this.view.setUint32(this.len, v >>> 0, false);
    this.len += 4;
    return this;
  }
  i32le(v: number): this {
    this.ensure(4);
    this.view.setInt32(this.len, v, true);
    this.len += 4;
    return this;
  }
  u64le(v: bigint | number): this {
    this.ensure(8);
    this.view.setBigUint64(this.len, BigInt(v), true);
    this.len += 8;
    return this;
  }
  u64be(v: bigint | number): this {
    this.ensure(8);
    this.view.setBigUint64(this.len, BigInt(v), false);
    this.len += 8;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }
  zeros(n: number): this {
    this.ensure(n);
    this.buf.fill(0, this.len, this.len + n);
    this.len += n;
    return this;
  }
  /** Pads with zeros to a multiple of `alignment`. */
  align(alignment: number): this {
    const r = this.len % alignment;
    if (r !== 0) this.zeros(alignment - r);
    return this;
  }
  /** Overwrites a u32 at an earlier position (for back-patched lengths and offsets). */
  patchU32le(at: number, v: number): this {
    this.view.setUint32(at, v >>> 0, true);
    return this;
  }
  patchU32be(at: number, v: number): this {
    this.view.setUint32(at, v >>> 0, false);
    return this;
  }
  patchU16le(at: number, v: number): this {
    this.view.setUint16(at, v, true);
    return this;
  }
  /** The written bytes (a copy, so the writer may go on). */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}
