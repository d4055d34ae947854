// Verification of one signer of an APK Signature Scheme v2/v3/v3.1 block (source.android.com "APK
// Signature Scheme v2", section "Verification", steps 3.1–3.6; "v3", section "Verification"), in the
// order apksig's V2SchemeVerifier/V3SchemeVerifier check it: signatures over the signed data first
// (only the strongest algorithm per platform version, as Android picks), then the certificate's key,
// then the digest list, the SDK range and the additional attributes. Content digests are compared by
// the caller, which computes them once for every signer and scheme.

import { bytesEqual } from '../../core/byte-writer.js';
import type { Issue } from '../../core/errors.js';
import type { SchemeSigner, SchemeVersion } from '../sign/scheme-block.js';
import { findSignatureAlgorithm, type ContentDigestAlgorithm, type SignatureAlgorithmInfo } from '../sign/signature-algorithms.js';
import { checkLineage } from './lineage-check.js';
import { certificatePublicKey, checkSchemeSignature, parsePublicKey } from './signature-check.js';
import { ANY_SDK, issueCode, type SchemeContext } from './scheme-context.js';

export interface CheckedSigner {
  index: number;
  certificates: Uint8Array[];
  minSdk?: number;
  maxSdk?: number;
  /** Content digests the verified signatures vouch for. */
  digestAlgorithms: Set<ContentDigestAlgorithm>;
  /** Claimed content digests by algorithm. */
  claimedDigests: Map<ContentDigestAlgorithm, Uint8Array>;
  signer: SchemeSigner;
}

/** Returns the checked signer, or undefined after adding at least one error to `issues`. */
export function checkSchemeSigner(signer: SchemeSigner, index: number, scheme: SchemeVersion, ctx: SchemeContext, issues: Issue[]): CheckedSigner | undefined {
  const where = `${scheme} signer #${index + 1}`;
  const error = (what: string, message: string): undefined => {
    issues.push({ code: issueCode(scheme, what), severity: 'error', message: `${where}: ${message}`, where });
    return undefined;
  };
  if (signer.signatures.length === 0) return error('NO_SIGNATURES', 'no signatures');
  const known: { alg: SignatureAlgorithmInfo; signature: Uint8Array }[] = [];
  for (const s of signer.signatures) {
    const alg = findSignatureAlgorithm(s.algorithmId);
    if (alg) known.push({ alg, signature: s.signature });
    else issues.push({ code: issueCode(scheme, 'UNKNOWN_SIG_ALGORITHM'), severity: 'warning', message: `${where}: unknown signature algorithm 0x${s.algorithmId.toString(16)}`, where });
  }
  const range = signerRange(signer, scheme, ctx);
  const toVerify = selectSignaturesToVerify(known, range.min, range.max);
  if (typeof toVerify === 'string') return error('NO_SUPPORTED_SIGNATURES', toVerify);
  const key = parsePublicKey(signer.publicKey);
  if (!key) return error('MALFORMED_PUBLIC_KEY', 'public key cannot be parsed');
  const digestAlgorithms = new Set<ContentDigestAlgorithm>();
  for (const { alg, signature } of toVerify) {
    const check = checkSchemeSignature(alg.id, key, signer.signedData.bytes, signature);
    if (check !== 'valid') return error('SIGNATURE_INVALID', `${alg.constantName} signature over the signed data does not verify`);
    digestAlgorithms.add(alg.contentDigest);
  }
  const certificates = signer.signedData.certificates;
  if (certificates.length === 0) return error('NO_CERTIFICATES', 'no certificates');
  const certKey = certificatePublicKey(certificates[0]!);
  if (!certKey) return error('MALFORMED_CERTIFICATE', 'first certificate cannot be parsed');
  const storedKey = key.export({ type: 'spki', format: 'der' });
  if (!bytesEqual(certKey, storedKey)) return error('PUBLIC_KEY_MISMATCH', 'public key differs from the key of the first certificate');
  const fromSignatures = signer.signatures.map((s) => s.algorithmId).join(',');
  const fromDigests = signer.signedData.digests.map((d) => d.algorithmId).join(',');
  if (fromSignatures !== fromDigests) return error('SIG_ALG_MISMATCH', `signature algorithms [${fromSignatures}] differ from digest algorithms [${fromDigests}]`);
  if (scheme !== 'v2' && !checkSdkRange(signer, error)) return undefined;
  if (!checkAttributes(signer, scheme, where, ctx, issues)) return undefined;
  const claimedDigests = new Map<ContentDigestAlgorithm, Uint8Array>();
  for (const d of signer.signedData.digests) {
    const alg = findSignatureAlgorithm(d.algorithmId);
    if (alg && !claimedDigests.has(alg.contentDigest)) claimedDigests.set(alg.contentDigest, d.digest);
  }
  return { index, certificates, minSdk: signer.minSdkVersion, maxSdk: signer.maxSdkVersion, digestAlgorithms, claimedDigests, signer };
}

function signerRange(signer: SchemeSigner, scheme: SchemeVersion, ctx: SchemeContext): { min: number; max: number } {
  if (scheme === 'v2') return { min: ctx.minSdk, max: ctx.maxSdk };
  return { min: Math.max(signer.minSdkVersion ?? 0, ctx.minSdk), max: Math.min(signer.maxSdkVersion ?? ANY_SDK, ctx.maxSdk) };
}

// apksig getSignaturesToVerify: per platform version at which an algorithm appeared, the strongest one
// (CHUNKED_SHA512 > VERITY_CHUNKED_SHA256 > CHUNKED_SHA256); the oldest such version must not be
// above the minimum SDK.
const DIGEST_STRENGTH: Record<ContentDigestAlgorithm, number> = { CHUNKED_SHA256: 0, VERITY_CHUNKED_SHA256: 1, CHUNKED_SHA512: 2 };

export function selectSignaturesToVerify<T extends { alg: SignatureAlgorithmInfo }>(signatures: T[], minSdk: number, maxSdk: number): T[] | string {
  const best = new Map<number, T>();
  let oldest = Infinity;
  for (const s of signatures) {
    const since = s.alg.minSdkVersion;
    if (since > maxSdk) continue;
    oldest = Math.min(oldest, since);
    const current = best.get(since);
    if (!current || DIGEST_STRENGTH[s.alg.contentDigest] > DIGEST_STRENGTH[current.alg.contentDigest]) best.set(since, s);
  }
  if (best.size === 0) return 'no signature algorithm supported by the targeted Android versions';
  if (minSdk < oldest) return `the oldest signature algorithm needs API level ${oldest}, above the minimum SDK ${minSdk}`;
  return [...best.values()].sort((a, b) => a.alg.id - b.alg.id);
}

function checkSdkRange(signer: SchemeSigner, error: (what: string, message: string) => undefined): boolean {
  const { minSdkVersion: min, maxSdkVersion: max, signedData } = signer;
  if (min !== signedData.minSdkVersion) return error('SDK_VERSION_MISMATCH', `min SDK ${min} outside the signed data differs from ${signedData.minSdkVersion} inside`) ?? false;
  if (max !== signedData.maxSdkVersion) return error('SDK_VERSION_MISMATCH', `max SDK ${max} outside the signed data differs from ${signedData.maxSdkVersion} inside`) ?? false;
  if (min === undefined || max === undefined || min > max) return error('INVALID_SDK_VERSIONS', `SDK range ${min}..${max} is empty`) ?? false;
  return true;
}

function checkAttributes(signer: SchemeSigner, scheme: SchemeVersion, where: string, ctx: SchemeContext, issues: Issue[]): boolean {
  const a = signer.attributes;
  const before = issues.length;
  for (const id of a.unknownIds) {
    issues.push({ code: issueCode(scheme, 'UNKNOWN_ADDITIONAL_ATTRIBUTE'), severity: 'warning', message: `${where}: unknown additional attribute 0x${id.toString(16)}`, where });
  }
  if (scheme === 'v2' && a.strippingProtectionScheme !== undefined) {
    const id = a.strippingProtectionScheme;
    if (ctx.supportedSchemeIds.has(id) && !ctx.foundSchemeIds.has(id)) {
      issues.push({ code: 'APKSIG_STRIPPED_SCHEME', severity: 'error', message: `${where}: the v2 signature says the APK is also signed with APK Signature Scheme v${id}, but no such signature verified (stripped?)`, where });
    }
  }
  if (scheme !== 'v2' && a.lineage) {
    issues.push(...checkLineage(a.lineage, issueCode(scheme, 'LINEAGE_INVALID'), where));
    const last = a.lineage.nodes[a.lineage.nodes.length - 1];
    if (last && !bytesEqual(last.certificate, signer.signedData.certificates[0]!)) {
      issues.push({ code: issueCode(scheme, 'LINEAGE_CERT_MISMATCH'), severity: 'error', message: `${where}: the last certificate of the proof-of-rotation lineage is not the signing certificate`, where });
    }
  }
  if (scheme === 'v3' && a.rotationMinSdkVersion !== undefined) {
    if (ctx.rotationMinSdkVersion === undefined) {
      issues.push({ code: 'APKSIG_V31_BLOCK_MISSING', severity: 'error', message: `${where}: the v3 signer says key rotation applies from SDK ${a.rotationMinSdkVersion}, but no v3.1 signature verified (stripped?)`, where });
    } else if (ctx.rotationMinSdkVersion !== a.rotationMinSdkVersion) {
      issues.push({ code: 'APKSIG_V31_ROTATION_MIN_SDK_MISMATCH', severity: 'error', message: `${where}: the v3 signer says key rotation applies from SDK ${a.rotationMinSdkVersion}, the v3.1 signers start at ${ctx.rotationMinSdkVersion}`, where });
    }
  }
  return !issues.slice(before).some((i) => i.severity === 'error');
}
