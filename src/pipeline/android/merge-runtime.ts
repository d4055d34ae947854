// The runtime merged into the app's primary DEX (issue #8, "Merging for old apps"). Android before 5.0
// (API 21) loads only classes.dex by itself (a secondary classesN.dex needs the app's own MultiDex
// install, which runs after the providers are created), so with --keep-min-sdk an app whose min SDK is
// below the runtime's secondaryDexMinSdk keeps its minSdkVersion and gets the runtime's classes inside
// classes.dex: serializeDex(mergeDex(parseDex(classes.dex), parseDex(runtime))). mergeDex refuses a class
// defined twice (DEX_DUPLICATE_CLASS) and id tables over 65 536 entries (DEX_REFERENCE_LIMIT), both
// PreflightError (exit 4), before anything is written.
//
// An earlier merged wrap is recognised by classes.dex defining the bootstrap provider next to classes
// that are not the runtime's; taking the runtime out again is not implemented, so --rewrap refuses it.

import { PreflightError } from '../../core/errors.js';
import { MAX_REFERENCES } from '../../android/dex/edit-references.js';
import { mergeDex } from '../../android/dex/merge-dex.js';
import { parseDex } from '../../android/dex/parse.js';
import { typeDescriptor as dexTypeDescriptor } from '../../android/dex/references.js';
import { serializeDex } from '../../android/dex/serialize.js';
import type { ZipArchive } from '../../container/zip-types.js';
import type { AndroidShim } from './android-shim.js';
import { dexDefinesClass, multiDexName } from './dex-entries.js';

export const PRIMARY_DEX = multiDexName(0);
export const RUNTIME_PACKAGE_PREFIX = 'Lcom/mam/runtime/';
const MAX_DEX_BYTES = 256 << 20;

export interface RuntimeMerge {
  bytes: Uint8Array;
  classesAdded: number;
  methodsAdded: number;
  fieldsAdded: number;
  methodRefs: number;
  fieldRefs: number;
  limit: number;
}

/** classes.dex of `archive` with every class of the runtime DEX added. */
export function mergeRuntimeIntoPrimary(archive: ZipArchive, shim: AndroidShim): RuntimeMerge {
  const primary = parseDex(archive.readEntry(PRIMARY_DEX, MAX_DEX_BYTES));
  const runtime = parseDex(shim.dex);
  const merged = mergeDex(primary, runtime);
  return {
    bytes: serializeDex(merged),
    classesAdded: merged.classDefs.length - primary.classDefs.length,
    methodsAdded: merged.methods.length - primary.methods.length,
    fieldsAdded: merged.fields.length - primary.fields.length,
    methodRefs: merged.methods.length,
    fieldRefs: merged.fields.length,
    limit: MAX_REFERENCES,
  };
}

export function describeMerge(m: RuntimeMerge): string {
  return `runtime merged into ${PRIMARY_DEX}: ${m.classesAdded} classes, ${m.methodsAdded} methods, ${m.fieldsAdded} fields added; now ${m.methodRefs}/${m.limit} method refs, ${m.fieldRefs}/${m.limit} field refs`;
}

/** True when classes.dex defines the bootstrap provider and classes that are not the runtime's. */
export function primaryHoldsMergedRuntime(archive: ZipArchive, providerClass: string): boolean {
  if (!archive.getEntry(PRIMARY_DEX)) return false;
  const bytes = archive.readEntry(PRIMARY_DEX, MAX_DEX_BYTES);
  if (!dexDefinesClass(bytes, providerClass)) return false;
  const dex = parseDex(bytes);
  return dex.classDefs.some((c) => !dexTypeDescriptor(dex, c.classIdx).startsWith(RUNTIME_PACKAGE_PREFIX));
}

// Rules:
// 1. On --rewrap, the runtime of the earlier wrap must not be merged into classes.dex
//    (WRAP_REWRAP_MERGED_UNSUPPORTED): its classes cannot be told apart from a replacement's and are not
//    taken out again.
export function assertRewrapNotMerged(archive: ZipArchive, shim: AndroidShim): void {
  if (!primaryHoldsMergedRuntime(archive, shim.providerClass)) return;
  throw new PreflightError('WRAP_REWRAP_MERGED_UNSUPPORTED', `the runtime of the earlier wrap is merged into ${PRIMARY_DEX} (the app kept a min SDK below ${shim.secondaryDexMinSdk} with --keep-min-sdk); --rewrap can replace only a runtime in its own classesN.dex`, {
    entry: PRIMARY_DEX,
    hint: 'wrap the original, unwrapped app again with the new policy',
  });
}
