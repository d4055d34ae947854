// A synchronous, streaming DEFLATE decoder (RFC 1951) with bounded memory: 64 KiB of input and a
// 128 KiB output buffer holding the 32 KiB window. node:zlib only inflates synchronously in one shot,
// so streamEntry uses this for large entries, where one-shot inflation would hold the whole entry.
// Huffman codes are decoded through a lookup table of the next 10 bits, and canonically one bit at a
// time for longer codes (RFC 1951 section 3.2.2).

import type { DataSource } from '../core/data-source.js';
import { MalformedInputError } from '../core/errors.js';

const MAX_BITS = 15;
const WINDOW = 32768;
const OUT_SIZE = 1 << 17;
const IN_CHUNK = 1 << 16;

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

interface Huffman {
  counts: Uint16Array;
  symbols: Uint16Array;
  /** Indexed by the next FAST_BITS input bits: (symbol << 4) | code length, 0 for longer codes. */
  fast: Int32Array;
}

const FAST_BITS = 10;
const FAST_MASK = (1 << FAST_BITS) - 1;

export interface InflateLimits {
  /** Refuse (ZIP_BOMB) once the output exceeds this many bytes. */
  maxOutput: number;
  /** Names the entry in errors. */
  entry?: string;
  /** File offset of the stream's first byte, for errors. */
  base?: number;
}

class Inflater {
  private input: Uint8Array = new Uint8Array(0);
  private inPos = 0;
  private consumed = 0;
  private bitBuf = 0;
  private bitCount = 0;
  private readonly out = new Uint8Array(OUT_SIZE);
  private outPos = 0;
  private flushed = 0;
  total = 0;

  constructor(private readonly source: DataSource, private readonly limits: InflateLimits, private readonly consume: (chunk: Uint8Array) => void) {}

  fail(message: string, code = 'ZIP_BAD_DEFLATE'): never {
    throw new MalformedInputError(code, message, { entry: this.limits.entry, offset: (this.limits.base ?? 0) + this.consumed + this.inPos });
  }

  /** The next input byte, or -1 at the end of the stream. */
  private tryByte(): number {
    if (this.inPos === this.input.length) {
      if (this.consumed + this.input.length >= this.source.size) return -1;
      this.consumed += this.input.length;
      this.input = this.source.read(this.consumed, Math.min(IN_CHUNK, this.source.size - this.consumed));
      this.inPos = 0;
    }
    return this.input[this.inPos++]!;
  }

  private byte(): number {
    const b = this.tryByte();
    if (b < 0) this.fail(`deflate data ends after ${this.source.size} bytes, in the middle of a block`);
    return b;
  }

  bits(n: number): number {
    while (this.bitCount < n) {
      this.bitBuf |= this.byte() << this.bitCount;
      this.bitCount += 8;
    }
    const v = this.bitBuf & ((1 << n) - 1);
    this.bitBuf >>>= n;
    this.bitCount -= n;
    return v;
  }

  decode(h: Huffman): number {
    while (this.bitCount < FAST_BITS) {
      const b = this.tryByte();
      if (b < 0) break;
      this.bitBuf |= b << this.bitCount;
      this.bitCount += 8;
    }
    const e = h.fast[this.bitBuf & FAST_MASK]!;
    const len = e & 15;
    if (e !== 0 && len <= this.bitCount) {
      this.bitBuf >>>= len;
      this.bitCount -= len;
      return e >> 4;
    }
    return this.decodeSlow(h);
  }

  private decodeSlow(h: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= MAX_BITS; len++) {
      code |= this.bits(1);
      const count = h.counts[len]!;
      if (code - first < count) return h.symbols[index + code - first]!;
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    return this.fail('invalid Huffman code');
  }

  private put(b: number): void {
    if (this.outPos === OUT_SIZE) this.flush(true);
    this.out[this.outPos++] = b;
    if (++this.total > this.limits.maxOutput) this.fail(`inflates to more than the ${this.limits.maxOutput} bytes it declares`, 'ZIP_BOMB');
  }

  /** Emits pending output; when `slide`, keeps only the last 32 KiB as history. */
  flush(slide: boolean): void {
    if (this.outPos > this.flushed) this.consume(this.out.slice(this.flushed, this.outPos));
    if (slide) {
      this.out.copyWithin(0, this.outPos - WINDOW, this.outPos);
      this.outPos = WINDOW;
    }
    this.flushed = this.outPos;
  }

  stored(): void {
    this.bitBuf = 0;
    this.bitCount = 0;
    const len = this.byte() | (this.byte() << 8);
    const nlen = this.byte() | (this.byte() << 8);
    if ((len ^ 0xffff) !== nlen) this.fail(`stored block length ${len} does not match its complement ${nlen}`);
    for (let i = 0; i < len; i++) this.put(this.byte());
  }

  codes(lit: Huffman, dist: Huffman): void {
    for (;;) {
      const sym = this.decode(lit);
      if (sym < 256) this.put(sym);
      else if (sym === 256) return;
      else {
        const li = sym - 257;
        if (li >= LENGTH_BASE.length) this.fail(`invalid length symbol ${sym}`);
        const length = LENGTH_BASE[li]! + this.bits(LENGTH_EXTRA[li]!);
        const di = this.decode(dist);
        if (di >= DIST_BASE.length) this.fail(`invalid distance symbol ${di}`);
        const distance = DIST_BASE[di]! + this.bits(DIST_EXTRA[di]!);
        if (distance > this.total) this.fail(`distance ${distance} reaches before the start of the output`);
        this.copyMatch(distance, length);
      }
    }
  }

  /** Copies a back-reference; byte by byte because source and destination may overlap. */
  private copyMatch(distance: number, length: number): void {
    if (this.outPos + length > OUT_SIZE) this.flush(true);
    this.total += length;
    if (this.total > this.limits.maxOutput) this.fail(`inflates to more than the ${this.limits.maxOutput} bytes it declares`, 'ZIP_BOMB');
    const out = this.out;
    let at = this.outPos;
    const end = at + length;
    for (; at < end; at++) out[at] = out[at - distance]!;
    this.outPos = end;
  }

  dynamicTables(): [Huffman, Huffman] {
    const nlen = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const ncode = this.bits(4) + 4;
    if (nlen > 286 || ndist > 30) this.fail(`dynamic block declares ${nlen} literal/length and ${ndist} distance codes`);
    const codeLengths = new Uint8Array(19);
    for (let i = 0; i < ncode; i++) codeLengths[CODE_LENGTH_ORDER[i]!] = this.bits(3);
    const lencode = buildHuffman(codeLengths, this);
    const lengths = new Uint8Array(nlen + ndist);
    for (let i = 0; i < nlen + ndist; ) {
      const sym = this.decode(lencode);
      if (sym < 16) {
        lengths[i++] = sym;
        continue;
      }
      let value = 0;
      let repeat: number;
      if (sym === 16) {
        if (i === 0) this.fail('repeat of a code length with no previous length');
        value = lengths[i - 1]!;
        repeat = 3 + this.bits(2);
      } else repeat = sym === 17 ? 3 + this.bits(3) : 11 + this.bits(7);
      if (i + repeat > nlen + ndist) this.fail('code length repeat runs past the declared code count');
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    if (lengths[256] === 0) this.fail('dynamic block has no end-of-block code');
    return [buildHuffman(lengths.subarray(0, nlen), this), buildHuffman(lengths.subarray(nlen), this)];
  }

  run(): void {
    let last = 0;
    while (!last) {
      last = this.bits(1);
      const type = this.bits(2);
      if (type === 0) this.stored();
      else if (type === 1) this.codes(FIXED[0], FIXED[1]);
      else if (type === 2) this.codes(...this.dynamicTables());
      else this.fail('invalid block type 3');
    }
    this.flush(false);
  }
}

function buildHuffman(lengths: Uint8Array, inflater?: Inflater): Huffman {
  const counts = new Uint16Array(MAX_BITS + 1);
  for (const l of lengths) counts[l]!++;
  counts[0] = 0;
  let left = 1;
  for (let len = 1; len <= MAX_BITS; len++) {
    left = (left << 1) - counts[len]!;
    if (left < 0) inflater?.fail('over-subscribed Huffman code lengths');
  }
  const offsets = new Uint16Array(MAX_BITS + 2);
  for (let len = 1; len <= MAX_BITS; len++) offsets[len + 1] = offsets[len]! + counts[len]!;
  const symbols = new Uint16Array(lengths.length);
  lengths.forEach((l, sym) => {
    if (l) symbols[offsets[l]!++] = sym;
  });
  return { counts, symbols, fast: buildFastTable(counts, symbols) };
}

// Canonical codes are assigned in (length, symbol) order; deflate sends them most significant bit
// first, so the table is indexed by the code's bits reversed, for every value of the bits after it.
function buildFastTable(counts: Uint16Array, symbols: Uint16Array): Int32Array {
  const fast = new Int32Array(1 << FAST_BITS);
  let code = 0;
  let index = 0;
  for (let len = 1; len <= FAST_BITS; len++) {
    for (let i = 0; i < counts[len]!; i++, code++) {
      let reversed = 0;
      for (let b = 0; b < len; b++) reversed |= ((code >> b) & 1) << (len - 1 - b);
      for (let r = reversed; r < 1 << FAST_BITS; r += 1 << len) fast[r] = (symbols[index + i]! << 4) | len;
    }
    index += counts[len]!;
    code <<= 1;
  }
  return fast;
}

const FIXED: [Huffman, Huffman] = (() => {
  const lit = new Uint8Array(288);
  lit.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
  return [buildHuffman(lit), buildHuffman(new Uint8Array(30).fill(5))];
})();

/** Inflates the raw DEFLATE stream in `source`, feeding output chunks to `consume`; returns the output size. */
export function inflateStream(source: DataSource, limits: InflateLimits, consume: (chunk: Uint8Array) => void): number {
  const inflater = new Inflater(source, limits, consume);
  inflater.run();
  return inflater.total;
}
