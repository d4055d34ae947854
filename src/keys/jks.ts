// Java KeyStore ("JKS") reader, written from the format's documented layout (the JDK's
// sun.security.provider.JavaKeyStore and KeyProtector specifications). All integers big-endian.
//
// FORMAT:
//   u32 magic 0xFEEDFEED, u32 version (1 or 2), u32 entry count
//   entry: u32 tag; UTF alias; u64 creation time (ms since 1970)
//     tag 1 (private key): u32 n, n bytes EncryptedPrivateKeyInfo; u32 chain length;
//                          per certificate: [version 2: UTF type "X.509"] u32 n, n bytes DER
//     tag 2 (trusted certificate): [version 2: UTF type] u32 n, n bytes DER
//   20 bytes SHA-1( password as UTF-16BE ‖ "Mighty Aphrodite" ‖ every preceding byte )
//   UTF = u16 length + Java "modified UTF-8".
// Private keys are protected by Sun's KeyProtector (OID 1.3.6.1.4.1.42.2.17.1.1): the encrypted data is
// salt(20) ‖ key XOR keystream ‖ SHA-1(password ‖ key), where the keystream is
// SHA-1(password ‖ salt), SHA-1(password ‖ previous), … and the password is UTF-16BE.
// Every failure is a SigningError (exit 5): a damaged store stops signing like a wrong password does.

import { createHash } from 'node:crypto';
import { ByteReader } from '../core/byte-reader.js';
import { MalformedInputError, SigningError, type ErrorContext } from '../core/errors.js';
import { DerDoc, concat } from './der.js';
import { JCEKS_MAGIC, JKS_MAGIC, type KeyStore, type KeyStoreEntry } from './keystore.js';
import { utf16be, type Secret } from './secret.js';

export const OID_SUN_JKS_KEY_PROTECTOR = '1.3.6.1.4.1.42.2.17.1.1';
const JKS_TAG_PRIVATE_KEY = 1;
const JKS_TAG_TRUSTED_CERT = 2;
const JKS_DIGEST_LENGTH = 20;
const JKS_SALT_LENGTH = 20;
const MIGHTY_APHRODITE = new TextEncoder().encode('Mighty Aphrodite');
const MAX_ENTRIES = 100_000;

interface RawEntry {
  alias: string;
  tag: number;
  protectedKey?: Uint8Array;
  chain: Uint8Array[];
}

/** Parses and integrity-checks a JKS store with its store password. */
export function parseJks(bytes: Uint8Array, storePassword: Secret, context: ErrorContext = {}): KeyStore {
  let raw: { entries: RawEntry[]; digestOffset: number };
  try {
    raw = parseJksLayout(bytes, context);
  } catch (e) {
    if (e instanceof MalformedInputError) throw new SigningError('KEYSTORE_CORRUPT', `JKS keystore is damaged: ${e.message}`, { ...context, ...e.context }, { cause: e });
    throw e;
  }
  const stored = bytes.subarray(raw.digestOffset, raw.digestOffset + JKS_DIGEST_LENGTH);
  if (!equalBytes(storeDigest(bytes.subarray(0, raw.digestOffset), storePassword), stored)) {
    if (passwordDecryptsAnyKey(raw.entries, storePassword)) {
      throw new SigningError('KEYSTORE_CORRUPT', 'JKS keystore was altered: its integrity digest does not match, although the password is right', {
        ...context,
        offset: raw.digestOffset,
      });
    }
    throw new SigningError('KEYSTORE_WRONG_PASSWORD', 'JKS keystore password is wrong (the integrity digest does not match)', {
      ...context,
      hint: 'if the password is right, the keystore file is damaged',
    });
  }
  const extra = bytes.length - raw.digestOffset - JKS_DIGEST_LENGTH;
  const warnings = extra > 0 ? [`JKS keystore has ${extra} bytes after its integrity digest (ignored, as keytool does)`] : [];
  return { type: 'JKS', entries: raw.entries.map((e) => toEntry(e, context)), warnings };
}

function parseJksLayout(bytes: Uint8Array, context: ErrorContext): { entries: RawEntry[]; digestOffset: number } {
  const r = new ByteReader(bytes, 'JKS keystore', { errorCode: 'KEYSTORE_CORRUPT', context });
  const magic = r.u32be();
  if (magic === JCEKS_MAGIC) {
    throw new SigningError('KEYSTORE_UNSUPPORTED_TYPE', 'JCEKS keystores are not supported', {
      ...context,
      hint: 'convert it: keytool -importkeystore -srcstoretype JCEKS -srckeystore IN -deststoretype PKCS12 -destkeystore OUT.p12',
    });
  }
  if (magic !== JKS_MAGIC) r.fail('KEYSTORE_CORRUPT', `magic is 0x${magic.toString(16)}, expected 0xfeedfeed`, 0);
  const version = r.u32be();
  if (version !== 1 && version !== 2) r.fail('KEYSTORE_CORRUPT', `version is ${version}, expected 1 or 2`, 4);
  const count = r.u32be();
  if (count > MAX_ENTRIES) r.fail('KEYSTORE_CORRUPT', `declares ${count} entries (more than ${MAX_ENTRIES})`, 8);
  const entries: RawEntry[] = [];
  for (let i = 0; i < count; i++) entries.push(readEntry(r, version));
  r.need(JKS_DIGEST_LENGTH);
  return { entries, digestOffset: r.pos };
}

function readEntry(r: ByteReader, version: number): RawEntry {
  const at = r.pos;
  const tag = r.u32be();
  const alias = readJavaUtf(r);
  r.u64be();
  if (tag === JKS_TAG_PRIVATE_KEY) {
    const protectedKey = r.take(r.u32be());
    const n = r.u32be();
    if (n > MAX_ENTRIES) r.fail('KEYSTORE_CORRUPT', `certificate chain of "${alias}" declares ${n} certificates`);
    const chain: Uint8Array[] = [];
    for (let i = 0; i < n; i++) chain.push(readCertificate(r, version));
    return { alias, tag, protectedKey, chain };
  }
  if (tag === JKS_TAG_TRUSTED_CERT) return { alias, tag, chain: [readCertificate(r, version)] };
  return r.fail('KEYSTORE_CORRUPT', `entry tag is ${tag}, expected 1 (private key) or 2 (trusted certificate)`, at);
}

function readCertificate(r: ByteReader, version: number): Uint8Array {
  if (version === 2) {
    const at = r.pos;
    const type = readJavaUtf(r);
    if (type !== 'X.509') r.fail('KEYSTORE_CORRUPT', `certificate type is "${type}", expected "X.509"`, at);
  }
  return r.take(r.u32be());
}

/** java.io.DataInput.readUTF: u16 byte length, then modified UTF-8 (code units, NUL as C0 80). */
export function readJavaUtf(r: ByteReader): string {
  const start = r.pos;
  const bytes = r.take(r.u16be());
  const units: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const cont = (k: number): number => {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) r.fail('KEYSTORE_CORRUPT', 'malformed modified UTF-8 string', start + 2 + i);
      return c & 0x3f;
    };
    if (b < 0x80) {
      units.push(b);
      i += 1;
    } else if ((b & 0xe0) === 0xc0) {
      units.push(((b & 0x1f) << 6) | cont(1));
      i += 2;
    } else if ((b & 0xf0) === 0xe0) {
      units.push(((b & 0x0f) << 12) | (cont(1) << 6) | cont(2));
      i += 3;
    } else {
      r.fail('KEYSTORE_CORRUPT', `byte 0x${b.toString(16)} cannot start a modified UTF-8 character`, start + 2 + i);
    }
  }
  return String.fromCharCode(...units);
}

function storeDigest(data: Uint8Array, password: Secret): Uint8Array {
  return createHash('sha1').update(utf16be(password)).update(MIGHTY_APHRODITE).update(data).digest();
}

function toEntry(raw: RawEntry, context: ErrorContext): KeyStoreEntry {
  if (raw.tag === JKS_TAG_TRUSTED_CERT) return { alias: raw.alias, kind: 'trusted-certificate', chain: raw.chain };
  const protectedKey = raw.protectedKey!;
  return {
    alias: raw.alias,
    kind: 'private-key',
    chain: raw.chain,
    decryptKey: (password) => {
      const key = recoverKey(protectedKey, password, { ...context, entry: raw.alias });
      if (!key) throw new SigningError('KEYSTORE_KEY_WRONG_PASSWORD', `key password for alias "${raw.alias}" is wrong`, { ...context, entry: raw.alias });
      return key;
    },
  };
}

/** KeyProtector.recover: the PKCS#8 key, or undefined when the password's check digest does not match. */
function recoverKey(protectedKey: Uint8Array, password: Secret, context: ErrorContext): Uint8Array | undefined {
  const doc = new DerDoc(protectedKey, 'JKS protected key', 'KEYSTORE_CORRUPT', context);
  const [alg, data] = doc.seq(doc.root, 'EncryptedPrivateKeyInfo', 2);
  const oid = doc.oid(doc.seq(alg, 'key protection algorithm', 1)[0], 'key protection algorithm');
  if (oid !== OID_SUN_JKS_KEY_PROTECTOR) {
    throw new SigningError('KEYSTORE_UNSUPPORTED_ALGORITHM', `JKS key protection ${oid} is not supported (expected Sun's ${OID_SUN_JKS_KEY_PROTECTOR})`, context);
  }
  const encrypted = doc.octets(data, 'encrypted key');
  if (encrypted.length < JKS_SALT_LENGTH + JKS_DIGEST_LENGTH) doc.fail(data, `encrypted key is ${encrypted.length} bytes, shorter than its salt and check digest`);
  const plain = keystreamXor(encrypted, password);
  const check = encrypted.subarray(encrypted.length - JKS_DIGEST_LENGTH);
  const actual = createHash('sha1').update(utf16be(password)).update(plain).digest();
  return equalBytes(actual, check) ? plain : undefined;
}

function keystreamXor(encrypted: Uint8Array, password: Secret): Uint8Array {
  const pw = utf16be(password);
  const body = encrypted.subarray(JKS_SALT_LENGTH, encrypted.length - JKS_DIGEST_LENGTH);
  const stream: Uint8Array[] = [];
  let digest: Uint8Array = encrypted.subarray(0, JKS_SALT_LENGTH);
  for (let n = 0; n < body.length; n += JKS_DIGEST_LENGTH) {
    digest = createHash('sha1').update(pw).update(digest).digest();
    stream.push(digest);
  }
  const ks = concat(stream);
  return body.map((b, i) => b ^ ks[i]!);
}

/**
 * Tells a wrong password from a damaged store when the digest fails: with the right password a key
 * decrypts to a DER SEQUENCE exactly as long as the key (the keystream XOR leaves damage local); with a
 * wrong one it is noise.
 */
function passwordDecryptsAnyKey(entries: RawEntry[], password: Secret): boolean {
  for (const e of entries) {
    if (!e.protectedKey) continue;
    try {
      const doc = new DerDoc(e.protectedKey, 'JKS protected key', 'KEYSTORE_CORRUPT');
      const encrypted = doc.octets(doc.seq(doc.root, 'EncryptedPrivateKeyInfo', 2)[1], 'encrypted key');
      if (encrypted.length < JKS_SALT_LENGTH + JKS_DIGEST_LENGTH) continue;
      if (isDerSequenceSpanning(keystreamXor(encrypted, password))) return true;
    } catch {
      continue;
    }
  }
  return false;
}

function isDerSequenceSpanning(b: Uint8Array): boolean {
  if (b.length < 2 || b[0] !== 0x30) return false;
  let len = b[1]!;
  let header = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 4 || b.length < 2 + n) return false;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[2 + i]!;
    header += n;
  }
  return header + len === b.length;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
