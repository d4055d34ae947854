// `mam sign` for APKs and split sets, checked against independent oracles: Debian's apksigner (verify
// --verbose --print-certs, and v4 with --v4-signature-file), zipalign -c -p 4, Python's zipfile (data
// offsets of stored entries, compressed bytes of every copied entry) and openssl (certificate digest).

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/keys/secret.js';
import { loadSigningIdentity, type SigningIdentity } from '../../../src/keys/load.js';
import { signAndroidPath, signApkFile, type SignClock } from '../../../src/pipeline/sign-apk.js';
import { CORPUS, FIXTURES, SYSTEM_PYTHON, corpusFiles, corpusPresent, missingTools, run, runStatus } from '../../helpers/env.js';

const execFileAsync = promisify(execFile);
const KEYS = join(FIXTURES, 'keys');
const FIXED_CLOCK: SignClock = { now: () => new Date('2025-01-01T00:00:00Z') };
const NO_ORACLE = missingTools('apk signer interop', 'apksigner', 'zipalign', 'aapt', 'openssl');

let work: string;
let rsa: SigningIdentity;
let ec: SigningIdentity;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mam-signer-'));
  rsa = loadSigningIdentity({ ks: join(KEYS, 'rsa2048.jks'), ksPass: new Secret('android') });
  ec = loadSigningIdentity({ ks: join(KEYS, 'ec-p256.p12'), ksPass: new Secret('android') });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function minSdkOf(apk: string): number {
  // aapt exits non-zero on configuration splits (no application label) but still prints sdkVersion.
  const m = /^sdkVersion:'(\d+)'/m.exec(runStatus('aapt', ['dump', 'badging', apk]).stdout);
  return m ? Number(m[1]) : 1;
}

function opensslSha256(pemFile: string): string {
  return run('openssl', ['x509', '-in', pemFile, '-noout', '-fingerprint', '-sha256']).split('=')[1]!.trim().replace(/:/g, '').toLowerCase();
}

async function apksignerVerify(apk: string, extra: string[] = []): Promise<{ ok: boolean; out: string }> {
  try {
    const r = await execFileAsync('apksigner', ['verify', '--verbose', '--print-certs', ...extra, apk], { maxBuffer: 64 << 20 });
    return { ok: true, out: r.stdout };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/** Runs `task` over `items`, `limit` at a time (apksigner is a JVM: ~1 s each, mostly start-up). */
async function pool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]!);
    }
  }));
  return out;
}

interface Layout { output: string; misaligned: [string, number][]; changed: string[]; storedSo: number }

function zipLayouts(pairs: [string, string][]): Layout[] {
  const text = run(SYSTEM_PYTHON, [join(__dirname, 'zip-layout.py'), ...pairs.flat()]);
  return text.trim().split('\n').map((l) => JSON.parse(l) as Layout);
}

function expectApksignerAccepts(out: string, minSdk: number, certSha256: string): void {
  expect(out).toContain('Verifies');
  expect(out).toContain(`Verified using v1 scheme (JAR signing): ${minSdk < 24}`);
  // apksigner checks v2 only when the range reaches below API 28 (v3 covers the rest).
  expect(out).toContain(`Verified using v2 scheme (APK Signature Scheme v2): ${minSdk < 28}`);
  expect(out).toContain('Verified using v3 scheme (APK Signature Scheme v3): true');
  expect(out).toContain('Number of signers: 1');
  expect(out).toContain(`Signer #1 certificate SHA-256 digest: ${certSha256}`);
}

function inputApks(): string[] {
  return [...corpusFiles('android', '.apk'), ...readdirSync(join(FIXTURES, 'android')).filter((n) => n.endsWith('.apk')).map((n) => join(FIXTURES, 'android', n))];
}

describe.skipIf(NO_ORACLE || !corpusPresent('apk signer corpus sweep'))('every corpus and fixture APK, signed', () => {
  it('with RSA (JKS): apksigner verifies v1 (below 24), v2, v3 with our certificate; zipalign passes; .so on 16 KiB; entries untouched', async () => {
    const certSha256 = opensslSha256(join(KEYS, 'rsa2048.x509.pem'));
    expect(rsa.certSha256).toBe(certSha256);
    const apks = inputApks();
    const pairs: [string, string][] = apks.map((apk, i) => {
      const out = join(work, `rsa-${i}-${basename(apk)}`);
      const r = signApkFile(apk, out, rsa, {}, FIXED_CLOCK);
      expect(r.schemes).toEqual(minSdkOf(apk) < 24 ? ['v1', 'v2', 'v3'] : ['v2', 'v3']);
      return [apk, out];
    });
    for (const [, out] of pairs) expect(runStatus('zipalign', ['-c', '-p', '4', out]).status, `zipalign -c -p 4 ${out}`).toBe(0);
    const layouts = zipLayouts(pairs);
    for (const l of layouts) expect({ output: l.output, misaligned: l.misaligned, changed: l.changed }).toEqual({ output: l.output, misaligned: [], changed: [] });
    expect(layouts.reduce((n, l) => n + l.storedSo, 0)).toBeGreaterThan(0);
    const verdicts = await pool(pairs, 4, ([apk, out]) => apksignerVerify(out).then((v) => ({ apk, ...v })));
    for (const v of verdicts) {
      expect(v.ok, `${v.apk}: ${v.out}`).toBe(true);
      expectApksignerAccepts(v.out, minSdkOf(v.apk), certSha256);
    }
  });

  it('with EC (PKCS#12): apksigner verifies a subset; below min SDK 18 both refuse v1 with EC', async () => {
    const certSha256 = opensslSha256(join(KEYS, 'ec-p256.x509.pem'));
    const apks = inputApks();
    const signable = apks.filter((a) => minSdkOf(a) >= 18).slice(0, 4);
    const refused = apks.find((a) => minSdkOf(a) < 18)!;
    const outs = signable.map((apk, i) => {
      const out = join(work, `ec-${i}-${basename(apk)}`);
      signApkFile(apk, out, ec, {}, FIXED_CLOCK);
      return [apk, out] as const;
    });
    const verdicts = await pool([...outs], 4, ([apk, out]) => apksignerVerify(out).then((v) => ({ apk, ...v })));
    for (const v of verdicts) expectApksignerAccepts(v.out, minSdkOf(v.apk), certSha256);
    const ours = join(work, 'ec-refused.apk');
    expect(() => signApkFile(refused, ours, ec, {}, FIXED_CLOCK)).toThrow(expect.objectContaining({ code: 'SIGN_V1_EC_MIN_SDK' }));
    expect(existsSync(ours)).toBe(false);
    const theirs = runStatus('apksigner', ['sign', '--ks', join(KEYS, 'ec-p256.p12'), '--ks-pass', 'pass:android', '--out', join(work, 'apksigner-ec.apk'), refused]);
    expect(theirs.status).not.toBe(0);
    expect(theirs.stderr).toContain('ECDSA signatures only supported for minSdkVersion 18 and higher');
  });
});

describe.skipIf(NO_ORACLE)('options and outputs', () => {
  it('v4 on request: apksigner verifies the .idsig of a multi-level Merkle tree', async () => {
    const apk = existsSync(join(CORPUS, 'android', 'appium-ApiDemos-debug.apk')) ? join(CORPUS, 'android', 'appium-ApiDemos-debug.apk') : join(FIXTURES, 'android', 'sample-multidex.apk');
    const out = join(work, 'v4.apk');
    const r = signApkFile(apk, out, rsa, { schemes: { v4: true } }, FIXED_CLOCK);
    expect(r.idsig).toBe(`${out}.idsig`);
    const v = await apksignerVerify(out, ['--v4-signature-file', `${out}.idsig`]);
    expect(v.out).toContain('Verified using v4 scheme (APK Signature Scheme v4): true');
  });

  it('scheme flags: v1 only and v2 only, as apksigner reports them', async () => {
    // A v1-only APK must target SDK < 30 (apksigner: "Target SDK version 34 requires a minimum of
    // signature scheme v2"); the corpus app targets 24, the fixtures target 34.
    const third = join(CORPUS, 'android', 'uber-apk-signer-app-third-v1.apk');
    if (!existsSync(third)) return;
    const apk = third;
    const v1 = join(work, 'v1-only.apk');
    const v2 = join(work, 'v2-only.apk');
    signApkFile(apk, v1, rsa, { schemes: { v2: false, v3: false } }, FIXED_CLOCK);
    signApkFile(apk, v2, rsa, { schemes: { v1: false, v3: false } }, FIXED_CLOCK);
    const [a, b] = await Promise.all([apksignerVerify(v1), apksignerVerify(v2, ['--min-sdk-version', '24'])]);
    expect(a.out).toMatch(/v1 scheme \(JAR signing\): true[\s\S]*v2 scheme \(APK Signature Scheme v2\): false[\s\S]*v3 scheme \(APK Signature Scheme v3\): false/);
    expect(b.out).toMatch(/v1 scheme \(JAR signing\): false[\s\S]*v2 scheme \(APK Signature Scheme v2\): true[\s\S]*v3 scheme \(APK Signature Scheme v3\): false/);
    expect(run('unzip', ['-l', v2])).not.toContain('META-INF/');
  });

  it('split sets: every APK of an .xapk signed with one key, other entries copied byte for byte', async () => {
    const xapk = join(CORPUS, 'android', 'mobsf-ondemand-sample.xapk');
    if (!existsSync(xapk)) return;
    const out = join(work, 'signed.xapk');
    const r = signAndroidPath(xapk, out, ec, {}, FIXED_CLOCK);
    expect(r.kind).toBe('xapk');
    const names = run('unzip', ['-Z1', out]).trim().split('\n');
    expect(names).toEqual(run('unzip', ['-Z1', xapk]).trim().split('\n'));
    const check = run(SYSTEM_PYTHON, ['-c', `import zipfile,sys
a,b=zipfile.ZipFile(sys.argv[1]),zipfile.ZipFile(sys.argv[2])
print(all(a.read(n)==b.read(n) for n in a.namelist() if not n.endswith('.apk')))`, xapk, out]);
    expect(check.trim()).toBe('True');
    const parts = ['com.tfg.samples.dynamicfeatures.ondemand.apk', 'config.en.apk'];
    run('unzip', ['-o', '-q', out, ...parts, '-d', join(work, 'xapk-parts')]);
    // Config splits declare no min SDK: verify them for the set's (apksigner alone would assume API 1).
    const verdicts = await Promise.all(parts.map((p) => apksignerVerify(join(work, 'xapk-parts', p), ['--min-sdk-version', '21'])));
    for (const v of verdicts) expect(v.out).toContain(`Signer #1 certificate SHA-256 digest: ${ec.certSha256}`);
  });
});

describe('determinism (golden)', () => {
  // Regenerate after an intended output change: sign fixtures/android/sample.apk with rsa2048.jks
  // (alias mam) and default options, and record the SHA-256 of the output here.
  const GOLDEN_SAMPLE_SHA256 = readFileSync(join(__dirname, 'golden-sample.sha256'), 'utf8').trim();

  it('a fixed input, RSA key and clock give byte-identical output across runs', () => {
    const a = join(work, 'golden-a.apk');
    const b = join(work, 'golden-b.apk');
    signApkFile(join(FIXTURES, 'android', 'sample.apk'), a, rsa, {}, FIXED_CLOCK);
    signApkFile(join(FIXTURES, 'android', 'sample.apk'), b, rsa, {}, { now: () => new Date('2031-06-01T12:00:00Z') });
    const digest = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
    expect(digest(a)).toBe(digest(b));
    expect(digest(a)).toBe(GOLDEN_SAMPLE_SHA256);
  });
});
