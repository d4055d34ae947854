// Verifies an APK the way Android's installer does, following apksig's ApkVerifier (source.android.com
// "APK Signature Scheme v2", section "Verification"; "v3", "v3.1", "v4"):
// 1. The SDK range is the manifest's minSdkVersion (unless given) up to any version.
// 2. From API 33 a v3.1 block is verified when present; from API 28 a v3 block; a v2 block when the
//    range reaches below 28 or no newer block verified; a v4 .idsig when given. A block that is present
//    and fails is fatal: Android never falls back to an older scheme.
// 3. JAR signing (v1) is verified when the range reaches below 24 or no v2/v3 block verified; its .SF
//    names the schemes that were stripped (X-Android-APK-Signed).
// 4. The signers of v1 and v2 must match, and v3's must match them or descend through its lineage.
// Bad signatures become issues; only an unreadable file throws.

import { UsageError, isMamError, type Issue } from '../../core/errors.js';
import { describeCertificate } from '../../core/x509.js';
import type { ZipArchive } from '../../container/zip-types.js';
import type { SchemeBlock } from '../sign/scheme-block.js';
import { decodeSigningBlock, type DecodedSigningBlock } from '../sign/signing-block-schemes.js';
import { findSigningBlock, type SigningBlock } from '../sign/signing-block.js';
import type { ContentDigestAlgorithm } from '../sign/signature-algorithms.js';
import { apkSections, computeContentDigests } from './content-digest.js';
import { readMinSdkVersion, readTargetSdkVersion } from './min-sdk.js';
import {
  ANY_SDK, AndroidSdkVersion, VERSION_APK_SIGNATURE_SCHEME_V2, VERSION_APK_SIGNATURE_SCHEME_V3, VERSION_APK_SIGNATURE_SCHEME_V31,
  VERSION_APK_SIGNATURE_SCHEME_V4, type SchemeContext,
} from './scheme-context.js';
import { hasErrors, verifySchemeBlock, type SchemeVerifyResult } from './scheme-verify.js';
import { checkV1V2Signers, checkV3PastSigners } from './signer-consistency.js';
import { verifyV1, type TrustedEntryDigests, type V1VerifyResult } from './v1-verify.js';
import { verifyV4 } from './v4-verify.js';

export type SchemeStatus = 'verified' | 'absent' | 'failed' | 'not-checked';
export type VerifiedScheme = 'v1' | 'v2' | 'v3' | 'v3.1' | 'v4' | 'source-stamp';

export interface ApkVerifySigner {
  scheme: VerifiedScheme;
  subject: string;
  certSha256: string;
  keyAlgorithm: string;
  minSdk?: number;
  maxSdk?: number;
}

export interface ApkVerifyResult {
  verified: boolean;
  minSdk: number;
  maxSdk: number;
  schemes: { v1: SchemeStatus; v2: SchemeStatus; v3: SchemeStatus; v31: SchemeStatus; v4: SchemeStatus; sourceStamp: SchemeStatus };
  signers: ApkVerifySigner[];
  issues: Issue[];
}

export interface ApkVerifyOptions {
  minSdk?: number;
  maxSdk?: number;
  /** The v4 signature file (.idsig) beside the APK. */
  idsig?: Uint8Array;
}

interface Run {
  archive: ZipArchive;
  result: ApkVerifyResult;
  found: Set<number>;
  supported: Set<number>;
  block?: SigningBlock;
  decoded?: DecodedSigningBlock;
  digests: (algs: ReadonlySet<ContentDigestAlgorithm>) => Map<ContentDigestAlgorithm, Uint8Array>;
  rotationMinSdkVersion?: number;
  v2?: SchemeVerifyResult;
  v3?: SchemeVerifyResult;
  v31?: SchemeVerifyResult;
  v1?: V1VerifyResult;
  trusted?: TrustedEntryDigests;
}

export function verifyApk(archive: ZipArchive, opts: ApkVerifyOptions = {}): ApkVerifyResult {
  return verify(archive, opts);
}

/**
 * The signer's check of an APK it has just written: verifyApk in full, except that the v1 digests of
 * entries' uncompressed bytes are taken from `v1EntryDigests`, computed while the signer copied them,
 * instead of inflating every entry again, once a v2 or v3 signature has verified.
 *
 * Why that still proves the output right: (1) the v2/v3 content digest is recomputed here from the
 * output as read back (one pass over its bytes, no inflation) and must match the signed one, which the
 * signer computed from the bytes as it wrote them; so the file holds exactly the bytes the signer
 * wrote. (2) The signer wrote each copied entry's compressed bytes from the same reads it inflated,
 * CRC-checked against the central directory and digested (v1-entry-digests.ts), so the trusted digest
 * is the digest of what the output holds. (3) Everything else of v1 is checked as verifyApk checks
 * it, from the output: the PKCS#7 block over the .SF, the .SF over MANIFEST.MF, that MANIFEST.MF
 * names every entry with the digest the signer computed, that no entry is unsigned. Without a verified
 * v2/v3 signature (a v1-only APK) nothing is trusted and every entry is read again.
 */
export function verifySignedOutput(archive: ZipArchive, opts: ApkVerifyOptions, v1EntryDigests?: TrustedEntryDigests): ApkVerifyResult {
  return verify(archive, opts, v1EntryDigests);
}

function verify(archive: ZipArchive, opts: ApkVerifyOptions, trusted?: TrustedEntryDigests): ApkVerifyResult {
  const issues: Issue[] = [];
  const minSdk = opts.minSdk ?? readMinSdkVersion(archive, issues);
  const maxSdk = opts.maxSdk ?? ANY_SDK;
  if (minSdk > maxSdk) throw new UsageError('VERIFY_BAD_SDK_RANGE', `min SDK ${minSdk} is above max SDK ${maxSdk}`);
  const result: ApkVerifyResult = {
    verified: false, minSdk, maxSdk,
    schemes: { v1: 'absent', v2: 'absent', v3: 'absent', v31: 'absent', v4: opts.idsig ? 'not-checked' : 'absent', sourceStamp: 'absent' },
    signers: [], issues,
  };
  const run: Run = { archive, result, found: new Set(), supported: supportedSchemes(maxSdk), digests: () => new Map(), ...(trusted ? { trusted } : {}) };
  issues.push(...checkCaseCollisions(archive));
  readBlock(run);
  run.digests = digestCache(archive, run.block);
  if (!hasErrors(issues)) runSchemes(run, opts);
  if (!hasErrors(issues)) checkSchemeForTargetSdk(run, minSdk);
  result.verified = !hasErrors(issues) && Object.values(result.schemes).some((s) => s === 'verified');
  return result;
}

// Android 11 (R) refuses an APK that targets R or later unless it carries a v2 or newer signature
// (apksig: MIN_SIG_SCHEME_FOR_TARGET_SDK_NOT_MET).
function checkSchemeForTargetSdk(run: Run, minSdk: number): void {
  const { result } = run;
  if (result.maxSdk < AndroidSdkVersion.R) return;
  const target = readTargetSdkVersion(run.archive, minSdk);
  if (target === undefined || target < AndroidSdkVersion.R) return;
  const s = result.schemes;
  if (s.v2 === 'verified' || s.v3 === 'verified' || s.v31 === 'verified') return;
  result.issues.push({
    code: 'APKSIG_V2_REQUIRED_FOR_TARGET_SDK',
    severity: 'error',
    message: `target SDK ${target} requires signature scheme v2 or newer, and the APK has only ${s.v1 === 'verified' ? 'a v1 signature' : 'no verified signature'}`,
    where: 'AndroidManifest.xml',
  });
}

// Names that differ only in case extract onto the same file on case-insensitive file systems; Android
// installs such APKs, so this is a warning (apksigner says nothing).
function checkCaseCollisions(archive: ZipArchive): Issue[] {
  const seen = new Map<string, string>();
  const issues: Issue[] = [];
  for (const e of archive.entries) {
    const key = e.name.toLowerCase();
    const other = seen.get(key);
    if (other !== undefined) issues.push({ code: 'APKSIG_ENTRY_NAMES_DIFFER_IN_CASE', severity: 'warning', message: `entries ${JSON.stringify(other)} and ${JSON.stringify(e.name)} differ only in case`, where: e.name });
    else seen.set(key, e.name);
  }
  return issues;
}

function supportedSchemes(maxSdk: number): Set<number> {
  if (maxSdk >= AndroidSdkVersion.P) return new Set([VERSION_APK_SIGNATURE_SCHEME_V2, VERSION_APK_SIGNATURE_SCHEME_V3]);
  if (maxSdk >= AndroidSdkVersion.N) return new Set([VERSION_APK_SIGNATURE_SCHEME_V2]);
  return new Set();
}

// A block that cannot be located or whose framing is broken counts as absent (apksig: "no APK Signing
// Block"), so stripping protection decides; a scheme pair whose content is broken is a failed scheme.
function readBlock(run: Run): void {
  const { archive, result } = run;
  if (archive.isZip64 || archive.centralDirectoryOffset + archive.centralDirectorySize !== archive.eocdOffset) {
    result.issues.push({ code: 'APKSIG_ZIP_LAYOUT', severity: 'error', message: 'the central directory is not immediately followed by the end of central directory record (or the archive is zip64); Android refuses such APKs', where: 'central directory' });
    return;
  }
  try {
    run.block = findSigningBlock(archive);
  } catch (e) {
    if (!isMamError(e)) throw e;
    result.issues.push({ code: e.code, severity: 'warning', message: `APK Signing Block ignored: ${e.message}`, where: 'APK Signing Block' });
    return;
  }
  if (!run.block) return;
  run.decoded = decodeSigningBlock(run.block);
  const d = run.decoded;
  result.schemes.v2 = d.v2 ? 'not-checked' : 'absent';
  result.schemes.v3 = d.v3 ? 'not-checked' : 'absent';
  result.schemes.v31 = d.v31 ? 'not-checked' : 'absent';
  result.schemes.sourceStamp = d.sourceStamp ? 'not-checked' : 'absent';
  for (const { scheme, error } of d.errors) {
    const key = scheme === 'v3.1' ? 'v31' : scheme === 'source-stamp' ? 'sourceStamp' : scheme;
    if (key !== 'sourceStamp') result.schemes[key] = 'failed';
    result.issues.push({ code: error.code, severity: key === 'sourceStamp' ? 'warning' : 'error', message: `${scheme} block is malformed: ${error.message}`, where: `${scheme} block` });
  }
}

function digestCache(archive: ZipArchive, block: SigningBlock | undefined): Run['digests'] {
  const cache = new Map<ContentDigestAlgorithm, Uint8Array>();
  const blockOffset = block?.offset ?? archive.centralDirectoryOffset;
  return (algs) => {
    const missing = new Set([...algs].filter((a) => !cache.has(a)));
    if (missing.size > 0) {
      const sections = apkSections(archive.source, blockOffset, archive.centralDirectoryOffset, archive.eocdOffset);
      for (const [a, d] of computeContentDigests(sections, missing)) cache.set(a, d);
    }
    return new Map([...algs].map((a) => [a, cache.get(a)!] as const));
  };
}

function runSchemes(run: Run, opts: ApkVerifyOptions): void {
  const { result } = run;
  const { minSdk, maxSdk } = result;
  const d = run.decoded;
  if (maxSdk >= AndroidSdkVersion.N) {
    if (maxSdk >= AndroidSdkVersion.T && d?.v31) {
      run.v31 = runScheme(run, d.v31, Math.max(minSdk, AndroidSdkVersion.T), VERSION_APK_SIGNATURE_SCHEME_V31);
      run.rotationMinSdkVersion = Math.min(...run.v31.signers.map((s) => s.minSdk ?? ANY_SDK));
      if (hasErrors(result.issues)) return;
    }
    if (maxSdk >= AndroidSdkVersion.P) {
      if (d?.v3) run.v3 = runScheme(run, d.v3, Math.max(minSdk, AndroidSdkVersion.P), VERSION_APK_SIGNATURE_SCHEME_V3);
      else if (run.v31) result.issues.push({ code: 'APKSIG_V31_WITHOUT_V3', severity: 'error', message: 'a v3.1 block needs a v3 block beside it, and there is none', where: 'APK Signing Block' });
      if (hasErrors(result.issues)) return;
    }
    if ((minSdk < AndroidSdkVersion.P || run.found.size === 0) && d?.v2) {
      run.v2 = runScheme(run, d.v2, Math.max(minSdk, AndroidSdkVersion.N), VERSION_APK_SIGNATURE_SCHEME_V2);
      if (hasErrors(result.issues)) return;
    }
    if (opts.idsig) {
      runV4(run, opts.idsig);
      if (hasErrors(result.issues)) return;
    }
  }
  if (minSdk < AndroidSdkVersion.N || run.found.size === 0) {
    const trusted = result.schemes.v2 === 'verified' || result.schemes.v3 === 'verified' ? run.trusted : undefined;
    run.v1 = verifyV1(run.archive, { minSdk, maxSdk, supportedSchemeIds: run.supported, foundSchemeIds: run.found }, trusted);
    result.issues.push(...run.v1.issues);
    result.schemes.v1 = run.v1.verified ? 'verified' : run.v1.present ? 'failed' : 'absent';
    if (run.v1.verified) for (const s of run.v1.signers) addSigner(result, 'v1', s.certificate);
    if (hasErrors(result.issues)) return;
  } else if (run.archive.getEntry('META-INF/MANIFEST.MF')) {
    result.schemes.v1 = 'not-checked';
  }
  crossCheck(run);
}

function runScheme(run: Run, block: SchemeBlock, minSdk: number, id: number): SchemeVerifyResult {
  const { result } = run;
  const ctx: SchemeContext = {
    minSdk, maxSdk: result.maxSdk, supportedSchemeIds: run.supported, foundSchemeIds: run.found,
    rotationMinSdkVersion: run.rotationMinSdkVersion, contentDigests: run.digests,
  };
  const r = verifySchemeBlock(block, { blockOffset: run.block!.offset, blockSize: run.archive.centralDirectoryOffset - run.block!.offset }, ctx);
  run.found.add(id);
  result.issues.push(...r.issues);
  const key = block.scheme === 'v3.1' ? 'v31' : block.scheme;
  result.schemes[key] = r.verified ? 'verified' : 'failed';
  if (r.verified) for (const s of r.signers) addSigner(result, block.scheme, s.certificates[0]!, s.minSdk, s.maxSdk);
  return r;
}

function runV4(run: Run, idsig: Uint8Array): void {
  const r = verifyV4({ source: run.archive.source, idsig, scheme: run.v3?.verified ? run.v3 : run.v2, v31: run.v31, contentDigests: run.digests });
  run.found.add(VERSION_APK_SIGNATURE_SCHEME_V4);
  run.result.issues.push(...r.issues);
  run.result.schemes.v4 = r.verified ? 'verified' : 'failed';
  if (r.verified) for (const c of r.certificates) addSigner(run.result, 'v4', c);
}

function crossCheck(run: Run): void {
  const v1 = run.v1?.verified ? run.v1.signers.map((s) => s.certificate) : undefined;
  const v2 = run.v2?.verified ? run.v2.signers.map((s) => s.certificates[0]!) : undefined;
  if (v1 && v2) run.result.issues.push(...checkV1V2Signers(v1, v2));
  if (run.v3?.verified && (v1 || v2)) run.result.issues.push(...checkV3PastSigners(run.v3.signers, (v1 ?? v2)!));
}

function addSigner(result: ApkVerifyResult, scheme: VerifiedScheme, der: Uint8Array, minSdk?: number, maxSdk?: number): void {
  try {
    const c = describeCertificate(der);
    result.signers.push({ scheme, subject: c.subject, certSha256: c.sha256, keyAlgorithm: c.publicKeyAlgorithm, ...(minSdk !== undefined ? { minSdk } : {}), ...(maxSdk !== undefined ? { maxSdk } : {}) });
  } catch (e) {
    if (!isMamError(e)) throw e;
    result.issues.push({ code: e.code, severity: 'warning', message: `${scheme} signer certificate cannot be described: ${e.message}`, where: `${scheme} signer` });
  }
}
