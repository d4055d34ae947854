// Every corpus and fixture APK, its manifest wrapped (bootstrap provider, marker, ACCESS_NETWORK_STATE
// added, CAMERA removed, camera features not required, min SDK raised to 21), checked by AOSP's aapt:
// `aapt dump xmltree` of the output equals aapt's dump of the input with exactly the intended changes
// (derived from the input dump, not from our renderer), `aapt dump badging` sees the permission
// changes and the same package, version and launcher, and our output re-serializes byte for byte.
import { afterAll, describe, expect, it } from 'vitest';
import { resourceMapOf } from '../../../src/android/axml/model.js';
import { parseAxml } from '../../../src/android/axml/parse.js';
import { serializeAxml } from '../../../src/android/axml/serialize.js';
import { formatMamWrapperMarker } from '../../../src/android/manifest/mam-marker.js';
import { corpusPresent, missingTools, run, runStatus } from '../../helpers/env.js';
import { ADD_PERMISSION, EditedSet, MAM_VERSION, MIN_SDK, POLICY_SHA256, PROVIDER_CLASS, REMOVE_PERMISSION, labelOf, testApks } from './harness.js';
import { expectedWrappedDump } from './wrap-intent.js';

const skip = missingTools('manifest edits vs aapt', 'aapt', 'zip', 'unzip') || !corpusPresent('manifest edits vs aapt');
const apks = skip ? [] : testApks();
const set = new EditedSet();
afterAll(() => set.dispose());

const xmltree = (apk: string): string => run('aapt', ['dump', 'xmltree', apk, 'AndroidManifest.xml']);
const badging = (apk: string): string => runStatus('aapt', ['dump', 'badging', apk]).stdout;
const lines = (text: string, re: RegExp): string[] => [...text.matchAll(re)].map((m) => m[0]);
/** Declared permissions: aapt also lists the ones it implies (e.g. for targetSdkVersion < 4), which the manifest does not hold. */
function permissions(b: string): string[] {
  const implied = new Set([...b.matchAll(/^uses-implied-permission: name='([^']*)'/gm)].map((m) => m[1]!));
  return [...b.matchAll(/^uses-permission(?:-sdk-23)?: name='([^']*)'/gm)].map((m) => m[1]!).filter((p) => !implied.has(p));
}

describe.skipIf(skip)('wrapped manifests vs aapt', () => {
  it('covers both string pool encodings (UTF-8 and UTF-16)', () => {
    const kinds = new Set(apks.map((a) => set.get(a).utf8));
    expect([...kinds].sort()).toEqual([false, true]);
    // and in both, new attribute names were inserted into the resource-mapped prefix
    const grew = apks.map((a) => set.get(a)).filter((e) => resourceMapOf(e.after)!.ids.length > resourceMapOf(e.before)!.ids.length);
    expect(new Set(grew.map((e) => e.utf8)).size).toBe(2);
    expect(apks.length).toBeGreaterThanOrEqual(30);
  });

  for (const apk of apks) {
    describe(labelOf(apk), () => {
      it('aapt dump xmltree differs from the input exactly by the intended edits', () => {
        const e = set.get(apk);
        const input = xmltree(apk);
        const pkg = /^ *A: package="([^"]*)"/m.exec(input)![1]!;
        const expected = expectedWrappedDump(input, {
          package: pkg, addPermission: ADD_PERMISSION, removePermission: REMOVE_PERMISSION, minSdk: MIN_SDK,
          providerClass: PROVIDER_CLASS, marker: formatMamWrapperMarker(MAM_VERSION, POLICY_SHA256),
        });
        expect(xmltree(e.output)).toBe(expected);
      });

      it('aapt dump badging: permission added, CAMERA gone, same package, version and launcher', () => {
        const e = set.get(apk);
        const before = badging(apk);
        const after = badging(e.output);
        expect(after).toMatch(/^package: /m);
        expect(lines(after, /^package: .*$/gm)).toEqual(lines(before, /^package: .*$/gm));
        expect(lines(after, /^(launchable-activity|application-label|leanback-launchable-activity): .*$/gm))
          .toEqual(lines(before, /^(launchable-activity|application-label|leanback-launchable-activity): .*$/gm));
        const was = new Set(permissions(before));
        const now = new Set(permissions(after));
        expect(now.has(ADD_PERMISSION)).toBe(true);
        expect(now.has(REMOVE_PERMISSION)).toBe(false);
        for (const p of was) if (p !== REMOVE_PERMISSION) expect(now.has(p), p).toBe(true);
        const minBefore = Number(/^sdkVersion:'(\d+)'/m.exec(before)?.[1] ?? '1');
        expect(/^sdkVersion:'(\d+)'/m.exec(after)?.[1]).toBe(String(Math.max(minBefore, MIN_SDK)));
        const target = (b: string): string | undefined => /^targetSdkVersion:'(\d+)'/m.exec(b)?.[1];
        expect(target(after) ?? String(Math.max(minBefore, MIN_SDK))).toBe(target(before) ?? String(minBefore));
      });

      it('our output parses and re-serializes byte for byte', () => {
        const e = set.get(apk);
        expect(Buffer.from(serializeAxml(parseAxml(e.bytes))).equals(Buffer.from(e.bytes))).toBe(true);
        expect(e.changes.some((c) => c.includes('<provider'))).toBe(true);
        expect(e.changes.some((c) => c.includes('mam.wrapper'))).toBe(true);
      });
    });
  }
});
