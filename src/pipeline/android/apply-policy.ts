// Stage applyPolicy: from the policy and the app, the plan. The policy is embedded as its canonical
// bytes (docs/policy-spec-draft.md "Embedding and digest"); its Android effects (src/policy/effects.ts)
// and the shim's manifest decide the manifest edits (src/android/manifest/plan.ts): permissions,
// camera features, min SDK, the bootstrap provider with authority <package><providerAuthoritySuffix>,
// and the marker. Here too: where the shim DEX goes, and whether android:hasCode must turn true.
// With --keep-min-sdk and a min SDK below the shim's secondaryDexMinSdk, minSdkVersion is kept and the
// runtime is merged into classes.dex (merge-runtime.ts; when the app has no classes.dex, the runtime DEX
// itself becomes classes.dex, which every level loads).

import { TYPE_INT_BOOLEAN } from '../../android/axml/constants.js';
import { axmlRootView } from '../../android/manifest/element.js';
import { effectiveMinSdk, planManifestEdits, type ManifestEdit } from '../../android/manifest/plan.js';
import { MAM_VERSION } from '../../core/version.js';
import { androidEffects } from '../../policy/effects.js';
import { embeddedPolicy } from '../../policy/canonical.js';
import { dexDefinesClass, loadedDexNames, nextDexName } from './dex-entries.js';
import { PRIMARY_DEX } from './merge-runtime.js';
import { need, type ShimPlacement, type WrapContext } from './wrap-context.js';

/** android.R.attr.hasCode (public.xml). */
export const ATTR_HAS_CODE = 0x0101000c;

/** True when <application android:hasCode="false">: the platform would not load the shim's DEX. */
export function declaresNoCode(ctx: WrapContext): boolean {
  const app = axmlRootView(need(ctx.manifest, 'the manifest').doc)?.children.find((c) => c.name === 'application');
  const attr = app?.attributes.find((a) => a.resourceId === ATTR_HAS_CODE);
  return attr !== undefined && attr.value.dataType === TYPE_INT_BOOLEAN && attr.value.data === 0;
}

/** On --rewrap, the DEX that defines the bootstrap provider (the previous shim), else the next free name. */
function shimDexName(ctx: WrapContext): string {
  const archive = need(ctx.archive, 'the archive');
  const names = archive.entries.map((e) => e.name);
  if (ctx.options.rewrap) {
    const provider = need(ctx.shim, 'the shim').providerClass;
    const previous = loadedDexNames(names).find((n) => dexDefinesClass(archive.readEntry(n), provider));
    if (previous) return previous;
  }
  return nextDexName(names);
}

/** The min SDK the manifest must reach, and where the runtime goes. */
function placementOf(ctx: WrapContext): { floor: number; placement: ShimPlacement } {
  const shim = need(ctx.shim, 'the shim');
  const min = effectiveMinSdk(need(ctx.manifest, 'the manifest').summary);
  const keep = ctx.options.keepMinSdk === true && min !== undefined && min < shim.secondaryDexMinSdk;
  if (!keep) return { floor: shim.secondaryDexMinSdk, placement: 'next-dex' };
  const hasPrimary = need(ctx.archive, 'the archive').getEntry(PRIMARY_DEX) !== undefined;
  return { floor: Math.min(min, shim.minSdk), placement: hasPrimary ? 'merged-into-primary' : 'next-dex' };
}

function withAuthority(edits: ManifestEdit[], authority: string): ManifestEdit[] {
  return edits.map((e) => (e.kind === 'addBootstrapProvider' ? { ...e, authority } : e));
}

export function applyPolicy(ctx: WrapContext): void {
  const { summary } = need(ctx.manifest, 'the manifest');
  const shim = need(ctx.shim, 'the shim');
  const embedded = embeddedPolicy(ctx.options.policy);
  ctx.policy = { ...embedded, ...(ctx.options.policy.name ? { name: ctx.options.policy.name } : {}) };
  ctx.effects = androidEffects(ctx.options.policy);
  const { floor, placement } = placementOf(ctx);
  const planned = planManifestEdits(summary, ctx.effects, {
    version: ctx.options.mamVersion ?? MAM_VERSION, policySha256: embedded.digest, providerClass: shim.providerClass, minSdk: floor,
  });
  const edits = withAuthority(planned, summary.package + shim.providerAuthoritySuffix);
  const raise = edits.find((e) => e.kind === 'raiseMinSdk');
  ctx.plan = {
    edits,
    setHasCode: declaresNoCode(ctx),
    shimDexName: placement === 'merged-into-primary' ? PRIMARY_DEX : shimDexName(ctx),
    shimPlacement: placement,
    minSdk: {
      from: summary.minSdk === undefined ? null : effectiveMinSdk(summary) ?? summary.minSdk,
      to: raise?.kind === 'raiseMinSdk' ? raise.to : summary.minSdk === undefined ? null : effectiveMinSdk(summary) ?? summary.minSdk,
      raised: raise !== undefined,
    },
  };
  ctx.notes.push(...ctx.effects.notes);
  if (raise?.kind === 'raiseMinSdk') {
    ctx.notes.push(`minSdkVersion raised from ${raise.from} to ${raise.to}: Android before 5.0 does not load a secondary DEX, so the runtime could not start there (--keep-min-sdk merges it into classes.dex instead)`);
  } else if (ctx.options.keepMinSdk && floor < shim.secondaryDexMinSdk) {
    ctx.notes.push(`minSdkVersion kept at ${ctx.plan.minSdk.from} (--keep-min-sdk): the runtime goes into classes.dex, the only DEX Android before 5.0 loads by itself; below API ${shim.secondaryDexMinSdk} some protections degrade or fail closed (runtime-shims/android/README.md, "Platform levels")`);
  }
}
