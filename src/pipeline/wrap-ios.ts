// `mam wrap` for iOS: patch, don't rebuild (DESIGN.md). An IPA, a zipped .app or an .app folder gets the
// policy runtime (LC_LOAD_DYLIB + Frameworks/libmamruntime.dylib), its policy (mam/policy.json) and the
// MAMWrapper marker in Info.plist, and is re-signed inside-out with the iOS signing engine. The pipeline
// is the list of named, timed stages in ios/ios-stages.ts. The output is renamed into place only after it
// was signed and verified; on any failure nothing is left behind, and the input is never modified.

import { existsSync, realpathSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { IoError, UsageError, isMamError } from '../core/errors.js';
import { iosPlanStages, iosStages } from './ios/ios-stages.js';
import { newIosWrapContext, runIosStages, type WrapIosOptions } from './ios/ios-wrap-context.js';
import { iosWrapReportOf, type IosWrapReport } from './ios/ios-wrap-report.js';

export { iosPlanStages, iosStages, iosWriteStages } from './ios/ios-stages.js';
export type { IosWrapSigning, WrapIosOptions } from './ios/ios-wrap-context.js';
export type { IosWrapReport, IosWrapSignerReport } from './ios/ios-wrap-report.js';

function assertDistinctPaths(input: string, output: string): void {
  const a = resolve(input);
  const b = resolve(output);
  if (a === b || (existsSync(b) && existsSync(a) && realpathSync(a) === realpathSync(b))) {
    throw new UsageError('WRAP_OUTPUT_IS_INPUT', 'the output path is the input path; mam never modifies its input', { file: input, hint: 'give another path with -o/--out' });
  }
}

/** Wraps an IPA, a zipped .app or an .app folder into `output` (same form as the input). */
export function wrapIosPath(input: string, output: string, options: WrapIosOptions): IosWrapReport {
  assertDistinctPaths(input, output);
  const ctx = newIosWrapContext(input, output, options);
  try {
    runIosStages(ctx, options.dryRun ? iosPlanStages : iosStages);
    return iosWrapReportOf(ctx);
  } catch (e) {
    if (isMamError(e)) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string') throw new IoError('OUTPUT_UNWRITABLE', `cannot write ${output}: ${err.code}`, { file: output }, { cause: e });
    throw e;
  } finally {
    if (ctx.temporary) rmSync(ctx.temporary, { recursive: true, force: true });
    ctx.opened?.close();
  }
}
