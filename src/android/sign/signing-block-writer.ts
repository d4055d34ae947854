// Builds the APK Signing Block (source.android.com, "APK Signature Scheme v2", "APK Signing Block")
// as apksig's ApkSigningBlockUtils.generateApkSigningBlock does: the scheme pairs in the order given,
// then a verity padding pair (ID 0x42726577, zero value) that makes the whole block a multiple of
// 4096 bytes; a pair needs at least 12 bytes, so a smaller gap grows by one page. apksig also pads the
// ZIP entries with zeros so that the block starts on a 4096-byte boundary (paddingBeforeSigningBlock).
// The reader and the byte layout are in signing-block.ts.

import {
  APK_SIGNING_BLOCK_FOOTER_SIZE,
  VERITY_PADDING_BLOCK_ID,
  serializeSigningBlock,
  type SigningBlockPair,
} from './signing-block.js';

/** ANDROID_COMMON_PAGE_ALIGNMENT_BYTES in apksig. */
export const ANDROID_COMMON_PAGE_ALIGNMENT_BYTES = 4096;
const PAIR_HEADER_SIZE = 12;

/** Zero bytes to write after the entries so that the signing block starts on a page boundary. */
export function paddingBeforeSigningBlock(entriesEnd: number): number {
  return (ANDROID_COMMON_PAGE_ALIGNMENT_BYTES - (entriesEnd % ANDROID_COMMON_PAGE_ALIGNMENT_BYTES)) % ANDROID_COMMON_PAGE_ALIGNMENT_BYTES;
}

/** FORMAT: see signing-block.ts; a verity padding pair is appended unless the size is already a page multiple. */
export function buildSigningBlock(pairs: readonly Pick<SigningBlockPair, 'id' | 'value'>[]): Uint8Array {
  let size = 8 + APK_SIGNING_BLOCK_FOOTER_SIZE;
  for (const p of pairs) size += PAIR_HEADER_SIZE + p.value.length;
  const remainder = size % ANDROID_COMMON_PAGE_ALIGNMENT_BYTES;
  if (remainder === 0) return serializeSigningBlock(pairs);
  let padding = ANDROID_COMMON_PAGE_ALIGNMENT_BYTES - remainder;
  if (padding < PAIR_HEADER_SIZE) padding += ANDROID_COMMON_PAGE_ALIGNMENT_BYTES;
  return serializeSigningBlock([...pairs, { id: VERITY_PADDING_BLOCK_ID, value: new Uint8Array(padding - PAIR_HEADER_SIZE) }]);
}
