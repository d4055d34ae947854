// Signature algorithm IDs of the APK Signature Schemes v2/v3/v3.1/v4 and source stamps
// (source.android.com, "APK Signature Scheme v2", section "Signature Algorithm IDs"; apksig
// SignatureAlgorithm / ContentDigestAlgorithm). Constants are spelled as apksig spells them.

export const SIGNATURE_RSA_PSS_WITH_SHA256 = 0x0101;
export const SIGNATURE_RSA_PSS_WITH_SHA512 = 0x0102;
export const SIGNATURE_RSA_PKCS1_V1_5_WITH_SHA256 = 0x0103;
export const SIGNATURE_RSA_PKCS1_V1_5_WITH_SHA512 = 0x0104;
export const SIGNATURE_ECDSA_WITH_SHA256 = 0x0201;
export const SIGNATURE_ECDSA_WITH_SHA512 = 0x0202;
export const SIGNATURE_DSA_WITH_SHA256 = 0x0301;
export const SIGNATURE_VERITY_RSA_PKCS1_V1_5_WITH_SHA256 = 0x0421;
export const SIGNATURE_VERITY_ECDSA_WITH_SHA256 = 0x0423;
export const SIGNATURE_VERITY_DSA_WITH_SHA256 = 0x0425;

export type ContentDigestAlgorithm = 'CHUNKED_SHA256' | 'CHUNKED_SHA512' | 'VERITY_CHUNKED_SHA256';
export type KeyAlgorithm = 'RSA' | 'EC' | 'DSA';

export interface SignatureAlgorithmInfo {
  id: number;
  /** apksig's enum name, e.g. RSA_PSS_WITH_SHA256. */
  constantName: string;
  /** The name the specification uses, e.g. RSASSA-PSS-with-SHA2-256. */
  specName: string;
  keyAlgorithm: KeyAlgorithm;
  /** Digest used over the signed data. */
  signatureDigest: 'sha256' | 'sha512';
  /** How the APK contents are digested for this algorithm. */
  contentDigest: ContentDigestAlgorithm;
  /** Lowest Android API level that verifies it. */
  minSdkVersion: number;
}

const ALGORITHMS: readonly SignatureAlgorithmInfo[] = [
  { id: SIGNATURE_RSA_PSS_WITH_SHA256, constantName: 'RSA_PSS_WITH_SHA256', specName: 'RSASSA-PSS-with-SHA2-256', keyAlgorithm: 'RSA', signatureDigest: 'sha256', contentDigest: 'CHUNKED_SHA256', minSdkVersion: 24 },
  { id: SIGNATURE_RSA_PSS_WITH_SHA512, constantName: 'RSA_PSS_WITH_SHA512', specName: 'RSASSA-PSS-with-SHA2-512', keyAlgorithm: 'RSA', signatureDigest: 'sha512', contentDigest: 'CHUNKED_SHA512', minSdkVersion: 24 },
  { id: SIGNATURE_RSA_PKCS1_V1_5_WITH_SHA256, constantName: 'RSA_PKCS1_V1_5_WITH_SHA256', specName: 'RSASSA-PKCS1-v1_5-with-SHA2-256', keyAlgorithm: 'RSA', signatureDigest: 'sha256', contentDigest: 'CHUNKED_SHA256', minSdkVersion: 24 },
  { id: SIGNATURE_RSA_PKCS1_V1_5_WITH_SHA512, constantName: 'RSA_PKCS1_V1_5_WITH_SHA512', specName: 'RSASSA-PKCS1-v1_5-with-SHA2-512', keyAlgorithm: 'RSA', signatureDigest: 'sha512', contentDigest: 'CHUNKED_SHA512', minSdkVersion: 24 },
  { id: SIGNATURE_ECDSA_WITH_SHA256, constantName: 'ECDSA_WITH_SHA256', specName: 'ECDSA-with-SHA2-256', keyAlgorithm: 'EC', signatureDigest: 'sha256', contentDigest: 'CHUNKED_SHA256', minSdkVersion: 24 },
  { id: SIGNATURE_ECDSA_WITH_SHA512, constantName: 'ECDSA_WITH_SHA512', specName: 'ECDSA-with-SHA2-512', keyAlgorithm: 'EC', signatureDigest: 'sha512', contentDigest: 'CHUNKED_SHA512', minSdkVersion: 24 },
  { id: SIGNATURE_DSA_WITH_SHA256, constantName: 'DSA_WITH_SHA256', specName: 'DSA-with-SHA2-256', keyAlgorithm: 'DSA', signatureDigest: 'sha256', contentDigest: 'CHUNKED_SHA256', minSdkVersion: 24 },
  { id: SIGNATURE_VERITY_RSA_PKCS1_V1_5_WITH_SHA256, constantName: 'VERITY_RSA_PKCS1_V1_5_WITH_SHA256', specName: 'RSASSA-PKCS1-v1_5-with-SHA2-256 (verity)', keyAlgorithm: 'RSA', signatureDigest: 'sha256', contentDigest: 'VERITY_CHUNKED_SHA256', minSdkVersion: 28 },
  { id: SIGNATURE_VERITY_ECDSA_WITH_SHA256, constantName: 'VERITY_ECDSA_WITH_SHA256', specName: 'ECDSA-with-SHA2-256 (verity)', keyAlgorithm: 'EC', signatureDigest: 'sha256', contentDigest: 'VERITY_CHUNKED_SHA256', minSdkVersion: 28 },
  { id: SIGNATURE_VERITY_DSA_WITH_SHA256, constantName: 'VERITY_DSA_WITH_SHA256', specName: 'DSA-with-SHA2-256 (verity)', keyAlgorithm: 'DSA', signatureDigest: 'sha256', contentDigest: 'VERITY_CHUNKED_SHA256', minSdkVersion: 28 },
];

const BY_ID = new Map(ALGORITHMS.map((a) => [a.id, a]));

/** The algorithm with this ID, or undefined for an ID the specification does not define. */
export function findSignatureAlgorithm(id: number): SignatureAlgorithmInfo | undefined {
  return BY_ID.get(id);
}

/** The specification's name for an algorithm ID, or "unknown (0x…)" for others. */
export function signatureAlgorithmName(id: number): string {
  return BY_ID.get(id)?.specName ?? `unknown (0x${id.toString(16).padStart(4, '0')})`;
}

export function allSignatureAlgorithms(): readonly SignatureAlgorithmInfo[] {
  return ALGORITHMS;
}
