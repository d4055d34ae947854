// The DEX header's integrity fields (spec: "header_item"): checksum is adler32 of everything after
// itself (from offset 12); signature is SHA-1 of everything after itself (from offset 32).

import { createHash } from 'node:crypto';
import { hex, type Issue } from '../../core/errors.js';
import { u32le } from '../../core/byte-reader.js';
import { toHex } from '../../core/byte-writer.js';

export function adler32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let a = 1;
  let b = 0;
  const NMAX = 5552;
  let i = start;
  while (i < end) {
    const stop = Math.min(end, i + NMAX);
    for (; i < stop; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

export function dexSignature(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(bytes.subarray(32)).digest());
}

/** Recomputes signature then checksum in place. */
export function sealDex(bytes: Uint8Array): void {
  bytes.set(dexSignature(bytes), 12);
  const sum = adler32(bytes, 12);
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(8, sum, true);
}

/** DEX_BAD_CHECKSUM / DEX_BAD_SIGNATURE issues for a file whose header (0x70 bytes) is present. */
export function checkDexIntegrity(bytes: Uint8Array): Issue[] {
  const issues: Issue[] = [];
  const sum = adler32(bytes, 12);
  const stored = u32le(bytes, 8);
  if (sum !== stored) issues.push({ code: 'DEX_BAD_CHECKSUM', severity: 'error', message: `checksum is ${hex(stored)}, computed ${hex(sum)}` });
  const sig = toHex(dexSignature(bytes));
  const storedSig = toHex(bytes.subarray(12, 32));
  if (sig !== storedSig) issues.push({ code: 'DEX_BAD_SIGNATURE', severity: 'warning', message: `signature is ${storedSig}, computed ${sig}` });
  return issues;
}
