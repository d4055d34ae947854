// apktool (with its own binary XML decoder and the framework's attribute table) decodes wrapped APKs
// and sees the bootstrap provider, the marker, the permission changes and the raised min SDK. apktool
// is slow (a JVM per run), so a representative subset runs, in parallel: both string pool encodings,
// a manifest without <uses-sdk> attributes of its own, a camera app, a split-set base.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMamWrapperMarker } from '../../../src/android/manifest/mam-marker.js';
import { CORPUS, FIXTURES, corpusPresent, missingTools } from '../../helpers/env.js';
import { ADD_PERMISSION, EditedSet, MAM_VERSION, POLICY_SHA256, PROVIDER_CLASS, REMOVE_PERMISSION, type EditedApk } from './harness.js';

const SUBSET = [
  join(CORPUS, 'android', 'androguard-abcore-app-prod-debug.apk'), // UTF-8 pool
  join(CORPUS, 'android', 'apksig-two-signers.apk'),
  join(CORPUS, 'android', 'fdroid-apk.embedded_1.apk'),
  join(CORPUS, 'android', 'mobsf-DIVA-android.apk'),
  join(CORPUS, 'android', 'mobsf-ondemand-splitset', 'com.tfg.samples.dynamicfeatures.ondemand.apk'),
  join(FIXTURES, 'android', 'sample-minsdk19.apk'), // camera permission and feature
];

const skip = missingTools('manifest edits vs apktool', 'apktool', 'aapt', 'zip', 'unzip') || !corpusPresent('manifest edits vs apktool');
const set = new EditedSet();
const decoded = new Map<string, { manifest: string; yml: string } | Error>();
afterAll(() => set.dispose());

// A short-lived JVM: C1 only and the serial collector halve apktool's CPU time on small APKs.
const JVM_FLAGS = ['-JXX:TieredStopAtLevel=1', '-JXX:+UseSerialGC', '-JXshare:auto'];
const PARALLEL = 2;

async function decode(apk: string, i: number): Promise<void> {
  const out = join(set.dir, `apktool-${i}`);
  const env = { ...process.env, HOME: set.dir };
  try {
    await promisify(execFile)('apktool', [`-JDuser.home=${set.dir}`, ...JVM_FLAGS, 'd', '-f', '-s', '-o', out, set.get(apk).output], { env, maxBuffer: 64 << 20 });
    decoded.set(apk, { manifest: readFileSync(join(out, 'AndroidManifest.xml'), 'utf8'), yml: readFileSync(join(out, 'apktool.yml'), 'utf8') });
  } catch (err) {
    decoded.set(apk, err as Error);
  }
}

beforeAll(async () => {
  if (skip) return;
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < SUBSET.length; i = next++) await decode(SUBSET[i]!, i);
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}, 300_000);

function elementsOf(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}\\s[^>]*>`, 'g'))].map((m) => m[0]);
}

describe.skipIf(skip)('wrapped manifests vs apktool d', () => {
  it('the subset covers UTF-8 and UTF-16 pools', () => {
    expect(new Set(SUBSET.map((a) => set.get(a).utf8)).size).toBe(2);
  });

  for (const apk of SUBSET) {
    it(apk.split('/').slice(-1)[0]!, () => {
      const d = decoded.get(apk)!;
      if (d instanceof Error) throw d;
      const e: EditedApk = set.get(apk);
      const providers = elementsOf(d.manifest, 'provider').filter((p) => p.includes(`android:name="${PROVIDER_CLASS}"`));
      expect(providers).toHaveLength(1);
      expect(providers[0]).toContain('android:exported="false"');
      expect(providers[0]).toContain('android:initOrder="2147483647"');
      expect(providers[0]).toMatch(/android:authorities="[^"]+\.mam\.bootstrap"/);
      const marker = elementsOf(d.manifest, 'meta-data').filter((m) => m.includes('android:name="mam.wrapper"'));
      expect(marker).toHaveLength(1);
      expect(marker[0]).toContain(`android:value="${formatMamWrapperMarker(MAM_VERSION, POLICY_SHA256)}"`);
      expect(d.manifest).toContain(`<uses-permission android:name="${ADD_PERMISSION}"/>`);
      expect(d.manifest).not.toContain(`android:name="${REMOVE_PERMISSION}"`);
      expect(d.yml).toMatch(/minSdkVersion: '?(2[1-9]|[3-9]\d)'?/);
      for (const f of elementsOf(d.manifest, 'uses-feature').filter((x) => /android:name="android\.hardware\.camera/.test(x))) {
        expect(f).toContain('android:required="false"');
      }
      expect(e.changes.length).toBeGreaterThanOrEqual(2);
    });
  }
});
