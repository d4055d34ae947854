// Verification of a whole APK Signature Scheme v2, v3 or v3.1 block (source.android.com "APK Signature
// Scheme v2"/"v3", sections "Verification"): every signer checked, then the content digests that the
// verified signatures vouch for, computed once, compared with each signer's claims; for v3/v3.1 the
// signers' SDK ranges must be contiguous and cover the targeted range, as apksig requires.

import type { Issue } from '../../core/errors.js';
import type { SchemeBlock, SchemeVersion } from '../sign/scheme-block.js';
import type { ContentDigestAlgorithm } from '../sign/signature-algorithms.js';
import { MERKLE_BLOCK_SIZE } from './merkle-tree.js';
import { ANY_SDK, issueCode, type SchemeContext } from './scheme-context.js';
import { checkSchemeSigner, type CheckedSigner } from './scheme-signer-check.js';

export interface SchemeVerifyResult {
  scheme: SchemeVersion;
  verified: boolean;
  signers: CheckedSigner[];
  /** Actual content digests computed for this scheme. */
  digests: Map<ContentDigestAlgorithm, Uint8Array>;
  issues: Issue[];
}

export interface BlockLayout {
  /** Offset of the APK Signing Block. */
  blockOffset: number;
  /** Size of the APK Signing Block. */
  blockSize: number;
}

export function verifySchemeBlock(block: SchemeBlock, layout: BlockLayout, ctx: SchemeContext): SchemeVerifyResult {
  const scheme = block.scheme;
  const issues: Issue[] = [];
  const signers: CheckedSigner[] = [];
  const result = (verified: boolean, digests = new Map<ContentDigestAlgorithm, Uint8Array>()): SchemeVerifyResult => ({ scheme, verified, signers, digests, issues });
  block.signers.forEach((s, i) => {
    const checked = checkSchemeSigner(s, i, scheme, ctx, issues);
    if (checked) signers.push(checked);
  });
  if (hasErrors(issues)) return result(false);
  const algorithms = new Set<ContentDigestAlgorithm>();
  for (const s of signers) for (const a of s.digestAlgorithms) algorithms.add(a);
  if (algorithms.has('VERITY_CHUNKED_SHA256') && !checkVerityLayout(layout, scheme, issues)) return result(false);
  const actual = ctx.contentDigests(algorithms);
  for (const s of signers) compareDigests(s, algorithms, actual, scheme, issues);
  if (scheme !== 'v2') checkSdkCoverage(signers, scheme, ctx, issues);
  return result(!hasErrors(issues), actual);
}

function compareDigests(s: CheckedSigner, algorithms: Set<ContentDigestAlgorithm>, actual: Map<ContentDigestAlgorithm, Uint8Array>, scheme: SchemeVersion, issues: Issue[]): void {
  const where = `${scheme} signer #${s.index + 1}`;
  for (const [alg, claimed] of s.claimedDigests) {
    if (!algorithms.has(alg)) continue;
    const got = actual.get(alg)!;
    if (Buffer.compare(Buffer.from(claimed), Buffer.from(got)) !== 0) {
      issues.push({
        code: issueCode(scheme, 'DIGEST_MISMATCH'),
        severity: 'error',
        message: `${where}: APK integrity check failed, ${alg} digest is ${hex(got)}, the signature says ${hex(claimed)}`,
        where,
      });
    }
  }
}

// Verity digests only work when the signing block starts and ends on 4 KiB boundaries (apksig
// ApkSigningBlockUtils.verifyIntegrity).
function checkVerityLayout(layout: BlockLayout, scheme: SchemeVersion, issues: Issue[]): boolean {
  if (layout.blockOffset % MERKLE_BLOCK_SIZE === 0 && layout.blockSize % MERKLE_BLOCK_SIZE === 0) return true;
  issues.push({
    code: issueCode(scheme, 'VERITY_MISALIGNED'),
    severity: 'error',
    message: `APK Signing Block at ${layout.blockOffset} of ${layout.blockSize} bytes is not aligned on 4096 bytes, which verity digests require`,
    where: 'APK Signing Block',
  });
  return false;
}

// apksig V3SchemeVerifier: signers sorted by max SDK must form one contiguous range that covers the
// targeted range. A v3 block next to a v3.1 block covers only up to the rotation SDK.
function checkSdkCoverage(signers: CheckedSigner[], scheme: SchemeVersion, ctx: SchemeContext, issues: Issue[]): void {
  const sorted = [...signers].sort((a, b) => (a.maxSdk ?? 0) - (b.maxSdk ?? 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.minSdk !== (sorted[i - 1]!.maxSdk ?? 0) + 1) {
      issues.push({ code: issueCode(scheme, 'INCONSISTENT_SDK_VERSIONS'), severity: 'error', message: `${scheme} signers' SDK ranges are not contiguous`, where: `${scheme} block` });
      return;
    }
  }
  const firstMin = sorted[0]?.minSdk ?? 0;
  const lastMax = sorted[sorted.length - 1]?.maxSdk ?? 0;
  const needMax = scheme === 'v3' && ctx.rotationMinSdkVersion !== undefined ? Math.min(ctx.maxSdk, ctx.rotationMinSdkVersion - 1) : ctx.maxSdk;
  const needMin = scheme === 'v3.1' ? Math.max(ctx.minSdk, firstMin) : ctx.minSdk;
  if (firstMin > needMin || lastMax < needMax) {
    issues.push({
      code: issueCode(scheme, 'MISSING_SDK_VERSIONS'),
      severity: 'error',
      message: `${scheme} signers cover SDK ${firstMin}..${lastMax}, the APK targets ${needMin}..${needMax === ANY_SDK ? 'any' : needMax}`,
      where: `${scheme} block`,
    });
  }
}

export function hasErrors(issues: readonly Issue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
