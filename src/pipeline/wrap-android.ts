// `mam wrap` for Android: patch, don't rebuild (DESIGN.md). The pipeline is the list of named, timed
// stages in android/android-stages.ts (`androidStages`), one file per stage in android/. The output is
// renamed into place only after it was signed and verified; nothing is left behind on failure. Split
// sets (.apks, .xapk, a folder of APKs) are handled in android/split-set.ts.

import { UsageError } from '../core/errors.js';
import { runAndroidWrap } from './android/android-stages.js';
import { wrapApkFolder, wrapSplitContainer } from './android/split-set.js';
import type { WrapAndroidOptions } from './android/wrap-context.js';
import { FileWrapOutput, assertDistinctPaths, openInput } from './android/wrap-output.js';
import { apkReportOf, wrapReportOf, type WrapReport } from './android/wrap-report.js';
import { detectKind } from './detect-kind.js';

export { androidPlanStages, androidStages, androidWriteStages } from './android/android-stages.js';
export type { WrapAndroidOptions, WrapSigning } from './android/wrap-context.js';
export type { WrapReport, WrappedApkReport, ResignedSplitReport, WrapSignerReport } from './android/wrap-report.js';

/** Wraps one APK file into `output`. */
export function wrapApkFile(input: string, output: string, options: WrapAndroidOptions): WrapReport {
  assertDistinctPaths(input, output);
  const source = openInput(input);
  const out = new FileWrapOutput(output);
  try {
    const ctx = runAndroidWrap(input, source, options, out);
    let size: number | null = null;
    if (!options.dryRun) {
      size = (ctx.signed?.readBack ?? ctx.assembled!)().size;
      out.commit();
    }
    return wrapReportOf(input, output, 'apk', ctx, apkReportOf(input, ctx, size), [], size, ctx.timings);
  } finally {
    out.dispose();
    source.close();
  }
}

/** Dispatches on the input's kind (from its content). */
export function wrapAndroidPath(input: string, output: string, options: WrapAndroidOptions): WrapReport {
  const kind = detectKind(input);
  switch (kind) {
    case 'apk':
      return wrapApkFile(input, output, options);
    case 'apks':
    case 'xapk':
      return wrapSplitContainer(input, output, kind, options);
    case 'apk-dir':
      return wrapApkFolder(input, output, options);
    case 'aab':
      throw new UsageError('WRAP_AAB_NOT_SUPPORTED', 'app bundles (.aab) are turned into APKs by Google Play or bundletool; wrap the APKs (bundletool build-apks → .apks)', { file: input });
    case 'ipa':
    case 'app-zip':
    case 'app-dir':
      throw new UsageError('WRAP_NOT_ANDROID', 'this is an iOS app: wrap it with wrapIosPath (the CLI chooses by content)', { file: input });
  }
}
