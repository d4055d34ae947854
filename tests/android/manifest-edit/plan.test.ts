// planManifestEdits turns a manifest summary and the policy's Android effects into edits: only what
// changes something, in application order; applyManifestEdits leaves its input untouched.
import { describe, expect, it } from 'vitest';
import { applyManifestEdits, describeManifestEdit, effectiveMinSdk, planManifestEdits } from '../../../src/android/manifest/plan.js';
import type { ManifestSummary } from '../../../src/android/manifest/summarize.js';
import { androidEffects } from '../../../src/policy/effects.js';
import { starterPolicy } from '../../../src/policy/starter.js';
import { parseAxml } from '../../../src/android/axml/parse.js';
import { serializeAxml } from '../../../src/android/axml/serialize.js';
import { summarizeManifest } from '../../../src/android/manifest/summarize.js';
import { FIXTURES, missingTools } from '../../helpers/env.js';
import { unzipRequired } from '../axml/corpus-manifests.js';
import { join } from 'node:path';

const OPTS = { version: '1.2.3', policySha256: 'a'.repeat(64), providerClass: 'com.mam.runtime.Bootstrap' };

function summary(over: Partial<ManifestSummary>): ManifestSummary {
  return {
    package: 'org.example', debuggable: false, permissions: [], features: [],
    counts: { activities: 0, activityAliases: 0, services: 0, receivers: 0, providers: 0 }, ...over,
  };
}

describe('planManifestEdits', () => {
  it('strict policy on an old camera app: every edit, in order', () => {
    const s = summary({ minSdk: '15', permissions: ['android.permission.CAMERA', 'android.permission.INTERNET'], features: [{ name: 'android.hardware.camera', required: true }, { name: 'android.hardware.camera.autofocus', required: false }, { name: 'android.hardware.nfc', required: true }] });
    const edits = planManifestEdits(s, androidEffects(starterPolicy('strict')), OPTS);
    expect(edits).toEqual([
      { kind: 'removePermission', name: 'android.permission.CAMERA' },
      { kind: 'addPermission', name: 'android.permission.ACCESS_NETWORK_STATE' },
      { kind: 'markCameraFeaturesNotRequired', features: ['android.hardware.camera'] },
      { kind: 'raiseMinSdk', from: 15, to: 21 },
      { kind: 'addBootstrapProvider', className: OPTS.providerClass, authority: 'org.example.mam.bootstrap' },
      { kind: 'setWrapperMarker', version: '1.2.3', policySha256: OPTS.policySha256 },
    ]);
    expect(edits.map(describeManifestEdit)).toHaveLength(6);
  });

  it('default policy on a modern app without camera: provider and marker only', () => {
    const s = summary({ minSdk: '24', permissions: ['android.permission.ACCESS_NETWORK_STATE'] });
    expect(planManifestEdits(s, androidEffects(starterPolicy('default')), OPTS).map((e) => e.kind)).toEqual(['addBootstrapProvider', 'setWrapperMarker']);
  });

  it('min SDK: absent means 1, a codename is left alone, a custom floor is honoured', () => {
    expect(effectiveMinSdk(summary({}))).toBe(1);
    expect(effectiveMinSdk(summary({ minSdk: 'Q' }))).toBeUndefined();
    const none = { permissionsToAdd: [], permissionsToRemove: [], cameraFeaturesNotRequired: false };
    expect(planManifestEdits(summary({ minSdk: 'Q' }), none, OPTS).some((e) => e.kind === 'raiseMinSdk')).toBe(false);
    expect(planManifestEdits(summary({}), none, OPTS)[0]).toEqual({ kind: 'raiseMinSdk', from: 1, to: 21 });
    expect(planManifestEdits(summary({ minSdk: '21' }), none, { ...OPTS, minSdk: 23 })[0]).toEqual({ kind: 'raiseMinSdk', from: 21, to: 23 });
  });

  it.skipIf(missingTools('applyManifestEdits on a fixture', 'unzip'))('applyManifestEdits works on a copy and reports each change', () => {
    const bytes = unzipRequired(join(FIXTURES, 'android', 'sample-minsdk19.apk'), 'AndroidManifest.xml');
    const doc = parseAxml(bytes);
    const edits = planManifestEdits(summarizeManifest(doc), androidEffects(starterPolicy('strict')), OPTS);
    const { doc: out, changes } = applyManifestEdits(doc, edits);
    expect(Buffer.from(serializeAxml(doc)).equals(Buffer.from(bytes))).toBe(true);
    const after = summarizeManifest(out);
    expect(after.minSdk).toBe('21');
    expect(after.permissions).toContain('android.permission.ACCESS_NETWORK_STATE');
    expect(after.permissions).not.toContain('android.permission.CAMERA');
    expect(after.features.filter((f) => f.name.startsWith('android.hardware.camera')).every((f) => !f.required)).toBe(true);
    expect(after.mamWrapper).toMatchObject({ version: '1.2.3', policySha256: OPTS.policySha256 });
    expect(changes.length).toBeGreaterThanOrEqual(edits.length);
  });
});
