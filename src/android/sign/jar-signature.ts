// v1 (JAR) signatures of an APK ("JAR File Specification", "Signed JAR File"), found and paired as
// apksigner does (apksig V1SchemeVerifier / V1SchemeSigner): a signer is a signature block file
// META-INF/<name>.RSA|.DSA|.EC with its META-INF/<name>.SF; MANIFEST.MF is shared. Reading only:
// nothing here checks a digest or a signature.

import type { Issue } from '../../core/errors.js';
import { isMamError } from '../../core/errors.js';
import type { ZipArchive } from '../../container/zip-types.js';
import { parseJarManifest, type JarManifest } from './jar-manifest.js';
import { findSignerCertificate, parsePkcs7SignedData, type Pkcs7SignedData, type Pkcs7SignerInfo } from './pkcs7-signed-data.js';

export const META_INF = 'META-INF/';
export const MANIFEST_ENTRY_NAME = 'META-INF/MANIFEST.MF';
export const SIGNATURE_BLOCK_EXTENSIONS = ['.RSA', '.DSA', '.EC'] as const;

/** Largest META-INF signature file we read into memory. */
const MAX_SIGNATURE_FILE_BYTES = 64 << 20;

/**
 * True for the META-INF entries that v1 signing owns and that re-signing replaces: MANIFEST.MF, *.SF,
 * *.RSA, *.DSA, *.EC and SIG-*, directly in META-INF/, compared case-insensitively (apksig
 * V1SchemeSigner.isJarEntryDigestNeededInManifest returns false for exactly these). Other META-INF
 * content (services/, *.version, *.kotlin_module, com/android/build/gradle/app-metadata.properties)
 * is ordinary app content covered by the manifest.
 */
export function isJarSignatureFile(name: string): boolean {
  if (!name.startsWith(META_INF) || name.endsWith('/')) return false;
  const file = name.slice(META_INF.length);
  if (file.includes('/')) return false;
  const lower = file.toLowerCase();
  return lower === 'manifest.mf' || lower.endsWith('.sf') || lower.endsWith('.rsa') || lower.endsWith('.dsa') || lower.endsWith('.ec') || lower.startsWith('sig-');
}

/** A signature block file as apksigner's verifier recognises it (case-sensitive extensions). */
export function isSignatureBlockFile(name: string): boolean {
  return name.startsWith(META_INF) && SIGNATURE_BLOCK_EXTENSIONS.some((ext) => name.endsWith(ext));
}

export interface V1SignerFiles {
  /** Block file name without "META-INF/", as apksigner names the signer ("CERT.RSA"). */
  name: string;
  blockEntry: string;
  signatureFileEntry: string;
}

/** Pairs signature block files with their .SF files; blocks without a .SF become issues. */
export function pairV1SignerFiles(entryNames: readonly string[]): { signers: V1SignerFiles[]; issues: Issue[] } {
  const names = new Set(entryNames);
  const signers: V1SignerFiles[] = [];
  const issues: Issue[] = [];
  for (const blockEntry of entryNames) {
    if (!isSignatureBlockFile(blockEntry)) continue;
    const signatureFileEntry = blockEntry.slice(0, blockEntry.lastIndexOf('.')) + '.SF';
    if (!names.has(signatureFileEntry)) {
      issues.push({ code: 'APKSIG_V1_MISSING_SIGNATURE_FILE', severity: 'warning', message: `${blockEntry} has no ${signatureFileEntry}`, where: blockEntry });
      continue;
    }
    signers.push({ name: blockEntry.slice(META_INF.length), blockEntry, signatureFileEntry });
  }
  return { signers, issues };
}

export interface V1Signer extends V1SignerFiles {
  signatureFile: JarManifest;
  block: Pkcs7SignedData;
  signerInfo?: Pkcs7SignerInfo;
  /** The certificate the first SignerInfo names, when the block contains it. */
  certificate?: Uint8Array;
}

export interface V1Signatures {
  manifest?: JarManifest;
  signers: V1Signer[];
  issues: Issue[];
}

/** Reads MANIFEST.MF and every v1 signer's .SF and block file (parsing only, no verification). */
export function readV1Signatures(archive: ZipArchive): V1Signatures {
  const names = archive.entries.map((e) => e.name);
  const { signers: files, issues } = pairV1SignerFiles(names);
  const manifestEntry = archive.getEntry(MANIFEST_ENTRY_NAME);
  const manifest = manifestEntry ? parseJarManifest(archive.readEntry(manifestEntry, MAX_SIGNATURE_FILE_BYTES)) : undefined;
  if (!manifest && files.length > 0) {
    issues.push({ code: 'APKSIG_V1_MISSING_MANIFEST', severity: 'error', message: `${MANIFEST_ENTRY_NAME} is missing but ${files.length} JAR signer(s) exist`, where: MANIFEST_ENTRY_NAME });
  }
  const signers: V1Signer[] = [];
  for (const f of files) {
    try {
      signers.push(readV1Signer(archive, f, issues));
    } catch (e) {
      if (!isMamError(e)) throw e;
      issues.push({ code: e.code, severity: 'error', message: e.message, where: f.blockEntry });
    }
  }
  return { manifest, signers, issues };
}

function readV1Signer(archive: ZipArchive, f: V1SignerFiles, issues: Issue[]): V1Signer {
  const signatureFile = parseJarManifest(archive.readEntry(f.signatureFileEntry, MAX_SIGNATURE_FILE_BYTES));
  const block = parsePkcs7SignedData(archive.readEntry(f.blockEntry, MAX_SIGNATURE_FILE_BYTES), f.blockEntry);
  const signerInfo = block.signerInfos[0];
  const certificate = signerInfo ? findSignerCertificate(block, signerInfo) : undefined;
  if (!signerInfo) issues.push({ code: 'APKSIG_V1_NO_SIGNER_INFO', severity: 'error', message: `${f.blockEntry} has no SignerInfo`, where: f.blockEntry });
  else if (!certificate) issues.push({ code: 'APKSIG_V1_SIGNER_CERT_MISSING', severity: 'error', message: `${f.blockEntry} does not contain the certificate its SignerInfo names`, where: f.blockEntry });
  return { ...f, signatureFile, block, signerInfo, certificate };
}
