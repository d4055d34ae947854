// The minimum SDK version an APK declares (AndroidManifest.xml <uses-sdk android:minSdkVersion>), read
// as apksig's ApkUtils.getMinSdkVersionFromBinaryAndroidManifest reads it: absent means 1; a codename
// (a preview platform) means the newest development version.

import { isMamError, type Issue } from '../../core/errors.js';
import type { ZipArchive } from '../../container/zip-types.js';
import { parseAxml } from '../axml/parse.js';
import { summarizeManifest } from '../manifest/summarize.js';

const MAX_MANIFEST_BYTES = 16 << 20;
/** The SDK version Android gives an in-development platform (Build.VERSION_CODES.CUR_DEVELOPMENT). */
export const CUR_DEVELOPMENT = 10000;

export function readMinSdkVersion(archive: ZipArchive, issues: Issue[]): number {
  try {
    const minSdk = summarizeManifest(parseAxml(archive.readEntry('AndroidManifest.xml', MAX_MANIFEST_BYTES))).minSdk;
    if (minSdk === undefined) return 1;
    const n = Number(minSdk);
    return Number.isInteger(n) && n > 0 ? n : CUR_DEVELOPMENT;
  } catch (e) {
    if (!isMamError(e)) throw e;
    issues.push({ code: 'APKSIG_MIN_SDK_UNKNOWN', severity: 'error', message: `cannot read the min SDK version from AndroidManifest.xml: [${e.code}] ${e.message}; pass --min-sdk-version`, where: 'AndroidManifest.xml' });
    return 1;
  }
}

/** targetSdkVersion as Android reads it (absent means the min SDK); undefined when unreadable. */
export function readTargetSdkVersion(archive: ZipArchive, minSdk: number): number | undefined {
  try {
    const s = summarizeManifest(parseAxml(archive.readEntry('AndroidManifest.xml', MAX_MANIFEST_BYTES)));
    if (s.targetSdk === undefined) return minSdk;
    const n = Number(s.targetSdk);
    return Number.isInteger(n) && n > 0 ? n : CUR_DEVELOPMENT;
  } catch (e) {
    if (!isMamError(e)) throw e;
    return undefined;
  }
}
