// Shared set-up of the iOS signer tests: the fixture identity and profiles (fixtures/keys/README.md), a
// fixed clock inside their validity, temporary folders, and the independent oracle
// /work/shared/oracles/verify_macho_sig.py (page hashes, special slots, openssl cms -verify with the
// fixture CA) run on every Mach-O of an extracted bundle.

import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FIXTURES, MACHO_SIG_ORACLE, ROOT, SYSTEM_PYTHON, run, runStatus } from '../../helpers/env.js';
import { loadSigningIdentity } from '../../../src/keys/load.js';
import { Secret } from '../../../src/keys/secret.js';
import { loadProfile } from '../../../src/cli/commands/sign-ios.js';
import type { BundleSigningIdentity, LoadedProfile } from '../../../src/ios/sign/sign-bundle.js';

export const KEYS = join(FIXTURES, 'keys');
export const CA = join(KEYS, 'ios-ca.crt');
export const ORACLE = MACHO_SIG_ORACLE;
/** Inside ios-dev.p12's validity (generated 2026-11, 10 years) and the profiles' (2024…2034). */
export const NOW = new Date('2027-06-01T00:00:00Z');

export function identityFrom(p12: string, password = 'fixture'): BundleSigningIdentity {
  const id = loadSigningIdentity({ ks: join(KEYS, p12), ksPass: new Secret(password) }, NOW);
  return { privateKey: id.privateKey, certificate: new Uint8Array(id.certificate.raw), chain: id.chain.slice(1).map((c) => new Uint8Array(c.raw)), certificateObject: id.certificate };
}

export function profiles(...names: string[]): LoadedProfile[] {
  return names.map((n) => loadProfile(join(KEYS, n)));
}

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `mam-signer-${tag}-`));
}

/** Extracts a zip with Info-ZIP's unzip (an independent reader) and returns the .app folder. */
export function extractApp(zipPath: string): string {
  const dir = tempDir('x');
  run('unzip', ['-q', zipPath, '-d', dir]);
  const payload = readdirSync(dir).includes('Payload') ? join(dir, 'Payload') : dir;
  const app = readdirSync(payload).find((n) => n.endsWith('.app'));
  if (!app) throw new Error(`no .app in ${zipPath}`);
  return join(payload, app);
}

/** The bundle folder a Mach-O is the main executable of, if any (its folder holds Info.plist naming it). */
export function bundleOf(binary: string): string | undefined {
  const dir = binary.slice(0, binary.lastIndexOf('/'));
  try {
    const info = run(SYSTEM_PYTHON, ['-c', 'import plistlib,sys; print(plistlib.load(open(sys.argv[1],"rb")).get("CFBundleExecutable",""))', join(dir, 'Info.plist')]).trim();
    return info && join(dir, info) === binary ? dir : undefined;
  } catch {
    return undefined;
  }
}

export function oracle(binary: string, withBundle = true): { ok: boolean; output: string } {
  const bundle = withBundle ? bundleOf(binary) : undefined;
  const r = runStatus(SYSTEM_PYTHON, [ORACLE, binary, '--cafile', CA, ...(bundle ? ['--bundle', bundle] : [])]);
  return { ok: r.status === 0, output: r.stdout + r.stderr };
}
