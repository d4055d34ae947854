// The byte-level pieces of the key-store readers: the PKCS#12 key-derivation function (checked against
// node-forge's independent implementation, including lengths past one hash block and SHA-512's
// 128-byte blocks), Java's modified UTF-8 (bytes from the java.io.DataInput specification), password
// encodings, and store-type detection.
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../src/core/byte-reader.js';
import { readJavaUtf } from '../../src/keys/jks.js';
import { detectKeyStoreType } from '../../src/keys/keystore.js';
import { pkcs12Kdf } from '../../src/keys/pbe.js';
import { Secret, bmpStringWithNul, utf16be } from '../../src/keys/secret.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('PKCS#12 KDF (RFC 7292 appendix B.2)', () => {
  it.each([
    { hash: 'sha1', md: () => forge.md.sha1.create(), id: 1, n: 24, iter: 2048 },
    { hash: 'sha1', md: () => forge.md.sha1.create(), id: 2, n: 8, iter: 1 },
    { hash: 'sha1', md: () => forge.md.sha1.create(), id: 1, n: 70, iter: 3 },
    { hash: 'sha256', md: () => forge.md.sha256.create(), id: 3, n: 32, iter: 10000 },
    { hash: 'sha256', md: () => forge.md.sha256.create(), id: 1, n: 100, iter: 5 },
    { hash: 'sha512', md: () => forge.md.sha512.create(), id: 3, n: 64, iter: 7 },
    { hash: 'sha512', md: () => forge.md.sha512.create(), id: 1, n: 200, iter: 2 },
  ])('$hash id $id, $n bytes, $iter iterations', ({ hash, md, id, n, iter }) => {
    const password = 'android-ü';
    const salt = Uint8Array.from({ length: 20 }, (_, i) => i * 7 + 1);
    const ours = pkcs12Kdf(hash, bmpStringWithNul(new Secret(password)), salt, id, iter, n);
    const theirs = forge.pkcs12.generateKey(password, forge.util.createBuffer(forge.util.binary.raw.encode(salt)), id, iter, n, md() as never);
    expect(hex(ours)).toBe(forge.util.bytesToHex(theirs.getBytes()));
  });
});

describe('Java modified UTF-8 (java.io.DataInput.readUTF)', () => {
  it.each([
    { text: 'mam', bytes: '0003 6d616d' },
    { text: 'a\u0000b', bytes: '0004 61c08062' },
    { text: 'schlüssel', bytes: '000a 7363686cc3bc7373656c' },
    { text: '€', bytes: '0003 e282ac' },
    { text: '\u{1f600}', bytes: '0006 eda0bdedb880' },
  ])('$bytes → $text', ({ text, bytes }) => {
    const r = new ByteReader(Buffer.from(bytes.replace(/ /g, ''), 'hex'), 'test');
    expect(readJavaUtf(r)).toBe(text);
    expect(r.remaining).toBe(0);
  });

  it('a truncated sequence is KEYSTORE_CORRUPT', () => {
    const r = new ByteReader(Buffer.from('0002c3', 'hex'), 'test', { errorCode: 'KEYSTORE_CORRUPT' });
    expect(() => readJavaUtf(r)).toThrow(expect.objectContaining({ code: 'KEYSTORE_CORRUPT' }));
    const bad = new ByteReader(Buffer.from('0001ff', 'hex'), 'test');
    expect(() => readJavaUtf(bad)).toThrow(expect.objectContaining({ code: 'KEYSTORE_CORRUPT' }));
  });
});

describe('password encodings and store detection', () => {
  it('UTF-16BE for JKS, NUL-terminated BMPString for PKCS#12', () => {
    expect(hex(utf16be(new Secret('aü')))).toBe('006100fc');
    expect(hex(bmpStringWithNul(new Secret('aü')))).toBe('006100fc0000');
    expect(hex(bmpStringWithNul(new Secret('')))).toBe('0000');
  });

  it('detects JKS, JCEKS and PKCS#12 by content', () => {
    expect(detectKeyStoreType(Buffer.from('feedfeed00000002', 'hex'))).toBe('JKS');
    expect(detectKeyStoreType(Buffer.from('cececece00000002', 'hex'))).toBe('JCEKS');
    expect(detectKeyStoreType(Buffer.from('30820a1b', 'hex'))).toBe('PKCS12');
    expect(detectKeyStoreType(Buffer.from('504b0304', 'hex'))).toBeUndefined();
    expect(detectKeyStoreType(new Uint8Array(0))).toBeUndefined();
  });
});
