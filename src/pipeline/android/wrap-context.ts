// The state that the stages of `mam wrap` for Android hand to one another, and the stage runner.
// A stage is a named function over the context; the runner times it and adds its name to any MamError
// it throws (so `error[…] … during: injectShim`). Stages read what earlier stages left in the context
// through `need`, which fails loudly when the order is wrong (a bug, not bad input).

import type { DataSink } from '../../core/data-sink.js';
import type { DataSource } from '../../core/data-source.js';
import { isMamError } from '../../core/errors.js';
import type { ZipArchive } from '../../container/zip-types.js';
import type { AxmlDocument } from '../../android/axml/model.js';
import type { ManifestEdit } from '../../android/manifest/plan.js';
import type { ManifestSummary } from '../../android/manifest/summarize.js';
import type { SignApkOptions, SignApkResult } from '../../android/sign/apk-signer.js';
import type { ApkVerifyResult } from '../../android/verify/apk-verifier.js';
import type { SigningIdentity } from '../../keys/load.js';
import type { AndroidEffects } from '../../policy/effects.js';
import type { Policy } from '../../policy/model.js';
import type { AndroidShim } from './android-shim.js';
import type { RuntimeMerge } from './merge-runtime.js';

export interface WrapSigning {
  identity: SigningIdentity;
  options?: SignApkOptions;
  /** v1 file base name (apksigner: the key alias, else the key file's name up to its first dot). */
  v1SignerName?: string;
  /** Set when the identity is a throwaway key generated for this run (--debug-key). */
  debugKey?: boolean;
}

export interface WrapAndroidOptions {
  policy: Policy;
  /** The signing identity, or 'unsigned' (--unsigned); undefined is refused unless dryRun. */
  signing?: WrapSigning | 'unsigned';
  /** Replace the policy, marker and shim of an app mam already wrapped. */
  rewrap?: boolean;
  /** Keep an app's min SDK below 21 and merge the runtime into classes.dex instead of raising it. */
  keepMinSdk?: boolean;
  /** Plan only: the writing stages do not run. */
  dryRun?: boolean;
  /** Folder with shim-manifest.json and the DEX (default: runtime-shims/android of this package). */
  shimDir?: string;
  /** Recorded in the marker (default: MAM_VERSION). */
  mamVersion?: string;
  /** Milliseconds, for stage timings only (default: performance.now). */
  clock?: () => number;
}

/** Where the writing stages put their bytes; `readBack` re-reads what was written. */
export interface WrapOutput {
  unsigned(): { sink: DataSink; close(): void; readBack(): DataSource };
  signed(): { sink: DataSink; close(): void; readBack(): DataSource };
}

export interface AddedFile {
  name: string;
  size: number;
  sha256: string;
  /** Why it is there: "policy", "shim", or "hooks" (an app DEX whose call sites were rewritten). */
  role: string;
  /** True when an entry of that name existed and was replaced (--rewrap). */
  replaced: boolean;
}

export interface StageTiming {
  stage: string;
  ms: number;
}

export type ShimPlacement = 'next-dex' | 'merged-into-primary';

export interface WrapPlan {
  edits: ManifestEdit[];
  /** android:hasCode="false" must become true: the app gains code. */
  setHasCode: boolean;
  shimDexName: string;
  /** 'next-dex': the runtime DEX as the next classesN.dex; 'merged-into-primary': its classes in classes.dex. */
  shimPlacement: ShimPlacement;
  minSdk: { from: number | string | null; to: number | string | null; raised: boolean };
}

export interface WrapContext {
  /** The input's name in messages (a path, or container!entry). */
  readonly label: string;
  readonly source: DataSource;
  readonly options: WrapAndroidOptions;
  readonly output: WrapOutput;
  readonly clock: () => number;
  archive?: ZipArchive;
  manifest?: { doc: AxmlDocument; summary: ManifestSummary; method: number; lastModDate: number; lastModTime: number };
  shim?: AndroidShim;
  policy?: { bytes: Uint8Array; digest: string; name?: string };
  effects?: AndroidEffects;
  plan?: WrapPlan;
  manifestChanges: string[];
  /** Entries whose content changes, written in place under the same name (uncompressed bytes). */
  replacements: Map<string, Uint8Array>;
  /** New entries, appended after the copied ones in this order. */
  additions: { name: string; bytes: Uint8Array }[];
  files: AddedFile[];
  /** Entries left out of the output (old JAR signature files, directories). */
  removed: string[];
  assembled?: () => DataSource;
  signed?: { result: SignApkResult; readBack: () => DataSource };
  verified?: ApkVerifyResult;
  /** Set by injectShim when the runtime was merged into classes.dex. */
  merge?: RuntimeMerge;
  /** Set by the rewriteDex stage: the call sites routed through the runtime, per rule. */
  hooks?: WrapHooks;
  notes: string[];
  timings: StageTiming[];
}

export interface WrapHooks {
  groups: string[];
  callSites: number;
  skipped: number;
  /** Rules that matched at least one call site: counts, and each site left alone with the reason. */
  rules: { group: string; target: string; replacement: string; rewritten: number; skipped: string[] }[];
}

export type WrapStage = (ctx: WrapContext) => void;

export function newWrapContext(label: string, source: DataSource, options: WrapAndroidOptions, output: WrapOutput): WrapContext {
  return {
    label, source, options, output,
    clock: options.clock ?? (() => performance.now()),
    manifestChanges: [], replacements: new Map(), additions: [], files: [], removed: [], notes: [], timings: [],
  };
}

/** A value an earlier stage must have set. */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`wrap pipeline: ${what} is not available yet (stage order)`);
  return value;
}

/** Runs stages in order, timing each, adding the stage name and input to any MamError. */
export function runStages(ctx: WrapContext, stages: readonly WrapStage[]): void {
  for (const stage of stages) {
    const started = ctx.clock();
    try {
      stage(ctx);
    } catch (e) {
      if (isMamError(e)) throw e.within({ stage: stage.name, file: ctx.label });
      throw e;
    } finally {
      ctx.timings.push({ stage: stage.name, ms: Math.round((ctx.clock() - started) * 10) / 10 });
    }
  }
}
