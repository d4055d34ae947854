// CRC-32 as zip uses it (ISO 3309 / ITU-T V.42 polynomial 0xEDB88320, reflected, APPNOTE 4.4.7).
// Incremental, so entries can be checked while they stream. node:zlib's crc32 (Node 20.15+, zlib's
// own slice-by-N code, ~10× the table loop) computes the same function; the table loop is the
// fallback for older Node versions and the reference the unit test compares it with.

import * as zlib from 'node:zlib';

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** The table-driven CRC-32, one byte at a time. */
export function crc32UpdateTable(crc: number, bytes: Uint8Array): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

type NativeCrc32 = (data: Uint8Array, value?: number) => number;
const native = (zlib as unknown as { crc32?: NativeCrc32 }).crc32;

/** True when node:zlib provides crc32 (Node 20.15 and later). */
export const HAS_NATIVE_CRC32 = typeof native === 'function';

/** Continues a CRC-32 over `bytes`; start with crc = 0. */
export const crc32Update: (crc: number, bytes: Uint8Array) => number = HAS_NATIVE_CRC32
  ? (crc, bytes) => (bytes.length === 0 ? crc >>> 0 : native!(bytes, crc) >>> 0)
  : crc32UpdateTable;

export function crc32(bytes: Uint8Array): number {
  return crc32Update(0, bytes);
}
