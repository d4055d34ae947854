// The iOS half of `mam wrap`: `mam wrap APP.ipa|APP.app.zip|APP.app -o OUT --policy FILE (--p12 FILE
// --p12-pass SPEC --profile FILE [--profile FILE…] | --adhoc) [--entitlements FILE] [--bundle-id ID]
// [--drop-missing-entitlements] [--rewrap] [--dry-run] [--json]`. wrap.ts registers the iOS signing
// options (addIosSignOptions, shared with `mam sign`) and hands iOS inputs to runIosWrap. Commander
// wiring and rendering only; the work is in src/pipeline/wrap-ios.ts.

import { readFileSync } from 'node:fs';
import { IoError, UsageError } from '../../core/errors.js';
import { loadSigningIdentity } from '../../keys/load.js';
import { readPassword } from '../../keys/password.js';
import { parsePlist } from '../../ios/plist/plist.js';
import type { BundleSigningIdentity } from '../../ios/sign/sign-bundle.js';
import { wrapIosPath, type IosWrapReport, type IosWrapSigning } from '../../pipeline/wrap-ios.js';
import { readPolicyFile } from '../../policy/policy-file.js';
import type { CliContext } from '../main.js';
import { loadProfile, signingClock, type IosSignCliOptions } from './sign-ios.js';

export interface IosWrapCliOptions extends IosSignCliOptions {
  policy: string;
  rewrap?: boolean;
  dryRun?: boolean;
  /** Android-only options, refused for an iOS input. */
  ks?: string;
  key?: string;
  cert?: string;
  unsigned?: boolean;
  debugKey?: boolean;
}

const BAD_OPTION = 'WRAP_BAD_OPTION';

function assertNoAndroidOptions(opts: IosWrapCliOptions): void {
  const given = [opts.ks && '--ks', opts.key && '--key', opts.cert && '--cert', opts.unsigned && '--unsigned', opts.debugKey && '--debug-key'].filter(Boolean);
  if (given.length) {
    throw new UsageError(BAD_OPTION, `${given.join(', ')} ${given.length > 1 ? 'are' : 'is'} for Android apps; an iOS app is signed with --p12/--p12-pass and --profile, or --adhoc`);
  }
}

function readInput(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new IoError('INPUT_UNREADABLE', `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { file: path }, { cause: e });
  }
}

function loadIdentity(opts: IosWrapCliOptions, ctx: CliContext, now: Date): BundleSigningIdentity {
  if (!opts.p12Pass) throw new UsageError('KEYSTORE_PASSWORD_MISSING', '--p12 needs its password: --p12-pass env:NAME, file:PATH, stdin or pass:…');
  const pass = readPassword(opts.p12Pass, { option: '--p12-pass' });
  if (pass.warning) ctx.io.err(`warning: ${pass.warning}`);
  const id = loadSigningIdentity({ ks: opts.p12!, ksType: 'PKCS12', ksPass: pass.secret }, now);
  for (const w of id.warnings) ctx.io.err(`warning: ${w}`);
  return { privateKey: id.privateKey, certificate: new Uint8Array(id.certificate.raw), chain: id.chain.slice(1).map((c) => new Uint8Array(c.raw)), certificateObject: id.certificate };
}

/** The signing choice from the options; undefined when none was given (refused unless --dry-run). */
function signingFrom(opts: IosWrapCliOptions, ctx: CliContext, now: Date): IosWrapSigning | undefined {
  if (opts.adhoc && opts.p12) throw new UsageError(BAD_OPTION, '--adhoc signs without an identity: drop --p12 or --adhoc');
  if (!opts.adhoc && !opts.p12) {
    if (opts.profile?.length) throw new UsageError('KEY_OPTIONS_MISSING', '--profile needs the identity it was issued for: --p12 FILE --p12-pass SPEC');
    return undefined;
  }
  const entitlementsRoot = opts.entitlements ? parsePlist(readInput(opts.entitlements, 'entitlements'), { entry: opts.entitlements }).root : undefined;
  if (entitlementsRoot && entitlementsRoot.type !== 'dict') throw new UsageError(BAD_OPTION, `--entitlements: ${opts.entitlements} holds a ${entitlementsRoot.type}, expected a dict`);
  return {
    ...(opts.p12 ? { identity: loadIdentity(opts, ctx, now) } : {}),
    profiles: (opts.profile ?? []).map(loadProfile),
    ...(entitlementsRoot?.type === 'dict' ? { entitlements: entitlementsRoot } : {}),
    ...(opts.bundleId ? { bundleId: opts.bundleId } : {}),
    dropMissingEntitlements: !!opts.dropMissingEntitlements,
  };
}

/** Wraps an iOS input from the `wrap` command's options and prints the report. */
export function runIosWrap(input: string, opts: IosWrapCliOptions, ctx: CliContext, now: Date = signingClock()): IosWrapReport {
  assertNoAndroidOptions(opts);
  const { policy } = readPolicyFile(opts.policy);
  const signing = signingFrom(opts, ctx, now);
  const report = wrapIosPath(input, opts.out, {
    policy, now,
    ...(signing ? { signing } : {}),
    rewrap: !!opts.rewrap,
    dryRun: !!opts.dryRun,
  });
  ctx.io.out(opts.json ? JSON.stringify({ ok: true, ...report }, null, 2) : renderIosWrapReport(report).join('\n'));
  return report;
}

const short = (hex: string): string => `${hex.slice(0, 16)}…`;

export function renderIosWrapReport(r: IosWrapReport): string[] {
  const out = [r.dryRun ? `dry run: ${r.input} would be wrapped into ${r.output}; nothing was written` : `wrapped ${r.input} → ${r.output}${r.size !== null ? ` (${r.size} bytes)` : ''}`];
  out.push(`  app       ${r.app.name} [${r.app.bundleId}], Info.plist ${r.app.infoPlistFormat ?? '?'}${r.rewrap ? `; rewrap (${r.rewrap})` : ''}`);
  out.push(`  policy    ${r.policy.name ?? '(unnamed)'}, sha256 ${r.policy.sha256}`);
  out.push(`  runtime   ${r.runtime.file} as ${r.runtime.installName} (sha256 ${short(r.runtime.sha256)}, iOS ${r.runtime.minimumOS}+)`);
  out.push(`  load      ${r.runtime.loadOrder}`);
  out.push(`  ${r.dryRun ? 'planned' : 'patched'}   ${r.executable.path}`);
  for (const s of r.executable.slices) {
    const added = s.added.length ? s.added.join(', ') : 'nothing (already there)';
    out.push(`    ${s.arch} (${s.platform ?? '?'}): + ${added}; room ${s.roomBefore} → ${s.roomAfter} bytes`);
  }
  out.push('  Info.plist');
  for (const c of r.infoPlistChanges) out.push(`    ${c}`);
  if (r.entitlementChanges.length) out.push('  entitlements');
  for (const c of r.entitlementChanges) out.push(`    ${c}`);
  out.push(r.dryRun ? '  files to add' : '  files');
  for (const f of r.files) out.push(`    ${f.replaced ? '~' : '+'} ${f.path} (${f.role}, ${f.size} bytes, sha256 ${short(f.sha256)})`);
  if (r.signer) {
    out.push(`  signer    ${r.signer.subject}${r.signer.certSha256 ? ` (sha256 ${r.signer.certSha256})` : ''}`);
    for (const p of r.signer.profiles) out.push(`  profile   ${p.bundleId}: ${p.profile}`);
  } else out.push('  signer    none chosen (dry run)');
  if (r.signed.length) out.push(`  signed    ${r.signed.length} binaries: ${r.signed.map((s) => s.path).join(', ')}`);
  if (r.verified) out.push(`  verified  ${r.verified.errors} errors, ${r.verified.warnings} warnings`);
  for (const n of r.notes) out.push(`  note      ${n}`);
  const total = r.stages.reduce((t, s) => t + s.ms, 0);
  out.push(`  stages    ${r.stages.map((s) => `${s.stage} ${s.ms} ms`).join(', ')} (total ${Math.round(total)} ms)`);
  return out;
}
