// Stage editManifest: the planned edits applied to the binary manifest model (src/android/manifest),
// plus android:hasCode="true" when the app declared it has no code (the shim DEX is code: with
// hasCode="false" the platform would create no class loader for it and the bootstrap provider could
// not start). The new manifest replaces the old entry in place.

import { setAttribute } from '../../android/axml/edit.js';
import { serializeAxml } from '../../android/axml/serialize.js';
import type { AxmlDocument } from '../../android/axml/model.js';
import { ensureApplication } from '../../android/manifest/edits.js';
import { applyManifestEdits } from '../../android/manifest/plan.js';
import { ANDROID_MANIFEST } from '../../android/sign/apk-signer.js';
import { ATTR_HAS_CODE } from './apply-policy.js';
import { need, type WrapContext } from './wrap-context.js';

/** <application android:hasCode="true">; returns the report line, or none when nothing changed. */
export function setHasCode(doc: AxmlDocument): string[] {
  const { application, changes } = ensureApplication(doc);
  const r = setAttribute(doc, application, { name: 'hasCode', resourceId: ATTR_HAS_CODE, value: { type: 'boolean', value: true } });
  return r === 'unchanged' ? changes : [...changes, 'set android:hasCode="true" on <application> (the runtime DEX is code; it was "false")'];
}

export function editManifest(ctx: WrapContext): void {
  const manifest = need(ctx.manifest, 'the manifest');
  const plan = need(ctx.plan, 'the plan');
  const { doc, changes } = applyManifestEdits(manifest.doc, plan.edits);
  if (plan.setHasCode) changes.push(...setHasCode(doc));
  ctx.manifestChanges.push(...changes);
  ctx.replacements.set(ANDROID_MANIFEST, serializeAxml(doc));
}
