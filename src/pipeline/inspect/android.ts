// `mam inspect` for Android inputs: one APK, a split set (.apks/.xapk/folder of APKs) or an app bundle.
// Everything here reads; nothing decodes resources beyond the strings the summary needs.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BytesSource, type DataSource } from '../../core/data-source.js';
import { isMamError, type Issue } from '../../core/errors.js';
import { openZip } from '../../container/zip-reader.js';
import type { ZipArchive } from '../../container/zip-types.js';
import { parseAxml } from '../../android/axml/parse.js';
import { parseResourceTable, type ResourceTable } from '../../android/arsc/resource-table.js';
import { summarizeManifest, type ManifestSummary } from '../../android/manifest/summarize.js';
import { axmlRootView } from '../../android/manifest/element.js';
import { parseProtoXml, protoXmlElementView } from '../../android/proto-xml/parse-proto-xml.js';
import { readApkSignatureSummary } from '../../android/sign/signature-summary.js';
import { parseHookTable, type HookTable } from '../../android/dex/hooks-rules.js';
import { parseDex } from '../../android/dex/parse.js';
import { summarizeDex, type DexSummary } from '../../android/dex/summary-dex.js';
import { plainBytes } from '../../android/dex/summary-input.js';

const MAX_MANIFEST_BYTES = 16 << 20;
const MAX_ARSC_BYTES = 256 << 20;
const MAX_DEX_BYTES = 1 << 30;
export type { DexSummary };
/** runtime-shims/android/hooks.json of this package (the same relative path from src/ and from dist/). */
const HOOKS_JSON = new URL('../../../runtime-shims/android/hooks.json', import.meta.url);

export interface ApkSigner {
  scheme: string;
  subject: string;
  certSha256: string;
  keyAlgorithm: string;
  minSdk?: number;
  maxSdk?: number;
}

export interface ApkReport {
  package: string;
  versionCode: number | null;
  versionName: string | null;
  minSdk: string | null;
  targetSdk: string | null;
  applicationClass: string | null;
  launcherActivity: string | null;
  debuggable: boolean;
  permissions: string[];
  components: { activities: number; activityAliases: number; services: number; receivers: number; providers: number };
  features: { name: string; required: boolean }[];
  dexFiles: string[];
  nativeAbis: string[];
  /** Signatures present (not verified: `mam verify` does that). */
  signatures: { schemes: string[]; signers: ApkSigner[] };
  /** The mam.wrapper marker; version/digest are null when the marker is not in mam's form. */
  wrapped: { marker: string; mamVersion: string | null; policySha256: string | null } | null;
  issues: Issue[];
  /** With `--dex` only: a summary of each classesN.dex, in load order. */
  dex?: DexSummary[];
}

export interface SplitPartReport {
  name: string;
  split: string | null;
  report: ApkReport | null;
  error: { code: string; message: string } | null;
}

export interface AabModuleReport {
  module: string;
  package: string | null;
  versionCode: number | null;
  versionName: string | null;
  minSdk: string | null;
  targetSdk: string | null;
  launcherActivity: string | null;
  permissions: string[];
  dexFiles: string[];
  nativeAbis: string[];
}

/** Summarizes one APK already opened as a zip. `idsig` is the v4 signature file beside it, if any. */
export function inspectApkArchive(archive: ZipArchive, opts: { idsig?: Uint8Array; dex?: boolean } = {}): ApkReport {
  const manifest = parseAxml(archive.readEntry('AndroidManifest.xml', MAX_MANIFEST_BYTES));
  const issues: Issue[] = [];
  let resources: ResourceTable | undefined;
  const arsc = archive.getEntry('resources.arsc');
  if (arsc) {
    try {
      resources = parseResourceTable(archive.readEntry(arsc, MAX_ARSC_BYTES));
    } catch (e) {
      if (!isMamError(e)) throw e;
      issues.push({ code: e.code, severity: 'warning', message: `resources.arsc not readable, string references left unresolved: ${e.message}`, where: 'resources.arsc' });
    }
  }
  const summary = summarizeManifest(manifest, { resources });
  const sig = readApkSignatureSummary(archive, { idsig: opts.idsig });
  issues.push(...sig.issues);
  const names = archive.entries.map((e) => e.name);
  const report: ApkReport = {
    ...manifestFields(summary),
    applicationClass: summary.applicationClass ?? null,
    debuggable: summary.debuggable,
    components: summary.counts,
    features: summary.features,
    dexFiles: dexFileNames(names, ''),
    nativeAbis: nativeAbis(names, ''),
    signatures: {
      schemes: (Object.entries(sig.schemes) as [string, boolean][]).filter(([, v]) => v).map(([k]) => schemeLabel(k)),
      signers: sig.signers.map((s) => ({ scheme: s.scheme, subject: s.subject, certSha256: s.certSha256, keyAlgorithm: s.keyAlgorithm, minSdk: s.minSdk, maxSdk: s.maxSdk })),
    },
    wrapped: summary.mamWrapper
      ? { marker: summary.mamWrapper.raw, mamVersion: summary.mamWrapper.version ?? null, policySha256: summary.mamWrapper.policySha256 ?? null }
      : null,
    issues,
  };
  if (opts.dex) report.dex = summarizeDexEntries(archive, report.dexFiles);
  return report;
}

/** `mam inspect --dex`: each DEX entry parsed and summarized against the runtime's hook rules. */
export function summarizeDexEntries(archive: ZipArchive, dexFiles: readonly string[], hooks: HookTable | null = readDefaultHooks()): DexSummary[] {
  return dexFiles.map((name) => {
    const bytes = archive.readEntry(name, MAX_DEX_BYTES);
    try {
      return summarizeDex(name, bytes.length, parseDex(plainBytes(bytes)), hooks);
    } catch (e) {
      if (isMamError(e)) e.within({ entry: name });
      throw e;
    }
  });
}

function readDefaultHooks(): HookTable | null {
  return existsSync(HOOKS_JSON) ? parseHookTable(JSON.parse(readFileSync(HOOKS_JSON, 'utf8'))) : null;
}

function manifestFields(s: ManifestSummary): Pick<ApkReport, 'package' | 'versionCode' | 'versionName' | 'minSdk' | 'targetSdk' | 'launcherActivity' | 'permissions'> {
  return {
    package: s.package,
    versionCode: s.versionCode ?? null,
    versionName: s.versionName ?? null,
    minSdk: s.minSdk ?? null,
    targetSdk: s.targetSdk ?? null,
    launcherActivity: s.launcherActivity ? s.launcherActivity.name : null,
    permissions: s.permissions,
  };
}

function schemeLabel(key: string): string {
  return key === 'v31' ? 'v3.1' : key === 'sourceStamp' ? 'source-stamp' : key;
}

/** classes.dex, classes2.dex, … in the order the platform loads them. */
export function dexFileNames(names: readonly string[], prefix: string): string[] {
  const re = new RegExp(`^${escapeRegExp(prefix)}classes(\\d*)\\.dex$`);
  return names
    .map((n) => ({ n, m: re.exec(n) }))
    .filter((x) => x.m)
    .sort((a, b) => Number(a.m![1] || 1) - Number(b.m![1] || 1))
    .map((x) => x.n.slice(prefix.length));
}

export function nativeAbis(names: readonly string[], prefix: string): string[] {
  const abis = new Set<string>();
  for (const n of names) {
    if (!n.startsWith(prefix + 'lib/') || !n.endsWith('.so')) continue;
    const parts = n.slice(prefix.length).split('/');
    if (parts.length === 3) abis.add(parts[1]!);
  }
  return [...abis].sort();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Each APK of a split set held inside a zip (.apks/.xapk). */
export function inspectSplitArchive(container: ZipArchive): SplitPartReport[] {
  const parts = container.entries.filter((e) => e.name.endsWith('.apk') && !e.isDirectory);
  return parts.map((e) => inspectSplitPart(e.name, () => new BytesSource(container.readEntry(e))));
}

/** Each APK of a split set extracted into a folder. */
export function inspectSplitDirectory(dir: string): SplitPartReport[] {
  const names = readdirSync(dir).filter((n) => n.endsWith('.apk')).sort();
  return names.map((n) => {
    const idsigPath = join(dir, n + '.idsig');
    const idsig = existsSync(idsigPath) ? new Uint8Array(readFileSync(idsigPath)) : undefined;
    return inspectSplitPart(n, () => new BytesSource(new Uint8Array(readFileSync(join(dir, n)))), idsig);
  });
}

function inspectSplitPart(name: string, open: () => DataSource, idsig?: Uint8Array): SplitPartReport {
  try {
    const archive = openZip(open(), { file: name });
    const report = inspectApkArchive(archive, { idsig });
    const splitName = splitNameOf(archive);
    return { name, split: splitName, report, error: null };
  } catch (e) {
    if (!isMamError(e)) throw e;
    return { name, split: null, report: null, error: { code: e.code, message: e.message } };
  }
}

/** The manifest's split="…" attribute (absent for the base APK). */
function splitNameOf(archive: ZipArchive): string | null {
  const root = axmlRootView(parseAxml(archive.readEntry('AndroidManifest.xml', MAX_MANIFEST_BYTES)));
  const attr = root?.attributes.find((a) => a.name === 'split' && !a.namespaceUri);
  return attr?.value.string ?? null;
}

/** Each module of an Android App Bundle (.aab), whose manifests are protobuf XML. */
export function inspectAppBundle(archive: ZipArchive): AabModuleReport[] {
  const names = archive.entries.map((e) => e.name);
  const modules = names.filter((n) => /^[^/]+\/manifest\/AndroidManifest\.xml$/.test(n)).map((n) => n.split('/')[0]!);
  return modules.sort((a, b) => (a === 'base' ? -1 : b === 'base' ? 1 : a.localeCompare(b))).map((module) => {
    const root = parseProtoXml(archive.readEntry(`${module}/manifest/AndroidManifest.xml`, MAX_MANIFEST_BYTES));
    const element = root.kind === 'element' ? protoXmlElementView(root) : undefined;
    const s = element ? summarizeManifest(element) : undefined;
    return {
      module,
      package: s?.package ?? null,
      versionCode: s?.versionCode ?? null,
      versionName: s?.versionName ?? null,
      minSdk: s?.minSdk ?? null,
      targetSdk: s?.targetSdk ?? null,
      launcherActivity: s?.launcherActivity?.name ?? null,
      permissions: s?.permissions ?? [],
      dexFiles: dexFileNames(names, `${module}/dex/`),
      nativeAbis: nativeAbis(names, `${module}/`),
    };
  });
}

export function idsigBeside(path: string): Uint8Array | undefined {
  const p = path + '.idsig';
  return existsSync(p) ? new Uint8Array(readFileSync(p)) : undefined;
}

export function displayName(path: string): string {
  return basename(path.replace(/\/+$/, ''));
}
