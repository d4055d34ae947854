// Public-key signature checks for the APK Signature Schemes (source.android.com "APK Signature Scheme
// v2", section "Signature Algorithm IDs") and for JAR signature blocks (RFC 5652 SignerInfo), through
// node:crypto. RSASSA-PSS uses MGF1 with the message digest and a salt as long as the digest (32 bytes
// for SHA2-256, 64 for SHA2-512), as the scheme defines; ECDSA and DSA signatures are DER-encoded.

import { X509Certificate, createPublicKey, verify as cryptoVerify, constants, type KeyObject } from 'node:crypto';
import { findSignatureAlgorithm } from '../sign/signature-algorithms.js';

/** The SubjectPublicKeyInfo DER of a certificate, or undefined when node:crypto cannot read it. */
export function certificatePublicKey(der: Uint8Array): Uint8Array | undefined {
  try {
    return new Uint8Array(new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' }));
  } catch {
    return undefined;
  }
}

/** A key from SubjectPublicKeyInfo DER, or undefined when it is not a key node:crypto knows. */
export function parsePublicKey(spki: Uint8Array): KeyObject | undefined {
  try {
    return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

export type SignatureCheck = 'valid' | 'invalid' | 'unsupported';

/** Checks a v2/v3/v3.1/v4/lineage/stamp signature made with the algorithm of this ID. */
export function checkSchemeSignature(algorithmId: number, key: KeyObject, data: Uint8Array, signature: Uint8Array): SignatureCheck {
  const alg = findSignatureAlgorithm(algorithmId);
  if (!alg) return 'unsupported';
  if (keyAlgorithmOf(key) !== alg.keyAlgorithm) return 'invalid';
  const pss = alg.constantName.startsWith('RSA_PSS');
  return safeVerify(alg.signatureDigest, data, pss ? pssKey(key, alg.signatureDigest) : key, signature);
}

function pssKey(key: KeyObject, digest: 'sha256' | 'sha512') {
  return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: digest === 'sha256' ? 32 : 64 };
}

export function keyAlgorithmOf(key: KeyObject): 'RSA' | 'EC' | 'DSA' | 'other' {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'RSA';
    case 'ec':
      return 'EC';
    case 'dsa':
      return 'DSA';
    default:
      return 'other';
  }
}

function safeVerify(digest: string, data: Uint8Array, key: Parameters<typeof cryptoVerify>[2], signature: Uint8Array): SignatureCheck {
  try {
    return cryptoVerify(digest, data, key, signature) ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

// JAR signature blocks name a digest OID and a signature OID (which may be the bare key algorithm).
const DIGEST_OIDS: Record<string, string> = {
  '1.2.840.113549.2.5': 'md5',
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Signature OIDs JAR signing tools write, with the key algorithm and (when fixed) the digest. */
const SIGNATURE_OIDS: Record<string, { key: 'RSA' | 'EC' | 'DSA'; digest?: string }> = {
  '1.2.840.113549.1.1.1': { key: 'RSA' },
  '1.2.840.113549.1.1.4': { key: 'RSA', digest: 'md5' },
  '1.2.840.113549.1.1.5': { key: 'RSA', digest: 'sha1' },
  '1.2.840.113549.1.1.14': { key: 'RSA', digest: 'sha224' },
  '1.2.840.113549.1.1.11': { key: 'RSA', digest: 'sha256' },
  '1.2.840.113549.1.1.12': { key: 'RSA', digest: 'sha384' },
  '1.2.840.113549.1.1.13': { key: 'RSA', digest: 'sha512' },
  '1.2.840.10040.4.1': { key: 'DSA' },
  '1.2.840.10040.4.3': { key: 'DSA', digest: 'sha1' },
  '2.16.840.1.101.3.4.3.1': { key: 'DSA', digest: 'sha224' },
  '2.16.840.1.101.3.4.3.2': { key: 'DSA', digest: 'sha256' },
  '1.2.840.10045.2.1': { key: 'EC' },
  '1.2.840.10045.4.1': { key: 'EC', digest: 'sha1' },
  '1.2.840.10045.4.3.1': { key: 'EC', digest: 'sha224' },
  '1.2.840.10045.4.3.2': { key: 'EC', digest: 'sha256' },
  '1.2.840.10045.4.3.3': { key: 'EC', digest: 'sha384' },
  '1.2.840.10045.4.3.4': { key: 'EC', digest: 'sha512' },
};

export function jarDigestName(digestOid: string): string | undefined {
  return DIGEST_OIDS[digestOid];
}

export interface JarSignatureAlgorithm {
  key: 'RSA' | 'EC' | 'DSA';
  digest: string;
}

/** The (key, digest) pair a SignerInfo's OIDs name, or undefined for OIDs Android does not know. */
export function jarSignatureAlgorithm(digestOid: string, signatureOid: string): JarSignatureAlgorithm | undefined {
  const digest = DIGEST_OIDS[digestOid];
  const sig = SIGNATURE_OIDS[signatureOid];
  if (!digest || !sig) return undefined;
  // Android's JAR verifier uses the SignerInfo's digest algorithm together with the key algorithm.
  return { key: sig.key, digest };
}

/** Checks a JAR SignerInfo signature over `data` with a certificate's key. */
export function checkJarSignature(alg: JarSignatureAlgorithm, key: KeyObject, data: Uint8Array, signature: Uint8Array): SignatureCheck {
  if (keyAlgorithmOf(key) !== alg.key) return 'invalid';
  return safeVerify(alg.digest, data, key, signature);
}

/**
 * API levels from which Android verifies a JAR signature with this key and digest (apksig's table of
 * supported algorithm pairs, reduced to the key algorithm and digest): EC from 18, and DSA with
 * SHA-2 from 9; SHA-224 with EC from 21.
 */
export function jarSignatureMinSdk(alg: JarSignatureAlgorithm): number {
  if (alg.key === 'EC') return alg.digest === 'sha224' ? 21 : 18;
  if (alg.key === 'DSA' && alg.digest !== 'sha1') return 9;
  return 0;
}
