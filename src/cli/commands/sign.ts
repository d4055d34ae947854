// `mam sign IN -o OUT`: apksigner-compatible signing of APKs and split sets. Options keep apksigner's
// names; passwords come from pass:/env:/file:/stdin specs and are never printed. Warnings (a literal
// password, a certificate outside its validity) go to stderr; the report to stdout, as text or --json.

import type { Command } from 'commander';
import { signAndroidPath, type SignFileOptions, type SignReport } from '../../pipeline/sign-apk.js';
import { detectKind } from '../../pipeline/detect-kind.js';
import { isIosKind } from '../../pipeline/verify-ios.js';
import type { CliContext } from '../main.js';
import { addSigningOptions, loadIdentityFrom, parseSigningOptions, type SigningCliOptions } from '../signing-options.js';
import { addIosSignOptions, runIosSign, type IosSignCliOptions } from './sign-ios.js';

interface SignCliOptions extends SigningCliOptions {
  out: string;
  json?: boolean;
}

export function registerSignCommand(program: Command, ctx: CliContext): void {
  const command = program
    .command('sign')
    .description('Sign an APK, split set (.apks/.xapk) or folder of split APKs (v1/v2/v3, v4 on request, as apksigner does), or an IPA, zipped .app or .app folder (inside-out, with profiles per bundle)')
    .argument('<input>', 'the app to sign (never modified)')
    .requiredOption('-o, --out <file>', 'where to write the signed output');
  addSigningOptions(command, { v4: true }).option('--json', 'machine-readable report');
  addIosSignOptions(command).action((input: string, opts: SignCliOptions & IosSignCliOptions) => {
    if (isIosKind(detectKind(input))) return void runIosSign(input, opts, ctx);
    const { identity, warnings } = loadIdentityFrom(opts);
    for (const w of warnings) ctx.io.err(`warning: ${w}`);
    const { schemes, minSdk, maxSdk, libPageAlignment, v1SignerName } = parseSigningOptions(opts);
    const options: SignFileOptions = { schemes, minSdk, maxSdk, libPageAlignment, v1SignerName };
    const r = signAndroidPath(input, opts.out, identity, options);
    ctx.io.out(opts.json ? JSON.stringify({ ok: true, ...r }, null, 2) : renderSignReport(r).join('\n'));
  });
}

export function renderSignReport(r: SignReport): string[] {
  const out = [
    `signed ${r.input} → ${r.output} (${r.size} bytes, ${r.elapsedMs} ms)`,
    `  schemes   ${r.schemes.join(', ')}`,
    `  signer    ${r.signer.subject}`,
    `  sha256    ${r.signer.certSha256} (${r.signer.keyAlgorithm} ${r.signer.keySize})`,
  ];
  if (r.idsig) out.push(`  v4        ${r.idsig}`);
  if (r.apks.length > 1 || r.kind !== 'apk') for (const a of r.apks) out.push(`  - ${a.name}: ${a.schemes.join(', ')} (min SDK ${a.minSdk}, ${a.size} bytes)`);
  return out;
}
