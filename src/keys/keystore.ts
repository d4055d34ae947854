// The model every key-store reader produces (JKS, PKCS#12, a PEM key + certificate pair): named
// entries, each a certificate chain and, for private-key entries, a way to get the key as PKCS#8 DER
// once the key password is known. Readers check the store's integrity when they parse; keys are
// decrypted only on demand, with the key password (which may differ from the store's).

import type { Secret } from './secret.js';

export type KeyStoreType = 'JKS' | 'PKCS12' | 'PEM';

export interface KeyStoreEntry {
  alias: string;
  kind: 'private-key' | 'trusted-certificate';
  /** DER certificates, the entry's own (leaf) certificate first, as stored. */
  chain: Uint8Array[];
  /** PKCS#8 PrivateKeyInfo DER; throws SigningError(KEYSTORE_KEY_WRONG_PASSWORD) when the password is wrong. */
  decryptKey?: (keyPassword: Secret) => Uint8Array;
}

export interface KeyStore {
  type: KeyStoreType;
  entries: KeyStoreEntry[];
  /** Oddities that Java and OpenSSL tolerate too (bytes after the end of the store). */
  warnings: string[];
}

/** Store type from content: JKS and JCEKS by magic, PKCS#12 by its outer DER SEQUENCE. */
export function detectKeyStoreType(bytes: Uint8Array): 'JKS' | 'JCEKS' | 'PKCS12' | undefined {
  if (bytes.length >= 4) {
    const magic = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    if (magic === JKS_MAGIC) return 'JKS';
    if (magic === JCEKS_MAGIC) return 'JCEKS';
  }
  if (bytes.length >= 2 && bytes[0] === 0x30 && (bytes[1]! & 0x80 ? (bytes[1]! & 0x7f) <= 4 : true)) return 'PKCS12';
  return undefined;
}

export const JKS_MAGIC = 0xfeedfeed;
export const JCEKS_MAGIC = 0xcececece;
