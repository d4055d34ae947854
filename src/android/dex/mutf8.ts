// Modified UTF-8 (MUTF-8) of DEX string_data_item (spec: "MUTF-8 (Modified UTF-8) Encoding"):
// UTF-16 code units encoded one by one as 1-3 byte UTF-8 sequences; U+0000 as C0 80; surrogates
// encoded separately (never 4-byte sequences). Decoding keeps lone surrogates, so it is lossless
// for canonical input.

export class Mutf8Error extends Error {
  constructor(readonly at: number, message: string) {
    super(message);
  }
}

/** Decodes bytes[start..end) (without the NUL terminator) to a JS string of UTF-16 code units. */
export function decodeMutf8(bytes: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) { ascii = false; break; }
  if (ascii) return latin1(bytes, start, end);
  const units: number[] = [];
  let i = start;
  while (i < end) {
    const a = bytes[i]!;
    if (a < 0x80) {
      units.push(a);
      i += 1;
    } else if ((a & 0xe0) === 0xc0) {
      const b = continuation(bytes, i + 1, end);
      units.push(((a & 0x1f) << 6) | b);
      i += 2;
    } else if ((a & 0xf0) === 0xe0) {
      const b = continuation(bytes, i + 1, end);
      const c = continuation(bytes, i + 2, end);
      units.push(((a & 0x0f) << 12) | (b << 6) | c);
      i += 3;
    } else {
      throw new Mutf8Error(i, `byte 0x${a.toString(16)} does not start a MUTF-8 sequence`);
    }
  }
  let s = '';
  for (let k = 0; k < units.length; k += 8192) s += String.fromCharCode(...units.slice(k, k + 8192));
  return s;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let k = start; k < end; k += 8192) s += String.fromCharCode(...bytes.subarray(k, Math.min(end, k + 8192)));
  return s;
}

function continuation(bytes: Uint8Array, i: number, end: number): number {
  if (i >= end) throw new Mutf8Error(i, 'MUTF-8 sequence is cut short by the end of the string');
  const b = bytes[i]!;
  if ((b & 0xc0) !== 0x80) throw new Mutf8Error(i, `byte 0x${b.toString(16)} is not a MUTF-8 continuation byte`);
  return b & 0x3f;
}

export function mutf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    n += u !== 0 && u < 0x80 ? 1 : u < 0x800 ? 2 : 3;
  }
  return n;
}

/** Encodes s into out at `at`; returns the position after the last byte (no NUL is written). */
export function encodeMutf8Into(s: string, out: Uint8Array, at: number): number {
  let p = at;
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u !== 0 && u < 0x80) out[p++] = u;
    else if (u < 0x800) {
      out[p++] = 0xc0 | (u >> 6);
      out[p++] = 0x80 | (u & 0x3f);
    } else {
      out[p++] = 0xe0 | (u >> 12);
      out[p++] = 0x80 | ((u >> 6) & 0x3f);
      out[p++] = 0x80 | (u & 0x3f);
    }
  }
  return p;
}

export function encodeMutf8(s: string): Uint8Array {
  const out = new Uint8Array(mutf8Length(s));
  encodeMutf8Into(s, out, 0);
  return out;
}
