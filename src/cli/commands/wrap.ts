// `mam wrap IN -o OUT --policy FILE [signing options]`: inject the policy runtime into an Android app
// (APK or split set) and sign it. Signing options are apksigner's (src/cli/signing-options.ts). Without
// them the wrap refuses (WRAP_NO_SIGNING_KEY, exit 2) unless --unsigned, or --debug-key, which
// generates a throwaway key and says so. The report goes to stdout (text or --json), warnings to stderr.

import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { generateDebugIdentity } from '../../pipeline/android/debug-key.js';
import { wrapAndroidPath, type WrapAndroidOptions, type WrapReport, type WrapSigning } from '../../pipeline/wrap-android.js';
import { readPolicyFile } from '../../policy/policy-file.js';
import { detectKind } from '../../pipeline/detect-kind.js';
import { isIosKind } from '../../pipeline/verify-ios.js';
import type { CliContext } from '../main.js';
import { addIosSignOptions } from './sign-ios.js';
import { runIosWrap, type IosWrapCliOptions } from './wrap-ios.js';
import { addSigningOptions, hasKeyOptions, loadIdentityFrom, parseSigningOptions, type SigningCliOptions } from '../signing-options.js';

interface WrapCliOptions extends SigningCliOptions {
  out: string;
  policy: string;
  unsigned?: boolean;
  debugKey?: boolean;
  rewrap?: boolean;
  keepMinSdk?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

const BAD_OPTION = 'WRAP_BAD_OPTION';

export function registerWrapCommand(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('wrap')
    .description('Wrap an app with a policy — Android (APK or split set: manifest edits, runtime DEX, call-site hooks) or iOS (IPA, zipped .app or .app folder: runtime dylib load command, Info.plist marker) — and sign it, without rebuilding it')
    .argument('<input>', 'the APK, .apks/.xapk or folder of split APKs to wrap (never modified)')
    .requiredOption('-o, --out <file>', 'where to write the wrapped app')
    .requiredOption('--policy <file>', 'the policy document (JSON, see `mam policy`)');
  addSigningOptions(cmd, { v4: false });
  addIosSignOptions(cmd);
  cmd
    .option('--debug-key', 'sign with a throwaway key generated for this run (tests and demos only; its certificate digest is printed)')
    .option('--unsigned', 'write the output unsigned (it will not install until you sign it)')
    .option('--rewrap', 'the app is already wrapped: replace its policy, marker and runtime')
    .option('--keep-min-sdk', 'keep a minSdkVersion below 21 and merge the runtime into classes.dex instead of raising it')
    .option('--dry-run', 'print the planned changes and write nothing')
    .option('--json', 'machine-readable report')
    .action((input: string, opts: WrapCliOptions) => {
      if (isIosKind(detectKind(input))) return void runIosWrap(input, opts as WrapCliOptions & IosWrapCliOptions, ctx);
      const { policy } = readPolicyFile(opts.policy);
      const options: WrapAndroidOptions = {
        policy,
        rewrap: opts.rewrap ?? false,
        keepMinSdk: opts.keepMinSdk ?? false,
        dryRun: opts.dryRun ?? false,
      };
      const signing = signingFrom(opts, ctx);
      if (signing !== undefined) options.signing = signing;
      const report = wrapAndroidPath(input, opts.out, options);
      ctx.io.out(opts.json ? JSON.stringify({ ok: true, ...report }, null, 2) : renderWrapReport(report).join('\n'));
    });
}

function assertOneSigningChoice(opts: WrapCliOptions): void {
  const choices = [hasKeyOptions(opts) && 'a key (--ks or --key/--cert)', opts.debugKey && '--debug-key', opts.unsigned && '--unsigned'].filter(Boolean);
  if (choices.length > 1) throw new UsageError('WRAP_OPTIONS_CONFLICT', `${choices.join(' and ')} exclude each other; give one`);
}

function signingFrom(opts: WrapCliOptions, ctx: CliContext): WrapSigning | 'unsigned' | undefined {
  assertOneSigningChoice(opts);
  const parsed = parseSigningOptions(opts, BAD_OPTION);
  const { v1SignerName, schemes, ...sdk } = parsed;
  const signOptions = { ...sdk, schemes };
  if (opts.unsigned) return 'unsigned';
  if (opts.debugKey) {
    const identity = generateDebugIdentity();
    ctx.io.err(`warning: signing with a throwaway debug key generated for this run (certificate SHA-256 ${identity.certSha256}); an app signed with it can never be updated`);
    return { identity, options: signOptions, debugKey: true };
  }
  if (!hasKeyOptions(opts)) return undefined;
  const { identity, warnings } = loadIdentityFrom(opts, BAD_OPTION);
  for (const w of warnings) ctx.io.err(`warning: ${w}`);
  return { identity, options: signOptions, ...(v1SignerName !== undefined ? { v1SignerName } : {}) };
}

const short = (hex: string): string => `${hex.slice(0, 16)}…`;

export function renderWrapReport(r: WrapReport): string[] {
  const b = r.base;
  const out = [r.dryRun ? `dry run: ${r.input} would be wrapped into ${r.output}; nothing was written` : `wrapped ${r.input} → ${r.output} (${r.size} bytes)`];
  const sdk = b.minSdk.raised ? `, minSdkVersion ${b.minSdk.from} → ${b.minSdk.to}` : b.minSdk.to !== null ? `, minSdkVersion ${b.minSdk.to}` : '';
  out.push(`  package   ${b.package}${r.kind !== 'apk' ? ` (base ${b.name})` : ''}${sdk}`);
  out.push(`  policy    ${r.policy.name ?? '(unnamed)'}, sha256 ${r.policy.sha256}`);
  out.push(`  runtime   ${r.shim.dex} (sha256 ${short(r.shim.sha256)}), provider ${r.shim.providerClass}, authority ${r.shim.authority}`);
  out.push(r.dryRun ? '  planned manifest edits' : '  manifest changes');
  for (const line of r.dryRun ? b.plannedEdits : b.manifestChanges) out.push(`    ~ ${line}`);
  out.push(r.dryRun ? '  files to add' : '  files');
  for (const f of b.files) out.push(`    ${f.replaced ? '~' : '+'} ${f.name} (${f.role}, ${f.size} bytes, sha256 ${short(f.sha256)})`);
  for (const name of b.removed) out.push(`    - ${name} (old signature or directory entry)`);
  if (r.hooks.groups.length) {
    out.push(`  hooks     ${r.hooks.groups.join(', ')}: ${r.hooks.callSites} call site(s) ${r.dryRun ? 'to route' : 'routed'} through the runtime${r.hooks.skipped ? `, ${r.hooks.skipped} left alone` : ''}`);
    for (const h of r.hooks.rules) {
      out.push(`    ${String(h.rewritten).padStart(4)} × ${h.target} → ${h.replacement}`);
      for (const s of h.skipped) out.push(`           skipped ${s}`);
    }
  }
  if (r.signer) {
    out.push(`  signer    ${r.signer.subject}${r.signer.debugKey ? ' (throwaway debug key)' : ''}`);
    out.push(`  sha256    ${r.signer.certSha256} (${r.signer.keyAlgorithm} ${r.signer.keySize})`);
    if (b.schemes.length) out.push(`  schemes   ${b.schemes.join(', ')}`);
  } else if (!r.dryRun) out.push('  signer    none (--unsigned)');
  for (const s of r.splits) out.push(`  split     ${s.name}: ${s.schemes.length ? `re-signed ${s.schemes.join(', ')}` : 'copied unchanged'} (${s.size} bytes)`);
  for (const n of r.notes) out.push(`  note      ${n}`);
  const total = r.stages.reduce((t, s) => t + s.ms, 0);
  out.push(`  stages    ${r.stages.map((s) => `${s.stage} ${s.ms} ms`).join(', ')} (total ${Math.round(total)} ms)`);
  return out;
}
