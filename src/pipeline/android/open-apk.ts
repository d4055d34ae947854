// Stage openApk: the input's zip, read from its central directory. The zip reader already refuses
// what no APK may contain: unsafe entry names (absolute, `..`, backslashes, NUL), duplicate names,
// overlapping entries, declared sizes past the zip-bomb limits (src/container/zip-reader.ts). The zip
// rules of preflight (preflight.ts rule 1) run here, before any entry is read: a Janus APK is refused
// even when its manifest would not parse.

import { PreflightError } from '../../core/errors.js';
import { openZip } from '../../container/zip-reader.js';
import { assertPlainZip } from './preflight.js';
import { ANDROID_MANIFEST } from '../../android/sign/apk-signer.js';
import type { WrapContext } from './wrap-context.js';

export function openApk(ctx: WrapContext): void {
  const archive = openZip(ctx.source, { file: ctx.label });
  assertPlainZip(archive);
  if (!archive.getEntry(ANDROID_MANIFEST)) {
    throw new PreflightError('WRAP_NOT_AN_APK', `the archive has no ${ANDROID_MANIFEST}; expected an APK`, { hint: 'mam wrap takes an .apk, a split set (.apks, .xapk, a folder of APKs) or an .ipa' });
  }
  ctx.archive = archive;
}
