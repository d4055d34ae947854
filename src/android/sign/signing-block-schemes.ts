// Decodes the pairs of an APK Signing Block into the signature schemes they carry (v2, v3, v3.1,
// source stamp). Each scheme is decoded on its own: a broken v3 block does not hide a good v2 block,
// it becomes an error next to it (apksigner likewise reports per scheme).

import { isMamError, type MamError } from '../../core/errors.js';
import { parseSchemeBlock, type SchemeBlock, type SchemeVersion } from './scheme-block.js';
import {
  APK_SIGNATURE_SCHEME_V2_BLOCK_ID,
  APK_SIGNATURE_SCHEME_V31_BLOCK_ID,
  APK_SIGNATURE_SCHEME_V3_BLOCK_ID,
  V1_SOURCE_STAMP_BLOCK_ID,
  V2_SOURCE_STAMP_BLOCK_ID,
  VERITY_PADDING_BLOCK_ID,
  type SigningBlock,
  type SigningBlockPair,
} from './signing-block.js';
import { parseSourceStamp, type SourceStamp } from './source-stamp.js';

/** Offset of a pair's value: after its uint64 length and uint32 ID. */
const PAIR_VALUE_OFFSET = 12;

export interface DecodedSigningBlock {
  v2?: SchemeBlock;
  v3?: SchemeBlock;
  v31?: SchemeBlock;
  sourceStamp?: SourceStamp;
  /** Bytes of verity padding (value length of the 0x42726577 pair), 0 when absent. */
  verityPaddingBytes: number;
  /** IDs of pairs that are not signature schemes or padding, in stored order. */
  otherIds: number[];
  /** Schemes whose pair is present but could not be decoded. */
  errors: { scheme: SchemeVersion | 'source-stamp'; error: MamError }[];
}

const SCHEME_IDS: Record<number, SchemeVersion> = {
  [APK_SIGNATURE_SCHEME_V2_BLOCK_ID]: 'v2',
  [APK_SIGNATURE_SCHEME_V3_BLOCK_ID]: 'v3',
  [APK_SIGNATURE_SCHEME_V31_BLOCK_ID]: 'v3.1',
};

export function decodeSigningBlock(block: SigningBlock): DecodedSigningBlock {
  const out: DecodedSigningBlock = { verityPaddingBytes: 0, otherIds: [], errors: [] };
  for (const pair of block.pairs) {
    const scheme = SCHEME_IDS[pair.id];
    if (scheme) {
      const decoded = attempt(out, scheme, () => parseSchemeBlock(pair.value, scheme, pair.offset + PAIR_VALUE_OFFSET));
      if (decoded && scheme === 'v2') out.v2 ??= decoded;
      if (decoded && scheme === 'v3') out.v3 ??= decoded;
      if (decoded && scheme === 'v3.1') out.v31 ??= decoded;
    } else if (pair.id === V1_SOURCE_STAMP_BLOCK_ID || pair.id === V2_SOURCE_STAMP_BLOCK_ID) {
      out.sourceStamp ??= attempt(out, 'source-stamp', () => decodeStamp(pair));
    } else if (pair.id === VERITY_PADDING_BLOCK_ID) {
      out.verityPaddingBytes += pair.value.length;
    } else {
      out.otherIds.push(pair.id);
    }
  }
  return out;
}

function decodeStamp(pair: SigningBlockPair): SourceStamp {
  return parseSourceStamp(pair.value, pair.id === V1_SOURCE_STAMP_BLOCK_ID ? 1 : 2, pair.offset + PAIR_VALUE_OFFSET);
}

function attempt<T>(out: DecodedSigningBlock, scheme: SchemeVersion | 'source-stamp', parse: () => T): T | undefined {
  try {
    return parse();
  } catch (e) {
    if (!isMamError(e)) throw e;
    out.errors.push({ scheme, error: e });
    return undefined;
  }
}
