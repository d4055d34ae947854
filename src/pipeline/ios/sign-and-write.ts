// The writing stages of `mam wrap` for iOS: planSigning (the signer's plan over the patched bundle,
// with the policy's entitlements), sign (inside-out, in memory: the runtime dylib, nested code, then
// CodeResources and the main executable), writeOutput (a temporary zip or folder beside the target:
// unchanged zip entries are copied verbatim, rewritten ones deflated at zlib's default level),
// verifyOutput (the output re-read and verified as `mam verify` does) and commit (renamed into place).
// The caller removes the temporary output on failure.

import { cpSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FileSink } from '../../core/data-sink.js';
import { VerificationError } from '../../core/errors.js';
import { ZipWriter, ZLIB_DEFAULT_LEVEL } from '../../container/zip-writer.js';
import type { ZipArchive } from '../../container/zip-types.js';
import type { BundleTree } from '../../ios/bundle/bundle-tree.js';
import { executeBundleSigning, planBundleSigning } from '../../ios/sign/sign-bundle.js';
import { temporaryPathFor } from '../../cli/output-file.js';
import { verifyIosPath } from '../verify-ios.js';
import { need, type IosWrapContext } from './ios-wrap-context.js';
import { applyPolicyEntitlements, signingOptionsOf } from './policy-entitlements.js';

const S_IFREG = 0o100000;

export function planSigning(ctx: IosWrapContext): void {
  const signing = ctx.options.signing;
  if (!signing) return;
  const plans = planBundleSigning(need(ctx.tree, 'the bundle'), signingOptionsOf(signing, ctx.options.now));
  applyPolicyEntitlements(plans.at(-1)!, need(ctx.effects, 'the policy effects'), signing, ctx.entitlementChanges, ctx.notes);
  ctx.plans = plans;
}

export function sign(ctx: IosWrapContext): void {
  const signing = need(ctx.options.signing, 'the signing options');
  ctx.signed = executeBundleSigning(need(ctx.tree, 'the bundle'), need(ctx.plans, 'the signing plan'), signingOptionsOf(signing, ctx.options.now));
}

function unixMode(externalAttributes: number, versionMadeBy: number): number | undefined {
  return versionMadeBy >> 8 === 3 ? externalAttributes >>> 16 : undefined;
}

/** New files: executables and dylibs 0755, the rest 0644, as Xcode lays out a bundle. */
function newFileMode(path: string, bytes: Uint8Array): number {
  const machO = bytes.length >= 4 && [0xfeedfacf, 0xfeedface, 0xbebafeca].includes(new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true));
  return S_IFREG | (machO || path.endsWith('.dylib') ? 0o755 : 0o644);
}

function writeZip(tmp: string, archive: ZipArchive, location: string, tree: BundleTree): void {
  const sink = FileSink.create(tmp);
  try {
    const zip = new ZipWriter(sink);
    const written = new Set<string>();
    for (const e of archive.entries) {
      const rel = e.name.startsWith(location) ? e.name.slice(location.length) : undefined;
      if (rel === undefined || !tree.changed.has(rel)) {
        zip.copyEntry(archive, e);
        continue;
      }
      const mode = unixMode(e.externalAttributes, e.versionMadeBy);
      zip.addEntry(e.name, tree.read(rel), { level: ZLIB_DEFAULT_LEVEL, lastModTime: e.lastModTime, lastModDate: e.lastModDate, ...(mode !== undefined ? { unixMode: mode } : {}) });
      written.add(rel);
    }
    for (const rel of [...tree.changed].filter((p) => !written.has(p)).sort()) zip.addEntry(location + rel, tree.read(rel), { unixMode: newFileMode(rel, tree.read(rel)), level: ZLIB_DEFAULT_LEVEL });
    zip.finish();
  } finally {
    sink.close();
  }
}

function writeDirectory(tmp: string, input: string, tree: BundleTree): void {
  cpSync(input, tmp, { recursive: true, verbatimSymlinks: true });
  for (const rel of tree.changed) {
    const target = join(tmp, rel);
    mkdirSync(dirname(target), { recursive: true });
    let exists = true;
    try {
      statSync(target);
    } catch {
      exists = false;
    }
    const bytes = tree.read(rel);
    writeFileSync(target, bytes, exists ? {} : { mode: newFileMode(rel, bytes) & 0o777 });
  }
}

export function writeOutput(ctx: IosWrapContext): void {
  const opened = need(ctx.opened, 'the input');
  const tree = need(ctx.tree, 'the bundle');
  ctx.temporary = temporaryPathFor(ctx.output);
  if (opened.archive) writeZip(ctx.temporary, opened.archive, opened.source.location, tree);
  else writeDirectory(ctx.temporary, ctx.input, tree);
}

export function verifyOutput(ctx: IosWrapContext): void {
  const opened = need(ctx.opened, 'the input');
  const issues = verifyIosPath(need(ctx.temporary, 'the output'), opened.kind, { now: ctx.options.now }).result.issues;
  const errors = issues.filter((i) => i.severity === 'error');
  ctx.verified = { errors: errors.length, warnings: issues.filter((i) => i.severity === 'warning').length };
  if (errors.length > 0) {
    throw new VerificationError('IOS_WRAP_OUTPUT_CHECK_FAILED', `the wrapped output does not verify: ${errors.map((i) => `${i.code}${i.where ? ` (${i.where})` : ''} ${i.message}`).join('; ')}`);
  }
}

export function commit(ctx: IosWrapContext): void {
  const tmp = need(ctx.temporary, 'the output');
  if (need(ctx.opened, 'the input').kind === 'app-dir') rmSync(ctx.output, { recursive: true, force: true });
  else ctx.size = statSync(tmp).size;
  renameSync(tmp, ctx.output);
  ctx.temporary = undefined;
}
