// The wrap test set: every corpus APK and split set and every fixture APK, wrapped once with the
// library (`wrapAndroidPath`) under a policy whose manifest effects are exactly the manifest-edit
// harness's (ACCESS_NETWORK_STATE added, CAMERA removed, camera features not required), signed with
// the committed RSA-2048 test key. Corpus split-set members are wrapped alone too: the splits must be
// refused (WRAP_SPLIT_APK), the base wrapped.
import { readFileSync, mkdtempSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { isMamError } from '../../../src/core/errors.js';
import { loadSigningIdentity, type SigningIdentity } from '../../../src/keys/load.js';
import { readPassword } from '../../../src/keys/password.js';
import { wrapAndroidPath, type WrapReport } from '../../../src/pipeline/wrap-android.js';
import type { Policy } from '../../../src/policy/model.js';
import { CORPUS, FIXTURES, ROOT } from '../../helpers/env.js';

export const TEST_POLICY: Policy = { schemaVersion: 1, camera: { block: true }, vpn: { mode: 'always' } };
export const ADD_PERMISSION = 'android.permission.ACCESS_NETWORK_STATE';
export const REMOVE_PERMISSION = 'android.permission.CAMERA';
export const KEYSTORE = join(FIXTURES, 'keys', 'rsa2048.jks');

export interface ShimManifest { minSdk: number; secondaryDexMinSdk: number; providerClass: string; providerAuthoritySuffix: string; dex: { file: string; sha256: string } }
export const SHIM: ShimManifest = JSON.parse(readFileSync(join(ROOT, 'runtime-shims', 'android', 'shim-manifest.json'), 'utf8')) as ShimManifest;

let identity: SigningIdentity | undefined;
export function testIdentity(): SigningIdentity {
  identity ??= loadSigningIdentity({ ks: KEYSTORE, ksPass: readPassword('pass:android').secret });
  return identity;
}

const SPLITSET = join(CORPUS, 'android', 'mobsf-ondemand-splitset');

/** Corpus APKs (not split-set members), the .xapk, the split folder, then the fixture APKs. */
export function wrapInputs(): string[] {
  const corpus = existsSync(join(CORPUS, 'android')) ? readdirSync(join(CORPUS, 'android')).sort().map((n) => join(CORPUS, 'android', n)).filter((p) => /\.(apk|xapk)$/.test(p) || p === SPLITSET) : [];
  const fixtures = readdirSync(join(FIXTURES, 'android')).filter((n) => n.endsWith('.apk')).sort().map((n) => join(FIXTURES, 'android', n));
  return [...corpus, ...fixtures];
}

export function splitSetMembers(): string[] {
  return existsSync(SPLITSET) ? readdirSync(SPLITSET).sort().map((n) => join(SPLITSET, n)) : [];
}

export const labelOf = (p: string): string => (p.includes('/fixtures/') ? `fixtures/${basename(p)}` : basename(p));

export interface Wrapped { input: string; output: string; report?: WrapReport; error?: { code: string; exitCode: number; message: string } }

export class WrappedSet {
  readonly dir = mkdtempSync(join(tmpdir(), 'mam-wrap-test-'));
  private readonly cache = new Map<string, Wrapped>();

  get(input: string, policy: Policy = TEST_POLICY): Wrapped {
    let w = this.cache.get(input);
    if (!w) {
      const output = join(this.dir, `${this.cache.size}-${basename(input)}`);
      try {
        w = { input, output, report: wrapAndroidPath(input, output, { policy, signing: { identity: testIdentity() } }) };
      } catch (e) {
        if (!isMamError(e)) throw e;
        w = { input, output, error: { code: e.code, exitCode: e.exitCode, message: e.message } };
      }
      this.cache.set(input, w);
    }
    return w;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
