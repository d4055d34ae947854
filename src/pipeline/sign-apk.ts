// `mam sign` for Android: an APK, a split-set container (.apks, .xapk) or a folder of split APKs,
// signed with one identity. The output appears only when complete and checked: it is written to a
// temporary file (or folder) beside the target, re-read and checked, then renamed into place; on any
// failure nothing is left behind. The input is never modified.
//
// Stages: preflight (readable zip, an APK, output ≠ input, nothing before the first entry) → sign →
// verify (our verifier, src/android/verify/, as verifySignedOutput: the v1 digests the signer took
// while copying are trusted once the v2/v3 signature verifies over the bytes read back) → v4 file →
// rename.

import { copyFileSync, existsSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createPublicKey } from 'node:crypto';
import { BytesSource, FileSource, type DataSource } from '../core/data-source.js';
import { FileSink, MemorySink, type DataSink } from '../core/data-sink.js';
import { IoError, UsageError, VerificationError, isMamError } from '../core/errors.js';
import { openZip } from '../container/zip-reader.js';
import { ZipWriter } from '../container/zip-writer.js';
import type { ZipArchive } from '../container/zip-types.js';
import { assertSignableApk, readDeclaredMinSdk, signApk, type ApkSigningKey, type SignApkOptions, type SignApkResult } from '../android/sign/apk-signer.js';
import { verifySignedOutput } from '../android/verify/apk-verifier.js';
import { ANDROID_SDK_N, ANDROID_SDK_P, chooseSchemeAlgorithm } from '../android/sign/signer-algorithms.js';
import { buildV4SignatureFile } from '../android/sign/v4-signer.js';
import type { SigningIdentity } from '../keys/load.js';
import { temporaryPathFor } from '../cli/output-file.js';
import { detectKind, type InputKind } from './detect-kind.js';

export interface SignClock {
  now(): Date;
}

export const systemClock: SignClock = { now: () => new Date() };

export interface SignFileOptions extends SignApkOptions {
  /** v1 file base name (apksigner: the key alias, else the key file's name up to its first dot). */
  v1SignerName?: string;
}

export interface SignedApkReport {
  /** Path of the APK (inside the container for split sets). */
  name: string;
  minSdk: number;
  schemes: string[];
  size: number;
  entriesDropped: string[];
}

export interface SignReport {
  input: string;
  output: string;
  kind: 'apk' | 'apks' | 'xapk' | 'apk-dir';
  schemes: string[];
  signer: { subject: string; certSha256: string; keyAlgorithm: string; keySize: number; alias?: string };
  apks: SignedApkReport[];
  /** Output size in bytes (a folder: the sum of its files). */
  size: number;
  idsig?: string;
  elapsedMs: number;
}

/** The signer's key in the form the APK signer takes. */
export function signingKeyFromIdentity(identity: SigningIdentity, signerName?: string): ApkSigningKey {
  return {
    privateKey: identity.privateKey,
    certificates: identity.chain.map((c) => new Uint8Array(c.raw)),
    publicKey: new Uint8Array(createPublicKey(identity.privateKey).export({ type: 'spki', format: 'der' })),
    keyAlgorithm: identity.keyAlgorithm,
    keySize: identity.keySize,
    signerName: signerName ?? identity.alias ?? 'CERT',
  };
}

function schemeNames(r: SignApkResult): string[] {
  return (['v1', 'v2', 'v3', 'v4'] as const).filter((s) => r.schemes[s]);
}

function assertDistinctPaths(input: string, output: string): void {
  const a = resolve(input);
  const b = resolve(output);
  const same = a === b || (existsSync(b) && realpathSync(a) === realpathSync(b));
  if (same) throw new UsageError('SIGN_OUTPUT_IS_INPUT', 'the output path is the input path; mam never modifies its input', { file: input, hint: 'give another path with -o/--out' });
}

/** Signs one APK held by `source` into `sink`, then checks the result read back through `readBack`. */
function signOne(name: string, archive: ZipArchive, sink: DataSink, key: ApkSigningKey, options: SignApkOptions, readBack: () => DataSource): { result: SignApkResult; report: SignedApkReport } {
  assertSignableApk(archive);
  const result = signApk(archive, sink, key, options);
  const verified = verifySignedOutput(openZip(readBack()), { minSdk: coveredMinSdk(result), ...(options.maxSdk !== undefined ? { maxSdk: options.maxSdk } : {}) }, result.v1EntryDigests);
  const errors = verified.issues.filter((i) => i.severity === 'error');
  if (!verified.verified || errors.length > 0) {
    throw new VerificationError('SIGN_OUTPUT_CHECK_FAILED', `the signed output does not verify: ${errors.map((i) => `${i.code} ${i.message}`).join('; ') || 'no scheme verified'}`, { entry: name });
  }
  return { result, report: { name, minSdk: result.minSdk, schemes: schemeNames(result), size: result.size, entriesDropped: result.entriesDropped } };
}

// With v1 (or v2) turned off by the user, the output installs only where the remaining schemes are
// verified; it is checked for that range, as `apksigner verify --min-sdk-version` would be.
function coveredMinSdk(result: SignApkResult): number {
  if (result.schemes.v1) return result.minSdk;
  return Math.max(result.minSdk, result.schemes.v2 ? ANDROID_SDK_N : ANDROID_SDK_P);
}

function withTemporary<T>(target: string, work: (tmp: string) => T): T {
  const tmp = temporaryPathFor(target);
  try {
    const out = work(tmp);
    renameSync(tmp, target);
    return out;
  } catch (e) {
    rmSync(tmp, { force: true, recursive: true });
    throw e;
  }
}

function wrapIo(e: unknown, file: string): never {
  if (isMamError(e)) throw e.within({ file });
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string') throw new IoError('OUTPUT_UNWRITABLE', `cannot write ${file}: ${err.code}`, { file }, { cause: e });
  throw e;
}

/** Signs a single APK file into `output` (and `output.idsig` when v4 is on). */
export function signApkFile(input: string, output: string, identity: SigningIdentity, options: SignFileOptions = {}, clock: SignClock = systemClock): SignReport {
  const started = clock.now().getTime();
  assertDistinctPaths(input, output);
  const key = signingKeyFromIdentity(identity, options.v1SignerName);
  const source = FileSource.open(input);
  let signed: { result: SignApkResult; report: SignedApkReport };
  let idsig: string | undefined;
  try {
    const archive = openZip(source, { file: input });
    signed = withTemporary(output, (tmp) => {
      const sink = FileSink.create(tmp);
      let readBack: FileSource | undefined;
      try {
        const one = signOne(basename(input), archive, sink, key, options, () => (readBack = FileSource.open(tmp)));
        if (options.schemes?.v4) idsig = writeIdsig(readBack!, output, one.result, key);
        return one;
      } finally {
        sink.close();
        readBack?.close();
      }
    });
  } catch (e) {
    wrapIo(e, input);
  } finally {
    source.close();
  }
  return report(input, output, 'apk', identity, [signed.report], signed.report.size, clock.now().getTime() - started, idsig);
}

function writeIdsig(apk: DataSource, output: string, result: SignApkResult, key: ApkSigningKey): string {
  const digest = [...result.contentDigests.values()][0];
  if (!digest || (!result.schemes.v2 && !result.schemes.v3)) {
    throw new UsageError('SIGN_V4_NEEDS_V2_OR_V3', 'v4 signing needs v2 or v3 signing (its signature covers their content digest)');
  }
  const bytes = buildV4SignatureFile({ apk, apkDigest: digest, algorithm: chooseSchemeAlgorithm(key), certificate: key.certificates[0]!, publicKey: key.publicKey, privateKey: key.privateKey });
  const target = `${output}.idsig`;
  withTemporary(target, (tmp) => {
    const sink = FileSink.create(tmp);
    try {
      sink.write(bytes);
    } finally {
      sink.close();
    }
  });
  return target;
}

function report(input: string, output: string, kind: SignReport['kind'], identity: SigningIdentity, apks: SignedApkReport[], size: number, elapsedMs: number, idsig?: string): SignReport {
  return {
    input,
    output,
    kind,
    schemes: [...new Set(apks.flatMap((a) => a.schemes))],
    signer: { subject: identity.subject, certSha256: identity.certSha256, keyAlgorithm: identity.keyAlgorithm, keySize: identity.keySize, ...(identity.alias ? { alias: identity.alias } : {}) },
    apks,
    size,
    ...(idsig ? { idsig } : {}),
    elapsedMs,
  };
}

/**
 * Signs every APK inside a .apks/.xapk container with the same key; other entries are copied as
 * they are, and each signed APK keeps its entry name, compression method and date.
 */
export function signSplitContainer(input: string, output: string, identity: SigningIdentity, kind: 'apks' | 'xapk', options: SignFileOptions = {}, clock: SignClock = systemClock): SignReport {
  const started = clock.now().getTime();
  assertDistinctPaths(input, output);
  const key = signingKeyFromIdentity(identity, options.v1SignerName);
  const source = FileSource.open(input);
  const apks: SignedApkReport[] = [];
  let size = 0;
  try {
    const container = openZip(source, { file: input });
    const setMinSdk = options.minSdk ?? splitSetMinSdk(container, input);
    withTemporary(output, (tmp) => {
      const sink = FileSink.create(tmp);
      try {
        const writer = new ZipWriter(sink, { comment: container.comment });
        for (const entry of [...container.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset)) {
          if (entry.isDirectory || !entry.name.endsWith('.apk')) {
            writer.copyEntry(container, entry);
            continue;
          }
          const part = openZip(new BytesSource(container.readEntry(entry)), { file: `${input}!${entry.name}` });
          const memory = new MemorySink();
          const minSdk = options.minSdk ?? readDeclaredMinSdk(part) ?? setMinSdk;
          const signed = signOne(entry.name, part, memory, key, { ...options, minSdk, schemes: { ...options.schemes, v4: false } }, () => new BytesSource(memory.toBytes()));
          apks.push(signed.report);
          writer.addEntry(entry.name, memory.toBytes(), { method: entry.compressionMethod === 0 ? 0 : 8, lastModDate: entry.lastModDate, lastModTime: entry.lastModTime });
        }
        writer.finish();
        size = sink.position;
      } finally {
        sink.close();
      }
    });
  } catch (e) {
    wrapIo(e, input);
  } finally {
    source.close();
  }
  return report(input, output, kind, identity, apks, size, clock.now().getTime() - started);
}

// Configuration splits (config.en.apk, config.xxhdpi.apk) usually declare no uses-sdk: they install
// only with their base, so they are signed for the lowest min SDK the set declares (apksigner, which
// sees one APK at a time, would assume API 1 and refuse an EC key for v1).
function splitSetMinSdk(container: ZipArchive, input: string): number {
  let lowest: number | undefined;
  for (const entry of container.entries) {
    if (entry.isDirectory || !entry.name.endsWith('.apk')) continue;
    const declared = readDeclaredMinSdk(openZip(new BytesSource(container.readEntry(entry)), { file: `${input}!${entry.name}` }));
    if (declared !== undefined) lowest = Math.min(lowest ?? declared, declared);
  }
  return lowest ?? 1;
}

/** Signs every .apk in a folder into a new folder `output` (other regular files are copied). */
export function signApkFolder(input: string, output: string, identity: SigningIdentity, options: SignFileOptions = {}, clock: SignClock = systemClock): SignReport {
  const started = clock.now().getTime();
  assertDistinctPaths(input, output);
  if (existsSync(output)) throw new UsageError('SIGN_OUTPUT_EXISTS', `${output} exists; a folder of split APKs is written to a new folder`, { file: output });
  const apks: SignedApkReport[] = [];
  let size = 0;
  const declared = new Map<string, number | undefined>();
  for (const name of readdirSync(input)) {
    const from = join(input, name);
    if (name.endsWith('.apk') && statSync(from).isFile()) declared.set(name, declaredMinSdkOfFile(from));
  }
  const known = [...declared.values()].filter((v): v is number => v !== undefined);
  const setMinSdk = known.length > 0 ? Math.min(...known) : 1;
  withTemporary(output, (tmp) => {
    mkdirSync(tmp);
    for (const name of readdirSync(input).sort()) {
      const from = join(input, name);
      if (!statSync(from).isFile()) continue;
      if (!name.endsWith('.apk')) {
        copyFileSync(from, join(tmp, name));
        continue;
      }
      const minSdk = options.minSdk ?? declared.get(name) ?? setMinSdk;
      const r = signApkFile(from, join(tmp, name), identity, { ...options, minSdk, schemes: { ...options.schemes, v4: false } }, clock);
      apks.push({ ...r.apks[0]!, name });
    }
    for (const name of readdirSync(tmp)) size += statSync(join(tmp, name)).size;
  });
  return report(input, output, 'apk-dir', identity, apks, size, clock.now().getTime() - started);
}

function declaredMinSdkOfFile(path: string): number | undefined {
  const source = FileSource.open(path);
  try {
    return readDeclaredMinSdk(openZip(source, { file: path }));
  } finally {
    source.close();
  }
}

/** Dispatches on the input's kind (from its content). */
export function signAndroidPath(input: string, output: string, identity: SigningIdentity, options: SignFileOptions = {}, clock: SignClock = systemClock): SignReport {
  const kind: InputKind = detectKind(input);
  switch (kind) {
    case 'apk':
      return signApkFile(input, output, identity, options, clock);
    case 'apks':
    case 'xapk':
      return signSplitContainer(input, output, identity, kind, options, clock);
    case 'apk-dir':
      return signApkFolder(input, output, identity, options, clock);
    case 'ipa':
    case 'app-zip':
    case 'app-dir':
      throw new UsageError('SIGN_IOS_NOT_AVAILABLE', 'iOS signing is not available in `mam sign` yet; it signs APKs and split sets', { file: input });
    case 'aab':
      throw new UsageError('SIGN_AAB_NOT_SUPPORTED', 'app bundles (.aab) are signed by Google Play, not with APK signatures; build APKs first (bundletool build-apks)', { file: input });
  }
}
