// The Android runtime shim as committed in runtime-shims/android/: shim-manifest.json describes it
// (the DEX file and its SHA-256, the bootstrap provider class, the authority suffix, the lowest API level
// the runtime runs on (`minSdk`), the lowest at which it can go into its own classesN.dex
// (`secondaryDexMinSdk`, 21: Android loads a secondary DEX by itself from 5.0), the policy asset and the
// marker name). The wrap refuses a DEX whose hash differs from the
// recorded one, and a manifest whose fixed names differ from the ones mam reads back.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IoError, MalformedInputError, PreflightError } from '../../core/errors.js';
import { MAM_WRAPPER_META_DATA } from '../../android/manifest/mam-marker.js';
import { ANDROID_POLICY_ENTRY } from '../../policy/effects.js';

export const SHIM_MANIFEST_FILE = 'shim-manifest.json';

/** runtime-shims/android of this package (the same relative path from src/ and from dist/). */
export const DEFAULT_ANDROID_SHIM_DIR = fileURLToPath(new URL('../../../runtime-shims/android/', import.meta.url));

export interface AndroidShim {
  dir: string;
  dexFile: string;
  dex: Uint8Array;
  sha256: string;
  providerClass: string;
  providerAuthoritySuffix: string;
  /** The lowest API level the runtime runs on (merged into classes.dex below secondaryDexMinSdk). */
  minSdk: number;
  /** The lowest API level that loads the runtime as its own classesN.dex; the wrap raises minSdkVersion to it. */
  secondaryDexMinSdk: number;
}

function readBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new IoError('WRAP_SHIM_MISSING', `cannot read the Android runtime shim ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: path, hint: 'runtime-shims/android/ ships with mam; reinstall it or build the shim (runtime-shims/android/build.sh)' }, { cause: e });
  }
}

function field<T>(m: Record<string, unknown>, key: string, type: 'string' | 'number', file: string): T {
  const v = key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), m);
  if (typeof v !== type) throw new MalformedInputError('WRAP_SHIM_MANIFEST_INVALID', `${SHIM_MANIFEST_FILE}: expected ${key} to be a ${type}, found ${v === undefined ? 'nothing' : typeof v}`, { file });
  return v as T;
}

/** Reads shim-manifest.json and the DEX it names; checks the DEX's SHA-256. */
export function readAndroidShim(dir: string = DEFAULT_ANDROID_SHIM_DIR): AndroidShim {
  const manifestPath = join(dir, SHIM_MANIFEST_FILE);
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(new TextDecoder().decode(readBytes(manifestPath))) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof IoError) throw e;
    throw new MalformedInputError('WRAP_SHIM_MANIFEST_INVALID', `${SHIM_MANIFEST_FILE} is not JSON: ${(e as Error).message}`, { file: manifestPath }, { cause: e });
  }
  const policyAsset = field<string>(m, 'policyAsset', 'string', manifestPath);
  const marker = field<string>(m, 'markerMetaData', 'string', manifestPath);
  if (policyAsset !== ANDROID_POLICY_ENTRY || marker !== MAM_WRAPPER_META_DATA) {
    throw new PreflightError('WRAP_SHIM_MANIFEST_MISMATCH', `the shim reads its policy from ${policyAsset} and its marker from ${marker}; this mam writes ${ANDROID_POLICY_ENTRY} and ${MAM_WRAPPER_META_DATA}`, { file: manifestPath });
  }
  const dexFile = join(dir, field<string>(m, 'dex.file', 'string', manifestPath));
  const expected = field<string>(m, 'dex.sha256', 'string', manifestPath).toLowerCase();
  const dex = readBytes(dexFile);
  const sha256 = createHash('sha256').update(dex).digest('hex');
  if (sha256 !== expected) {
    throw new PreflightError('WRAP_SHIM_HASH_MISMATCH', `the runtime shim's SHA-256 is ${sha256}; ${SHIM_MANIFEST_FILE} expects ${expected}`, {
      file: dexFile, hint: 'the shim was modified or rebuilt without updating its manifest; rebuild it with runtime-shims/android/build.sh',
    });
  }
  const minSdk = field<number>(m, 'minSdk', 'number', manifestPath);
  return {
    dir, dexFile, dex, sha256,
    providerClass: field<string>(m, 'providerClass', 'string', manifestPath),
    providerAuthoritySuffix: field<string>(m, 'providerAuthoritySuffix', 'string', manifestPath),
    minSdk,
    secondaryDexMinSdk: m.secondaryDexMinSdk === undefined ? minSdk : field<number>(m, 'secondaryDexMinSdk', 'number', manifestPath),
  };
}
