// Every test key store loads with its password and alias; the certificate we return is the one keytool
// and openssl see (SHA-256 fingerprints), and the private key we return really is the certificate's:
// a signature made with it verifies under `openssl dgst -verify` with the public key openssl extracts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSigningIdentity, type SigningIdentity } from '../../src/keys/load.js';
import { Secret } from '../../src/keys/secret.js';
import { missingTools, run } from '../helpers/env.js';
import { KEYS, keytoolFingerprints, opensslFingerprint, opensslVerifiesSignature, oracleLeafPem } from './key-oracle.js';

const NOW = new Date('2030-06-01T00:00:00Z');
const A = 'android';
const IOS_DEV = 'Apple Development: Fixture Test (ABCDE12345)';
const IOS_EXPIRED = 'Apple Development: Fixture Expired (ABCDE12345)';

const STORES = [
  { file: 'rsa2048.jks', pass: A, alias: 'mam', algo: 'RSA', size: 2048, type: 'JKS', chain: 1 },
  { file: 'rsa4096.p12', pass: A, alias: 'mam', algo: 'RSA', size: 4096, type: 'PKCS12', chain: 1 },
  { file: 'ec-p256.p12', pass: A, alias: 'mam', algo: 'EC', size: 256, curve: 'P-256', type: 'PKCS12', chain: 1 },
  { file: 'ec-p384.p12', pass: A, alias: 'mam', algo: 'EC', size: 384, curve: 'P-384', type: 'PKCS12', chain: 1 },
  { file: 'expired.p12', pass: A, alias: 'mam', algo: 'RSA', size: 2048, type: 'PKCS12', chain: 1, warn: /expired on 2001-01-01/ },
  { file: 'notyetvalid.p12', pass: A, alias: 'mam', algo: 'RSA', size: 2048, type: 'PKCS12', chain: 1, warn: /not yet valid: valid from 2090-01-01/ },
  { file: 'ios-dev.p12', pass: 'fixture', alias: IOS_DEV, algo: 'RSA', size: 2048, type: 'PKCS12', chain: 2 },
  { file: 'ios-expired.p12', pass: 'fixture', alias: IOS_EXPIRED, algo: 'RSA', size: 2048, type: 'PKCS12', chain: 2, warn: /expired on 2001-01-01/ },
  { file: 'rsa2048-legacy.p12', pass: A, alias: 'mam', algo: 'RSA', size: 2048, type: 'PKCS12', chain: 1 },
  { file: 'multi.jks', pass: A, alias: 'first', algo: 'RSA', size: 2048, type: 'JKS', chain: 1 },
  { file: 'multi.jks', pass: A, alias: 'zweiter-schlüssel', keyPass: 'second-key', algo: 'EC', size: 256, curve: 'P-256', type: 'JKS', chain: 1 },
] as const;

describe.each(STORES)('$file alias $alias', (s) => {
  const load = (): SigningIdentity =>
    loadSigningIdentity(
      { ks: join(KEYS, s.file), ksPass: new Secret(s.pass), ksKeyAlias: s.alias, ...('keyPass' in s ? { keyPass: new Secret(s.keyPass) } : {}) },
      NOW,
    );

  it('loads with the documented password and alias', () => {
    const id = load();
    expect(id.alias).toBe(s.alias);
    expect(id.storeType).toBe(s.type);
    expect(id.keyAlgorithm).toBe(s.algo);
    expect(id.keySize).toBe(s.size);
    expect(id.curve).toBe('curve' in s ? s.curve : undefined);
    expect(id.chain).toHaveLength(s.chain);
    expect(id.chain[0]).toBe(id.certificate);
    if ('warn' in s) expect(id.warnings.join('\n')).toMatch(s.warn);
    else expect(id.warnings).toEqual([]);
  });

  it.skipIf(missingTools('key store oracle', 'openssl', 'keytool'))('certificate SHA-256 equals openssl/keytool; the key signs what openssl verifies with the certificate', () => {
    const id = load();
    const pem = oracleLeafPem(s.file, s.pass, s.alias);
    expect(id.certSha256).toBe(opensslFingerprint(pem));
    if (s.file.endsWith('.jks')) expect(keytoolFingerprints(s.file, s.pass).get(s.alias)).toBe(id.certSha256);
    const proof = opensslVerifiesSignature(id.privateKey, pem);
    expect(proof.ok, proof.output).toBe(true);
  });
});

describe('chains and PEM key files', () => {
  it.skipIf(missingTools('chain oracle', 'openssl'))('ios-dev.p12: the chain is leaf then the test CA (ios-ca.crt per openssl)', () => {
    const id = loadSigningIdentity({ ks: join(KEYS, 'ios-dev.p12'), ksPass: new Secret('fixture') }, NOW);
    const caPem = run('openssl', ['x509', '-in', join(KEYS, 'ios-ca.crt')]);
    expect(id.chain[1]!.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(opensslFingerprint(caPem));
    expect(id.subject).toContain('CN=Apple Development: Fixture Test (ABCDE12345)');
  });

  it.each([
    { key: 'rsa2048.pk8', cert: 'rsa2048.x509.pem' },
    { key: 'rsa2048.pkcs1.pem', cert: 'rsa2048.x509.pem' },
    { key: 'rsa2048.enc.pk8.pem', cert: 'rsa2048.x509.pem', pass: A },
    { key: 'rsa2048.enc.pk8', cert: 'rsa2048.x509.pem', pass: A },
    { key: 'ec-p256.sec1.pem', cert: 'ec-p256.x509.pem' },
  ])('--key $key --cert $cert', ({ key, cert, pass }) => {
    const id = loadSigningIdentity({ key: join(KEYS, key), cert: join(KEYS, cert), ...(pass ? { keyPassForPem: new Secret(pass) } : {}) }, NOW);
    expect(id.storeType).toBe('PEM');
    expect(id.alias).toBeUndefined();
    if (missingTools('PEM key oracle', 'openssl')) return;
    const pem = run('openssl', ['x509', '-in', join(KEYS, cert)]);
    expect(id.certSha256).toBe(opensslFingerprint(pem));
    const proof = opensslVerifiesSignature(id.privateKey, pem);
    expect(proof.ok, proof.output).toBe(true);
  });

  it('rsa2048.jks and rsa2048.pk8 + rsa2048.x509.pem are the same identity', () => {
    const fromJks = loadSigningIdentity({ ks: join(KEYS, 'rsa2048.jks'), ksPass: new Secret(A) }, NOW);
    const fromPem = loadSigningIdentity({ key: join(KEYS, 'rsa2048.pk8'), cert: join(KEYS, 'rsa2048.x509.pem') }, NOW);
    expect(fromJks.certSha256).toBe(fromPem.certSha256);
    expect(fromJks.privateKey.export({ type: 'pkcs8', format: 'der' })).toEqual(fromPem.privateKey.export({ type: 'pkcs8', format: 'der' }));
  });
});
