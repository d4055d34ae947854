// Manifests the corpus lacks, derived from corpus and fixture manifests, wrapped and checked with
// aapt the same way as the corpus: attribute names blanked (as obfuscators do: Android reads only the
// resource IDs), no <application>, no resource map and no android namespace at all, and a re-wrap
// (the marker is replaced, nothing else changes).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { insertElement, removeAttribute, removeElement, setAttribute } from '../../../src/android/axml/edit.js';
import { ANDROID_NS } from '../../../src/android/axml/constants.js';
import { resourceMapOf, stringPoolOf, type AxmlDocument } from '../../../src/android/axml/model.js';
import { parseAxml } from '../../../src/android/axml/parse.js';
import { attributeString, childElements, elementName, rootElement } from '../../../src/android/axml/query.js';
import { internString } from '../../../src/android/axml/pool-edit.js';
import { serializeAxml } from '../../../src/android/axml/serialize.js';
import { emptyStringPool } from '../../../src/android/axml/string-pool.js';
import { formatMamWrapperMarker } from '../../../src/android/manifest/mam-marker.js';
import { summarizeManifest } from '../../../src/android/manifest/summarize.js';
import { CORPUS, FIXTURES, corpusPresent, missingTools, run, runStatus } from '../../helpers/env.js';
import { unzipRequired } from '../axml/corpus-manifests.js';
import { ADD_PERMISSION, EFFECTS, MAM_VERSION, MIN_SDK, POLICY_SHA256, PROVIDER_CLASS, REMOVE_PERMISSION, wrapManifest } from './harness.js';
import { planManifestEdits } from '../../../src/android/manifest/plan.js';
import { expectedWrappedDump } from './wrap-intent.js';

const skip = missingTools('manifest edit edge cases', 'aapt', 'zip', 'unzip') || !corpusPresent('manifest edit edge cases');
const dir = mkdtempSync(join(tmpdir(), 'mam-manifest-edge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A one-entry APK holding `manifest`, written with Info-ZIP zip. */
function apkWith(manifest: Uint8Array): string {
  const work = join(dir, `w${n++}`);
  mkdirSync(work);
  writeFileSync(join(work, 'AndroidManifest.xml'), manifest);
  run('zip', ['-q', '-X', join(work, 'app.apk'), 'AndroidManifest.xml'], { cwd: work });
  return join(work, 'app.apk');
}

const xmltree = (apk: string): string => run('aapt', ['dump', 'xmltree', apk, 'AndroidManifest.xml']);
const manifestOf = (apk: string): AxmlDocument => parseAxml(unzipRequired(apk, 'AndroidManifest.xml'));

/** Wraps `doc` and checks aapt's dump of the result against the intent applied to aapt's dump of the input. */
function expectWrapMatchesIntent(doc: AxmlDocument, declaresAndroidNs = true): { input: string; wrapped: AxmlDocument; output: string } {
  const inputApk = apkWith(serializeAxml(doc));
  const dumped = xmltree(inputApk);
  // The wrap declares the android namespace around the document when the input lacks it.
  const input = declaresAndroidNs ? dumped : `N: android=${ANDROID_NS}\n${dumped.replace(/^(?=.)/gm, '  ')}`;
  const { doc: wrapped } = wrapManifest(doc);
  const outputApk = apkWith(serializeAxml(wrapped));
  const output = xmltree(outputApk);
  const pkg = /^ *A: package="([^"]*)"/m.exec(input)![1]!;
  expect(output).toBe(expectedWrappedDump(input, {
    package: pkg, addPermission: ADD_PERMISSION, removePermission: REMOVE_PERMISSION, minSdk: MIN_SDK,
    providerClass: PROVIDER_CLASS, marker: formatMamWrapperMarker(MAM_VERSION, POLICY_SHA256),
  }));
  expect(runStatus('aapt', ['dump', 'badging', outputApk]).stdout).toContain(`uses-permission: name='${ADD_PERMISSION}'`);
  return { input: dumped, wrapped, output };
}

describe.skipIf(skip)('manifest edit edge cases vs aapt', () => {
  it('attribute names blanked: existing attributes are found by resource ID, mapped names reused', () => {
    const doc = manifestOf(join(FIXTURES, 'android', 'sample-minsdk19.apk'));
    const pool = stringPoolOf(doc);
    const mapped = resourceMapOf(doc)!.ids.length;
    for (let i = 0; i < mapped; i++) pool.strings[i] = '';
    const { input, wrapped, output } = expectWrapMatchesIntent(doc);
    expect(input).toContain('A: android:(0x01010003)=');
    expect(output).toMatch(/A: android:\(0x01010003\)="com\.mam\.runtime\.Bootstrap"/);
    expect(output).toMatch(/A: android:\(0x0101020c\)=\(type 0x10\)0x15\n/);
    // only IDs the input did not map were added to the map
    const before = new Set(resourceMapOf(doc)!.ids);
    const added = resourceMapOf(wrapped)!.ids.slice(mapped);
    expect(added.every((id) => !before.has(id))).toBe(true);
    expect(resourceMapOf(wrapped)!.ids.slice(0, mapped)).toEqual(resourceMapOf(doc)!.ids);
  });

  it('<uses-sdk> with a target but no minSdkVersion: the new attribute goes before it, in resource-ID order', () => {
    const doc = manifestOf(join(CORPUS, 'android', 'mobsf-DIVA-android.apk'));
    const sdk = childElements(rootElement(doc)!).find((e) => elementName(doc, e) === 'uses-sdk')!;
    expect(removeAttribute(doc, sdk, 0x0101020c)).toBe(true);
    const { output } = expectWrapMatchesIntent(doc);
    expect(output).toMatch(/minSdkVersion\(0x0101020c\)=\(type 0x10\)0x15\n\s+A: android:targetSdkVersion/);
  });

  it('CAMERA declared as <uses-permission-sdk-23> is removed too', () => {
    const doc = manifestOf(join(FIXTURES, 'android', 'sample-minsdk19.apk'));
    const camera = childElements(rootElement(doc)!).find((e) => e.attributes.some((a) => attributeString(doc, a) === REMOVE_PERMISSION))!;
    camera.name = camera.end.name = internString(doc, 'uses-permission-sdk-23');
    const { input, output } = expectWrapMatchesIntent(doc);
    expect(input).toContain('E: uses-permission-sdk-23');
    expect(output).not.toContain('E: uses-permission-sdk-23');
  });

  it('no <application>: one is added, then the provider and marker go into it', () => {
    const doc = manifestOf(join(CORPUS, 'android', 'owasp-UnCrackable-Level3.apk'));
    const app = childElements(rootElement(doc)!).find((e) => elementName(doc, e) === 'application')!;
    expect(removeElement(doc, app)).toBe(true);
    const { output } = expectWrapMatchesIntent(doc);
    expect(output).toMatch(/E: application \(line=\d+\)\n\s+E: provider/);
  });

  it('no resource map and no android namespace: both are created', () => {
    const doc: AxmlDocument = { type: 3, headerExtra: new Uint8Array(0), preface: [emptyStringPool(false)], nodes: [], trailing: new Uint8Array(0) };
    const manifest = insertElement(doc, doc, 0, 'manifest', [{ name: 'package', value: { type: 'string', value: 'org.example.bare' } }], 1);
    setAttribute(doc, manifest, { name: 'platformBuildVersionCode', value: { type: 'int', value: 0x1e, hex: true } });
    expect(resourceMapOf(doc)).toBeUndefined();
    const { input, wrapped, output } = expectWrapMatchesIntent(doc, false);
    expect(input).not.toContain('N: ');
    expect(input).toContain('A: platformBuildVersionCode=(type 0x11)0x1e');
    expect(output.startsWith('N: android=http://schemas.android.com/apk/res/android\n')).toBe(true);
    expect(resourceMapOf(wrapped)!.ids.length).toBeGreaterThan(0);
  });

  it('re-wrap: only the marker value changes, and the plan adds nothing else', () => {
    const doc = manifestOf(join(CORPUS, 'android', 'appium-ApiDemos-debug.apk'));
    const once = wrapManifest(doc).doc;
    const otherSha = 'f'.repeat(64);
    const plan = planManifestEdits(summarizeManifest(once), EFFECTS, { version: MAM_VERSION, policySha256: otherSha, providerClass: PROVIDER_CLASS });
    expect(plan.map((e) => e.kind)).toEqual(['addBootstrapProvider', 'setWrapperMarker']);
    const twice = wrapManifest(once, otherSha);
    expect(twice.changes).toEqual([`set <meta-data mam.wrapper> to "${formatMamWrapperMarker(MAM_VERSION, otherSha)}"`]);
    const a = xmltree(apkWith(serializeAxml(once))).split('\n');
    const b = xmltree(apkWith(serializeAxml(twice.doc))).split('\n');
    expect(b.length).toBe(a.length);
    const differing = a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]]]));
    expect(differing).toHaveLength(1);
    expect(differing[0]![1]).toContain(`policy-sha256=${otherSha}`);
  });
});
