// Which schemes and algorithms a signature uses, chosen as apksigner chooses them (apksig
// DefaultApkSignerEngine, V1SchemeSigner.getSuggestedSignatureDigestAlgorithm and
// V2SchemeSigner.getSuggestedSignatureAlgorithms, verity off as apksigner's default):
// - v2/v3: RSA up to 3072 bits → RSASSA-PKCS1-v1_5 with SHA2-256, longer keys → SHA2-512;
//          EC on a field of up to 256 bits → ECDSA with SHA2-256, larger curves → SHA2-512.
// - v1:    SHA-1 below API 18 (JELLY_BEAN_MR2, the first release that verifies SHA-256 JAR digests),
//          SHA-256 from 18; ECDSA JAR signatures need API 18.
// - Schemes by min SDK: v1 only helps below API 24 (Nougat verifies v2), v2 and v3 always.
//   Debian's apksigner 0.9 keeps v1 on above 24 as well; current apksigner and AGP do not.

import { SigningError } from '../../core/errors.js';
import {
  SIGNATURE_ECDSA_WITH_SHA256,
  SIGNATURE_ECDSA_WITH_SHA512,
  SIGNATURE_RSA_PKCS1_V1_5_WITH_SHA256,
  SIGNATURE_RSA_PKCS1_V1_5_WITH_SHA512,
  findSignatureAlgorithm,
  type SignatureAlgorithmInfo,
} from './signature-algorithms.js';

/** AndroidSdkVersion in apksig. */
export const ANDROID_SDK_JELLY_BEAN_MR2 = 18;
export const ANDROID_SDK_N = 24;
export const ANDROID_SDK_P = 28;
/** v3 signers without an upper bound say Integer.MAX_VALUE. */
export const V3_MAX_SDK_UNBOUNDED = 0x7fffffff;

export type SignerKeyAlgorithm = 'RSA' | 'EC';

export interface SignerKey {
  keyAlgorithm: SignerKeyAlgorithm;
  keySize: number;
}

export interface SchemeSelection {
  v1: boolean;
  v2: boolean;
  v3: boolean;
  v4: boolean;
}

export interface SchemeOverrides {
  v1?: boolean;
  v2?: boolean;
  v3?: boolean;
  v4?: boolean;
}

/**
 * apksigner's defaults for an app of this min SDK (and max SDK, when the range is capped), then the
 * explicit flags. v4 is on request only.
 */
export function selectSchemes(minSdk: number, overrides: SchemeOverrides = {}, maxSdk = Number.MAX_SAFE_INTEGER): SchemeSelection {
  return {
    v1: overrides.v1 ?? minSdk < ANDROID_SDK_N,
    v2: overrides.v2 ?? maxSdk >= ANDROID_SDK_N,
    v3: overrides.v3 ?? maxSdk >= ANDROID_SDK_P,
    v4: overrides.v4 ?? false,
  };
}

/** The v2/v3 signature algorithm for a key (apksig's suggestion without verity). */
export function chooseSchemeAlgorithm(key: SignerKey): SignatureAlgorithmInfo {
  const id =
    key.keyAlgorithm === 'RSA'
      ? key.keySize <= 3072 ? SIGNATURE_RSA_PKCS1_V1_5_WITH_SHA256 : SIGNATURE_RSA_PKCS1_V1_5_WITH_SHA512
      : key.keySize <= 256 ? SIGNATURE_ECDSA_WITH_SHA256 : SIGNATURE_ECDSA_WITH_SHA512;
  return findSignatureAlgorithm(id)!;
}

export type JarDigestAlgorithm = 'SHA-1' | 'SHA-256';

export interface V1Algorithm {
  digest: JarDigestAlgorithm;
  /** node:crypto digest name. */
  hash: 'sha1' | 'sha256';
}

/** The v1 digest for a key and min SDK; throws SIGN_V1_EC_MIN_SDK where apksigner refuses. */
export function chooseV1Algorithm(key: SignerKey, minSdk: number): V1Algorithm {
  if (key.keyAlgorithm === 'EC' && minSdk < ANDROID_SDK_JELLY_BEAN_MR2) {
    throw new SigningError('SIGN_V1_EC_MIN_SDK', `JAR (v1) signatures with an EC key need min SDK ${ANDROID_SDK_JELLY_BEAN_MR2} or higher; the app's min SDK is ${minSdk}`, {
      hint: 'sign with an RSA key, raise --min-sdk-version, or turn v1 off with --v1-signing-enabled false',
    });
  }
  return minSdk < ANDROID_SDK_JELLY_BEAN_MR2 ? { digest: 'SHA-1', hash: 'sha1' } : { digest: 'SHA-256', hash: 'sha256' };
}

/** A min SDK from the manifest's string: a number, or a codename (a preview: apksig treats it as the next release). */
export function parseMinSdk(value: string | undefined): number {
  if (value === undefined || value === '') return 1;
  if (/^\d+$/.test(value)) return Number(value);
  return 10000;
}
