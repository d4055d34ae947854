// What a signing key is and whether we can sign with it: the key types Android (apksigner) and Apple
// code signing accept (RSA 1024–16384, EC on NIST P-256, P-384, P-521), that the private key belongs to
// the certificate (same SubjectPublicKeyInfo), and the certificate's validity window at a given time.
// Validity problems are warnings here; the iOS preflight turns them into errors itself.

import { createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { SigningError, type ErrorContext } from '../core/errors.js';
import { describeCertificate } from '../core/x509.js';

export type KeyAlgorithm = 'RSA' | 'EC';
export type EcCurve = 'P-256' | 'P-384' | 'P-521';

export interface KeyFacts {
  keyAlgorithm: KeyAlgorithm;
  /** Modulus length for RSA, field size for EC. */
  keySize: number;
  curve?: EcCurve;
  warnings: string[];
}

const CURVES: Record<string, { curve: EcCurve; bits: number }> = {
  prime256v1: { curve: 'P-256', bits: 256 },
  secp384r1: { curve: 'P-384', bits: 384 },
  secp521r1: { curve: 'P-521', bits: 521 },
};

export const RSA_MIN_BITS = 1024;
export const RSA_RECOMMENDED_BITS = 2048;
export const RSA_MAX_BITS = 16384;

/** Describes a private key; throws SigningError(KEY_UNSUPPORTED_TYPE) for keys we cannot sign with. */
export function assertSupportedKey(key: KeyObject, context: ErrorContext = {}): KeyFacts {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'rsa') {
    const bits = details.modulusLength ?? 0;
    if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) {
      throw new SigningError('KEY_UNSUPPORTED_TYPE', `RSA key of ${bits} bits is not supported (expected ${RSA_MIN_BITS}–${RSA_MAX_BITS})`, context);
    }
    const warnings = bits < RSA_RECOMMENDED_BITS ? [`RSA key of ${bits} bits is weak; use ${RSA_RECOMMENDED_BITS} bits or more for new keys`] : [];
    return { keyAlgorithm: 'RSA', keySize: bits, warnings };
  }
  if (type === 'ec') {
    const named = CURVES[details.namedCurve ?? ''];
    if (!named) {
      throw new SigningError('KEY_UNSUPPORTED_TYPE', `EC key on curve ${details.namedCurve ?? 'unknown'} is not supported (expected P-256, P-384 or P-521)`, context);
    }
    return { keyAlgorithm: 'EC', keySize: named.bits, curve: named.curve, warnings: [] };
  }
  throw new SigningError('KEY_UNSUPPORTED_TYPE', `${type ?? 'unknown'} keys are not supported (expected RSA or EC)`, context);
}

/** Throws SigningError(KEY_CERT_MISMATCH) unless the certificate's public key is the private key's. */
export function assertKeyMatchesCertificate(key: KeyObject, cert: X509Certificate, context: ErrorContext = {}): void {
  const fromKey = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const fromCert = cert.publicKey.export({ type: 'spki', format: 'der' });
  if (!fromKey.equals(fromCert)) {
    throw new SigningError('KEY_CERT_MISMATCH', `private key (${key.asymmetricKeyType}) does not belong to certificate "${oneLineSubject(cert)}" (${cert.publicKey.asymmetricKeyType} public key differs)`, context);
  }
}

/** Warnings for a certificate used outside its validity window at `now`. */
export function checkValidity(cert: X509Certificate, now: Date): string[] {
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  const subject = oneLineSubject(cert);
  if (now.getTime() < from.getTime()) return [`certificate "${subject}" is not yet valid: valid from ${from.toISOString()} (now ${now.toISOString()})`];
  if (now.getTime() > to.getTime()) return [`certificate "${subject}" expired on ${to.toISOString()} (now ${now.toISOString()})`];
  return [];
}

function oneLineSubject(cert: X509Certificate): string {
  return describeCertificate(cert.raw).subject;
}
