// `mam sign IN -o OUT`: apksigner-compatible signing of APKs and split sets. Options keep apksigner's
// names; passwords come from pass:/env:/file:/stdin specs and are never printed. Warnings (a literal
// password, a certificate outside its validity) go to stderr; the report to stdout, as text or --json.

import { basename } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { loadSigningIdentity, type SigningIdentityOptions } from '../../keys/load.js';
import { readPassword } from '../../keys/password.js';
import { signAndroidPath, type SignFileOptions, type SignReport } from '../../pipeline/sign-apk.js';
import { detectKind } from '../../pipeline/detect-kind.js';
import { isIosKind } from '../../pipeline/verify-ios.js';
import type { CliContext } from '../main.js';
import { addIosSignOptions, runIosSign, type IosSignCliOptions } from './sign-ios.js';

interface SignCliOptions {
  out: string;
  ks?: string;
  ksType?: string;
  ksKeyAlias?: string;
  ksPass?: string;
  keyPass?: string;
  key?: string;
  cert?: string;
  v1SigningEnabled?: string;
  v2SigningEnabled?: string;
  v3SigningEnabled?: string;
  v4SigningEnabled?: string;
  minSdkVersion?: string;
  maxSdkVersion?: string;
  libPageAlignment?: string;
  json?: boolean;
}

export function registerSignCommand(program: Command, ctx: CliContext): void {
  const command = program
    .command('sign')
    .description('Sign an APK, split set (.apks/.xapk) or folder of split APKs (v1/v2/v3, v4 on request, as apksigner does), or an IPA, zipped .app or .app folder (inside-out, with profiles per bundle)')
    .argument('<input>', 'the app to sign (never modified)')
    .requiredOption('-o, --out <file>', 'where to write the signed output')
    .option('--ks <file>', 'key store (JKS or PKCS#12, detected from its content)')
    .option('--ks-type <type>', 'JKS or PKCS12 (checked against the content)')
    .option('--ks-key-alias <alias>', 'key store entry; needed when the store holds several keys')
    .option('--ks-pass <spec>', 'key store password: pass:…, env:NAME, file:PATH or stdin')
    .option('--key-pass <spec>', 'key password when it differs from the store password (same forms)')
    .option('--key <file>', 'private key (PKCS#8 DER/PEM, PKCS#1 or SEC1 PEM), with --cert')
    .option('--cert <file>', 'certificate (chain) for --key, PEM or DER')
    .option('--v1-signing-enabled <bool>', 'JAR signing (default: when min SDK < 24)')
    .option('--v2-signing-enabled <bool>', 'APK Signature Scheme v2 (default: true)')
    .option('--v3-signing-enabled <bool>', 'APK Signature Scheme v3 (default: true)')
    .option('--v4-signing-enabled <bool>', 'APK Signature Scheme v4: writes OUT.idsig (default: false, unlike apksigner)')
    .option('--min-sdk-version <n>', "min SDK to sign for (default: the app's minSdkVersion)")
    .option('--max-sdk-version <n>', 'max SDK to sign for (default: unbounded)')
    .option('--lib-page-alignment <bytes>', 'alignment of stored .so files (default 16384)')
    .option('--json', 'machine-readable report');
  addIosSignOptions(command).action((input: string, opts: SignCliOptions & IosSignCliOptions) => {
      if (isIosKind(detectKind(input))) return void runIosSign(input, opts, ctx);
      const { identityOptions, warnings } = identityOptionsFrom(opts);
      const identity = loadSigningIdentity(identityOptions);
      for (const w of [...warnings, ...identity.warnings]) ctx.io.err(`warning: ${w}`);
      const r = signAndroidPath(input, opts.out, identity, signOptionsFrom(opts));
      ctx.io.out(opts.json ? JSON.stringify({ ok: true, ...r }, null, 2) : renderSignReport(r).join('\n'));
    });
}

function identityOptionsFrom(opts: SignCliOptions): { identityOptions: SigningIdentityOptions; warnings: string[] } {
  const warnings: string[] = [];
  const secret = (spec: string | undefined, option: string) => {
    if (spec === undefined) return undefined;
    const r = readPassword(spec, { option });
    if (r.warning) warnings.push(r.warning);
    return r.secret;
  };
  const ksType = opts.ksType?.toUpperCase();
  if (ksType !== undefined && ksType !== 'JKS' && ksType !== 'PKCS12') {
    throw new UsageError('SIGN_BAD_OPTION', `--ks-type: expected JKS or PKCS12, got ${JSON.stringify(opts.ksType)}`);
  }
  const keyPass = secret(opts.keyPass, '--key-pass');
  return {
    identityOptions: {
      ks: opts.ks,
      ksType: (ksType as 'JKS' | 'PKCS12' | undefined) ?? 'auto',
      ksKeyAlias: opts.ksKeyAlias,
      ksPass: secret(opts.ksPass, '--ks-pass'),
      keyPass,
      key: opts.key,
      cert: opts.cert,
      keyPassForPem: keyPass,
    },
    warnings,
  };
}

function parseBool(value: string | undefined, option: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError('SIGN_BAD_OPTION', `${option}: expected true or false, got ${JSON.stringify(value)}`);
}

function parseInteger(value: string | undefined, option: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError('SIGN_BAD_OPTION', `${option}: expected an integer of at least ${min}, got ${JSON.stringify(value)}`);
  return Number(value);
}

function signOptionsFrom(opts: SignCliOptions): SignFileOptions {
  const libPageAlignment = parseInteger(opts.libPageAlignment, '--lib-page-alignment', 1);
  if (libPageAlignment !== undefined && (libPageAlignment & (libPageAlignment - 1)) !== 0) {
    throw new UsageError('SIGN_BAD_OPTION', `--lib-page-alignment: expected a power of two, got ${libPageAlignment}`);
  }
  const schemes = {
    v1: parseBool(opts.v1SigningEnabled, '--v1-signing-enabled'),
    v2: parseBool(opts.v2SigningEnabled, '--v2-signing-enabled'),
    v3: parseBool(opts.v3SigningEnabled, '--v3-signing-enabled'),
    v4: parseBool(opts.v4SigningEnabled, '--v4-signing-enabled'),
  };
  return {
    schemes: Object.fromEntries(Object.entries(schemes).filter(([, v]) => v !== undefined)),
    minSdk: parseInteger(opts.minSdkVersion, '--min-sdk-version', 1),
    maxSdk: parseInteger(opts.maxSdkVersion, '--max-sdk-version', 1),
    libPageAlignment,
    v1SignerName: opts.ksKeyAlias ?? (opts.key ? keyFileStem(opts.key) : undefined),
  };
}

/** apksigner names a --key signer after the key file, up to the first dot. */
function keyFileStem(path: string): string {
  const name = basename(path);
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
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
