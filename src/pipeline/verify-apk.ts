// `mam verify` for Android inputs: one APK (with its .idsig beside it, if any), or a split set (.apks,
// .xapk, or a folder of APKs) verified part by part. The input's kind comes from its content.

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BytesSource, FileSource, type DataSource } from '../core/data-source.js';
import { UsageError, isMamError } from '../core/errors.js';
import { openZip } from '../container/zip-reader.js';
import type { ZipArchive } from '../container/zip-types.js';
import { verifyApk, type ApkVerifyOptions, type ApkVerifyResult } from '../android/verify/apk-verifier.js';
import { checkSplitSet, type SplitPartResult, type SplitSetResult } from '../android/verify/split-verify.js';
import { detectKind, type InputKind } from './detect-kind.js';

export type VerifyReport =
  | { kind: 'apk'; file: string; apk: ApkVerifyResult }
  | { kind: 'apks' | 'xapk' | 'apk-dir'; file: string; set: SplitSetResult };

export type VerifyOptions = Omit<ApkVerifyOptions, 'idsig'>;

const IOS_KINDS: readonly InputKind[] = ['ipa', 'app-zip', 'app-dir'];

export function verifyPath(path: string, opts: VerifyOptions = {}): VerifyReport {
  const kind = detectKind(path);
  if (IOS_KINDS.includes(kind)) {
    throw new UsageError('VERIFY_IOS_UNAVAILABLE', 'iOS verification is not available yet', { file: path, hint: 'verify the Android APK or split set instead' });
  }
  if (kind === 'aab') {
    throw new UsageError('VERIFY_AAB_UNSUPPORTED', 'an app bundle (.aab) is not installable and carries no APK signature to verify', { file: path, hint: 'verify the APKs built from it' });
  }
  if (kind === 'apk-dir') return { kind, file: path, set: verifySplitDirectory(path, opts) };
  return withZip(path, (archive): VerifyReport => {
    if (kind !== 'apk') return { kind: kind === 'xapk' ? 'xapk' : 'apks', file: path, set: verifySplitArchive(archive, opts) };
    const idsigPath = path + '.idsig';
    const idsig = existsSync(idsigPath) ? new Uint8Array(readFileSync(idsigPath)) : undefined;
    return { kind, file: path, apk: verifyApk(archive, { ...opts, idsig }) };
  });
}

/** Each APK inside a .apks/.xapk container. */
export function verifySplitArchive(container: ZipArchive, opts: VerifyOptions = {}): SplitSetResult {
  const parts = container.entries.filter((e) => e.name.endsWith('.apk') && !e.isDirectory);
  return checkSplitSet(parts.map((e) => verifyPart(e.name, () => new BytesSource(container.readEntry(e)), opts)));
}

/** Each APK in a folder (with its .idsig, if any). */
export function verifySplitDirectory(dir: string, opts: VerifyOptions = {}): SplitSetResult {
  const names = readdirSync(dir).filter((n) => n.endsWith('.apk')).sort();
  return checkSplitSet(
    names.map((n) => {
      const idsigPath = join(dir, n + '.idsig');
      const idsig = existsSync(idsigPath) ? new Uint8Array(readFileSync(idsigPath)) : undefined;
      return verifyPart(n, () => FileSource.open(join(dir, n)), { ...opts, idsig });
    }),
  );
}

function verifyPart(name: string, open: () => DataSource, opts: ApkVerifyOptions): SplitPartResult {
  let source: DataSource | undefined;
  try {
    source = open();
    return { name, result: verifyApk(openZip(source, { file: name }), opts) };
  } catch (e) {
    if (!isMamError(e) || e instanceof UsageError) throw e;
    return { name, error: { code: e.code, message: e.message } };
  } finally {
    if (source instanceof FileSource) source.close();
  }
}

function withZip<T>(path: string, use: (archive: ZipArchive) => T): T {
  const source = FileSource.open(path);
  try {
    return use(openZip(source, { file: path }));
  } catch (e) {
    if (isMamError(e)) e.within({ file: path });
    throw e;
  } finally {
    source.close();
  }
}
