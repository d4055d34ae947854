// The iOS half of `mam sign`: `mam sign APP.ipa|APP.app.zip|APP.app -o OUT --p12 FILE --p12-pass SPEC
// --profile FILE [--profile FILE…] [--entitlements FILE] [--bundle-id ID] [--drop-missing-entitlements]
// [--adhoc] [--json]`. sign.ts registers these options on its command (addIosSignOptions) and hands iOS
// inputs to runIosSign. Commander wiring and rendering only; the work is in src/pipeline/sign-ios.ts.

import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { IoError, UsageError } from '../../core/errors.js';
import { loadSigningIdentity } from '../../keys/load.js';
import { readPassword } from '../../keys/password.js';
import { parsePlist } from '../../ios/plist/plist.js';
import { parseProvisioningProfile } from '../../ios/profile/provisioning-profile.js';
import type { BundleSigningIdentity, LoadedProfile } from '../../ios/sign/sign-bundle.js';
import { signIosFile, type IosSignReport } from '../../pipeline/sign-ios.js';
import type { CliContext } from '../main.js';

export interface IosSignCliOptions {
  out: string;
  p12?: string;
  p12Pass?: string;
  profile?: string[];
  entitlements?: string;
  bundleId?: string;
  dropMissingEntitlements?: boolean;
  adhoc?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Adds the iOS options to the `sign` command. */
export function addIosSignOptions(command: Command): Command {
  return command
    .option('--p12 <file>', 'iOS: signing identity as PKCS#12 (certificate, key and chain)')
    .option('--p12-pass <spec>', 'iOS: PKCS#12 password: pass:…, env:NAME, file:PATH or stdin')
    .addOption(new Option('--profile <file>', 'iOS: provisioning profile; repeat for app extensions (matched by bundle ID)').argParser(collect))
    .option('--entitlements <file>', "iOS: entitlements plist that replaces the app's own")
    .option('--bundle-id <id>', "iOS: new bundle ID for the app; its extensions' IDs are re-prefixed")
    .option('--drop-missing-entitlements', 'iOS: drop entitlements the profile does not grant instead of refusing')
    .option('--adhoc', 'iOS: ad-hoc signature (no identity, no profile)');
}

function readInput(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new IoError('INPUT_UNREADABLE', `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { file: path }, { cause: e });
  }
}

function loadIdentity(opts: IosSignCliOptions, ctx: CliContext): BundleSigningIdentity | undefined {
  if (opts.adhoc) {
    if (opts.p12) throw new UsageError('SIGN_BAD_OPTION', '--adhoc signs without an identity: drop --p12 or --adhoc');
    return undefined;
  }
  if (!opts.p12) throw new UsageError('KEY_OPTIONS_MISSING', 'iOS signing needs --p12 FILE --p12-pass SPEC (or --adhoc)');
  if (!opts.p12Pass) throw new UsageError('KEYSTORE_PASSWORD_MISSING', '--p12 needs its password: --p12-pass env:NAME, file:PATH, stdin or pass:…');
  const pass = readPassword(opts.p12Pass, { option: '--p12-pass' });
  if (pass.warning) ctx.io.err(`warning: ${pass.warning}`);
  const id = loadSigningIdentity({ ks: opts.p12, ksType: 'PKCS12', ksPass: pass.secret });
  return {
    privateKey: id.privateKey,
    certificate: new Uint8Array(id.certificate.raw),
    chain: id.chain.slice(1).map((c) => new Uint8Array(c.raw)),
    certificateObject: id.certificate,
  };
}

export function loadProfile(path: string): LoadedProfile {
  const bytes = readInput(path, 'profile');
  return { ...parseProvisioningProfile(bytes), fileBytes: bytes };
}

/** The signing time: SOURCE_DATE_EPOCH (seconds) when set, for reproducible builds; else now. */
export function signingClock(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined) return new Date();
  if (!/^\d+$/.test(epoch)) throw new UsageError('SIGN_BAD_OPTION', `SOURCE_DATE_EPOCH must be whole seconds, got ${JSON.stringify(epoch)}`);
  return new Date(Number(epoch) * 1000);
}

/** Signs an iOS input from the `sign` command's options and prints the report. */
export function runIosSign(input: string, opts: IosSignCliOptions, ctx: CliContext, now: Date = signingClock()): IosSignReport {
  const identity = loadIdentity(opts, ctx);
  const profiles = (opts.profile ?? []).map(loadProfile);
  const entitlementsRoot = opts.entitlements ? parsePlist(readInput(opts.entitlements, 'entitlements'), { entry: opts.entitlements }).root : undefined;
  if (entitlementsRoot && entitlementsRoot.type !== 'dict') throw new UsageError('SIGN_BAD_OPTION', `--entitlements: ${opts.entitlements} holds a ${entitlementsRoot.type}, expected a dict`);
  const report = signIosFile(input, opts.out, {
    ...(identity ? { identity } : {}),
    profiles,
    ...(entitlementsRoot?.type === 'dict' ? { entitlements: entitlementsRoot } : {}),
    ...(opts.bundleId ? { bundleId: opts.bundleId } : {}),
    dropMissingEntitlements: !!opts.dropMissingEntitlements,
    now,
    timer: () => performance.now(),
  });
  ctx.io.out(opts.json ? JSON.stringify({ ok: true, ...report }, null, 2) : renderIosSignReport(report).join('\n'));
  return report;
}

export function renderIosSignReport(r: IosSignReport): string[] {
  const out = [`signed ${r.input} → ${r.output} (${r.kind}, ${r.adhoc ? 'ad-hoc' : 'identity'}, ${r.signed.length} binaries, ${Math.round(r.elapsedMs)} ms)`];
  for (const s of r.signed) {
    out.push(`  ${s.path}${s.bundleId ? `  [${s.bundleId}]` : ''}`);
    out.push(`    signer: ${s.signer}${s.profile ? `; profile: ${s.profile}` : ''}`);
    for (const slice of s.slices) out.push(`    ${slice.arch}: ${slice.cdHashes.map((h) => `${h.digest} ${h.cdHash}`).join(', ')}`);
    if (s.droppedEntitlements?.length) out.push(`    dropped entitlements: ${s.droppedEntitlements.join(', ')}`);
  }
  return out;
}
