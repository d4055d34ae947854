// `mam sign` on the built CLI: coded errors with nothing written, passwords never echoed, warnings on
// stderr. Key material problems come from src/keys; the signer must stop before creating any file.

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, missingTools, run, runMam } from '../../helpers/env.js';

const KEYS = join(FIXTURES, 'keys');
const APK = join(FIXTURES, 'android', 'sample.apk');
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mam-sign-cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sign(out: string, ...args: string[]) {
  return runMam(['sign', APK, '-o', join(work, out), ...args, '--json'], { env: { ...process.env, PW: 'android' } });
}

describe('mam sign errors: coded, nothing written', () => {
  const cases: [string, string[], string][] = [
    ['wrong password', ['--ks', join(KEYS, 'rsa2048.jks'), '--ks-pass', 'pass:not-the-password'], 'KEYSTORE'],
    ['wrong alias', ['--ks', join(KEYS, 'rsa2048.jks'), '--ks-pass', 'env:PW', '--ks-key-alias', 'nobody'], 'KEYSTORE_ALIAS_NOT_FOUND'],
    ['corrupt keystore', ['--ks', join(KEYS, 'corrupt.jks'), '--ks-pass', 'env:PW'], 'KEYSTORE'],
  ];
  for (const [what, args, code] of cases) {
    it(what, () => {
      const r = sign(`${what.replace(/ /g, '-')}.apk`, ...args);
      expect(r.status).toBe(5);
      expect(JSON.parse(r.stdout).error.code).toContain(code);
      expect(r.stdout + r.stderr).not.toContain('not-the-password');
      expect(readdirSync(work).filter((n) => n.startsWith(what.replace(/ /g, '-')) || n.includes('.mam-'))).toEqual([]);
    });
  }

  it.skipIf(missingTools('unsupported key type', 'openssl'))('an unsupported key type (Ed25519)', () => {
    run('openssl', ['req', '-x509', '-newkey', 'ed25519', '-nodes', '-keyout', join(work, 'ed.key'), '-out', join(work, 'ed.crt'), '-subj', '/CN=ed', '-days', '30']);
    const r = sign('ed.apk', '--key', join(work, 'ed.key'), '--cert', join(work, 'ed.crt'));
    expect(r.status).toBe(5);
    expect(JSON.parse(r.stdout).error.code).toBe('KEY_UNSUPPORTED_TYPE');
    expect(existsSync(join(work, 'ed.apk'))).toBe(false);
  });

  it('an IPA with Android key options only is a usage error naming the iOS options, and writes nothing', () => {
    const out = join(work, 'x.ipa');
    const r = runMam(['sign', join(FIXTURES, 'ios', 'Sample.ipa'), '-o', out, '--ks', join(KEYS, 'rsa2048.jks'), '--ks-pass', 'env:PW', '--json'], { env: { ...process.env, PW: 'android' } });
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('KEY_OPTIONS_MISSING');
    expect(existsSync(out)).toBe(false);
  });

  it('the output may not be the input', () => {
    const r = runMam(['sign', APK, '-o', APK, '--ks', join(KEYS, 'rsa2048.jks'), '--ks-pass', 'env:PW', '--json'], { env: { ...process.env, PW: 'android' } });
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('SIGN_OUTPUT_IS_INPUT');
  });
});

describe('mam sign success', () => {
  it('a literal password works with a warning on stderr, never the password itself; --json report', () => {
    const r = sign('ok.apk', '--ks', join(KEYS, 'rsa2048.jks'), '--ks-pass', 'pass:android');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/warning: --ks-pass: a password on the command line/);
    expect(r.stdout + r.stderr).not.toContain('pass:android');
    const report = JSON.parse(r.stdout);
    expect(report.schemes).toEqual(['v1', 'v2', 'v3']);
    expect(report.signer.certSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(join(work, 'ok.apk'))).toBe(true);
  });
});

describe('mam sign: certificate validity and key passwords', () => {
  it.each([
    ['expired.p12', /expired on/],
    ['notyetvalid.p12', /not valid before|not yet valid/],
  ])('%s signs with a warning on stderr, and apksigner accepts the output', (store, warning) => {
    const out = join(work, `${store}.apk`);
    const r = runMam(['sign', APK, '-o', out, '--ks', join(KEYS, store), '--ks-pass', 'env:PW'], { env: { ...process.env, PW: 'android' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(warning);
    expect(r.stderr).not.toContain('android');
    if (!missingTools('apksigner on expired-certificate output', 'apksigner')) run('apksigner', ['verify', out]);
  });

  it('a wrong key password (store password right) is KEYSTORE_KEY_WRONG_PASSWORD, exit 5, nothing written', () => {
    const out = join(work, 'wrong-key-pass.apk');
    const r = runMam(['sign', APK, '-o', out, '--ks', join(KEYS, 'multi.jks'), '--ks-pass', 'env:PW', '--ks-key-alias', 'zweiter-schlüssel', '--key-pass', 'env:KP', '--json'], {
      env: { ...process.env, PW: 'android', KP: 'definitely-wrong' },
    });
    expect(r.status).toBe(5);
    expect(JSON.parse(r.stdout).error.code).toBe('KEYSTORE_KEY_WRONG_PASSWORD');
    expect(r.stdout + r.stderr).not.toContain('definitely-wrong');
    expect(existsSync(out)).toBe(false);
  });
});
