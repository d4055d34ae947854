// `mam sign` for iOS: an IPA (Payload/X.app/…), a zipped .app or an .app folder, re-signed inside-out
// with a PKCS#12 identity and provisioning profiles, or ad-hoc. Stages: open → preflight (every rule of
// signing-preflight.ts, entitlements, Mach-O encryption and room; nothing written yet) → sign (only the
// files the signer parses or rewrites are read into memory; every other file is streamed through the
// seal's hashes, streamed-bundle-tree.ts) → write to a temporary file or folder beside the target
// (unchanged zip entries copied compressed, verbatim; rewritten ones deflated at zlib's default level) →
// check the output (every signed binary, seal and profile as `mam verify` does; verbatim copies the seal
// already hashed are not hashed again, verify-signed-output.ts) → rename. On any failure nothing is
// left behind; the input is never modified.

import { cpSync, existsSync, mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FileSource } from '../core/data-source.js';
import { FileSink } from '../core/data-sink.js';
import { IoError, UsageError, VerificationError, isMamError } from '../core/errors.js';
import { openZip } from '../container/zip-reader.js';
import { ZipWriter, ZLIB_DEFAULT_LEVEL } from '../container/zip-writer.js';
import { COMPRESSION_DEFLATED, COMPRESSION_STORED, type ZipArchive } from '../container/zip-types.js';
import { directoryBundleSource, zipBundleSource, type BundleSource } from '../ios/bundle/bundle-source.js';
import type { BundleTree } from '../ios/bundle/bundle-tree.js';
import { executeBundleSigning, planBundleSigning, type BundleSigningOptions, type SignedCodeReport } from '../ios/sign/sign-bundle.js';
import { directoryChunkReader, StreamedBundleTree, zipChunkReader } from '../ios/sign/streamed-bundle-tree.js';
import { verifySignedZip } from '../ios/verify/verify-signed-output.js';
import { verifyIosPath, type IosInputKind } from './verify-ios.js';

export type { IosInputKind };
import { temporaryPathFor } from '../cli/output-file.js';
import { detectKind } from './detect-kind.js';

export interface IosSignReport {
  input: string;
  output: string;
  kind: IosInputKind;
  adhoc: boolean;
  signed: SignedCodeReport[];
  elapsedMs: number;
}

export interface IosSignFileOptions extends BundleSigningOptions {
  /** Wall clock for the report's timing only (the signature's time is `now`). */
  timer?: () => number;
}

interface OpenedInput {
  kind: IosInputKind;
  source: BundleSource;
  archive?: ZipArchive;
  close(): void;
}

function openInput(input: string, known?: IosInputKind): OpenedInput {
  const kind = known ?? detectKind(input);
  if (kind === 'app-dir') return { kind, source: directoryBundleSource(input), close: () => undefined };
  if (kind !== 'ipa' && kind !== 'app-zip') throw new UsageError('IOS_SIGN_NOT_IOS', `${input} is ${kind === undefined ? 'not an app' : `an ${kind}`}, not an IPA or .app`, { file: input });
  const file = FileSource.open(input);
  try {
    const archive = openZip(file, { file: input });
    return { kind, archive, source: zipBundleSource(archive, kind), close: () => file.close() };
  } catch (e) {
    file.close();
    throw e;
  }
}

function unixMode(externalAttributes: number, versionMadeBy: number): number | undefined {
  return versionMadeBy >> 8 === 3 ? externalAttributes >>> 16 : undefined;
}

function writeZip(tmp: string, archive: ZipArchive, location: string, tree: BundleTree): void {
  const sink = FileSink.create(tmp);
  try {
    const zip = new ZipWriter(sink);
    const written = new Set<string>();
    for (const e of archive.entries) {
      const rel = e.name.startsWith(location) ? e.name.slice(location.length) : undefined;
      if (rel !== undefined && tree.changed.has(rel)) {
        const mode = unixMode(e.externalAttributes, e.versionMadeBy);
        const method = e.compressionMethod === COMPRESSION_STORED ? COMPRESSION_STORED : COMPRESSION_DEFLATED;
        zip.addEntry(e.name, tree.read(rel), { method, level: ZLIB_DEFAULT_LEVEL, lastModTime: e.lastModTime, lastModDate: e.lastModDate, ...(mode !== undefined ? { unixMode: mode } : {}) });
        written.add(rel);
      } else zip.copyEntry(archive, e);
    }
    for (const rel of [...tree.changed].filter((p) => !written.has(p)).sort()) zip.addEntry(location + rel, tree.read(rel), { unixMode: 0o100644, level: ZLIB_DEFAULT_LEVEL });
    zip.finish();
  } finally {
    sink.close();
  }
}

function writeDirectory(tmp: string, input: string, tree: BundleTree): void {
  cpSync(input, tmp, { recursive: true, verbatimSymlinks: true });
  for (const rel of tree.changed) {
    mkdirSync(dirname(join(tmp, rel)), { recursive: true });
    writeFileSync(join(tmp, rel), tree.read(rel));
  }
}

/** Re-reads the output and verifies it as `mam verify` does (every bundle, binary, seal and profile),
 * except that a zip entry copied verbatim after the seal hashed it is not hashed again (verify-signed-output.ts). */
function checkOutput(output: string, opened: OpenedInput, tree: StreamedBundleTree, now: Date): void {
  const result = opened.archive && opened.kind !== 'app-dir'
    ? verifySignedZip(output, opened.kind, { input: opened.archive, location: opened.source.location, inputFacts: (p) => tree.inputDigests(p) }, { now })
    : verifyIosPath(output, opened.kind, { now }).result;
  const errors = result.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    throw new VerificationError('IOS_SIGN_OUTPUT_CHECK_FAILED', `the signed output does not verify: ${errors.map((i) => `${i.code}${i.where ? ` (${i.where})` : ''} ${i.message}`).join('; ')}`);
  }
}

function assertDistinctPaths(input: string, output: string): void {
  const same = resolve(input) === resolve(output) || (existsSync(output) && realpathSync(input) === realpathSync(output));
  if (same) throw new UsageError('SIGN_OUTPUT_IS_INPUT', 'the output path is the input path; mam never modifies its input', { file: input, hint: 'give another path with -o/--out' });
}

/** Signs `input` into `output` (same form as the input). */
export function signIosFile(input: string, output: string, opts: IosSignFileOptions): IosSignReport {
  const timer = opts.timer ?? (() => 0);
  const started = timer();
  assertDistinctPaths(input, output);
  const opened = openInput(input);
  const tmp = temporaryPathFor(output);
  try {
    const tree = StreamedBundleTree.open(opened.source, opened.archive ? zipChunkReader(opened.archive, opened.source.location) : directoryChunkReader(input));
    const plans = planBundleSigning(tree, opts);
    const signed = executeBundleSigning(tree, plans, opts);
    if (opened.archive) writeZip(tmp, opened.archive, opened.source.location, tree);
    else writeDirectory(tmp, input, tree);
    tree.releaseContents();
    checkOutput(tmp, opened, tree, opts.now);
    if (opened.kind === 'app-dir') rmSync(output, { recursive: true, force: true });
    renameSync(tmp, output);
    return { input, output, kind: opened.kind, adhoc: !opts.identity, signed, elapsedMs: timer() - started };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (isMamError(e)) throw e.within({ file: input });
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string') throw new IoError('OUTPUT_UNWRITABLE', `cannot write ${output}: ${err.code}`, { file: output }, { cause: e });
    throw e;
  } finally {
    opened.close();
  }
}
