// The APK Signing Block (source.android.com, "APK Signature Scheme v2", section "APK Signing Block"):
// the container, placed immediately before the ZIP Central Directory, that holds the v2, v3, v3.1 and
// source-stamp signatures and other ID-value pairs. Parsed losslessly: pairs keep their order and
// bytes, so serializeSigningBlock(parseSigningBlock(x)) === x.
//
// FORMAT (all integers little-endian):
//   uint64 size            bytes in the block after this field (pairs + size + magic)
//   pairs: { uint64 length; uint32 id; byte value[length - 4] } *
//   uint64 size            same as the first
//   byte   magic[16]       "APK Sig Block 42"

import { ByteReader } from '../../core/byte-reader.js';
import { ByteWriter, bytesEqual } from '../../core/byte-writer.js';
import { MalformedInputError, hex } from '../../core/errors.js';
import type { ZipArchive } from '../../container/zip-types.js';

export const APK_SIGNING_BLOCK_MAGIC = new TextEncoder().encode('APK Sig Block 42');
export const APK_SIGNATURE_SCHEME_V2_BLOCK_ID = 0x7109871a;
export const APK_SIGNATURE_SCHEME_V3_BLOCK_ID = 0xf05368c0;
export const APK_SIGNATURE_SCHEME_V31_BLOCK_ID = 0x1b93ad61;
export const V1_SOURCE_STAMP_BLOCK_ID = 0x2b09189e;
export const V2_SOURCE_STAMP_BLOCK_ID = 0x6dff800d;
/** Padding pair that aligns the block to 4096 bytes for APK verity (apksig VERITY_PADDING_BLOCK_ID). */
export const VERITY_PADDING_BLOCK_ID = 0x42726577;
/** Android Gradle Plugin's encrypted dependency metadata. */
export const DEPENDENCY_INFO_BLOCK_ID = 0x504b4453;
/** Google Play's metadata ("frosting"); not specified publicly. */
export const GOOGLE_PLAY_FROSTING_ID = 0x2146444e;

/** Size of the block's footer: uint64 size + 16-byte magic. */
export const APK_SIGNING_BLOCK_FOOTER_SIZE = 24;
/** The smallest block: two size fields and the magic, no pairs. */
export const APK_SIGNING_BLOCK_MIN_SIZE = 32;

export const APKSIG_BAD_MAGIC = 'APKSIG_BAD_MAGIC';
export const APKSIG_SIZE_MISMATCH = 'APKSIG_SIZE_MISMATCH';
export const APKSIG_BLOCK_OUT_OF_BOUNDS = 'APKSIG_BLOCK_OUT_OF_BOUNDS';
export const APKSIG_PAIR_OVERRUN = 'APKSIG_PAIR_OVERRUN';
export const APKSIG_PAIR_TOO_SHORT = 'APKSIG_PAIR_TOO_SHORT';

const KNOWN_IDS: Record<number, string> = {
  [APK_SIGNATURE_SCHEME_V2_BLOCK_ID]: 'APK Signature Scheme v2',
  [APK_SIGNATURE_SCHEME_V3_BLOCK_ID]: 'APK Signature Scheme v3',
  [APK_SIGNATURE_SCHEME_V31_BLOCK_ID]: 'APK Signature Scheme v3.1',
  [V1_SOURCE_STAMP_BLOCK_ID]: 'source stamp v1',
  [V2_SOURCE_STAMP_BLOCK_ID]: 'source stamp v2',
  [VERITY_PADDING_BLOCK_ID]: 'verity padding',
  [DEPENDENCY_INFO_BLOCK_ID]: 'dependency info',
  [GOOGLE_PLAY_FROSTING_ID]: 'Google Play metadata',
};

export function signingBlockIdName(id: number): string {
  return KNOWN_IDS[id] ?? `unknown (${hex(id)})`;
}

export interface SigningBlockPair {
  id: number;
  value: Uint8Array;
  /** File offset of the pair's uint64 length field. */
  offset: number;
}

export interface SigningBlock {
  /** File offset of the block's first byte. */
  offset: number;
  /** ID-value pairs in stored order. */
  pairs: SigningBlockPair[];
}

/** Parses a whole APK Signing Block. `base` is its file offset, for error offsets. */
export function parseSigningBlock(bytes: Uint8Array, base = 0): SigningBlock {
  const r = new ByteReader(bytes, 'APK Signing Block', { base, errorCode: APKSIG_SIZE_MISMATCH });
  if (bytes.length < APK_SIGNING_BLOCK_MIN_SIZE) {
    r.fail(APKSIG_SIZE_MISMATCH, `is ${bytes.length} bytes, the smallest possible block is ${APK_SIGNING_BLOCK_MIN_SIZE}`, 0);
  }
  const magicAt = bytes.length - APK_SIGNING_BLOCK_MAGIC.length;
  if (!bytesEqual(r.at(magicAt, APK_SIGNING_BLOCK_MAGIC.length), APK_SIGNING_BLOCK_MAGIC)) {
    r.fail(APKSIG_BAD_MAGIC, `magic is ${describeMagic(r.at(magicAt, 16))}, expected "APK Sig Block 42"`, magicAt);
  }
  const footerSize = r.seek(bytes.length - APK_SIGNING_BLOCK_FOOTER_SIZE).u64le();
  const headerSize = r.seek(0).u64le();
  const expected = BigInt(bytes.length - 8);
  if (headerSize !== footerSize) {
    r.fail(APKSIG_SIZE_MISMATCH, `size in header (${headerSize}) differs from size in footer (${footerSize})`, 0);
  }
  if (footerSize !== expected) {
    r.fail(APKSIG_SIZE_MISMATCH, `size fields say ${footerSize} bytes follow the header, the block has ${expected}`, bytes.length - APK_SIGNING_BLOCK_FOOTER_SIZE);
  }
  return { offset: base, pairs: parsePairs(r, bytes.length - APK_SIGNING_BLOCK_FOOTER_SIZE) };
}

function parsePairs(r: ByteReader, end: number): SigningBlockPair[] {
  const pairs: SigningBlockPair[] = [];
  r.seek(8);
  while (r.pos < end) {
    const at = r.pos;
    if (end - at < 8) r.fail(APKSIG_PAIR_OVERRUN, `pair #${pairs.length + 1} needs an 8-byte length but only ${end - at} bytes remain before the footer`, at);
    const length = r.u64le();
    if (length < 4n) r.fail(APKSIG_PAIR_TOO_SHORT, `pair #${pairs.length + 1} length is ${length}, expected at least 4 (the ID)`, at);
    if (length > BigInt(end - r.pos)) {
      r.fail(APKSIG_PAIR_OVERRUN, `pair #${pairs.length + 1} declares ${length} bytes but only ${end - r.pos} remain before the footer at ${hex(r.base + end)}`, at);
    }
    const id = r.u32le();
    const value = r.take(Number(length) - 4).slice();
    pairs.push({ id, value, offset: r.base + at });
  }
  return pairs;
}

function describeMagic(b: Uint8Array): string {
  const printable = Array.from(b).every((c) => c >= 0x20 && c < 0x7f);
  return printable ? JSON.stringify(new TextDecoder().decode(b)) : Buffer.from(b).toString('hex');
}

/** FORMAT: see the module header. Pair offsets are ignored. */
export function serializeSigningBlock(pairs: readonly Pick<SigningBlockPair, 'id' | 'value'>[]): Uint8Array {
  let pairBytes = 0;
  for (const p of pairs) pairBytes += 12 + p.value.length;
  const size = pairBytes + APK_SIGNING_BLOCK_FOOTER_SIZE;
  const w = new ByteWriter(size + 8).u64le(size);
  for (const p of pairs) w.u64le(p.value.length + 4).u32le(p.id).bytes(p.value);
  return w.u64le(size).bytes(APK_SIGNING_BLOCK_MAGIC).toBytes();
}

/**
 * The APK Signing Block right before the central directory, or undefined when the 16 bytes there are
 * not the magic (apksig: "no APK Signing Block"). A block whose size fields are inconsistent or point
 * outside the file throws.
 */
export function findSigningBlock(archive: ZipArchive): SigningBlock | undefined {
  const cdOffset = archive.centralDirectoryOffset;
  if (cdOffset < APK_SIGNING_BLOCK_MIN_SIZE) return undefined;
  const footer = archive.source.read(cdOffset - APK_SIGNING_BLOCK_FOOTER_SIZE, APK_SIGNING_BLOCK_FOOTER_SIZE);
  if (!bytesEqual(footer.subarray(8), APK_SIGNING_BLOCK_MAGIC)) return undefined;
  const footerSize = new DataView(footer.buffer, footer.byteOffset, 8).getBigUint64(0, true);
  const total = footerSize + 8n;
  if (footerSize < BigInt(APK_SIGNING_BLOCK_MIN_SIZE - 8) || total > BigInt(cdOffset)) {
    throw new MalformedInputError(
      APKSIG_BLOCK_OUT_OF_BOUNDS,
      `APK Signing Block: footer size ${footerSize} puts the block start before the file start or below the minimum (central directory at ${hex(cdOffset)})`,
      { entry: 'APK Signing Block', offset: cdOffset - APK_SIGNING_BLOCK_FOOTER_SIZE },
    );
  }
  const start = cdOffset - Number(total);
  return parseSigningBlock(archive.source.read(start, Number(total)).slice(), start);
}

/** The value of the first pair with this ID. */
export function findPair(block: SigningBlock, id: number): SigningBlockPair | undefined {
  return block.pairs.find((p) => p.id === id);
}
