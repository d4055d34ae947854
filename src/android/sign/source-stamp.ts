// Source stamp blocks (source.android.com "APK Signature Scheme v2" section "Source stamp"; apksig
// V1SourceStampVerifier / V2SourceStampVerifier / SourceStampConstants): a second, independent
// signature by the distributor's stamp key over the APK's scheme digests.
//
// FORMAT (value of the 0x2b09189e or 0x6dff800d pair; lengths uint32 little-endian):
//   LP stamp block {
//     LP certificate (DER)
//     v1: LP sequence of LP { uint32 algorithm; LP signature }               over the v2 digests
//     v2: LP sequence of LP { uint32 scheme ID; LP signatures (as v1) }       per signed scheme
//         [ LP stamp attribute data { LP sequence of LP { uint32 id; value } };
//           LP signatures over the stamp attribute data ]
//   }

import type { ByteReader } from '../../core/byte-reader.js';
import {
  apksigReader,
  readAlgorithmValueSequence,
  readIdValueSequence,
  readLengthPrefixed,
  readLengthPrefixedBytes,
  readLengthPrefixedSequence,
  type IdValue,
} from './length-prefixed.js';
import type { SchemeSignature } from './scheme-block.js';

/** Stamp attribute: the stamp key's own proof-of-rotation lineage. */
export const STAMP_PROOF_OF_ROTATION_ATTR_ID = 0x9d6303f7;
/** Stamp attribute: uint64 seconds since the epoch when the stamp was applied. */
export const STAMP_TIME_ATTR_ID = 0xe43c5946;
/** The zip entry holding the SHA-256 of the stamp certificate. */
export const SOURCE_STAMP_CERTIFICATE_HASH_ZIP_ENTRY_NAME = 'stamp-cert-sha256';

export interface SourceStamp {
  version: 1 | 2;
  certificate: Uint8Array;
  /** v1: signatures over the v2 digests, under scheme ID 2. v2: one entry per signed scheme ID. */
  signedSchemes: { schemeId: number; signatures: SchemeSignature[] }[];
  /** v2 only, when present. */
  attributes?: { bytes: Uint8Array; attributes: IdValue[]; signatures: SchemeSignature[] };
}

/** Parses the value of a source stamp pair. `base` is the value's file offset. */
export function parseSourceStamp(value: Uint8Array, version: 1 | 2, base = 0): SourceStamp {
  const outer = apksigReader(value, `source stamp v${version} block`, base);
  const r = readLengthPrefixed(outer, 'stamp block');
  const certificate = readLengthPrefixedBytes(r, 'stamp certificate');
  if (version === 1) {
    return { version, certificate, signedSchemes: [{ schemeId: 2, signatures: readSignatures(readLengthPrefixed(r, 'stamp signatures')) }] };
  }
  const signedSchemes = readLengthPrefixedSequence(readLengthPrefixed(r, 'signed signature schemes'), 'signed scheme', (s) => {
    const schemeId = s.u32le();
    return { schemeId, signatures: readSignatures(readLengthPrefixed(s, 'scheme signatures')) };
  });
  if (r.remaining === 0) return { version, certificate, signedSchemes };
  const attributeData = readLengthPrefixed(r, 'stamp attributes');
  const bytes = attributeData.bytes.slice();
  const attributes = readIdValueSequence(readLengthPrefixed(attributeData, 'stamp attribute list'), 'stamp attribute');
  const signatures = readSignatures(readLengthPrefixed(r, 'stamp attribute signatures'));
  return { version, certificate, signedSchemes, attributes: { bytes, attributes, signatures } };
}

function readSignatures(r: ByteReader): SchemeSignature[] {
  return readAlgorithmValueSequence(r, 'stamp signature').map((s) => ({ algorithmId: s.algorithmId, signature: s.value }));
}
