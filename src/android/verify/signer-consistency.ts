// Checks across schemes, after each verified on its own (apksig ApkVerifier): the v1 and v2 signers
// must be the same certificates; the v3 signer must be the v1/v2 signer, or descend from it through
// its proof-of-rotation lineage (a single v1/v2 signer is required then).

import { bytesEqual } from '../../core/byte-writer.js';
import type { Issue } from '../../core/errors.js';
import type { SigningCertificateLineage } from '../sign/additional-attributes.js';
import { lineageContains } from './lineage-check.js';
import type { CheckedSigner } from './scheme-signer-check.js';

const has = (list: Uint8Array[], cert: Uint8Array): boolean => list.some((c) => bytesEqual(c, cert));

export function checkV1V2Signers(v1: Uint8Array[], v2: Uint8Array[]): Issue[] {
  const issues: Issue[] = [];
  if (v1.some((c) => !has(v2, c))) {
    issues.push({ code: 'APKSIG_V2_SIGNER_MISSING', severity: 'error', message: 'a JAR (v1) signer has no matching APK Signature Scheme v2 signer', where: 'v1/v2 signers' });
  }
  if (v2.some((c) => !has(v1, c))) {
    issues.push({ code: 'APKSIG_V1_SIGNER_MISSING', severity: 'error', message: 'an APK Signature Scheme v2 signer has no matching JAR (v1) signer', where: 'v1/v2 signers' });
  }
  return issues;
}

/** `past` are the certificates of the v1 signers (when v1 verified), else of the v2 signers. */
export function checkV3PastSigners(v3: CheckedSigner[], past: Uint8Array[]): Issue[] {
  if (past.length !== 1) {
    return [{ code: 'APKSIG_V3_MULTIPLE_PAST_SIGNERS', severity: 'error', message: `v3 allows one signer before rotation, but v1/v2 have ${past.length}`, where: 'v3 signers' }];
  }
  const oldest = [...v3].sort((a, b) => (a.minSdk ?? 0) - (b.minSdk ?? 0))[0];
  if (!oldest) return [];
  const lineage = longestLineage(v3);
  const ok = lineage ? lineageContains(lineage, past[0]!) : bytesEqual(oldest.certificates[0]!, past[0]!);
  return ok ? [] : [{ code: 'APKSIG_V3_PAST_SIGNERS_MISMATCH', severity: 'error', message: 'the v1/v2 signer is neither the v3 signer nor in its proof-of-rotation lineage', where: 'v3 signers' }];
}

function longestLineage(signers: CheckedSigner[]): SigningCertificateLineage | undefined {
  let best: SigningCertificateLineage | undefined;
  for (const s of signers) {
    const l = s.signer.attributes.lineage;
    if (l && (!best || l.nodes.length > best.nodes.length)) best = l;
  }
  return best;
}
