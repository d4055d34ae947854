// Stage verifyOutput: the output read back before it is put in place. Its signatures are verified by
// our verifier (src/android/verify, verifySignedOutput: v1 entry digests taken while signing are
// trusted once v2/v3 verifies over the bytes read back) over the SDK range the chosen schemes cover,
// as `apksigner verify` would check them; and the wrap is checked to be what it says: the manifest
// carries the marker with the embedded policy's digest, the policy asset hashes to that digest, and
// the runtime DEX is the shim's bytes (or, merged into classes.dex, the merged file meant, defining the
// bootstrap provider).

import { createHash } from 'node:crypto';
import { VerificationError } from '../../core/errors.js';
import { openZip } from '../../container/zip-reader.js';
import type { ZipArchive } from '../../container/zip-types.js';
import { parseAxml } from '../../android/axml/parse.js';
import { summarizeManifest } from '../../android/manifest/summarize.js';
import { ANDROID_MANIFEST, type SignApkResult } from '../../android/sign/apk-signer.js';
import { ANDROID_SDK_N, ANDROID_SDK_P } from '../../android/sign/signer-algorithms.js';
import { verifySignedOutput } from '../../android/verify/apk-verifier.js';
import { ANDROID_POLICY_ENTRY } from '../../policy/effects.js';
import { dexDefinesClass } from './dex-entries.js';
import { MAX_MANIFEST_BYTES } from './read-manifest.js';
import { need, type WrapContext } from './wrap-context.js';

/** The lowest SDK the signatures cover (v1 off: only where v2 or v3 is verified). */
export function coveredMinSdk(result: SignApkResult): number {
  if (result.schemes.v1) return result.minSdk;
  return Math.max(result.minSdk, result.schemes.v2 ? ANDROID_SDK_N : ANDROID_SDK_P);
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function fail(message: string, entry?: string): never {
  throw new VerificationError('WRAP_OUTPUT_CHECK_FAILED', `the wrapped output does not check: ${message}`, { ...(entry ? { entry } : {}) });
}

function checkWrapped(ctx: WrapContext, archive: ZipArchive): void {
  const digest = need(ctx.policy, 'the policy').digest;
  const marker = summarizeManifest(parseAxml(archive.readEntry(ANDROID_MANIFEST, MAX_MANIFEST_BYTES))).mamWrapper;
  if (marker?.policySha256 !== digest) fail(`expected the marker to record policy-sha256=${digest}, found ${marker ? JSON.stringify(marker.raw) : 'no marker'}`, ANDROID_MANIFEST);
  const asset = archive.getEntry(ANDROID_POLICY_ENTRY);
  if (!asset || sha256(archive.readEntry(asset)) !== digest) fail(`expected ${ANDROID_POLICY_ENTRY} to hash to ${digest}`, ANDROID_POLICY_ENTRY);
  const plan = need(ctx.plan, 'the plan');
  const dexName = plan.shimDexName;
  const dex = archive.getEntry(dexName);
  if (plan.shimPlacement === 'merged-into-primary') {
    const bytes = dex ? archive.readEntry(dex) : undefined;
    const meant = need(ctx.replacements.get(dexName), 'the merged primary DEX');
    if (!bytes || sha256(bytes) !== sha256(meant) || !dexDefinesClass(bytes, need(ctx.shim, 'the shim').providerClass)) fail(`expected ${dexName} to be the app's primary DEX with the runtime merged in`, dexName);
    return;
  }
  if (!dex || sha256(archive.readEntry(dex)) !== need(ctx.shim, 'the shim').sha256) fail(`expected ${dexName} to be the runtime shim`, dexName);
}

function checkSignatures(ctx: WrapContext, archive: ZipArchive, result: SignApkResult): void {
  const maxSdk = ctx.options.signing !== 'unsigned' ? ctx.options.signing?.options?.maxSdk : undefined;
  const verified = verifySignedOutput(archive, { minSdk: coveredMinSdk(result), ...(maxSdk !== undefined ? { maxSdk } : {}) }, result.v1EntryDigests);
  const errors = verified.issues.filter((i) => i.severity === 'error');
  if (!verified.verified || errors.length > 0) fail(`its signature does not verify: ${errors.map((i) => `${i.code} ${i.message}`).join('; ') || 'no scheme verified'}`);
  ctx.verified = verified;
}

export function verifyOutput(ctx: WrapContext): void {
  const readBack = ctx.signed?.readBack ?? need(ctx.assembled, 'the assembled APK');
  const archive = openZip(readBack(), { file: `${ctx.label} (output)` });
  if (ctx.signed) checkSignatures(ctx, archive, ctx.signed.result);
  checkWrapped(ctx, archive);
}
