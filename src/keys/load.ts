// The signing identity for `mam sign` / `mam wrap`, from apksigner-style options: a key store (--ks,
// JKS or PKCS#12, type detected from its content) with an alias and passwords, or a key file plus a
// certificate file (--key/--cert). apksigner's rules: with no --ks-key-alias the store must hold exactly
// one private key; the key password defaults to the store password. The identity is checked before any
// work starts: supported key type, key matching its certificate; validity is reported as warnings.

import { X509Certificate, type KeyObject, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { IoError, SigningError, UsageError, type ErrorContext } from '../core/errors.js';
import { describeCertificate } from '../core/x509.js';
import { parseJks } from './jks.js';
import { assertKeyMatchesCertificate, assertSupportedKey, checkValidity, type EcCurve, type KeyAlgorithm } from './key-checks.js';
import { detectKeyStoreType, type KeyStore, type KeyStoreEntry, type KeyStoreType } from './keystore.js';
import { parseCertificateFile, parsePrivateKeyFile } from './pem.js';
import { parsePkcs12 } from './pkcs12.js';
import type { Secret } from './secret.js';

export interface SigningIdentityOptions {
  ks?: string;
  ksType?: 'JKS' | 'PKCS12' | 'auto';
  ksKeyAlias?: string;
  ksPass?: Secret;
  keyPass?: Secret;
  key?: string;
  cert?: string;
  keyPassForPem?: Secret;
}

export interface SigningIdentity {
  privateKey: KeyObject;
  /** The signer's (leaf) certificate. */
  certificate: X509Certificate;
  /** Leaf first, then its issuers as stored. */
  chain: X509Certificate[];
  keyAlgorithm: KeyAlgorithm;
  /** RSA modulus length or EC field size, in bits. */
  keySize: number;
  curve?: EcCurve;
  /** The key store alias; undefined for --key/--cert. */
  alias?: string;
  storeType: KeyStoreType;
  /** Lower-case hex SHA-256 of the leaf certificate's DER. */
  certSha256: string;
  subject: string;
  warnings: string[];
}

export function loadSigningIdentity(opts: SigningIdentityOptions, now: Date = new Date()): SigningIdentity {
  if (opts.ks !== undefined && (opts.key !== undefined || opts.cert !== undefined)) {
    throw new UsageError('KEY_OPTIONS_CONFLICT', '--ks cannot be combined with --key/--cert: give a key store or a key and certificate');
  }
  if (opts.ks !== undefined) return loadFromKeyStore(opts, now);
  if (opts.key !== undefined && opts.cert !== undefined) return loadFromKeyFiles(opts.key, opts.cert, opts.keyPassForPem ?? opts.keyPass, now);
  throw new UsageError('KEY_OPTIONS_MISSING', 'no signing key: give --ks (with --ks-pass) or both --key and --cert');
}

function loadFromKeyStore(opts: SigningIdentityOptions, now: Date): SigningIdentity {
  const file = opts.ks!;
  const context: ErrorContext = { file };
  if (!opts.ksPass) throw new UsageError('KEYSTORE_PASSWORD_MISSING', 'a key store needs its password: --ks-pass env:NAME, file:PATH, stdin or pass:…', context);
  const warnings: string[] = [];
  const store = openKeyStore(readInput(file, 'KEYSTORE_UNREADABLE', 'key store'), opts.ksPass, opts.ksType ?? 'auto', context, warnings);
  warnings.push(...store.warnings);
  const entry = selectEntry(store, opts.ksKeyAlias, context);
  const entryContext = { ...context, entry: entry.alias };
  const pkcs8 = entry.decryptKey!(opts.keyPass ?? opts.ksPass);
  const privateKey = decodePkcs8(pkcs8, entryContext);
  if (entry.chain.length === 0) throw new SigningError('KEYSTORE_NO_CERTIFICATE', `alias "${entry.alias}" has a private key but no certificate`, entryContext);
  const chain = entry.chain.map((der, i) => toX509(der, `certificate ${i + 1} of alias "${entry.alias}"`, entryContext));
  return finish(privateKey, chain, store.type, entry.alias, now, warnings, entryContext);
}

function loadFromKeyFiles(keyFile: string, certFile: string, password: Secret | undefined, now: Date): SigningIdentity {
  const privateKey = parsePrivateKeyFile(readInput(keyFile, 'KEY_FILE_UNREADABLE', 'key'), password, { file: keyFile });
  const chain = parseCertificateFile(readInput(certFile, 'CERT_FILE_UNREADABLE', 'certificate'), { file: certFile }).map((der, i) =>
    toX509(der, `certificate ${i + 1}`, { file: certFile }),
  );
  return finish(privateKey, chain, 'PEM', undefined, now, [], { file: keyFile });
}

/** Parses a key store of either type and checks its integrity with the store password. */
export function openKeyStore(bytes: Uint8Array, storePassword: Secret, type: 'JKS' | 'PKCS12' | 'auto', context: ErrorContext = {}, warnings: string[] = []): KeyStore {
  const detected = detectKeyStoreType(bytes);
  if (detected === undefined) {
    throw new SigningError('KEYSTORE_UNRECOGNIZED', `key store is neither JKS nor PKCS#12 (first bytes ${Buffer.from(bytes.subarray(0, 4)).toString('hex') || 'none'})`, context);
  }
  if (type !== 'auto' && type !== detected) warnings.push(`--ks-type ${type} given, but the file is ${detected}; reading it as ${detected}`);
  return detected === 'PKCS12' ? parsePkcs12(bytes, storePassword, context) : parseJks(bytes, storePassword, context);
}

/** The private-key entry named by `alias` (case-insensitively, as Java does), or the only one. */
export function selectEntry(store: KeyStore, alias: string | undefined, context: ErrorContext = {}): KeyStoreEntry {
  const keys = store.entries.filter((e) => e.kind === 'private-key');
  const list = (es: KeyStoreEntry[]): string => es.map((e) => `"${e.alias}"`).sort().join(', ') || 'none';
  if (alias === undefined) {
    if (keys.length === 1) return keys[0]!;
    if (keys.length === 0) throw new SigningError('KEYSTORE_NO_PRIVATE_KEY', `key store holds no private key (entries: ${list(store.entries)})`, context);
    throw new SigningError('KEYSTORE_ALIAS_REQUIRED', `key store holds ${keys.length} private keys (${list(keys)}): choose one with --ks-key-alias`, context);
  }
  const found = store.entries.find((e) => e.alias === alias) ?? store.entries.find((e) => e.alias.toLowerCase() === alias.toLowerCase());
  if (!found) {
    throw new SigningError('KEYSTORE_ALIAS_NOT_FOUND', `alias "${alias}" is not in the key store; its private-key aliases are ${list(keys)}`, context);
  }
  if (found.kind !== 'private-key') {
    throw new SigningError('KEYSTORE_ALIAS_NOT_A_KEY', `alias "${found.alias}" is a trusted certificate, not a private key; private-key aliases are ${list(keys)}`, context);
  }
  return found;
}

function finish(privateKey: KeyObject, chain: X509Certificate[], storeType: KeyStoreType, alias: string | undefined, now: Date, warnings: string[], context: ErrorContext): SigningIdentity {
  const facts = assertSupportedKey(privateKey, context);
  const certificate = chain[0]!;
  assertKeyMatchesCertificate(privateKey, certificate, context);
  const described = describeCertificate(certificate.raw);
  return {
    privateKey,
    certificate,
    chain,
    keyAlgorithm: facts.keyAlgorithm,
    keySize: facts.keySize,
    ...(facts.curve ? { curve: facts.curve } : {}),
    alias,
    storeType,
    certSha256: described.sha256,
    subject: described.subject,
    warnings: [...warnings, ...facts.warnings, ...checkValidity(certificate, now)],
  };
}

function decodePkcs8(der: Uint8Array, context: ErrorContext): KeyObject {
  try {
    return createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
  } catch (e) {
    throw new SigningError('KEY_UNREADABLE', `private key of alias "${context.entry}" cannot be decoded: ${(e as Error).message}`, context, { cause: e });
  }
}

function toX509(der: Uint8Array, what: string, context: ErrorContext): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch (e) {
    throw new SigningError('CERT_UNREADABLE', `${what} cannot be parsed: ${(e as Error).message}`, context, { cause: e });
  }
}

function readInput(path: string, code: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new IoError(code, `cannot read ${what} file (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`, { file: path }, { cause: e });
  }
}
