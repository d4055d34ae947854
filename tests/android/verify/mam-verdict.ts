// mam's verdict on one APK through the library, in the same shape as the apksigner oracle's.
import { existsSync, readFileSync } from 'node:fs';
import { FileSource } from '../../../src/core/data-source.js';
import { isMamError } from '../../../src/core/errors.js';
import { openZip } from '../../../src/container/zip-reader.js';
import { verifyApk, type ApkVerifyResult } from '../../../src/android/verify/apk-verifier.js';

export interface MamVerdict {
  verifies: boolean;
  /** Set when the file could not be read as an APK at all (exit 3 from the CLI). */
  malformed?: string;
  result?: ApkVerifyResult;
}

export function mamVerify(apk: string, opts: { minSdk?: number; maxSdk?: number; idsig?: string } = {}): MamVerdict {
  const source = FileSource.open(apk);
  try {
    const idsig = opts.idsig && existsSync(opts.idsig) ? new Uint8Array(readFileSync(opts.idsig)) : undefined;
    const result = verifyApk(openZip(source, { file: apk }), { minSdk: opts.minSdk, maxSdk: opts.maxSdk, idsig });
    return { verifies: result.verified, result };
  } catch (e) {
    if (!isMamError(e)) throw e;
    return { verifies: false, malformed: e.code };
  } finally {
    source.close();
  }
}

export function describeVerdict(v: MamVerdict): string {
  if (v.malformed) return `malformed (${v.malformed})`;
  const r = v.result!;
  const schemes = Object.entries(r.schemes).filter(([, s]) => s === 'verified').map(([k]) => k);
  return `${v.verifies ? 'verifies' : 'rejects'} [${schemes.join(',')}] ${r.issues.filter((i) => i.severity === 'error').map((i) => i.code).join(',')}`;
}
