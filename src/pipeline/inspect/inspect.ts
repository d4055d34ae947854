// `mam inspect`: detect the input's kind from its content, then summarize it. The report is plain data
// whose JSON form is documented in docs/inspect-json.md and snapshot-tested.

import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { FileSource } from '../../core/data-source.js';
import { MalformedInputError, isMamError, type Issue } from '../../core/errors.js';
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
  /** The container itself: entries whose data fails its CRC or size checks, data hidden before the first entry. */
  archive: { entries: number; issues: Issue[] } | null;
}

export type InspectReport =
  | (ReportBase & { kind: 'apk'; apk: ApkReport })
  | (ReportBase & { kind: 'apks' | 'xapk' | 'apk-dir'; parts: SplitPartReport[] })
  | (ReportBase & { kind: 'aab'; modules: AabModuleReport[] })
  | (ReportBase & { kind: 'ipa' | 'app-zip' | 'app-dir'; ios: IosReport });

export interface InspectOptions {
  /** Summarize each DEX file of an APK (`mam inspect --dex`). */
  dex?: boolean;
}

export function inspectPath(path: string, opts: InspectOptions = {}): InspectReport {
  const r = inspectAny(path, opts);
  // A stable key order for the JSON form: identity first, then the kind-specific part.
  const { reportVersion, file, kind, size, sha256, archive, ...rest } = r;
  return { reportVersion, file, kind, size, sha256, archive, ...rest } as InspectReport;
}

function inspectAny(path: string, opts: InspectOptions): InspectReport {
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    const kind = detectKind(path);
    const base = { reportVersion: INSPECT_REPORT_VERSION, file: displayName(path), size: null, sha256: null, archive: null };
    if (kind === 'apk-dir') return { ...base, kind, parts: inspectSplitDirectory(path) };
    if (kind === 'app-dir') return { ...base, kind, ios: inspectIosInput({ kind, path }) };
  }
  const kind = detectKind(path, { allowUnknownZip: true });
  const base = { reportVersion: INSPECT_REPORT_VERSION, file: displayName(path), ...fileDigest(path) };
  return withZip(path, (archive) => {
    const checked = checkArchive(archive);
    // Damaged entries explain a failure better than anything read from them later.
    const damage = checked.issues.find((i) => i.severity === 'error');
    const fail = (cause?: unknown): never => {
      throw new MalformedInputError(damage!.code, damage!.message, { file: path, entry: damage!.where }, { cause });
    };
    if (kind === undefined) return damage ? fail() : (detectKind(path) as never);
    if (kind === 'apk-dir' || kind === 'app-dir') throw new Error(`a file detected as ${kind}`);
    try {
      return { ...inspectZip(kind, archive), archive: checked };
    } catch (e) {
      if (damage && isMamError(e)) fail(e);
      throw e;
    }
  });

  function inspectZip(kind: Exclude<InputKind, 'apk-dir' | 'app-dir'>, archive: ZipArchive): InspectReport {
    const b = { ...base, archive: null };
    switch (kind) {
      case 'apk':
        return { ...b, kind, apk: inspectApkArchive(archive, { idsig: idsigBeside(path), dex: opts.dex }) };
      case 'apks':
      case 'xapk':
        return { ...b, kind, parts: inspectSplitArchive(archive) };
      case 'aab':
        return { ...b, kind, modules: inspectAppBundle(archive) };
      case 'ipa':
      case 'app-zip':
        return { ...b, kind, ios: inspectIosInput({ kind, archive }) };
    }
  }
}

/** Reads every entry once (streaming, bounded) so that a damaged archive is reported, not half-shown. */
function checkArchive(archive: ZipArchive): { entries: number; issues: Issue[] } {
  const issues: Issue[] = [];
  if (archive.firstLocalHeaderOffset > 0) {
    issues.push({ code: 'ZIP_DATA_BEFORE_FIRST_ENTRY', severity: 'warning', message: `${archive.firstLocalHeaderOffset} bytes precede the first entry (the Janus trick); mam wrap and sign refuse such files`, where: '@0x0' });
  }
  for (const e of archive.entries) {
    if (e.isDirectory) continue;
    try {
      archive.streamEntry(e, () => undefined);
    } catch (err) {
      if (!isMamError(err)) throw err;
      issues.push({ code: err.code, severity: 'error', message: err.message, where: e.name });
    }
  }
  return { entries: archive.entries.length, issues };
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
