// X.509 certificate facts (RFC 5280) through node:crypto's X509Certificate: the one adapter the
// signature readers use to name a certificate. Digests are taken over the DER bytes exactly as they
// were stored (as apksigner does), never over a re-encoding.

import { createHash, X509Certificate } from 'node:crypto';
import { MalformedInputError } from './errors.js';

export interface CertificateFacts {
  /** Distinguished name, most specific first, as apksigner and RFC 4514 print it ("CN=a, O=b, C=c"). */
  subject: string;
  issuer: string;
  /** Lower-case hex SHA-256 of the DER encoding. */
  sha256: string;
  /** Lower-case hex SHA-1 of the DER encoding. */
  sha1: string;
  /** ISO 8601 (UTC). */
  notBefore: string;
  notAfter: string;
  /** Key algorithm as apksigner names it: RSA, EC, DSA, Ed25519, … */
  publicKeyAlgorithm: string;
  /** Serial number, upper-case hex as node:crypto prints it. */
  serialNumber: string;
}

const KEY_ALGORITHM_NAMES: Record<string, string> = {
  rsa: 'RSA',
  'rsa-pss': 'RSASSA-PSS',
  ec: 'EC',
  dsa: 'DSA',
  ed25519: 'Ed25519',
  ed448: 'Ed448',
};

export function digestHex(algorithm: 'sha256' | 'sha1' | 'md5', bytes: Uint8Array): string {
  return createHash(algorithm).update(bytes).digest('hex');
}

/** Facts about one DER-encoded certificate; throws MalformedInputError(X509_UNPARSEABLE) if node:crypto refuses it. */
export function describeCertificate(der: Uint8Array): CertificateFacts {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch (e) {
    throw new MalformedInputError('X509_UNPARSEABLE', `certificate of ${der.length} bytes cannot be parsed: ${(e as Error).message}`, {}, { cause: e });
  }
  const keyType = cert.publicKey.asymmetricKeyType ?? 'unknown';
  return {
    subject: formatName(cert.subject),
    issuer: formatName(cert.issuer),
    sha256: digestHex('sha256', der),
    sha1: digestHex('sha1', der),
    notBefore: toIso(cert.validFrom),
    notAfter: toIso(cert.validTo),
    publicKeyAlgorithm: KEY_ALGORITHM_NAMES[keyType] ?? keyType,
    serialNumber: cert.serialNumber,
  };
}

/** Attribute keywords where Java's X500Principal (and so apksigner and keytool) differ from OpenSSL's. */
const JAVA_KEYWORDS: Record<string, string> = { emailAddress: 'EMAILADDRESS', serialNumber: 'SERIALNUMBER' };

/** node:crypto prints names one RDN per line, least specific first; apksigner prints them reversed on one line. */
function formatName(multiline: string): string {
  return multiline
    .split('\n')
    .filter((l) => l.length > 0)
    .reverse()
    .map((rdn) => {
      const eq = rdn.indexOf('=');
      const keyword = rdn.slice(0, eq);
      return eq > 0 && JAVA_KEYWORDS[keyword] ? JAVA_KEYWORDS[keyword] + rdn.slice(eq) : rdn;
    })
    .join(', ');
}

function toIso(opensslDate: string): string {
  const t = Date.parse(opensslDate);
  return Number.isNaN(t) ? opensslDate : new Date(t).toISOString();
}
