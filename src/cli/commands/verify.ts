// `mam verify FILE [--json] [--min-sdk-version N] [--max-sdk-version N] [--print-certs]`: whether an
// app would install, by its signatures. Exit 0 when it would, 6 when it would not, 3 when the file is
// malformed. The pipeline decides the platform from the file's content; this file only renders.

import type { Command } from 'commander';
import { EXIT, UsageError, type Issue } from '../../core/errors.js';
import type { ApkVerifyResult, ApkVerifySigner } from '../../android/verify/apk-verifier.js';
import type { SplitSetResult } from '../../android/verify/split-verify.js';
import { verifyPath, type VerifyReport } from '../../pipeline/verify-apk.js';
import { detectKind } from '../../pipeline/detect-kind.js';
import { isIosKind } from '../../pipeline/verify-ios.js';
import { runIosVerify } from './verify-ios.js';
import type { CliContext } from '../main.js';

interface VerifyCliOptions {
  json?: boolean;
  minSdkVersion?: string;
  maxSdkVersion?: string;
  printCerts?: boolean;
}

export function registerVerifyCommand(program: Command, ctx: CliContext): void {
  program
    .command('verify')
    .description('Verify the signatures of an APK or split set (.apks/.xapk/folder) as Android would, or of an IPA, zipped .app or .app folder (every slice of every binary, CodeResources, profiles); exit 0 only if it would install')
    .argument('<file>', 'the app to verify (an .idsig beside an APK is verified too)')
    .option('--json', 'machine-readable output')
    .option('--min-sdk-version <n>', 'lowest Android API level to verify for (default: the manifest\'s minSdkVersion)')
    .option('--max-sdk-version <n>', 'highest Android API level to verify for (default: any)')
    .option('--print-certs', 'print every signer of every scheme, with key algorithm and SDK range')
    .action((file: string, opts: VerifyCliOptions) => {
      const kind = detectKind(file);
      if (isIosKind(kind)) return runIosVerify(file, kind, opts, ctx);
      const report = verifyPath(file, { minSdk: sdkOption(opts.minSdkVersion, '--min-sdk-version'), maxSdk: sdkOption(opts.maxSdkVersion, '--max-sdk-version') });
      const verified = reportVerified(report);
      ctx.io.out(opts.json ? JSON.stringify({ ok: verified, ...report }, null, 2) : renderVerifyReport(report, !!opts.printCerts).join('\n'));
      ctx.exitCode = verified ? EXIT.OK : EXIT.VERIFY_FAILED;
    });
}

function sdkOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new UsageError('CLI_BAD_SDK_VERSION', `${flag} must be a positive whole number, got ${JSON.stringify(value)}`);
  return n;
}

export function reportVerified(r: VerifyReport): boolean {
  return r.kind === 'apk' ? r.apk.verified : r.set.verified;
}

export function renderVerifyReport(r: VerifyReport, printCerts: boolean): string[] {
  if (r.kind === 'apk') return renderApk(r.file, r.apk, printCerts, '');
  return renderSet(r.file, r.set, printCerts);
}

const SCHEME_LABELS: [keyof ApkVerifyResult['schemes'], string][] = [
  ['v1', 'v1 (JAR signing)'],
  ['v2', 'v2 (APK Signature Scheme v2)'],
  ['v3', 'v3 (APK Signature Scheme v3)'],
  ['v31', 'v3.1 (APK Signature Scheme v3.1)'],
  ['v4', 'v4 (APK Signature Scheme v4)'],
  ['sourceStamp', 'source stamp'],
];

function renderApk(file: string, a: ApkVerifyResult, printCerts: boolean, i: string): string[] {
  const out = [`${i}${file}: ${a.verified ? 'verifies' : 'DOES NOT VERIFY'} (SDK ${a.minSdk}..${a.maxSdk === 0x7fffffff ? 'any' : a.maxSdk})`];
  const verified = SCHEME_LABELS.filter(([k]) => a.schemes[k] === 'verified').map(([, l]) => l);
  out.push(`${i}  verified schemes: ${verified.length ? verified.join(', ') : 'none'}`);
  for (const [k, label] of SCHEME_LABELS) {
    const s = a.schemes[k];
    if (s === 'failed' || (printCerts && s !== 'verified')) out.push(`${i}  ${label}: ${s}`);
  }
  out.push(...renderSigners(a.signers, printCerts, i + '  '));
  out.push(...renderIssues(a.issues, i + '  '));
  return out;
}

function renderSigners(signers: ApkVerifySigner[], printCerts: boolean, i: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const s of signers) {
    if (!printCerts && seen.has(s.certSha256)) continue;
    seen.add(s.certSha256);
    const schemes = printCerts ? s.scheme : signers.filter((o) => o.certSha256 === s.certSha256).map((o) => o.scheme).filter((v, n, all) => all.indexOf(v) === n).join(', ');
    out.push(`${i}signer (${schemes}): ${s.subject}`, `${i}  sha256 ${s.certSha256}`);
    if (printCerts) {
      const range = s.minSdk !== undefined ? `, SDK ${s.minSdk}..${s.maxSdk === 0x7fffffff ? 'any' : s.maxSdk}` : '';
      out.push(`${i}  key ${s.keyAlgorithm}${range}`);
    }
  }
  return out;
}

function renderSet(file: string, set: SplitSetResult, printCerts: boolean): string[] {
  const out = [`${file}: split set of ${set.parts.length} APK${set.parts.length === 1 ? '' : 's'}: ${set.verified ? 'verifies' : 'DOES NOT VERIFY'}`];
  for (const p of set.parts) {
    if (p.result) out.push(...renderApk(p.name, p.result, printCerts, '  '));
    else out.push(`  ${p.name}: unreadable: error[${p.error!.code}] ${p.error!.message}`);
  }
  const setIssues = set.issues.filter((x) => x.code === 'APKSIG_SPLIT_SIGNER_MISMATCH' || x.code === 'APKSIG_SPLIT_SET_EMPTY');
  return [...out, ...renderIssues(setIssues, '  ')];
}

function renderIssues(issues: Issue[], i: string): string[] {
  return issues.map((x) => `${i}${x.severity}[${x.code}]${x.where ? ` ${x.where}` : ''}: ${x.message}`);
}
