// PKCS#12 (.p12 / .pfx) reader, from RFC 7292: the password-integrity MAC, the AuthenticatedSafe's
// plain (data) and password-encrypted (encryptedData) SafeContents, key bags, PKCS#8 shrouded key bags
// and X.509 certificate bags, with friendlyName as the alias and localKeyId pairing a key with its
// certificate. Decryption is in pbe.ts; keys come out as PKCS#8 DER for node:crypto, so RSA and EC keys
// (which node-forge's PKCS#12 reader cannot decode) are handled alike.
//
// FORMAT (RFC 7292 §4):
//   PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo (data), macData MacData OPTIONAL }
//   MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
//   AuthenticatedSafe ::= SEQUENCE OF ContentInfo (data → SafeContents | encryptedData)
//   SafeBag ::= SEQUENCE { bagId OID, bagValue [0] EXPLICIT ANY, bagAttributes SET OF Attribute OPTIONAL }

import { createHmac, timingSafeEqual, X509Certificate } from 'node:crypto';
import { asn1Content, type Asn1Node } from '../core/asn1.js';
import { SigningError, type ErrorContext } from '../core/errors.js';
import { DerDoc, concat } from './der.js';
import type { KeyStore, KeyStoreEntry } from './keystore.js';
import { HASH_BY_OID, PKCS12_KDF_MAC, decryptPbe, pkcs12Kdf } from './pbe.js';
import { Secret, bmpStringWithNul } from './secret.js';

export const OID_PKCS7_DATA = '1.2.840.113549.1.7.1';
export const OID_PKCS7_ENCRYPTED_DATA = '1.2.840.113549.1.7.6';
export const OID_KEY_BAG = '1.2.840.113549.1.12.10.1.1';
export const OID_PKCS8_SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
export const OID_CERT_BAG = '1.2.840.113549.1.12.10.1.3';
export const OID_SAFE_CONTENTS_BAG = '1.2.840.113549.1.12.10.1.6';
export const OID_X509_CERTIFICATE = '1.2.840.113549.1.9.22.1';
export const OID_FRIENDLY_NAME = '1.2.840.113549.1.9.20';
export const OID_LOCAL_KEY_ID = '1.2.840.113549.1.9.21';

const CODE = 'KEYSTORE_CORRUPT';

interface Bag {
  friendlyName?: string;
  localKeyId?: string;
}
interface KeyBag extends Bag {
  doc: DerDoc;
  /** EncryptedPrivateKeyInfo (shrouded) or PrivateKeyInfo (plain). */
  node: Asn1Node;
  shrouded: boolean;
}
interface CertBag extends Bag {
  der: Uint8Array;
}

/** Parses a PKCS#12 file, checking its MAC with the store password. */
export function parsePkcs12(bytes: Uint8Array, storePassword: Secret, context: ErrorContext = {}): KeyStore {
  // keytool and OpenSSL ignore bytes after the PFX; so do we, with a warning.
  const doc = new DerDoc(bytes, 'PKCS#12', CODE, context, true);
  const warnings = doc.root.end < bytes.length ? [`PKCS#12 file has ${bytes.length - doc.root.end} bytes after its end (ignored)`] : [];
  const [version, authSafe, macData] = doc.seq(doc.root, 'PFX', 2);
  if (doc.int(version, 'PFX version') !== 3) doc.fail(version, `PFX version is ${doc.int(version, 'PFX version')}, expected 3`);
  const [typeNode, content] = doc.seq(authSafe, 'authSafe', 2);
  if (doc.oid(typeNode, 'authSafe content type') !== OID_PKCS7_DATA) {
    throw new SigningError('KEYSTORE_UNSUPPORTED_ALGORITHM', 'PKCS#12 with public-key integrity (signedData) is not supported', { ...context, offset: authSafe!.offset });
  }
  const safeBytes = doc.octets(doc.explicit(content, 0, 'authSafe content'), 'authSafe content');
  const safe = doc.nested(safeBytes, 'PKCS#12 AuthenticatedSafe');
  if (macData && !macMatches(doc, macData, safeBytes, storePassword)) {
    if (passwordDecryptsContent(safe, storePassword)) {
      throw new SigningError('KEYSTORE_CORRUPT', 'PKCS#12 file was altered: its MAC does not match, although the password decrypts its contents', { ...context, offset: macData.offset });
    }
    throw new SigningError('KEYSTORE_WRONG_PASSWORD', 'PKCS#12 password is wrong (the MAC does not match)', {
      ...context,
      hint: 'if the password is right, the file is damaged',
    });
  }
  const keys: KeyBag[] = [];
  const certs: CertBag[] = [];
  for (const info of safe.seq(safe.root, 'AuthenticatedSafe')) {
    const contents = openContentInfo(safe, info, storePassword);
    readBags(contents, contents.root, keys, certs, 0);
  }
  return { type: 'PKCS12', entries: assemble(keys, certs, context), warnings };
}

function macMatches(doc: DerDoc, macData: Asn1Node, data: Uint8Array, password: Secret): boolean {
  const [digestInfo, saltNode, iterNode] = doc.seq(macData, 'MacData', 2);
  const [alg, digestNode] = doc.seq(digestInfo, 'MAC DigestInfo', 2);
  const oid = doc.oid(doc.seq(alg, 'MAC algorithm', 1)[0], 'MAC algorithm');
  const hash = HASH_BY_OID[oid];
  if (!hash) throw new SigningError('KEYSTORE_UNSUPPORTED_ALGORITHM', `PKCS#12 MAC algorithm ${oid} is not supported`, { ...doc.context, offset: alg!.offset });
  const expected = doc.octets(digestNode, 'MAC digest');
  const salt = doc.octets(saltNode, 'MAC salt');
  const iterations = iterNode ? doc.int(iterNode, 'MAC iterations') : 1;
  if (iterations < 1 || iterations > 10_000_000) doc.fail(iterNode, `MAC iteration count ${iterations} is out of range`);
  // OpenSSL also accepts an empty password encoded as no bytes at all, rather than a lone NUL terminator.
  const candidates = password.isEmpty ? [bmpStringWithNul(password), new Uint8Array(0)] : [bmpStringWithNul(password)];
  return candidates.some((pw) => {
    const key = pkcs12Kdf(hash, pw, salt, PKCS12_KDF_MAC, iterations, expected.length);
    const mac = createHmac(hash, key).update(data).digest();
    return mac.length === expected.length && timingSafeEqual(mac, expected);
  });
}

/** The SafeContents of one ContentInfo, decrypting an encryptedData with the store password. */
function openContentInfo(safe: DerDoc, info: Asn1Node, password: Secret): DerDoc {
  const [typeNode, content] = safe.seq(info, 'ContentInfo', 2);
  const type = safe.oid(typeNode, 'ContentInfo type');
  const inner = safe.explicit(content, 0, 'ContentInfo content');
  if (type === OID_PKCS7_DATA) return safe.nested(safe.octets(inner, 'SafeContents'), 'PKCS#12 SafeContents');
  if (type !== OID_PKCS7_ENCRYPTED_DATA) {
    throw new SigningError('KEYSTORE_UNSUPPORTED_ALGORITHM', `PKCS#12 content type ${type} is not supported (expected data or encryptedData)`, { ...safe.context, offset: info.offset });
  }
  const plain = decryptEncryptedData(safe, inner, password);
  if (!plain) throw new SigningError('KEYSTORE_WRONG_PASSWORD', 'PKCS#12 password is wrong (encrypted contents do not decrypt)', safe.context);
  try {
    return safe.nested(plain, 'PKCS#12 SafeContents');
  } catch (e) {
    throw new SigningError('KEYSTORE_WRONG_PASSWORD', 'PKCS#12 password is wrong (encrypted contents decrypt to garbage)', safe.context, { cause: e });
  }
}

function decryptEncryptedData(safe: DerDoc, node: Asn1Node, password: Secret): Uint8Array | undefined {
  const [, eci] = safe.seq(node, 'EncryptedData', 2);
  const [, alg, encrypted] = safe.seq(eci, 'EncryptedContentInfo', 3);
  if (!encrypted || encrypted.tagClass !== 2 || encrypted.tag !== 0) safe.fail(encrypted, 'encryptedContent is not [0] IMPLICIT');
  return decryptPbe(safe, alg!, implicitOctets(safe, encrypted), password);
}

function implicitOctets(doc: DerDoc, node: Asn1Node): Uint8Array {
  if (!node.constructed) return asn1Content(doc.bytes, node);
  return concat(node.children.map((c) => doc.octets(c, 'encryptedContent segment')));
}

function readBags(doc: DerDoc, node: Asn1Node, keys: KeyBag[], certs: CertBag[], depth: number): void {
  if (depth > 8) doc.fail(node, 'SafeContents nested more than 8 deep');
  for (const bag of doc.seq(node, 'SafeContents')) {
    const [idNode, valueNode, attrs] = doc.seq(bag, 'SafeBag', 2);
    const id = doc.oid(idNode, 'SafeBag type');
    const value = doc.explicit(valueNode, 0, 'SafeBag value');
    const meta = attrs ? readAttributes(doc, attrs) : {};
    if (id === OID_PKCS8_SHROUDED_KEY_BAG || id === OID_KEY_BAG) keys.push({ ...meta, doc, node: value, shrouded: id === OID_PKCS8_SHROUDED_KEY_BAG });
    else if (id === OID_CERT_BAG) {
      const [certType, certValue] = doc.seq(value, 'CertBag', 2);
      if (doc.oid(certType, 'CertBag type') === OID_X509_CERTIFICATE) certs.push({ ...meta, der: doc.octets(doc.explicit(certValue, 0, 'CertBag value'), 'certificate') });
    } else if (id === OID_SAFE_CONTENTS_BAG) readBags(doc, value, keys, certs, depth + 1);
  }
}

function readAttributes(doc: DerDoc, node: Asn1Node): Bag {
  const out: Bag = {};
  for (const attr of doc.set(node, 'bag attributes')) {
    const [oidNode, values] = doc.seq(attr, 'Attribute', 2);
    const oid = doc.oid(oidNode, 'attribute type');
    const first = doc.set(values, 'attribute values')[0];
    if (!first) continue;
    if (oid === OID_FRIENDLY_NAME) out.friendlyName = decodeBmpString(asn1Content(doc.bytes, first));
    else if (oid === OID_LOCAL_KEY_ID) out.localKeyId = Buffer.from(doc.octets(first, 'localKeyId')).toString('hex');
  }
  return out;
}

function decodeBmpString(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
  return s;
}

function assemble(keys: KeyBag[], certs: CertBag[], context: ErrorContext): KeyStoreEntry[] {
  const used = new Set<CertBag>();
  const entries: KeyStoreEntry[] = keys.map((key, i) => {
    const leaf = certs.find((c) => key.localKeyId !== undefined && c.localKeyId === key.localKeyId) ?? (keys.length === 1 ? certs[0] : undefined);
    if (leaf) used.add(leaf);
    const alias = key.friendlyName ?? leaf?.friendlyName ?? String(i + 1);
    const chain = leaf ? buildChain(leaf, certs) : [];
    return { alias, kind: 'private-key', chain, decryptKey: (pw: Secret) => decryptKeyBag(key, pw, { ...context, entry: alias }) };
  });
  for (const c of certs) {
    if (!used.has(c) && c.friendlyName !== undefined && !entries.some((e) => e.chain.includes(c.der))) {
      entries.push({ alias: c.friendlyName, kind: 'trusted-certificate', chain: [c.der] });
    }
  }
  return entries;
}

/** Leaf first, then each issuer found among the file's certificates (at most one pass per certificate). */
function buildChain(leaf: CertBag, certs: CertBag[]): Uint8Array[] {
  const parsed = certs.map((c) => ({ c, x: tryX509(c.der) }));
  const chain = [leaf];
  for (let cur = parsed.find((p) => p.c === leaf)?.x; cur && chain.length < certs.length; ) {
    if (cur.issuer === cur.subject) break;
    const issuer = parsed.find((p) => p.x && !chain.includes(p.c) && cur!.checkIssued(p.x));
    if (!issuer) break;
    chain.push(issuer.c);
    cur = issuer.x;
  }
  return chain.map((c) => c.der);
}

function tryX509(der: Uint8Array): X509Certificate | undefined {
  try {
    return new X509Certificate(der);
  } catch {
    return undefined;
  }
}

function decryptKeyBag(key: KeyBag, password: Secret, context: ErrorContext): Uint8Array {
  const { doc, node } = key;
  if (!key.shrouded) return doc.encoded(node);
  const [alg, data] = doc.seq(node, 'EncryptedPrivateKeyInfo', 2);
  const plain = decryptPbe(doc, alg!, doc.octets(data, 'encrypted key'), password);
  const wrong = (): never => {
    throw new SigningError('KEYSTORE_KEY_WRONG_PASSWORD', `key password for alias "${context.entry}" is wrong`, context);
  };
  if (!plain) return wrong();
  try {
    doc.nested(plain, 'PrivateKeyInfo');
  } catch {
    return wrong();
  }
  return plain;
}

/** When the MAC fails: does the password decrypt the first encrypted thing to well-formed DER? */
function passwordDecryptsContent(safe: DerDoc, password: Secret): boolean {
  for (const info of safe.seq(safe.root, 'AuthenticatedSafe')) {
    const [typeNode, content] = safe.seq(info, 'ContentInfo', 2);
    const inner = safe.explicit(content, 0, 'ContentInfo content');
    let plain: Uint8Array | undefined;
    if (safe.oid(typeNode, 'ContentInfo type') === OID_PKCS7_ENCRYPTED_DATA) plain = decryptEncryptedData(safe, inner, password);
    else {
      const contents = safe.nested(safe.octets(inner, 'SafeContents'), 'PKCS#12 SafeContents');
      const keys: KeyBag[] = [];
      readBags(contents, contents.root, keys, [], 0);
      const shrouded = keys.find((k) => k.shrouded);
      if (!shrouded) continue;
      const [alg, data] = contents.seq(shrouded.node, 'EncryptedPrivateKeyInfo', 2);
      plain = decryptPbe(contents, alg!, contents.octets(data, 'encrypted key'), password);
    }
    if (!plain) return false;
    try {
      safe.nested(plain, 'decrypted content');
      return true;
    } catch {
      return false;
    }
  }
  return false;
}
