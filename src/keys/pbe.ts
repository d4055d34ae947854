// Password-based decryption of key-store contents:
// - PKCS#12 PBE (RFC 7292 appendix B and C): pbeWithSHAAnd3-KeyTripleDES-CBC, …2-KeyTripleDES-CBC,
//   …128BitRC2-CBC, …40BitRC2-CBC, keys from the PKCS#12 key-derivation function over the password as a
//   NUL-terminated BMPString (what macOS Keychain and older OpenSSL export);
// - PBES2 (RFC 8018 §6.2) with PBKDF2 and AES-CBC or DES-EDE3-CBC (OpenSSL 3's and keytool's default).
// The PKCS#12 KDF also keys the PKCS#12 MAC (RFC 7292 appendix B.4), so it is exported.
// RC2 is not in OpenSSL 3's default provider; node-forge's RC2 is used for it.

import { createDecipheriv, createHash, pbkdf2Sync } from 'node:crypto';
import forge from 'node-forge';
import { SigningError } from '../core/errors.js';
import type { Asn1Node } from '../core/asn1.js';
import { concat, type DerDoc } from './der.js';
import { bmpStringWithNul, utf8, type Secret } from './secret.js';

export const OID_PBE_SHA1_3DES = '1.2.840.113549.1.12.1.3';
export const OID_PBE_SHA1_2DES = '1.2.840.113549.1.12.1.4';
export const OID_PBE_SHA1_RC2_128 = '1.2.840.113549.1.12.1.5';
export const OID_PBE_SHA1_RC2_40 = '1.2.840.113549.1.12.1.6';
export const OID_PBES2 = '1.2.840.113549.1.5.13';
export const OID_PBKDF2 = '1.2.840.113549.1.5.12';

/** Hash algorithms by OID, as both PBKDF2's PRF (hmacWithX) and PKCS#12 MACs name them. */
export const HASH_BY_OID: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

const PKCS12_PBE: Record<string, { cipher: string; keyLength: number; rc2Bits?: number }> = {
  [OID_PBE_SHA1_3DES]: { cipher: 'des-ede3-cbc', keyLength: 24 },
  [OID_PBE_SHA1_2DES]: { cipher: 'des-ede-cbc', keyLength: 16 },
  [OID_PBE_SHA1_RC2_128]: { cipher: 'rc2', keyLength: 16, rc2Bits: 128 },
  [OID_PBE_SHA1_RC2_40]: { cipher: 'rc2', keyLength: 5, rc2Bits: 40 },
};

const PBES2_CIPHERS: Record<string, { cipher: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { cipher: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { cipher: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { cipher: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { cipher: 'des-ede3-cbc', keyLength: 24 },
};

/** Hostile files must not make us spin: real stores use 2048 … 600 000 iterations. */
export const MAX_ITERATIONS = 10_000_000;

const BLOCK_SIZE: Record<string, number> = { sha1: 64, sha224: 64, sha256: 64, sha384: 128, sha512: 128 };

export const PKCS12_KDF_KEY = 1;
export const PKCS12_KDF_IV = 2;
export const PKCS12_KDF_MAC = 3;

/** RFC 7292 appendix B.2: derives `n` bytes of key material (`id` 1 key, 2 IV, 3 MAC key). */
export function pkcs12Kdf(hash: string, password: Uint8Array, salt: Uint8Array, id: number, iterations: number, n: number): Uint8Array {
  const v = BLOCK_SIZE[hash];
  if (v === undefined) throw new SigningError('KEYSTORE_UNSUPPORTED_ALGORITHM', `PKCS#12 key derivation with ${hash} is not supported`);
  const fill = (src: Uint8Array): Uint8Array => {
    const out = new Uint8Array(v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length]!;
    return out;
  };
  const d = new Uint8Array(v).fill(id);
  const i = concat([fill(salt), fill(password)]);
  const blocks: Uint8Array[] = [];
  for (let produced = 0; produced < n; ) {
    let a: Uint8Array = createHash(hash).update(d).update(i).digest();
    for (let r = 1; r < iterations; r++) a = createHash(hash).update(a).digest();
    blocks.push(a);
    produced += a.length;
    if (produced >= n) break;
    const b = fill(a);
    for (let j = 0; j < i.length; j += v) addBlockPlusOne(i, j, b);
  }
  return concat(blocks).subarray(0, n);
}

/** I_j = (I_j + B + 1) mod 2^(8v), big-endian, in place. */
function addBlockPlusOne(i: Uint8Array, at: number, b: Uint8Array): void {
  let carry = 1;
  for (let k = b.length - 1; k >= 0; k--) {
    const sum = i[at + k]! + b[k]! + carry;
    i[at + k] = sum & 0xff;
    carry = sum >> 8;
  }
}

/**
 * Decrypts `ciphertext` with the algorithm named by an AlgorithmIdentifier. Returns undefined when the
 * padding is wrong, which is what a wrong password looks like; unsupported algorithms throw.
 */
export function decryptPbe(doc: DerDoc, algorithm: Asn1Node, ciphertext: Uint8Array, password: Secret): Uint8Array | undefined {
  const [oidNode, params] = doc.seq(algorithm, 'encryption algorithm', 1);
  const oid = doc.oid(oidNode, 'encryption algorithm');
  const pkcs12 = PKCS12_PBE[oid];
  if (pkcs12) {
    const [saltNode, iterNode] = doc.seq(params, 'PKCS#12 PBE parameters', 2);
    const salt = doc.octets(saltNode, 'PBE salt');
    const iterations = checkedIterations(doc, iterNode);
    const bmp = bmpStringWithNul(password);
    const key = pkcs12Kdf('sha1', bmp, salt, PKCS12_KDF_KEY, iterations, pkcs12.keyLength);
    const iv = pkcs12Kdf('sha1', bmp, salt, PKCS12_KDF_IV, iterations, 8);
    return pkcs12.rc2Bits ? decryptRc2(key, iv, ciphertext, pkcs12.rc2Bits) : decipher(pkcs12.cipher, key, iv, ciphertext);
  }
  if (oid === OID_PBES2) return decryptPbes2(doc, params, ciphertext, password);
  throw new SigningError('KEYSTORE_UNSUPPORTED_ALGORITHM', `${doc.what}: encryption algorithm ${oid} is not supported (expected PBES2 or a PKCS#12 PBE)`, {
    ...doc.context,
    offset: algorithm.offset,
  });
}

function decryptPbes2(doc: DerDoc, params: Asn1Node | undefined, ciphertext: Uint8Array, password: Secret): Uint8Array | undefined {
  const [kdf, scheme] = doc.seq(params, 'PBES2 parameters', 2);
  const [kdfOid, kdfParams] = doc.seq(kdf, 'PBES2 key derivation function', 2);
  if (doc.oid(kdfOid, 'key derivation function') !== OID_PBKDF2) doc.fail(kdf, 'key derivation function is not PBKDF2');
  const [saltNode, iterNode, ...rest] = doc.seq(kdfParams, 'PBKDF2 parameters', 2);
  const salt = doc.octets(saltNode, 'PBKDF2 salt');
  const iterations = checkedIterations(doc, iterNode);
  let prf = 'sha1';
  for (const node of rest) {
    if (node.tag === 2 && node.tagClass === 0) continue; // keyLength: implied by the cipher
    const prfOid = doc.oid(doc.seq(node, 'PBKDF2 PRF', 1)[0], 'PBKDF2 PRF');
    const h = HASH_BY_OID[prfOid];
    if (!h) throw new SigningError('KEYSTORE_UNSUPPORTED_ALGORITHM', `${doc.what}: PBKDF2 PRF ${prfOid} is not supported`, { ...doc.context, offset: node.offset });
    prf = h;
  }
  const [cipherOid, ivNode] = doc.seq(scheme, 'PBES2 encryption scheme', 2);
  const oid = doc.oid(cipherOid, 'PBES2 cipher');
  const cipher = PBES2_CIPHERS[oid];
  if (!cipher) throw new SigningError('KEYSTORE_UNSUPPORTED_ALGORITHM', `${doc.what}: PBES2 cipher ${oid} is not supported (expected AES-CBC or DES-EDE3-CBC)`, { ...doc.context, offset: scheme!.offset });
  const iv = doc.octets(ivNode, 'PBES2 IV');
  const key = pbkdf2Sync(utf8(password), salt, iterations, cipher.keyLength, prf);
  return decipher(cipher.cipher, key, iv, ciphertext);
}

function checkedIterations(doc: DerDoc, node: Asn1Node | undefined): number {
  const n = doc.int(node, 'iteration count');
  if (n < 1 || n > MAX_ITERATIONS) doc.fail(node, `iteration count ${n} is outside 1..${MAX_ITERATIONS}`);
  return n;
}

function decipher(name: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array | undefined {
  try {
    const d = createDecipheriv(name, key, iv);
    return concat([d.update(data), d.final()]);
  } catch {
    return undefined;
  }
}

function decryptRc2(key: Uint8Array, iv: Uint8Array, data: Uint8Array, bits: number): Uint8Array | undefined {
  const raw = (b: Uint8Array): string => forge.util.binary.raw.encode(b);
  const c = forge.rc2.createDecryptionCipher(forge.util.createBuffer(raw(key)), bits);
  c.start(forge.util.createBuffer(raw(iv)));
  c.update(forge.util.createBuffer(raw(data)));
  if (!c.finish()) return undefined;
  return forge.util.binary.raw.decode(c.output.getBytes());
}
