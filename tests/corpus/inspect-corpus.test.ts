// Walks every file of ../shared/corpus with `mam inspect --json` (the built CLI) and checks what it
// says against independent oracles: aapt badging, apksigner, unzip for Android; plistlib, macholib and
// openssl (tests/corpus/ios_oracle.py) for iOS. Skipped, visibly, when the corpus folder is absent.

import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, SYSTEM_PYTHON, corpusPresent, havePythonModules, missingTools, runMam, runStatus } from '../helpers/env.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const present = corpusPresent('inspect over the corpus');
const android = present ? readdirSync(join(CORPUS, 'android')).sort().map((n) => join(CORPUS, 'android', n)) : [];
const ios = present ? readdirSync(join(CORPUS, 'ios')).sort().map((n) => join(CORPUS, 'ios', n)) : [];
const tmp = mkdtempSync(join(tmpdir(), 'mam-inspect-corpus-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function inspect(path: string): { status: number; json: any; stderr: string } {
  const r = runMam(['inspect', '--json', path]);
  return { status: r.status, json: r.stdout ? JSON.parse(r.stdout) : null, stderr: r.stderr };
}

/** aapt dump badging, parsed into the fields we report; undefined when aapt refuses the file. */
function badging(apk: string): Record<string, any> | undefined {
  const r = runStatus('aapt', ['dump', 'badging', apk]);
  if (r.status !== 0) return undefined;
  const out: Record<string, any> = { permissions: [] as string[], implied: [] as string[] };
  for (const l of r.stdout.split('\n')) {
    let m = /^package: name='([^']*)'(?: versionCode='([^']*)')?(?: versionName='([^']*)')?/.exec(l);
    if (m) Object.assign(out, { package: m[1], versionCode: m[2] ? Number(m[2]) : null, versionName: m[3] ?? null });
    if ((m = /^sdkVersion:'([^']*)'/.exec(l))) out.minSdk = m[1];
    if ((m = /^targetSdkVersion:'([^']*)'/.exec(l))) out.targetSdk = m[1];
    if ((m = /^uses-permission(?:-sdk-23)?: name='([^']*)'/.exec(l))) out.permissions.push(m[1]);
    if ((m = /^uses-implied-permission: name='([^']*)'/.exec(l))) out.implied.push(m[1]);
    if ((m = /^launchable-activity: name='([^']*)'/.exec(l))) out.launcher = m[1];
  }
  return out;
}

/** Signer certificate SHA-256 digests per apksigner, when it verifies the APK. */
function apksignerCerts(apk: string): string[] | undefined {
  const r = runStatus('apksigner', ['verify', '--print-certs', apk]);
  if (r.status !== 0) return undefined;
  return [...r.stdout.matchAll(/certificate SHA-256 digest: ([0-9a-f]{64})/g)].map((m) => m[1]!);
}

function checkApk(path: string, apk: any): void {
  const b = badging(path);
  if (b) {
    expect(apk.package, 'package').toBe(b.package);
    if (b.versionCode !== null) expect(apk.versionCode, 'versionCode').toBe(b.versionCode);
    // aapt prints versionName='' when the attribute is absent.
    if (b.versionName) expect(apk.versionName, 'versionName').toBe(b.versionName);
    else expect(apk.versionName ?? '', 'versionName').toBe('');
    if (b.minSdk) expect(apk.minSdk ?? '1', 'minSdk').toBe(b.minSdk);
    if (b.targetSdk) expect(apk.targetSdk ?? apk.minSdk, 'targetSdk').toBe(b.targetSdk);
    // aapt also lists permissions the platform implies (uses-implied-permission); we report declared ones.
    const declared = new Set<string>(apk.permissions);
    const expected = new Set<string>((b.permissions as string[]).filter((p) => declared.has(p) || !b.implied.includes(p)));
    expect([...declared].sort(), 'permissions').toEqual([...expected].sort());
    expect(apk.launcherActivity ?? undefined, 'launcher').toBe(b.launcher);
  }
  const names = runStatus('unzip', ['-Z1', path]).stdout.split('\n');
  expect(apk.dexFiles, 'dex files').toEqual(names.filter((n) => /^classes\d*\.dex$/.test(n)).sort((x, y) => (Number(/\d+/.exec(x)?.[0] ?? 1) - Number(/\d+/.exec(y)?.[0] ?? 1))));
  const certs = apksignerCerts(path);
  if (certs) {
    const ours = new Set(apk.signers === undefined ? apk.signatures.signers.filter((s: any) => s.scheme !== 'v3.1' && s.scheme !== 'source-stamp').map((s: any) => s.certSha256) : []);
    for (const c of certs) expect(ours.has(c), `apksigner's signer ${c} is reported`).toBe(true);
  }
  expect(apk.wrapped, 'third-party apps are not wrapped').toBeNull();
}

describe.skipIf(!present || missingTools('inspect corpus (Android)', 'aapt', 'apksigner', 'unzip'))('mam inspect: Android corpus', () => {
  for (const path of android) {
    const name = basename(path);
    it(name, () => {
      const r = inspect(path);
      if (name.endsWith('.idsig')) {
        // A v4 signature file alone is not an app: a clear refusal, not a crash.
        expect(r.status).toBe(3);
        expect(r.stderr).toMatch(/error\[UNKNOWN_INPUT_KIND\]/);
        return;
      }
      expect(r.status, r.stderr).toBe(0);
      const j = r.json;
      if (j.kind === 'apk') checkApk(path, j.apk);
      else if (j.kind === 'aab') {
        expect(j.modules.map((m: any) => m.module)).toContain('base');
        expect(j.modules[0].package).toMatch(/^[a-zA-Z][\w.]*$/);
      } else {
        expect(['xapk', 'apks', 'apk-dir']).toContain(j.kind);
        expect(j.parts.length).toBeGreaterThan(1);
        const base = j.parts.filter((p: any) => p.report && p.split === null);
        expect(base.length, 'one base APK').toBe(1);
        if (j.kind === 'apk-dir') for (const p of j.parts) checkApk(join(path, p.name), p.report);
      }
    });
  }
});

const ARCH: Record<string, string> = {
  '12/9': 'armv7', '12/11': 'armv7s', '12/12': 'armv7k', '16777228/0': 'arm64', '16777228/1': 'arm64', '16777228/2': 'arm64e',
  '33554444/1': 'arm64_32', '7/3': 'i386', '16777223/3': 'x86_64', '16777223/8': 'x86_64h',
};
const FILETYPE: Record<number, string> = { 2: 'MH_EXECUTE', 6: 'MH_DYLIB', 8: 'MH_BUNDLE' };

function flatten(b: any, out: Map<string, any>): void {
  out.set(b.path, b);
  for (const n of b.nested) flatten(n, out);
}

describe.skipIf(!present || missingTools('inspect corpus (iOS)', 'unzip', 'openssl') || !havePythonModules('macholib'))('mam inspect: iOS corpus', () => {
  for (const path of ios) {
    const name = basename(path);
    it(name, () => {
      const r = inspect(path);
      const j = r.json;
      // The report is printed even for a broken bundle, which then exits 3 (malformed input).
      const broken = JSON.stringify(j).includes('"severity":"error"');
      expect(r.status, r.stderr).toBe(broken ? 3 : 0);
      expect(['ipa', 'app-zip']).toContain(j.kind);
      const dir = join(tmp, name);
      runStatus('unzip', ['-q', '-o', path, '-d', dir]);
      const appDir = findApp(dir);
      const oracle = JSON.parse(runStatus(SYSTEM_PYTHON, [join(HERE, 'ios_oracle.py'), appDir]).stdout);
      const ours = new Map<string, any>();
      flatten(j.ios.app, ours);
      expect([...ours.keys()].sort(), 'nested bundles').toEqual(Object.keys(oracle).sort());
      for (const [rel, o] of Object.entries<any>(oracle)) {
        const b = ours.get(rel);
        expect(b.bundleId ?? undefined, `${rel} bundle id`).toBe(o.bundleId ?? undefined);
        expect(b.shortVersion ?? undefined, `${rel} short version`).toBe(o.shortVersion ?? undefined);
        expect(b.version ?? undefined, `${rel} version`).toBe(o.version ?? undefined);
        if (o.minimumOS) expect(b.minimumOS, `${rel} minimum OS`).toBe(o.minimumOS);
        if (o.slices) {
          expect(b.executable, `${rel} executable`).not.toBeNull();
          expect(b.executable.slices.map((s: any) => s.arch), `${rel} slices`).toEqual(o.slices.map((s: any) => ARCH[`${s.cputype}/${s.cpusubtype}`]));
          o.slices.forEach((s: any, k: number) => {
            const ourSlice = b.executable.slices[k];
            expect(ourSlice.filetype).toBe(FILETYPE[s.filetype]);
            expect(ourSlice.pie, `${rel} PIE`).toBe(s.pie);
            expect(ourSlice.encrypted, `${rel} encrypted`).toBe(s.cryptid !== 0);
            expect(ourSlice.linkedDylibs, `${rel} dylibs`).toEqual(s.dylibs);
            expect(ourSlice.rpaths, `${rel} rpaths`).toEqual(s.rpaths);
          });
        } else {
          expect(b.executable, `${rel} has no executable`).toBeNull();
          expect(b.issues.map((i: any) => i.code)).toContain('BUNDLE_NO_EXECUTABLE');
        }
        if (o.profile) {
          expect(b.profile.uuid, `${rel} profile`).toBe(o.profile.uuid);
          expect(b.profile.name).toBe(o.profile.name);
          expect(b.profile.teamIds).toEqual(o.profile.teamIds);
          expect(b.profile.expires.slice(0, 19)).toBe(o.profile.expires);
        } else expect(b.profile).toBeNull();
        expect(b.wrapped).toBeNull();
      }
    });
  }
});

function findApp(dir: string): string {
  const payload = join(dir, 'Payload');
  const base = statSafe(payload) ? payload : dir;
  const app = readdirSync(base).find((n) => n.endsWith('.app'));
  if (!app) throw new Error(`no .app in ${dir}`);
  return join(base, app);
}

function statSafe(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
