// The stages of `mam wrap` for iOS, in order. The plan stages read, check and edit the bundle in memory
// and write nothing; `--dry-run` stops after them. The write stages sign, write a temporary output beside
// the target, verify it and rename it into place.

import { addRuntimeFiles, editInfoPlist } from './bundle-edits.js';
import { preflight } from './ios-preflight.js';
import type { IosWrapStage } from './ios-wrap-context.js';
import { openBundle } from './open-bundle.js';
import { patchExecutable } from './patch-executable.js';
import { commit, planSigning, sign, verifyOutput, writeOutput } from './sign-and-write.js';

/** Read, check, decide and edit in memory; nothing is written. */
export const iosPlanStages: readonly IosWrapStage[] = [openBundle, preflight, patchExecutable, addRuntimeFiles, editInfoPlist, planSigning];
/** Sign, write, check, rename. */
export const iosWriteStages: readonly IosWrapStage[] = [sign, writeOutput, verifyOutput, commit];
export const iosStages: readonly IosWrapStage[] = [...iosPlanStages, ...iosWriteStages];
