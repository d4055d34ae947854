// Verification of a split APK set (the base APK and its configuration/feature splits, as bundletool
// and Android's PackageInstaller session treat them): each part must verify on its own, and all parts
// must be signed by the same certificates, or the installer refuses the session.

import type { Issue } from '../../core/errors.js';
import type { ApkVerifyResult, ApkVerifySigner } from './apk-verifier.js';

export interface SplitPartResult {
  name: string;
  /** Absent when the part could not be read at all (then `error` says why). */
  result?: ApkVerifyResult;
  error?: { code: string; message: string };
}

export interface SplitSetResult {
  verified: boolean;
  parts: SplitPartResult[];
  issues: Issue[];
}

/** The certificates a part is signed with, as the platform compares them: its newest verified scheme's. */
export function signingCertificates(r: ApkVerifyResult): string[] {
  for (const scheme of ['v3', 'v2', 'v1'] as const) {
    const certs = r.signers.filter((s: ApkVerifySigner) => s.scheme === scheme).map((s) => s.certSha256);
    if (certs.length) return [...new Set(certs)].sort();
  }
  return [];
}

export function checkSplitSet(parts: SplitPartResult[]): SplitSetResult {
  const issues: Issue[] = [];
  for (const p of parts) {
    if (p.error) issues.push({ code: p.error.code, severity: 'error', message: `${p.name}: ${p.error.message}`, where: p.name });
    else if (!p.result!.verified) issues.push({ code: 'APKSIG_SPLIT_PART_NOT_VERIFIED', severity: 'error', message: `${p.name} does not verify`, where: p.name });
  }
  if (parts.length === 0) issues.push({ code: 'APKSIG_SPLIT_SET_EMPTY', severity: 'error', message: 'the split set holds no APK', where: 'split set' });
  const verified = parts.filter((p) => p.result?.verified);
  const reference = verified[0];
  if (reference) {
    const expected = signingCertificates(reference.result!).join(',');
    for (const p of verified.slice(1)) {
      const got = signingCertificates(p.result!).join(',');
      if (got !== expected) {
        issues.push({
          code: 'APKSIG_SPLIT_SIGNER_MISMATCH',
          severity: 'error',
          message: `${p.name} is signed by ${got || 'nobody'}, ${reference.name} by ${expected}; every APK of a set must share its signer`,
          where: p.name,
        });
      }
    }
  }
  return { verified: issues.every((i) => i.severity !== 'error'), parts, issues };
}
