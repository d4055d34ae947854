// Stage preflight: everything that can refuse the wrap is checked here, before a byte is written.
//
// Rules:
// 1. No data before the first entry (ZIP_DATA_BEFORE_FIRST_ENTRY, the Janus trick), no zip64
//    records (WRAP_ZIP64_UNSUPPORTED: Android does not install such an APK).
// 2. The APK is a base APK, not a configuration or feature split (WRAP_SPLIT_APK): the bootstrap
//    provider and the shim belong in the base.
// 3. Not wrapped already (WRAP_ALREADY_WRAPPED: the mam.wrapper marker or the policy asset is there),
//    unless --rewrap, which replaces the policy, the marker and the shim DEX.
// 4. A signing key was given (WRAP_NO_SIGNING_KEY), unless --unsigned or --dry-run. The CLI loads
//    the key before the pipeline starts, so a key that does not load has already stopped the run.
// 5. The shim DEX hashes to the SHA-256 its manifest records (WRAP_SHIM_HASH_MISMATCH).
// 6. The app's min SDK is at least the shim's secondaryDexMinSdk (21), or it will be raised (a report
//    line); with --keep-min-sdk a lower one is kept and the runtime merged into classes.dex
//    (merge-runtime.ts), unless it is below the lowest level the runtime runs on at all, the shim's
//    minSdk (WRAP_MIN_SDK_TOO_LOW).
// 7. The DEX files form the sequence ART loads (WRAP_DEX_SEQUENCE_GAP, see dex-entries.ts).
// 8. On --rewrap, the earlier runtime is not merged into classes.dex (WRAP_REWRAP_MERGED_UNSUPPORTED,
//    merge-runtime.ts).

import { PreflightError, UsageError } from '../../core/errors.js';
import { assertNoDataBeforeFirstEntry } from '../../container/zip-preflight.js';
import type { ZipArchive } from '../../container/zip-types.js';
import { axmlRootView } from '../../android/manifest/element.js';
import { effectiveMinSdk } from '../../android/manifest/plan.js';
import { ANDROID_POLICY_ENTRY } from '../../policy/effects.js';
import { readAndroidShim } from './android-shim.js';
import { assertNoDexGap } from './dex-entries.js';
import { assertRewrapNotMerged } from './merge-runtime.js';
import { need, type WrapContext } from './wrap-context.js';

/** Rule 1; run by openApk, before any entry is read. */
export function assertPlainZip(archive: ZipArchive): void {
  assertNoDataBeforeFirstEntry(archive);
  if (archive.isZip64) {
    throw new PreflightError('WRAP_ZIP64_UNSUPPORTED', 'the APK uses zip64 records (over 65535 entries or 4 GiB); Android does not install such an APK', { offset: archive.eocdOffset });
  }
}

function assertBaseApk(ctx: WrapContext): void {
  const root = axmlRootView(need(ctx.manifest, 'the manifest').doc);
  const split = root?.attributes.find((a) => a.name === 'split' && !a.namespaceUri)?.value.string;
  if (split) {
    throw new PreflightError('WRAP_SPLIT_APK', `this APK is the split "${split}", not a base APK; the runtime goes into the base`, {
      hint: 'wrap the whole split set (.apks, .xapk or the folder of APKs): its base is wrapped and every split re-signed',
    });
  }
}

function assertNotWrapped(ctx: WrapContext): void {
  const marker = need(ctx.manifest, 'the manifest').summary.mamWrapper;
  const asset = need(ctx.archive, 'the archive').getEntry(ANDROID_POLICY_ENTRY);
  if (!marker && !asset) return;
  if (ctx.options.rewrap) return;
  const what = marker ? `its manifest carries the marker "${marker.raw}"` : `it holds ${ANDROID_POLICY_ENTRY}`;
  throw new PreflightError('WRAP_ALREADY_WRAPPED', `the app is already wrapped: ${what}`, {
    hint: 'wrap the original app, or pass --rewrap to replace the policy, the marker and the runtime',
  });
}

function assertSigningChosen(ctx: WrapContext): void {
  if (ctx.options.signing !== undefined || ctx.options.dryRun) return;
  throw new UsageError('WRAP_NO_SIGNING_KEY', 'no signing key: an unsigned APK does not install', {
    hint: 'give --ks (with --ks-pass) or --key and --cert; --debug-key for a throwaway key; --unsigned to sign later yourself',
  });
}

function checkMinSdk(ctx: WrapContext): void {
  const shim = need(ctx.shim, 'the shim');
  const min = effectiveMinSdk(need(ctx.manifest, 'the manifest').summary);
  if (min === undefined || min >= shim.minSdk || !ctx.options.keepMinSdk) return;
  throw new PreflightError('WRAP_MIN_SDK_TOO_LOW', `the app's minSdkVersion is ${min}; the runtime runs on API ${shim.minSdk} or higher, even merged into classes.dex`, {
    entry: 'AndroidManifest.xml', hint: `drop --keep-min-sdk to let the wrap raise minSdkVersion to ${shim.secondaryDexMinSdk}`,
  });
}

export function preflight(ctx: WrapContext): void {
  assertBaseApk(ctx);
  assertNotWrapped(ctx);
  assertSigningChosen(ctx);
  ctx.shim = readAndroidShim(ctx.options.shimDir);
  checkMinSdk(ctx);
  assertNoDexGap(need(ctx.archive, 'the archive').entries.map((e) => e.name));
  if (ctx.options.rewrap) assertRewrapNotMerged(need(ctx.archive, 'the archive'), ctx.shim);
}
