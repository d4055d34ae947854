// The report of `mam wrap` for Android (rendered as text or JSON by the CLI): every manifest change,
// the files added, replaced and removed, the signer, the notes, and the time each stage took.

import { MAM_VERSION } from '../../core/version.js';
import { describeManifestEdit } from '../../android/manifest/plan.js';
import { ANDROID_POLICY_ENTRY, type HookGroup } from '../../policy/effects.js';
import type { AddedFile, StageTiming, WrapAndroidOptions, WrapContext } from './wrap-context.js';
import type { ShimPlacement, WrapHooks } from './wrap-context.js';
import type { RuntimeMerge } from './merge-runtime.js';

export interface WrapSignerReport {
  subject: string;
  certSha256: string;
  keyAlgorithm: string;
  keySize: number;
  alias?: string;
  debugKey: boolean;
}

export interface WrappedApkReport {
  name: string;
  package: string;
  plannedEdits: string[];
  manifestChanges: string[];
  files: AddedFile[];
  removed: string[];
  minSdk: { from: number | string | null; to: number | string | null; raised: boolean };
  schemes: string[];
  size: number | null;
}

export interface ResignedSplitReport {
  name: string;
  schemes: string[];
  size: number;
}

export interface WrapReport {
  input: string;
  output: string;
  kind: 'apk' | 'apks' | 'xapk' | 'apk-dir';
  dryRun: boolean;
  mamVersion: string;
  policy: { name: string | null; sha256: string; asset: string };
  shim: {
    dex: string; sha256: string; providerClass: string; authority: string; minSdk: number;
    placement: ShimPlacement;
    /** With placement 'merged-into-primary': what the merge added to classes.dex and the counts after it. */
    merge: Omit<RuntimeMerge, 'bytes'> | null;
  };
  base: WrappedApkReport;
  splits: ResignedSplitReport[];
  signer: WrapSignerReport | null;
  hooks: { groups: HookGroup[]; applied: boolean; callSites: number; skipped: number; rules: WrapHooks['rules'] };
  notes: string[];
  stages: StageTiming[];
  size: number | null;
}

export function apkReportOf(name: string, ctx: WrapContext, size: number | null): WrappedApkReport {
  const plan = ctx.plan!;
  return {
    name,
    package: ctx.manifest!.summary.package,
    plannedEdits: [...plan.edits.map(describeManifestEdit), ...(plan.setHasCode ? ['set android:hasCode="true" on <application>'] : [])],
    manifestChanges: ctx.manifestChanges,
    files: ctx.files,
    removed: ctx.removed,
    minSdk: plan.minSdk,
    schemes: ctx.signed ? (['v1', 'v2', 'v3'] as const).filter((s) => ctx.signed!.result.schemes[s]) : [],
    size,
  };
}

function mergeReportOf(m: RuntimeMerge | undefined): Omit<RuntimeMerge, 'bytes'> | null {
  if (!m) return null;
  const { bytes: _bytes, ...counts } = m;
  return counts;
}

export function signerReportOf(options: WrapAndroidOptions): WrapSignerReport | null {
  const s = options.signing;
  if (s === undefined || s === 'unsigned') return null;
  const id = s.identity;
  return { subject: id.subject, certSha256: id.certSha256, keyAlgorithm: id.keyAlgorithm, keySize: id.keySize, ...(id.alias ? { alias: id.alias } : {}), debugKey: s.debugKey ?? false };
}

export function wrapReportOf(input: string, output: string, kind: WrapReport['kind'], ctx: WrapContext, base: WrappedApkReport, splits: ResignedSplitReport[], size: number | null, stages: StageTiming[]): WrapReport {
  const shim = ctx.shim!;
  const hookGroups = ctx.effects!.hookGroups;
  const notes = [...ctx.notes];
  if (ctx.hooks && ctx.hooks.skipped > 0) notes.push(`${ctx.hooks.skipped} call site(s) to hooked framework methods were left alone (listed under hooks.rules[].skipped with the reason)`);
  if (ctx.options.signing === 'unsigned') notes.push('the output is NOT signed (--unsigned): sign it before installing');
  return {
    input, output, kind,
    dryRun: ctx.options.dryRun ?? false,
    mamVersion: ctx.options.mamVersion ?? MAM_VERSION,
    policy: { name: ctx.policy!.name ?? null, sha256: ctx.policy!.digest, asset: ANDROID_POLICY_ENTRY },
    shim: { dex: ctx.plan!.shimDexName, sha256: shim.sha256, providerClass: shim.providerClass, authority: ctx.manifest!.summary.package + shim.providerAuthoritySuffix, minSdk: shim.minSdk,
      placement: ctx.plan!.shimPlacement, merge: mergeReportOf(ctx.merge),
    },
    base, splits,
    signer: signerReportOf(ctx.options),
    hooks: { groups: hookGroups, applied: ctx.hooks !== undefined, callSites: ctx.hooks?.callSites ?? 0, skipped: ctx.hooks?.skipped ?? 0, rules: ctx.hooks?.rules ?? [] },
    notes, stages, size,
  };
}

