// What a v2/v3/v3.1 check needs to know about the rest of the verification (apksig ApkVerifier): the
// SDK range, which schemes already verified (for stripping protection), the shared content digests.

import type { ContentDigestAlgorithm } from '../sign/signature-algorithms.js';
import type { SchemeVersion } from '../sign/scheme-block.js';

export const VERSION_JAR_SIGNATURE_SCHEME = 1;
export const VERSION_APK_SIGNATURE_SCHEME_V2 = 2;
export const VERSION_APK_SIGNATURE_SCHEME_V3 = 3;
export const VERSION_APK_SIGNATURE_SCHEME_V31 = 31;
export const VERSION_APK_SIGNATURE_SCHEME_V4 = 4;

/** Android API levels as apksig's AndroidSdkVersion names them. */
/** apksig's "any later version" (Integer.MAX_VALUE). */
export const ANY_SDK = 0x7fffffff;

export const AndroidSdkVersion = {
  GINGERBREAD: 9,
  JELLY_BEAN_MR2: 18,
  N: 24,
  O: 26,
  P: 28,
  R: 30,
  T: 33,
} as const;

export interface SchemeContext {
  minSdk: number;
  maxSdk: number;
  /** Scheme IDs the targeted platforms know (stripping protection ignores others). */
  supportedSchemeIds: ReadonlySet<number>;
  /** Scheme IDs whose signatures verified so far. */
  foundSchemeIds: ReadonlySet<number>;
  /** Lowest min SDK of the verified v3.1 signers, when a v3.1 block verified. */
  rotationMinSdkVersion?: number;
  /** Computes (once) and returns the actual content digests. */
  contentDigests(algorithms: ReadonlySet<ContentDigestAlgorithm>): Map<ContentDigestAlgorithm, Uint8Array>;
}

/** APKSIG_V2_…, APKSIG_V3_…, APKSIG_V31_… */
export function issueCode(scheme: SchemeVersion, what: string): string {
  return `APKSIG_${scheme === 'v3.1' ? 'V31' : scheme.toUpperCase()}_${what}`;
}
