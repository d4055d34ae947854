// The iOS policy runtime as committed in runtime-shims/ios/: shim-manifest.json names the dylib, its
// install name, SHA-256, where it goes in the bundle, the LC_RPATH that finds it, the policy file and the
// Info.plist marker keys the runtime reads. The wrap refuses a dylib whose hash differs from the recorded
// one, and a manifest whose fixed names differ from the ones this mam writes (the runtime would then look
// for its policy or marker somewhere else and block the app).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IoError, MalformedInputError, PreflightError } from '../../core/errors.js';
import { IOS_POLICY_FILE, IOS_WRAPPER_PLIST_KEY } from '../../policy/effects.js';

export const IOS_SHIM_MANIFEST_FILE = 'shim-manifest.json';

/** runtime-shims/ios of this package (the same relative path from src/ and from dist/). */
export const DEFAULT_IOS_SHIM_DIR = fileURLToPath(new URL('../../../runtime-shims/ios/', import.meta.url));

/** The keys of the MAMWrapper dictionary, as iosWrapperPlistValue writes them. */
const MARKER_DIGEST_KEY = 'PolicySHA256';
const MARKER_VERSION_KEY = 'Version';

export interface IosShim {
  dir: string;
  dylibFile: string;
  dylib: Uint8Array;
  sha256: string;
  /** The LC_LOAD_DYLIB name, e.g. "@rpath/libmamruntime.dylib". */
  installName: string;
  /** Path in the .app, e.g. "Frameworks/libmamruntime.dylib". */
  bundlePath: string;
  /** The LC_RPATH under which installName resolves to bundlePath, e.g. "@executable_path/Frameworks". */
  rpath: string;
  minimumOS: string;
  architectures: string[];
}

function readBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new IoError('IOS_SHIM_MISSING', `cannot read the iOS runtime ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      file: path, hint: 'runtime-shims/ios/ ships with mam; reinstall it or rebuild the runtime (runtime-shims/ios/build.sh)',
    }, { cause: e });
  }
}

function field<T>(m: Record<string, unknown>, key: string, type: 'string' | 'object', file: string): T {
  const v = key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), m);
  if (typeof v !== type || v === null) {
    throw new MalformedInputError('IOS_SHIM_MANIFEST_INVALID', `${IOS_SHIM_MANIFEST_FILE}: expected ${key} to be a${type === 'object' ? 'n' : ''} ${type}, found ${v === undefined ? 'nothing' : typeof v}`, { file });
  }
  return v as T;
}

function readManifest(path: string): Record<string, unknown> {
  try {
    return JSON.parse(new TextDecoder().decode(readBytes(path))) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof IoError) throw e;
    throw new MalformedInputError('IOS_SHIM_MANIFEST_INVALID', `${IOS_SHIM_MANIFEST_FILE} is not JSON: ${(e as Error).message}`, { file: path }, { cause: e });
  }
}

/** The manifest's policy file and marker keys must be the ones this mam writes. */
function assertSameNames(m: Record<string, unknown>, path: string): void {
  const found = {
    policyFile: field<string>(m, 'policyFile', 'string', path),
    marker: field<string>(m, 'infoPlistMarker.key', 'string', path),
    digestKey: field<string>(m, 'infoPlistMarker.digestKey', 'string', path),
    versionKey: field<string>(m, 'infoPlistMarker.versionKey', 'string', path),
  };
  const expected = { policyFile: IOS_POLICY_FILE, marker: IOS_WRAPPER_PLIST_KEY, digestKey: MARKER_DIGEST_KEY, versionKey: MARKER_VERSION_KEY };
  const differ = (Object.keys(expected) as (keyof typeof expected)[]).filter((k) => found[k] !== expected[k]);
  if (differ.length === 0) return;
  throw new PreflightError('IOS_SHIM_MANIFEST_MISMATCH', `the runtime reads ${differ.map((k) => `${k} ${JSON.stringify(found[k])}`).join(', ')}; this mam writes ${differ.map((k) => `${k} ${JSON.stringify(expected[k])}`).join(', ')}`, { file: path });
}

/** Reads shim-manifest.json and the dylib it names; checks the dylib's SHA-256. */
export function readIosShim(dir: string = DEFAULT_IOS_SHIM_DIR): IosShim {
  const manifestPath = join(dir, IOS_SHIM_MANIFEST_FILE);
  const m = readManifest(manifestPath);
  assertSameNames(m, manifestPath);
  const dylibFile = join(dir, field<string>(m, 'dylib.file', 'string', manifestPath));
  const expected = field<string>(m, 'dylib.sha256', 'string', manifestPath).toLowerCase();
  const dylib = readBytes(dylibFile);
  const sha256 = createHash('sha256').update(dylib).digest('hex');
  if (sha256 !== expected) {
    throw new PreflightError('IOS_SHIM_HASH_MISMATCH', `the iOS runtime's SHA-256 is ${sha256}; ${IOS_SHIM_MANIFEST_FILE} expects ${expected}`, {
      file: dylibFile, hint: 'the runtime was modified or rebuilt without updating its manifest; rebuild it with runtime-shims/ios/build.sh',
    });
  }
  const architectures = field<unknown[]>(m, 'dylib.architectures', 'object', manifestPath).filter((a): a is string => typeof a === 'string');
  return {
    dir, dylibFile, dylib, sha256,
    installName: field<string>(m, 'dylib.installName', 'string', manifestPath),
    bundlePath: field<string>(m, 'bundlePath', 'string', manifestPath),
    rpath: field<string>(m, 'rpath', 'string', manifestPath),
    minimumOS: field<string>(m, 'dylib.minimumOS', 'string', manifestPath),
    architectures,
  };
}
