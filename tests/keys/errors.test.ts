// Every way loading a signing identity fails with the real test stores: each a distinct code, and the
// password in none of the messages, contexts or hints (the passwords here are distinctive strings).
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { IoError, MamError, SigningError, UsageError } from '../../src/core/errors.js';
import { loadSigningIdentity, type SigningIdentityOptions } from '../../src/keys/load.js';
import { Secret } from '../../src/keys/secret.js';
import { KEYS, thrown } from './key-oracle.js';

const NOW = new Date('2030-06-01T00:00:00Z');
const WRONG = 'Wr0ng-Pa55word-xyzzy';
const A = 'android';
const ks = (file: string, pass: string, extra: Partial<SigningIdentityOptions> = {}): SigningIdentityOptions => ({ ks: join(KEYS, file), ksPass: new Secret(pass), ...extra });

function expectFailure(opts: SigningIdentityOptions, code: string, cls: typeof MamError | typeof SigningError = SigningError, secrets: string[] = [WRONG]): MamError {
  const e = thrown(() => loadSigningIdentity(opts, NOW));
  expect(e, 'expected a MamError').toBeInstanceOf(MamError);
  const err = e as MamError;
  expect(err.code, err.message).toBe(code);
  expect(err).toBeInstanceOf(cls);
  const rendered = [err.message, JSON.stringify(err.context), String(err), inspect(err), String((err.cause as Error | undefined)?.message ?? '')].join('\n');
  for (const s of secrets) expect(rendered).not.toContain(s);
  return err;
}

describe('wrong passwords', () => {
  it.each(['rsa2048.jks', 'multi.jks', 'rsa4096.p12', 'ec-p256.p12', 'ios-dev.p12', 'rsa2048-legacy.p12'])('%s with a wrong store password → KEYSTORE_WRONG_PASSWORD', (file) => {
    expectFailure(ks(file, WRONG), 'KEYSTORE_WRONG_PASSWORD');
  });

  it('multi.jks "zweiter-schlüssel" has its own key password: the store password alone → KEYSTORE_KEY_WRONG_PASSWORD', () => {
    const e = expectFailure(ks('multi.jks', A, { ksKeyAlias: 'zweiter-schlüssel' }), 'KEYSTORE_KEY_WRONG_PASSWORD', SigningError, [A]);
    expect(e.context.entry).toBe('zweiter-schlüssel');
  });

  it('a wrong --key-pass → KEYSTORE_KEY_WRONG_PASSWORD (JKS and PKCS#12)', () => {
    expectFailure(ks('multi.jks', A, { ksKeyAlias: 'first', keyPass: new Secret(WRONG) }), 'KEYSTORE_KEY_WRONG_PASSWORD');
    expectFailure(ks('ec-p384.p12', A, { keyPass: new Secret(WRONG) }), 'KEYSTORE_KEY_WRONG_PASSWORD');
    expectFailure(ks('ios-dev.p12', 'fixture', { keyPass: new Secret(WRONG) }), 'KEYSTORE_KEY_WRONG_PASSWORD');
  });

  it('encrypted PKCS#8 key files: no password → KEY_PASSWORD_REQUIRED, wrong → KEY_WRONG_PASSWORD', () => {
    for (const key of ['rsa2048.enc.pk8.pem', 'rsa2048.enc.pk8']) {
      const files = { key: join(KEYS, key), cert: join(KEYS, 'rsa2048.x509.pem') };
      expectFailure(files, 'KEY_PASSWORD_REQUIRED');
      expectFailure({ ...files, keyPassForPem: new Secret(WRONG) }, 'KEY_WRONG_PASSWORD');
    }
  });
});

describe('aliases', () => {
  it('a missing alias → KEYSTORE_ALIAS_NOT_FOUND, listing the private-key aliases', () => {
    const e = expectFailure(ks('multi.jks', A, { ksKeyAlias: 'nope' }), 'KEYSTORE_ALIAS_NOT_FOUND');
    expect(e.message).toContain('"first"');
    expect(e.message).toContain('"zweiter-schlüssel"');
    expectFailure(ks('ec-p256.p12', A, { ksKeyAlias: 'other' }), 'KEYSTORE_ALIAS_NOT_FOUND');
  });

  it('no alias with two private keys → KEYSTORE_ALIAS_REQUIRED, listing them; the trusted certificate is not a candidate', () => {
    const e = expectFailure(ks('multi.jks', A), 'KEYSTORE_ALIAS_REQUIRED');
    expect(e.message).toMatch(/2 private keys \("first", "zweiter-schlüssel"\)/);
  });

  it('the only private key is chosen when no alias is given (apksigner), and aliases match case-insensitively (Java)', () => {
    expect(loadSigningIdentity(ks('rsa2048.jks', A), NOW).alias).toBe('mam');
    expect(loadSigningIdentity(ks('rsa4096.p12', A, { ksKeyAlias: 'MAM' }), NOW).alias).toBe('mam');
    expect(loadSigningIdentity(ks('multi.jks', A, { ksKeyAlias: 'FIRST' }), NOW).alias).toBe('first');
  });

  it('a trusted-certificate alias → KEYSTORE_ALIAS_NOT_A_KEY; a store of trusted certificates only → KEYSTORE_NO_PRIVATE_KEY', () => {
    expectFailure(ks('multi.jks', A, { ksKeyAlias: 'trusted-ca' }), 'KEYSTORE_ALIAS_NOT_A_KEY');
    expectFailure(ks('trusted-only.jks', A), 'KEYSTORE_NO_PRIVATE_KEY');
  });
});

describe('damaged stores, validity, options', () => {
  it('corrupt.jks (16 bytes inverted) with the right password → KEYSTORE_CORRUPT, not a wrong password', () => {
    expectFailure(ks('corrupt.jks', A), 'KEYSTORE_CORRUPT', SigningError, [A]);
  });

  it('expired and not-yet-valid certificates are warnings, and only outside their window', () => {
    const expired = loadSigningIdentity(ks('expired.p12', A), new Date('2000-06-01T00:00:00Z'));
    expect(expired.warnings).toEqual([]);
    const future = loadSigningIdentity(ks('notyetvalid.p12', A), new Date('2095-01-01T00:00:00Z'));
    expect(future.warnings).toEqual([]);
    expect(loadSigningIdentity(ks('notyetvalid.p12', A), NOW).warnings[0]).toMatch(/not yet valid/);
  });

  it('--ks-type that contradicts the content is a warning; the content decides', () => {
    const id = loadSigningIdentity(ks('rsa2048.jks', A, { ksType: 'PKCS12' }), NOW);
    expect(id.storeType).toBe('JKS');
    expect(id.warnings.join()).toMatch(/--ks-type PKCS12 given, but the file is JKS/);
  });

  it('option and file errors have their own codes and classes', () => {
    expectFailure({}, 'KEY_OPTIONS_MISSING', UsageError);
    expectFailure({ key: join(KEYS, 'rsa2048.pk8') }, 'KEY_OPTIONS_MISSING', UsageError);
    expectFailure({ ...ks('rsa2048.jks', A), key: join(KEYS, 'rsa2048.pk8') }, 'KEY_OPTIONS_CONFLICT', UsageError);
    expectFailure({ ks: join(KEYS, 'rsa2048.jks') }, 'KEYSTORE_PASSWORD_MISSING', UsageError);
    expectFailure(ks('does-not-exist.jks', WRONG), 'KEYSTORE_UNREADABLE', IoError);
    expectFailure({ key: join(KEYS, 'missing.pk8'), cert: join(KEYS, 'rsa2048.x509.pem') }, 'KEY_FILE_UNREADABLE', IoError);
    expectFailure({ key: join(KEYS, 'rsa2048.pk8'), cert: join(KEYS, 'README.md') }, 'CERT_UNREADABLE');
    expectFailure({ key: join(KEYS, 'README.md'), cert: join(KEYS, 'rsa2048.x509.pem') }, 'KEY_UNREADABLE');
  });

  const tmp = mkdtempSync(join(tmpdir(), 'mam-keys-err-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  it('the store type comes from the content, whatever the file is called', () => {
    copyFileSync(join(KEYS, 'ec-p256.p12'), join(tmp, 'release.keystore'));
    expect(loadSigningIdentity({ ks: join(tmp, 'release.keystore'), ksPass: new Secret(A) }, NOW).storeType).toBe('PKCS12');
  });
});
