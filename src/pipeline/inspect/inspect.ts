// `mam inspect`: detect the input's kind from its content, then summarize it. The report is plain data
// whose JSON form is documented in docs/inspect-json.md and snapshot-tested.

import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { FileSource } from '../../core/data-source.js';
import { isMamError } from '../../core/errors.js';
import { openZip } from '../../container/zip-reader.js';
import type { ZipArchive } from '../../container/zip-types.js';
import { detectKind, type InputKind } from '../detect-kind.js';
import {
  displayName, idsigBeside, inspectApkArchive, inspectAppBundle, inspectSplitArchive, inspectSplitDirectory,
  type AabModuleReport, type ApkReport, type SplitPartReport,
} from './android.js';
import { inspectIosInput, type IosReport } from './ios.js';

export const INSPECT_REPORT_VERSION = 1;

interface ReportBase {
  /** Version of this report's JSON shape. */
  reportVersion: number;
  file: string;
  kind: InputKind;
  /** Size in bytes and SHA-256 of the input file (absent for folders). */
  size: number | null;
  sha256: string | null;
}

export type InspectReport =
  | (ReportBase & { kind: 'apk'; apk: ApkReport })
  | (ReportBase & { kind: 'apks' | 'xapk' | 'apk-dir'; parts: SplitPartReport[] })
  | (ReportBase & { kind: 'aab'; modules: AabModuleReport[] })
  | (ReportBase & { kind: 'ipa' | 'app-zip' | 'app-dir'; ios: IosReport });

export function inspectPath(path: string): InspectReport {
  const kind = detectKind(path);
  const base = { reportVersion: INSPECT_REPORT_VERSION, file: displayName(path), ...fileDigest(path) };
  if (kind === 'apk-dir') return { ...base, kind, parts: inspectSplitDirectory(path) };
  if (kind === 'app-dir') return { ...base, kind, ios: inspectIosInput({ kind, path }) };
  return withZip(path, (archive) => {
    switch (kind) {
      case 'apk':
        return { ...base, kind, apk: inspectApkArchive(archive, { idsig: idsigBeside(path) }) };
      case 'apks':
      case 'xapk':
        return { ...base, kind, parts: inspectSplitArchive(archive) };
      case 'aab':
        return { ...base, kind, modules: inspectAppBundle(archive) };
      case 'ipa':
      case 'app-zip':
        return { ...base, kind, ios: inspectIosInput({ kind, archive }) };
    }
  });
}

function withZip<T>(path: string, use: (archive: ZipArchive) => T): T {
  const source = FileSource.open(path);
  try {
    const archive = openZip(source, { file: path });
    return use(archive);
  } catch (e) {
    if (isMamError(e)) e.within({ file: path });
    throw e;
  } finally {
    source.close();
  }
}

function fileDigest(path: string): { size: number | null; sha256: string | null } {
  if (statSync(path).isDirectory()) return { size: null, sha256: null };
  const source = FileSource.open(path);
  try {
    const h = createHash('sha256');
    source.forEachChunk((c) => h.update(c));
    return { size: source.size, sha256: h.digest('hex') };
  } finally {
    source.close();
  }
}
