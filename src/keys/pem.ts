// A private key file and a certificate file, as apksigner's --key and --cert take them. Keys: PKCS#8
// (RFC 5208) DER or PEM, encrypted PKCS#8 (RFC 5958 EncryptedPrivateKeyInfo, PEM or DER), and
// OpenSSL's traditional PEM forms (PKCS#1 "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY", optionally with
// Proc-Type encryption); node:crypto decodes them all. Certificates: one or more PEM blocks (RFC 7468)
// or concatenated DER, leaf first.

import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { ASN1_TAG_SEQUENCE, isUniversal, parseAsn1 } from '../core/asn1.js';
import { SigningError, type ErrorContext } from '../core/errors.js';
import type { Secret } from './secret.js';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

export interface PemBlock {
  label: string;
  headers: string;
  der: Uint8Array;
}

/** Every PEM block in a text, with its label, its RFC 1421 headers (Proc-Type, DEK-Info) and its bytes. */
export function parsePemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  for (const m of text.matchAll(PEM_BLOCK)) {
    const body = m[2]!;
    const headerEnd = body.indexOf('\n\n') >= 0 && /^[\s]*[A-Za-z-]+:/.test(body) ? body.indexOf('\n\n') : -1;
    const headers = headerEnd >= 0 ? body.slice(0, headerEnd) : '';
    const b64 = (headerEnd >= 0 ? body.slice(headerEnd) : body).replace(/\s+/g, '');
    out.push({ label: m[1]!, headers, der: new Uint8Array(Buffer.from(b64, 'base64')) });
  }
  return out;
}

function isPem(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, Math.min(bytes.length, 4096))).toString('latin1').includes('-----BEGIN ');
}

/** The private key in a --key file; `password` is needed only for encrypted keys. */
export function parsePrivateKeyFile(bytes: Uint8Array, password: Secret | undefined, context: ErrorContext = {}): KeyObject {
  const pem = isPem(bytes);
  let encrypted: boolean;
  let input: Parameters<typeof createPrivateKey>[0];
  if (pem) {
    const text = Buffer.from(bytes).toString('utf8');
    const block = parsePemBlocks(text).find((b) => /PRIVATE KEY$/.test(b.label));
    if (!block) throw new SigningError('KEY_UNREADABLE', 'key file has no PEM "PRIVATE KEY" block', context);
    encrypted = block.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(block.headers);
    input = { key: text, format: 'pem' };
  } else {
    encrypted = isEncryptedPrivateKeyInfo(bytes);
    input = { key: Buffer.from(bytes), format: 'der', type: 'pkcs8' };
  }
  if (encrypted && !password) {
    throw new SigningError('KEY_PASSWORD_REQUIRED', 'private key file is encrypted and no key password was given', { ...context, hint: 'pass --key-pass' });
  }
  try {
    return createPrivateKey(encrypted ? { ...input, passphrase: password!.reveal() } : input);
  } catch (e) {
    if (encrypted) throw new SigningError('KEY_WRONG_PASSWORD', 'private key password is wrong (the key does not decrypt)', context, { cause: e });
    if (!pem) return parseTraditionalDer(bytes, context, e);
    throw new SigningError('KEY_UNREADABLE', `private key cannot be decoded: ${(e as Error).message}`, context, { cause: e });
  }
}

/** DER that is not PKCS#8: try PKCS#1 RSA and SEC1 EC, as `openssl pkey -inform DER` does. */
function parseTraditionalDer(bytes: Uint8Array, context: ErrorContext, first: unknown): KeyObject {
  for (const type of ['pkcs1', 'sec1'] as const) {
    try {
      return createPrivateKey({ key: Buffer.from(bytes), format: 'der', type });
    } catch {
      continue;
    }
  }
  throw new SigningError('KEY_UNREADABLE', `private key is neither PEM nor DER PKCS#8, PKCS#1 or SEC1: ${(first as Error).message}`, context, { cause: first });
}

/** EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier (a SEQUENCE), OCTET STRING }; PrivateKeyInfo starts with an INTEGER. */
function isEncryptedPrivateKeyInfo(bytes: Uint8Array): boolean {
  try {
    const root = parseAsn1(bytes);
    const first = root.children[0];
    return isUniversal(root, ASN1_TAG_SEQUENCE) && first !== undefined && isUniversal(first, ASN1_TAG_SEQUENCE);
  } catch {
    return false;
  }
}

/** The certificates in a --cert file (PEM blocks or concatenated DER), leaf first. */
export function parseCertificateFile(bytes: Uint8Array, context: ErrorContext = {}): Uint8Array[] {
  const ders = isPem(bytes)
    ? parsePemBlocks(Buffer.from(bytes).toString('utf8'))
        .filter((b) => b.label === 'CERTIFICATE')
        .map((b) => b.der)
    : splitDer(bytes, context);
  if (ders.length === 0) throw new SigningError('CERT_UNREADABLE', 'certificate file holds no certificate', context);
  ders.forEach((der, i) => {
    try {
      new X509Certificate(der);
    } catch (e) {
      throw new SigningError('CERT_UNREADABLE', `certificate ${i + 1} of ${ders.length} cannot be parsed: ${(e as Error).message}`, context, { cause: e });
    }
  });
  return ders;
}

function splitDer(bytes: Uint8Array, context: ErrorContext): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    try {
      const node = parseAsn1(bytes, { what: 'certificate file', errorCode: 'CERT_UNREADABLE' }, at);
      out.push(bytes.subarray(at, node.end));
      at = node.end;
    } catch (e) {
      throw new SigningError('CERT_UNREADABLE', `certificate file is neither PEM nor DER: ${(e as Error).message}`, { ...context, offset: at }, { cause: e });
    }
  }
  return out;
}
