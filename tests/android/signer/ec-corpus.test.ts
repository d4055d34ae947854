// Every corpus APK and sample app signed with EC keys, from a PKCS#12 store (P-256) and from a JKS store
// (P-256 entry of multi.jks), and one RSA key from PKCS#12: Debian's apksigner verifies the output and
// shows our certificate. Apps whose min SDK is below 18 cannot carry an ECDSA v1 signature (Android's
// JAR verifier did not support it): mam refuses them with SIGN_V1_EC_MIN_SDK and writes nothing, and
// apksigner refuses the same input.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { isMamError } from '../../../src/core/errors.js';
import { loadSigningIdentity, type SigningIdentity } from '../../../src/keys/load.js';
import { Secret } from '../../../src/keys/secret.js';
import { signApkFile } from '../../../src/pipeline/sign-apk.js';
import { FIXTURES, corpusFiles, corpusPresent, missingTools, runStatus } from '../../helpers/env.js';

const execFileAsync = promisify(execFile);
const KEYS = join(FIXTURES, 'keys');
const skip = missingTools('EC signing over the corpus', 'apksigner', 'aapt');
corpusPresent('EC signing over the corpus (fixtures only)');
const apks = skip ? [] : [...corpusFiles('android', '.apk').filter((p) => !p.includes('splitset')), ...readdirSync(join(FIXTURES, 'android')).filter((n) => n.endsWith('.apk')).map((n) => join(FIXTURES, 'android', n))];
const work = mkdtempSync(join(tmpdir(), 'mam-ec-corpus-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const keys: { label: string; load: () => SigningIdentity; ks: string[] }[] = [
  { label: 'EC P-256 from PKCS#12', load: () => loadSigningIdentity({ ks: join(KEYS, 'ec-p256.p12'), ksPass: new Secret('android') }), ks: ['--ks', join(KEYS, 'ec-p256.p12'), '--ks-pass', 'pass:android'] },
  { label: 'EC P-256 from JKS', load: () => loadSigningIdentity({ ks: join(KEYS, 'multi.jks'), ksPass: new Secret('android'), ksKeyAlias: 'zweiter-schlüssel', keyPass: new Secret('second-key') }), ks: ['--ks', join(KEYS, 'multi.jks'), '--ks-pass', 'pass:android', '--ks-key-alias', 'zweiter-schlüssel', '--key-pass', 'pass:second-key'] },
  { label: 'RSA 4096 from PKCS#12', load: () => loadSigningIdentity({ ks: join(KEYS, 'rsa4096.p12'), ksPass: new Secret('android') }), ks: ['--ks', join(KEYS, 'rsa4096.p12'), '--ks-pass', 'pass:android'] },
];

function minSdkOf(apk: string): number {
  const m = /^sdkVersion:'(\d+)'/m.exec(runStatus('aapt', ['dump', 'badging', apk]).stdout);
  return m ? Number(m[1]) : 1;
}

async function apksigner(args: string[]): Promise<{ ok: boolean; out: string }> {
  try {
    const r = await execFileAsync('apksigner', args, { maxBuffer: 64 << 20 });
    return { ok: true, out: r.stdout };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

describe.skipIf(skip)('signing the corpus with EC and RSA keys from PKCS#12 and JKS', () => {
  for (const key of keys) {
    it(key.label, async () => {
      const id = key.load();
      const jobs = apks.map(async (apk) => {
        const out = join(work, `${key.label.replace(/\W+/g, '-')}-${basename(apk)}`);
        const ecV1Impossible = id.keyAlgorithm === 'EC' && minSdkOf(apk) < 18;
        try {
          signApkFile(apk, out, id);
        } catch (e) {
          if (!isMamError(e) || !ecV1Impossible) throw e;
          expect(e.code, basename(apk)).toBe('SIGN_V1_EC_MIN_SDK');
          expect(existsSync(out)).toBe(false);
          const a = await apksigner(['sign', ...key.ks, '--v4-signing-enabled', 'false', '--out', `${out}.apksigner`, apk]);
          expect(a.ok, `apksigner signed ${basename(apk)} with an EC v1 signature below API 18`).toBe(false);
          return 'refused';
        }
        expect(ecV1Impossible, `${basename(apk)} should have been refused`).toBe(false);
        const v = await apksigner(['verify', '--print-certs', out]);
        expect(v.ok, `${basename(apk)}: ${v.out}`).toBe(true);
        expect(v.out).toContain(`certificate SHA-256 digest: ${id.certSha256}`);
        return 'signed';
      });
      const results: string[] = [];
      // apksigner is a JVM (~1 s each): 3 at a time.
      for (let i = 0; i < jobs.length; i += 3) results.push(...(await Promise.all(jobs.slice(i, i + 3))));
      console.log(`${key.label}: ${results.filter((r) => r === 'signed').length} signed and verified, ${results.filter((r) => r === 'refused').length} refused (min SDK < 18)`);
      expect(results.filter((r) => r === 'signed').length).toBeGreaterThan(0);
    }, 300_000);
  }
});
