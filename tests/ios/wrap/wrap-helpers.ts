// Shared set-up of the `mam wrap` iOS tests: the runtime's manifest, Info-ZIP extraction, the two
// Python oracles of this folder (app_facts.py, check_wrapped.py: plistlib, macholib, hashlib), and the
// expected outcome of a wrap decided from the input's independent facts.

import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, ROOT, SYSTEM_PYTHON, run } from '../../helpers/env.js';

export const HERE = join(ROOT, 'tests', 'ios', 'wrap');
export const SHIM_DIR = join(ROOT, 'runtime-shims', 'ios');
export const SHIM_MANIFEST = JSON.parse(readFileSync(join(SHIM_DIR, 'shim-manifest.json'), 'utf8')) as {
  dylib: { file: string; installName: string; sha256: string };
  bundlePath: string;
  rpath: string;
};
export const SHIM_DYLIB = join(SHIM_DIR, SHIM_MANIFEST.dylib.file);
export const KEYS = join(FIXTURES, 'keys');
export const POLICY_DEFAULT = join(FIXTURES, 'policy', 'default.json');
export const POLICY_SAMPLE = join(FIXTURES, 'policy', 'sample-policy.json');
export const PACKAGE_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Identity options of the fixture developer certificate (fixtures/keys/README.md), password from the env. */
export const IDENTITY_ARGS = ['--p12', join(KEYS, 'ios-dev.p12'), '--p12-pass', 'env:MAM_TEST_P12_PASS'];
export const IDENTITY_ENV = { ...process.env, MAM_TEST_P12_PASS: 'fixture' };
export const SAMPLE_PROFILES = ['--profile', join(KEYS, 'sample.mobileprovision'), '--profile', join(KEYS, 'sample-share.mobileprovision')];

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `mam-wrap-ios-${tag}-`));
}

/** Extracts a zip with Info-ZIP's unzip and returns the .app folder. */
export function extractApp(zipPath: string): string {
  const dir = tempDir('x');
  run('unzip', ['-q', zipPath, '-d', dir]);
  const payload = readdirSync(dir).includes('Payload') ? join(dir, 'Payload') : dir;
  const app = readdirSync(payload).find((n) => n.endsWith('.app'));
  if (!app) throw new Error(`no .app in ${zipPath}`);
  return join(payload, app);
}

export interface AppFacts {
  executable: boolean;
  slices: { cputype: number; platform: number | null; pie: boolean; cryptid: number }[];
}

export function appFacts(app: string): AppFacts {
  return JSON.parse(run(SYSTEM_PYTHON, [join(HERE, 'app_facts.py'), app])) as AppFacts;
}

const CPU_TYPE_ARM64 = 0x0100000c;
const CPU_TYPE_X86 = 7;
const CPU_TYPE_X86_64 = 0x01000007;
const PLATFORM_IOS = 2;
const PLATFORM_IOSSIMULATOR = 7;

/** What the wrap must do with an app, from its facts: undefined (wrap it) or the refusal code. */
export function expectedRefusal(f: AppFacts): string | undefined {
  if (!f.executable) return 'IOS_BUNDLE_NO_EXECUTABLE';
  if (f.slices.some((s) => s.cryptid !== 0)) return 'MACHO_ENCRYPTED';
  const device = (s: AppFacts['slices'][number]) => s.cputype === CPU_TYPE_ARM64 && (s.platform === null || s.platform === PLATFORM_IOS);
  const sim = (s: AppFacts['slices'][number]) => s.platform === PLATFORM_IOSSIMULATOR || s.cputype === CPU_TYPE_X86 || s.cputype === CPU_TYPE_X86_64;
  if (!f.slices.some(device)) return f.slices.every(sim) ? 'IOS_UNSUPPORTED_PLATFORM' : 'IOS_UNSUPPORTED_ARCH';
  if (f.slices.some((s) => !s.pie)) return 'IOS_NOT_PIE';
  return undefined;
}

export interface WrapCheck {
  slices: { cputype: number; loadDylibs: string[]; rpaths: string[] }[];
  origSlices: { cputype: number; loadDylibs: string[]; rpaths: string[] }[];
  dylib: { ok: boolean; why: string };
  plist: { formats: [string, string]; added: string[]; removed: string[]; changed: string[]; addedValues: Record<string, unknown> };
  marker: { Version?: string; PolicySHA256?: string } | null;
  policySha256: string | null;
  policy: Record<string, unknown> | null;
  machos: string[];
  unchanged: string[];
}

export function checkWrapped(original: string, wrapped: string): WrapCheck {
  return JSON.parse(run(SYSTEM_PYTHON, [join(HERE, 'check_wrapped.py'), original, wrapped, SHIM_DYLIB, SHIM_MANIFEST.bundlePath])) as WrapCheck;
}
