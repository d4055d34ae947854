// The Android signing options shared by `mam sign` and `mam wrap`, with apksigner's names: a key store
// (--ks, --ks-type, --ks-key-alias, --ks-pass, --key-pass) or a key and certificate (--key, --cert),
// scheme switches and SDK bounds. Passwords are pass:/env:/file:/stdin specs, never printed.

import { basename } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { SchemeOverrides } from '../android/sign/signer-algorithms.js';
import { loadSigningIdentity, type SigningIdentity, type SigningIdentityOptions } from '../keys/load.js';
import { readPassword } from '../keys/password.js';

export interface SigningCliOptions {
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
}

export interface ParsedSigningOptions {
  schemes: SchemeOverrides;
  minSdk?: number;
  maxSdk?: number;
  libPageAlignment?: number;
  /** v1 file base name: the key alias, or the key file's name up to its first dot (apksigner). */
  v1SignerName?: string;
}

/** Adds the key options; `v4` adds --v4-signing-enabled (mam sign writes an .idsig, mam wrap does not). */
export function addSigningOptions(cmd: Command, opts: { v4: boolean; errorCode?: string } = { v4: true }): Command {
  cmd
    .option('--ks <file>', 'key store (JKS or PKCS#12, detected from its content)')
    .option('--ks-type <type>', 'JKS or PKCS12 (checked against the content)')
    .option('--ks-key-alias <alias>', 'key store entry; needed when the store holds several keys')
    .option('--ks-pass <spec>', 'key store password: pass:…, env:NAME, file:PATH or stdin')
    .option('--key-pass <spec>', 'key password when it differs from the store password (same forms)')
    .option('--key <file>', 'private key (PKCS#8 DER/PEM, PKCS#1 or SEC1 PEM), with --cert')
    .option('--cert <file>', 'certificate (chain) for --key, PEM or DER')
    .option('--v1-signing-enabled <bool>', 'JAR signing (default: when min SDK < 24)')
    .option('--v2-signing-enabled <bool>', 'APK Signature Scheme v2 (default: true)')
    .option('--v3-signing-enabled <bool>', 'APK Signature Scheme v3 (default: true)');
  if (opts.v4) cmd.option('--v4-signing-enabled <bool>', 'APK Signature Scheme v4: writes OUT.idsig (default: false, unlike apksigner)');
  return cmd
    .option('--min-sdk-version <n>', "min SDK to sign for (default: the app's minSdkVersion)")
    .option('--max-sdk-version <n>', 'max SDK to sign for (default: unbounded)')
    .option('--lib-page-alignment <bytes>', 'alignment of stored .so files (default 16384)');
}

/** True when any key option was given (as opposed to scheme switches alone). */
export function hasKeyOptions(opts: SigningCliOptions): boolean {
  return opts.ks !== undefined || opts.key !== undefined || opts.cert !== undefined;
}

/** Loads the identity the options name; warnings (literal passwords, validity) are returned, not printed. */
export function loadIdentityFrom(opts: SigningCliOptions, errorCode = 'SIGN_BAD_OPTION'): { identity: SigningIdentity; warnings: string[] } {
  const warnings: string[] = [];
  const secret = (spec: string | undefined, option: string) => {
    if (spec === undefined) return undefined;
    const r = readPassword(spec, { option });
    if (r.warning) warnings.push(r.warning);
    return r.secret;
  };
  const ksType = opts.ksType?.toUpperCase();
  if (ksType !== undefined && ksType !== 'JKS' && ksType !== 'PKCS12') {
    throw new UsageError(errorCode, `--ks-type: expected JKS or PKCS12, got ${JSON.stringify(opts.ksType)}`);
  }
  const keyPass = secret(opts.keyPass, '--key-pass');
  const identityOptions: SigningIdentityOptions = {
    ks: opts.ks,
    ksType: (ksType as 'JKS' | 'PKCS12' | undefined) ?? 'auto',
    ksKeyAlias: opts.ksKeyAlias,
    ksPass: secret(opts.ksPass, '--ks-pass'),
    keyPass,
    key: opts.key,
    cert: opts.cert,
    keyPassForPem: keyPass,
  };
  const identity = loadSigningIdentity(identityOptions);
  return { identity, warnings: [...warnings, ...identity.warnings] };
}

function parseBool(value: string | undefined, option: string, code: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new UsageError(code, `${option}: expected true or false, got ${JSON.stringify(value)}`);
}

function parseInteger(value: string | undefined, option: string, min: number, code: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(code, `${option}: expected an integer of at least ${min}, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** The scheme switches, SDK bounds and alignment, checked. */
export function parseSigningOptions(opts: SigningCliOptions, errorCode = 'SIGN_BAD_OPTION'): ParsedSigningOptions {
  const libPageAlignment = parseInteger(opts.libPageAlignment, '--lib-page-alignment', 1, errorCode);
  if (libPageAlignment !== undefined && (libPageAlignment & (libPageAlignment - 1)) !== 0) {
    throw new UsageError(errorCode, `--lib-page-alignment: expected a power of two, got ${libPageAlignment}`);
  }
  const schemes = {
    v1: parseBool(opts.v1SigningEnabled, '--v1-signing-enabled', errorCode),
    v2: parseBool(opts.v2SigningEnabled, '--v2-signing-enabled', errorCode),
    v3: parseBool(opts.v3SigningEnabled, '--v3-signing-enabled', errorCode),
    v4: parseBool(opts.v4SigningEnabled, '--v4-signing-enabled', errorCode),
  };
  const out: ParsedSigningOptions = { schemes: Object.fromEntries(Object.entries(schemes).filter(([, v]) => v !== undefined)) };
  const minSdk = parseInteger(opts.minSdkVersion, '--min-sdk-version', 1, errorCode);
  const maxSdk = parseInteger(opts.maxSdkVersion, '--max-sdk-version', 1, errorCode);
  const v1SignerName = opts.ksKeyAlias ?? (opts.key ? keyFileStem(opts.key) : undefined);
  if (minSdk !== undefined) out.minSdk = minSdk;
  if (maxSdk !== undefined) out.maxSdk = maxSdk;
  if (libPageAlignment !== undefined) out.libPageAlignment = libPageAlignment;
  if (v1SignerName !== undefined) out.v1SignerName = v1SignerName;
  return out;
}

/** apksigner names a --key signer after the key file, up to the first dot. */
export function keyFileStem(path: string): string {
  const name = basename(path);
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}
