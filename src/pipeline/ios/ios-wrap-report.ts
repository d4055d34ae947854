// The report of `mam wrap` for iOS (rendered as text or JSON by the CLI): the load commands added to each
// slice, the Info.plist and entitlement changes, the files added, the signer and what it signed, the
// verification, the notes and the time each stage took.

import { MAM_VERSION } from '../../core/version.js';
import type { SignedCodeReport } from '../../ios/sign/sign-bundle.js';
import { IOS_POLICY_FILE, IOS_WRAPPER_PLIST_KEY, type HookGroup } from '../../policy/effects.js';
import type { IosInputKind } from '../verify-ios.js';
import type { IosAddedFile, IosWrapContext, SliceEdit, StageTiming } from './ios-wrap-context.js';

export interface IosWrapSignerReport {
  adhoc: boolean;
  /** The certificate's subject (ad-hoc: "ad-hoc"). */
  subject: string;
  certSha256: string | null;
  /** Profile name per bundle ID. */
  profiles: { bundleId: string; profile: string }[];
}

export interface IosWrapReport {
  input: string;
  output: string;
  kind: IosInputKind;
  dryRun: boolean;
  mamVersion: string;
  app: { name: string; bundleId: string; executable: string; infoPlistFormat: 'xml' | 'binary' | null };
  policy: { name: string | null; sha256: string; file: string; marker: string };
  runtime: { file: string; installName: string; rpath: string; sha256: string; size: number; minimumOS: string; loadOrder: string };
  rewrap: string | null;
  executable: { path: string; slices: SliceEdit[] };
  infoPlistChanges: string[];
  entitlementChanges: string[];
  files: IosAddedFile[];
  signer: IosWrapSignerReport | null;
  signed: SignedCodeReport[];
  verified: { errors: number; warnings: number } | null;
  hookGroups: HookGroup[];
  notes: string[];
  stages: StageTiming[];
  size: number | null;
}

function signerOf(ctx: IosWrapContext): IosWrapSignerReport | null {
  const s = ctx.options.signing;
  if (!s) return null;
  const cert = s.identity?.certificateObject;
  return {
    adhoc: !s.identity,
    subject: cert ? cert.subject.replace(/\n/g, ', ') : 'ad-hoc',
    certSha256: cert ? cert.fingerprint256.replace(/:/g, '').toLowerCase() : null,
    profiles: (ctx.plans ?? []).filter((p) => p.profile).map((p) => ({ bundleId: p.bundleId, profile: p.profile!.name })),
  };
}

function loadOrder(slices: SliceEdit[]): string {
  const s = slices[0];
  if (!s) return '';
  return `appended after the app's dylib commands (ordinal ${s.dylibOrdinal} of ${s.dylibCount}): dyld binds imports by ordinal, so the runtime cannot be inserted earlier; its initializer runs after those of the app's own libraries and before main()`;
}

/** The policy's notes, but not those about removing an Info.plist key the app did not have. */
function effectNotes(ctx: IosWrapContext): string[] {
  const effects = ctx.effects!;
  const absent = effects.infoPlistKeysToRemove.filter((k) => !ctx.infoPlistChanges.some((c) => c.startsWith(`- ${k} `)));
  return effects.notes.filter((n) => !absent.some((k) => n.startsWith(`${k} `)));
}

export function iosWrapReportOf(ctx: IosWrapContext): IosWrapReport {
  const shim = ctx.shim!;
  const policy = ctx.policy!;
  const app = ctx.app!;
  return {
    input: ctx.input,
    output: ctx.output,
    kind: ctx.opened!.kind,
    dryRun: ctx.options.dryRun ?? false,
    mamVersion: ctx.options.mamVersion ?? MAM_VERSION,
    app: { name: ctx.tree!.name, bundleId: app.bundleId, executable: ctx.executable!.path, infoPlistFormat: ctx.infoPlistFormat ?? null },
    policy: { name: policy.name, sha256: policy.digest, file: IOS_POLICY_FILE, marker: IOS_WRAPPER_PLIST_KEY },
    runtime: { file: shim.bundlePath, installName: shim.installName, rpath: shim.rpath, sha256: shim.sha256, size: shim.dylib.length, minimumOS: shim.minimumOS, loadOrder: loadOrder(ctx.slices) },
    rewrap: ctx.previousWrap ?? null,
    executable: { path: ctx.executable!.path, slices: ctx.slices },
    infoPlistChanges: ctx.infoPlistChanges,
    entitlementChanges: ctx.entitlementChanges,
    files: ctx.files,
    signer: signerOf(ctx),
    signed: ctx.signed ?? [],
    verified: ctx.verified ?? null,
    hookGroups: ctx.effects!.hookGroups,
    notes: [...effectNotes(ctx), ...ctx.notes],
    stages: ctx.timings,
    size: ctx.size,
  };
}
