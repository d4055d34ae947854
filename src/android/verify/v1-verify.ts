// JAR signature (v1) verification of an APK ("JAR File Specification", "Signed JAR File"; Android's
// rules as apksig's V1SchemeVerifier applies them): every signer's block and .SF verified
// (v1-signer-check.ts), then every entry that is not a directory or a META-INF signature file must have
// a MANIFEST.MF section with a matching digest of its uncompressed data and be named by the .SF of
// every signer alike. Entry data is digested streaming.

import { createHash, type Hash } from 'node:crypto';
import { isMamError, type Issue } from '../../core/errors.js';
import type { ZipArchive } from '../../container/zip-types.js';
import type { JarManifest, ManifestSection } from '../sign/jar-manifest.js';
import { isJarSignatureFile, readV1Signatures, MANIFEST_ENTRY_NAME } from '../sign/jar-signature.js';
import { digestsToVerify, type JarDigestAlgorithm, type NamedDigest } from './v1-digests.js';
import { checkV1Signer, type CheckedV1Signer, type V1Context } from './v1-signer-check.js';

export interface V1VerifyResult {
  verified: boolean;
  /** False when the APK has no JAR signature files at all. */
  present: boolean;
  signers: CheckedV1Signer[];
  issues: Issue[];
}

/**
 * Digests of entries' uncompressed bytes that the caller vouches for (the signer's self-check, see
 * verifySignedOutput): an entry found here is compared without being read. `mam verify` never
 * passes any.
 */
export interface TrustedEntryDigests {
  hash: JarDigestAlgorithm;
  digests: ReadonlyMap<string, Uint8Array>;
}

export function verifyV1(archive: ZipArchive, ctx: V1Context, trusted?: TrustedEntryDigests): V1VerifyResult {
  const read = readV1Signatures(archive);
  const issues: Issue[] = read.issues.map((i) => ({ ...i }));
  const present = read.signers.length > 0 || read.manifest !== undefined;
  const done = (signers: CheckedV1Signer[] = []): V1VerifyResult => ({ verified: signers.length > 0 && !issues.some((i) => i.severity === 'error'), present, signers, issues });
  if (!read.manifest) {
    issues.push({ code: read.signers.length ? 'APKSIG_V1_NO_MANIFEST' : 'APKSIG_NO_SIGNATURES', severity: 'error', message: `${MANIFEST_ENTRY_NAME} is missing${read.signers.length ? '' : ': the APK is not signed'}`, where: MANIFEST_ENTRY_NAME });
    return done();
  }
  if (read.signers.length === 0) {
    issues.push({ code: 'APKSIG_NO_SIGNATURES', severity: 'error', message: 'no JAR signatures (no META-INF/*.RSA, *.DSA or *.EC with its .SF)', where: 'META-INF/' });
    return done();
  }
  if (issues.some((i) => i.severity === 'error')) return done();
  const manifest = read.manifest;
  const sections = manifestSections(manifest, issues);
  const signers: CheckedV1Signer[] = [];
  for (const s of read.signers) {
    const checked = checkV1Signer(s, manifest, ctx, issues);
    if (checked) signers.push(checked);
  }
  if (issues.some((i) => i.severity === 'error')) return done();
  checkEntries(archive, sections, signers, ctx, issues, trusted);
  return done(signers);
}

function manifestSections(manifest: JarManifest, issues: Issue[]): Map<string, ManifestSection> {
  const out = new Map<string, ManifestSection>();
  for (const s of manifest.entries) {
    if (s.name === undefined) {
      issues.push({ code: 'APKSIG_V1_UNNAMED_MANIFEST_SECTION', severity: 'error', message: `${MANIFEST_ENTRY_NAME} has a section without a Name at offset ${s.offset}`, where: MANIFEST_ENTRY_NAME });
    } else if (out.has(s.name)) {
      issues.push({ code: 'APKSIG_V1_DUPLICATE_MANIFEST_SECTION', severity: 'error', message: `${MANIFEST_ENTRY_NAME} has two sections for ${s.name}`, where: s.name });
    } else out.set(s.name, s);
  }
  return out;
}

/** Entries whose digest the manifest must hold: not directories, not META-INF signature files. */
export function isJarEntryDigestNeeded(name: string): boolean {
  return !name.endsWith('/') && !isJarSignatureFile(name);
}

function checkEntries(archive: ZipArchive, sections: Map<string, ManifestSection>, signers: CheckedV1Signer[], ctx: V1Context, issues: Issue[], trusted?: TrustedEntryDigests): void {
  const error = (code: string, where: string, message: string): void => void issues.push({ code, severity: 'error', message, where });
  const unreferenced = new Set(sections.keys());
  let firstSigners: string | undefined;
  for (const entry of archive.entries) {
    unreferenced.delete(entry.name);
    if (!isJarEntryDigestNeeded(entry.name)) continue;
    const section = sections.get(entry.name);
    if (!section) {
      error('APKSIG_V1_ENTRY_NOT_IN_MANIFEST', entry.name, `no digest for ${entry.name} in ${MANIFEST_ENTRY_NAME} (added after signing?)`);
      continue;
    }
    const entrySigners = signers.filter((s) => s.entryNames.has(entry.name)).map((s) => s.name).join(',');
    if (!entrySigners) {
      error('APKSIG_V1_ENTRY_NOT_SIGNED', entry.name, `${entry.name} is not named by any signer's .SF file`);
      continue;
    }
    firstSigners ??= entrySigners;
    if (entrySigners !== firstSigners) {
      error('APKSIG_V1_ENTRY_SIGNERS_MISMATCH', entry.name, `${entry.name} is signed by ${entrySigners}, other entries by ${firstSigners}`);
      continue;
    }
    const expected = digestsToVerify(section, '-Digest', ctx.minSdk, ctx.maxSdk);
    if (expected.length === 0) {
      error('APKSIG_V1_NO_ENTRY_DIGEST', entry.name, `${MANIFEST_ENTRY_NAME} has no digest of ${entry.name} usable on API levels ${ctx.minSdk}+`);
      continue;
    }
    checkEntryDigests(archive, entry, expected, issues, trusted);
  }
  if (firstSigners === undefined) error('APKSIG_V1_NO_SIGNED_ENTRIES', MANIFEST_ENTRY_NAME, 'no entry is signed');
  for (const name of unreferenced) {
    error('APKSIG_V1_MANIFEST_ENTRY_MISSING', name, `${MANIFEST_ENTRY_NAME} names ${name}, which is not in the APK`);
  }
}

function checkEntryDigests(archive: ZipArchive, entry: ZipArchive['entries'][number], expected: NamedDigest[], issues: Issue[], trusted?: TrustedEntryDigests): void {
  const known = trusted?.digests.get(entry.name);
  if (known && expected.every((d) => d.algorithm === trusted!.hash)) {
    compareEntryDigests(entry.name, expected, expected.map(() => Buffer.from(known)), issues);
    return;
  }
  const hashes: Hash[] = expected.map((d) => createHash(d.algorithm));
  try {
    archive.streamEntry(entry, (chunk) => hashes.forEach((h) => h.update(chunk)));
  } catch (e) {
    if (!isMamError(e)) throw e;
    issues.push({ code: 'APKSIG_V1_DIGEST_MISMATCH', severity: 'error', message: `${entry.name} cannot be read for its digest: [${e.code}] ${e.message}`, where: entry.name });
    return;
  }
  compareEntryDigests(entry.name, expected, hashes.map((h) => h.digest()), issues);
}

function compareEntryDigests(name: string, expected: NamedDigest[], actuals: Buffer[], issues: Issue[]): void {
  expected.forEach((d, i) => {
    const actual = actuals[i]!;
    if (Buffer.compare(actual, Buffer.from(d.digest)) !== 0) {
      issues.push({
        code: 'APKSIG_V1_DIGEST_MISMATCH',
        severity: 'error',
        message: `${d.attribute} of ${name} is ${actual.toString('base64')}, ${MANIFEST_ENTRY_NAME} says ${Buffer.from(d.digest).toString('base64')}`,
        where: name,
      });
    }
  });
}
