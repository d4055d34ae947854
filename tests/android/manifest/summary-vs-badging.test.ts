// summarizeManifest on every corpus APK agrees with `aapt dump badging`: package, versionCode,
// versionName (resolved through resources.arsc), sdkVersion, targetSdkVersion, uses-permission and
// launchable-activity.
import { describe, expect, it } from 'vitest';
import { parseResourceTable } from '../../../src/android/arsc/resource-table.js';
import { parseAxml } from '../../../src/android/axml/parse.js';
import { summarizeManifest } from '../../../src/android/manifest/summarize.js';
import { corpusPresent, missingTools, runStatus } from '../../helpers/env.js';
import { corpusApks, label, unzipEntry, unzipRequired } from '../axml/corpus-manifests.js';

const skip = missingTools('manifest summary vs aapt badging', 'aapt', 'unzip') || !corpusPresent('manifest summary vs aapt badging');

function badging(apk: string): string {
  return runStatus('aapt', ['dump', 'badging', apk]).stdout;
}
const one = (text: string, re: RegExp): string | undefined => re.exec(text)?.[1];

describe.skipIf(skip)('manifest summary equals aapt dump badging', () => {
  for (const apk of skip ? [] : corpusApks()) {
    it(label(apk), () => {
      const out = badging(apk);
      const arsc = unzipEntry(apk, 'resources.arsc');
      const s = summarizeManifest(parseAxml(unzipRequired(apk, 'AndroidManifest.xml')), { resources: arsc && parseResourceTable(arsc) });
      const pkg = /^package: name='([^']*)' versionCode='([^']*)' versionName='([^']*)'/m.exec(out);
      expect(pkg, out).not.toBeNull();
      expect(s.package).toBe(pkg![1]);
      expect(s.versionCode === undefined ? '' : String(s.versionCode)).toBe(pkg![2]);
      expect(s.versionName ?? '').toBe(pkg![3]);
      const sdk = one(out, /^sdkVersion:'([^']*)'/m);
      if (sdk !== undefined) expect(s.minSdk ?? '1').toBe(sdk);
      const target = one(out, /^targetSdkVersion:'([^']*)'/m);
      if (target !== undefined) expect(s.targetSdk ?? s.minSdk).toBe(target);
      const implied = new Set([...out.matchAll(/^uses-implied-permission: name='([^']*)'/gm)].map((m) => m[1]));
      const listed = [...out.matchAll(/^uses-permission(?:-sdk-23)?: name='([^']*)'/gm)].map((m) => m[1]!);
      expect([...new Set(s.permissions)].sort()).toEqual([...new Set(listed.filter((p) => !implied.has(p) || s.permissions.includes(p)))].sort());
      expect(s.launcherActivity?.name).toBe(one(out, /^launchable-activity: name='([^']*)'/m));
    });
  }
});
