// The stages of `mam wrap` for Android, in order (one file each in this folder). The plan stages read
// and decide and write nothing; `--dry-run` stops after them. The write stages assemble the APK, sign
// it and verify it.
//
// rewriteDex routes the app's calls to hooked framework methods through the runtime: it puts rewritten
// classesN.dex bytes into ctx.replacements (written in place by assemble) and records them in ctx.hooks.

import type { DataSource } from '../../core/data-source.js';
import { applyPolicy } from './apply-policy.js';
import { assemble } from './assemble.js';
import { editManifest } from './edit-manifest.js';
import { injectShim } from './inject-shim.js';
import { openApk } from './open-apk.js';
import { preflight } from './preflight.js';
import { readManifest } from './read-manifest.js';
import { rewriteDex } from './rewrite-dex.js';
import { sign } from './sign-stage.js';
import { verifyOutput } from './verify-output.js';
import { newWrapContext, runStages, type WrapAndroidOptions, type WrapContext, type WrapOutput, type WrapStage } from './wrap-context.js';

/** Read and decide; nothing is written. */
export const androidPlanStages: readonly WrapStage[] = [openApk, readManifest, preflight, applyPolicy, editManifest, injectShim, rewriteDex];
/** Write, sign, check. */
export const androidWriteStages: readonly WrapStage[] = [assemble, sign, verifyOutput];
export const androidStages: readonly WrapStage[] = [...androidPlanStages, ...androidWriteStages];

/** Runs the stages for one APK; the caller owns `output` (commit or discard). */
export function runAndroidWrap(label: string, source: DataSource, options: WrapAndroidOptions, output: WrapOutput): WrapContext {
  const ctx = newWrapContext(label, source, options, output);
  runStages(ctx, options.dryRun ? androidPlanStages : androidStages);
  return ctx;
}

