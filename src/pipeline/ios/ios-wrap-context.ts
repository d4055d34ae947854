// The state that the stages of `mam wrap` for iOS hand to one another, and the stage runner. A stage is a
// named function over the context; the runner times it and adds its name and the input to any MamError it
// throws (so `error[…] … during: patchExecutable`). Stages read what earlier stages left through `need`,
// which fails loudly when the order is wrong (a bug, not bad input).

import { isMamError } from '../../core/errors.js';
import type { ZipArchive } from '../../container/zip-types.js';
import type { BundleSource } from '../../ios/bundle/bundle-source.js';
import type { BundleTree, CodeBundle } from '../../ios/bundle/bundle-tree.js';
import type { MachOFile } from '../../ios/macho/macho-types.js';
import type { PlistDict } from '../../ios/plist/plist-value.js';
import type { BundlePlan, BundleSigningIdentity, LoadedProfile, SignedCodeReport } from '../../ios/sign/sign-bundle.js';
import type { IosEffects } from '../../policy/effects.js';
import type { Policy } from '../../policy/model.js';
import type { IosInputKind } from '../verify-ios.js';
import type { IosShim } from './ios-shim.js';

export interface IosWrapSigning {
  /** Undefined: ad-hoc (--adhoc). */
  identity?: BundleSigningIdentity;
  /** One per bundle ID (the app, its extensions, its watch app). */
  profiles: readonly LoadedProfile[];
  /** Entitlements that replace the main app's (the policy's required ones are still added). */
  entitlements?: PlistDict;
  bundleId?: string;
  dropMissingEntitlements?: boolean;
}

export interface WrapIosOptions {
  policy: Policy;
  /** How to sign; undefined is refused unless dryRun. */
  signing?: IosWrapSigning;
  /** Replace the runtime, policy and marker of an app mam already wrapped. */
  rewrap?: boolean;
  /** Plan only: nothing is signed or written. */
  dryRun?: boolean;
  /** Folder with shim-manifest.json and the dylib (default: runtime-shims/ios of this package). */
  shimDir?: string;
  /** Recorded in the marker (default: MAM_VERSION). */
  mamVersion?: string;
  /** Signing time and the clock certificates and profiles are checked against. */
  now: Date;
  /** Milliseconds, for stage timings only (default: performance.now). */
  clock?: () => number;
}

export interface IosAddedFile {
  /** Path in the .app. */
  path: string;
  size: number;
  sha256: string;
  /** Why it is there: "runtime", "policy". */
  role: string;
  /** True when a file of that name existed and was replaced (--rewrap). */
  replaced: boolean;
}

export interface SliceEdit {
  arch: string;
  platform: string | null;
  /** Load commands added, e.g. "LC_LOAD_DYLIB @rpath/libmamruntime.dylib". */
  added: string[];
  /** Free bytes after the load commands, before and after the edit. */
  roomBefore: number;
  roomAfter: number;
  /** 1-based ordinal of the runtime among the slice's dylib commands (the binding ordinal). */
  dylibOrdinal: number;
  dylibCount: number;
}

export interface StageTiming {
  stage: string;
  ms: number;
}

export interface OpenedBundle {
  kind: IosInputKind;
  source: BundleSource;
  archive?: ZipArchive;
  close(): void;
}

export interface IosWrapContext {
  readonly input: string;
  readonly output: string;
  readonly options: WrapIosOptions;
  readonly clock: () => number;
  opened?: OpenedBundle;
  tree?: BundleTree;
  app?: CodeBundle;
  executable?: { path: string; file: MachOFile };
  shim?: IosShim;
  policy?: { bytes: Uint8Array; digest: string; name: string | null };
  effects?: IosEffects;
  /** Set by preflight: the app was wrapped before (only with --rewrap). */
  previousWrap?: string;
  slices: SliceEdit[];
  infoPlistChanges: string[];
  infoPlistFormat?: 'xml' | 'binary';
  entitlementChanges: string[];
  files: IosAddedFile[];
  plans?: BundlePlan[];
  signed?: SignedCodeReport[];
  /** The temporary file or folder beside the output. */
  temporary?: string;
  verified?: { errors: number; warnings: number };
  size: number | null;
  notes: string[];
  timings: StageTiming[];
}

export type IosWrapStage = (ctx: IosWrapContext) => void;

export function newIosWrapContext(input: string, output: string, options: WrapIosOptions): IosWrapContext {
  return {
    input, output, options,
    clock: options.clock ?? (() => performance.now()),
    slices: [], infoPlistChanges: [], entitlementChanges: [], files: [], size: null, notes: [], timings: [],
  };
}

/** A value an earlier stage must have set. */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`iOS wrap pipeline: ${what} is not available yet (stage order)`);
  return value;
}

/** Runs stages in order, timing each, adding the stage name and input to any MamError. */
export function runIosStages(ctx: IosWrapContext, stages: readonly IosWrapStage[]): void {
  for (const stage of stages) {
    const started = ctx.clock();
    try {
      stage(ctx);
    } catch (e) {
      if (isMamError(e)) throw e.within({ stage: stage.name, file: ctx.input });
      throw e;
    } finally {
      ctx.timings.push({ stage: stage.name, ms: Math.round((ctx.clock() - started) * 10) / 10 });
    }
  }
}
