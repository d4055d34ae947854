// `mam wrap` of a split set: a .apks (bundletool) or .xapk container, or a folder of APKs. The base APK
// (the one whose <manifest> has no `split` attribute) is wrapped; every split is re-signed with the
// same key, since Android installs a set only when all of its APKs share the signer; the set is
// written back in its own form, other files copied as they are. With --unsigned the splits are copied
// unchanged (the set has to be signed as a whole later anyway).

import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BytesSource } from '../../core/data-source.js';
import { FileSink, MemorySink } from '../../core/data-sink.js';
import { PreflightError, UsageError, VerificationError } from '../../core/errors.js';
import { openZip } from '../../container/zip-reader.js';
import { ZipWriter } from '../../container/zip-writer.js';
import type { ZipArchive } from '../../container/zip-types.js';
import { parseAxml } from '../../android/axml/parse.js';
import { axmlRootView } from '../../android/manifest/element.js';
import { ANDROID_MANIFEST, readDeclaredMinSdk, signApk } from '../../android/sign/apk-signer.js';
import { verifyApk } from '../../android/verify/apk-verifier.js';
import { temporaryPathFor } from '../../cli/output-file.js';
import { signingKeyFromIdentity } from '../sign-apk.js';
import { runAndroidWrap } from './android-stages.js';
import { assertDistinctPaths, openInput } from './wrap-output.js';
import { apkReportOf, wrapReportOf, type ResignedSplitReport, type WrapReport } from './wrap-report.js';
import { MAX_MANIFEST_BYTES } from './read-manifest.js';
import { coveredMinSdk } from './verify-output.js';
import type { StageTiming, WrapAndroidOptions, WrapContext } from './wrap-context.js';
import { MemoryWrapOutput } from './wrap-output.js';

/** The `split` attribute of an APK's <manifest>; undefined for a base APK. */
export function splitNameOf(apk: ZipArchive): string | undefined {
  const entry = apk.getEntry(ANDROID_MANIFEST);
  if (!entry) return undefined;
  const root = axmlRootView(parseAxml(apk.readEntry(entry, MAX_MANIFEST_BYTES)));
  return root?.attributes.find((a) => a.name === 'split' && !a.namespaceUri)?.value.string ?? undefined;
}

// Rules:
// 1. A set has exactly one base APK (WRAP_NO_BASE_APK, WRAP_SEVERAL_BASE_APKS).
export function findBaseApk(apks: Map<string, ZipArchive>, label: string): string {
  const bases = [...apks].filter(([, a]) => a.getEntry(ANDROID_MANIFEST) && splitNameOf(a) === undefined).map(([n]) => n);
  if (bases.length === 0) throw new PreflightError('WRAP_NO_BASE_APK', `the split set holds no base APK (every APK declares a split name); expected one`, { file: label });
  if (bases.length > 1) throw new PreflightError('WRAP_SEVERAL_BASE_APKS', `the split set holds ${bases.length} base APKs (${bases.join(', ')}); expected one`, { file: label });
  return bases[0]!;
}

/** Re-signs one split with the wrap's key, checked by our verifier. */
function resignSplit(name: string, bytes: Uint8Array, options: WrapAndroidOptions, baseMinSdk: number): { bytes: Uint8Array; report: ResignedSplitReport } {
  const signing = options.signing;
  if (signing === undefined || signing === 'unsigned') return { bytes, report: { name, schemes: [], size: bytes.length } };
  const archive = openZip(new BytesSource(bytes), { file: name });
  const sink = new MemorySink();
  const minSdk = signing.options?.minSdk ?? readDeclaredMinSdk(archive) ?? baseMinSdk;
  const result = signApk(archive, sink, signingKeyFromIdentity(signing.identity, signing.v1SignerName), { ...signing.options, minSdk });
  const out = sink.toBytes();
  const verified = verifyApk(openZip(new BytesSource(out), { file: name }), { minSdk: coveredMinSdk(result) });
  const errors = verified.issues.filter((i) => i.severity === 'error');
  if (!verified.verified || errors.length) {
    throw new VerificationError('WRAP_OUTPUT_CHECK_FAILED', `the re-signed split does not verify: ${errors.map((i) => i.code).join(', ') || 'no scheme verified'}`, { entry: name });
  }
  return { bytes: out, report: { name, schemes: (['v1', 'v2', 'v3'] as const).filter((s) => result.schemes[s]), size: out.length } };
}

function baseMinSdkOf(ctx: WrapContext): number {
  const to = ctx.plan!.minSdk.to;
  return typeof to === 'number' ? to : 1;
}

function timed<T>(timings: StageTiming[], stage: string, work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    timings.push({ stage, ms: Math.round((performance.now() - started) * 10) / 10 });
  }
}

/** Wraps the base of a .apks/.xapk container and re-signs its splits into a new container. */
export function wrapSplitContainer(input: string, output: string, kind: 'apks' | 'xapk', options: WrapAndroidOptions): WrapReport {
  assertDistinctPaths(input, output);
  const source = openInput(input);
  const tmp = temporaryPathFor(output);
  try {
    const container = openZip(source, { file: input });
    const apks = new Map(container.entries.filter((e) => !e.isDirectory && e.name.endsWith('.apk')).map((e) => [e.name, openZip(new BytesSource(container.readEntry(e)), { file: `${input}!${e.name}` })] as const));
    const baseName = findBaseApk(apks, input);
    const memory = new MemoryWrapOutput();
    const ctx = runAndroidWrap(`${input}!${baseName}`, apks.get(baseName)!.source, options, memory);
    const timings = [...ctx.timings];
    const splits: ResignedSplitReport[] = [];
    let size: number | null = null;
    if (!options.dryRun) {
      const written = new Map<string, Uint8Array>([[baseName, memory.bytes()]]);
      timed(timings, 'signSplits', () => {
        for (const [name, apk] of apks) {
          if (name === baseName) continue;
          const r = resignSplit(name, new Uint8Array(apk.source.read(0, apk.source.size)), options, baseMinSdkOf(ctx));
          written.set(name, r.bytes);
          splits.push(r.report);
        }
      });
      size = timed(timings, 'writeContainer', () => writeContainer(container, written, tmp));
      renameSync(tmp, output);
    }
    return wrapReportOf(input, output, kind, ctx, apkReportOf(baseName, ctx, null), splits, size, timings);
  } finally {
    rmSync(tmp, { force: true });
    source.close();
  }
}

function writeContainer(container: ZipArchive, apks: Map<string, Uint8Array>, path: string): number {
  const sink = FileSink.create(path);
  try {
    const writer = new ZipWriter(sink, { comment: container.comment });
    for (const entry of [...container.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset)) {
      const bytes = apks.get(entry.name);
      if (bytes === undefined) writer.copyEntry(container, entry);
      else writer.addEntry(entry.name, bytes, { method: entry.compressionMethod === 0 ? 0 : 8, lastModDate: entry.lastModDate, lastModTime: entry.lastModTime });
    }
    writer.finish();
    return sink.position;
  } finally {
    sink.close();
  }
}

/** Wraps the base APK of a folder of split APKs into a new folder `output`. */
export function wrapApkFolder(input: string, output: string, options: WrapAndroidOptions): WrapReport {
  assertDistinctPaths(input, output);
  if (existsSync(output) && !options.dryRun) throw new UsageError('WRAP_OUTPUT_EXISTS', `${output} exists; a folder of split APKs is written to a new folder`, { file: output });
  const names = readdirSync(input).sort().filter((n) => statSync(join(input, n)).isFile());
  const bytesOf = new Map(names.filter((n) => n.endsWith('.apk')).map((n) => [n, new Uint8Array(readFileSync(join(input, n)))] as const));
  const apks = new Map([...bytesOf].map(([n, b]) => [n, openZip(new BytesSource(b), { file: join(input, n) })] as const));
  const baseName = findBaseApk(apks, input);
  const memory = new MemoryWrapOutput();
  const ctx = runAndroidWrap(join(input, baseName), apks.get(baseName)!.source, options, memory);
  const timings = [...ctx.timings];
  const splits: ResignedSplitReport[] = [];
  let size: number | null = null;
  if (!options.dryRun) {
    const tmp = temporaryPathFor(output);
    try {
      mkdirSync(tmp);
      writeFileSync(join(tmp, baseName), memory.bytes());
      timed(timings, 'signSplits', () => {
        for (const name of names) {
          if (name === baseName) continue;
          if (!bytesOf.has(name)) {
            copyFileSync(join(input, name), join(tmp, name));
            continue;
          }
          const r = resignSplit(name, bytesOf.get(name)!, options, baseMinSdkOf(ctx));
          writeFileSync(join(tmp, name), r.bytes);
          splits.push(r.report);
        }
      });
      size = readdirSync(tmp).reduce((n, f) => n + statSync(join(tmp, f)).size, 0);
      renameSync(tmp, output);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return wrapReportOf(input, output, 'apk-dir', ctx, apkReportOf(baseName, ctx, null), splits, size, timings);
}
