// Preflight rules over an opened archive, checked before anything is written.
//
// Rules:
// 1. No bytes may precede the first local file header (ZIP_DATA_BEFORE_FIRST_ENTRY). Android reads an
//    APK's zip from the end, so a DEX prepended to a valid APK is what the runtime executes while the
//    signature still verifies over the zip part (the "Janus" vulnerability, CVE-2017-13156). The APK
//    Signing Block sits between the last entry and the central directory, never before the first
//    entry, so it is not affected by this rule.

import { PreflightError, hex } from '../core/errors.js';
import type { ZipArchive } from './zip-types.js';

export function assertNoDataBeforeFirstEntry(archive: ZipArchive): void {
  if (archive.firstLocalHeaderOffset !== 0) {
    throw new PreflightError(
      'ZIP_DATA_BEFORE_FIRST_ENTRY',
      `${archive.firstLocalHeaderOffset} bytes precede the first local file header at ${hex(archive.firstLocalHeaderOffset)}; expected the first entry at offset 0`,
      { offset: 0, hint: 'the archive carries hidden data in front of the zip (the Janus trick); rebuild it from a clean source' },
    );
  }
}
