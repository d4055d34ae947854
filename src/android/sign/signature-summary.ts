// What `mam inspect` shows about an APK's signatures: which schemes are PRESENT and which certificates
// they name. Nothing is verified here (no digest, no signature, no lineage check): "present" means the
// structure exists and parses. Verification is the verifier's job (src/android/sign/verify-*.ts).

import { isMamError, type Issue } from '../../core/errors.js';
import { describeCertificate } from '../../core/x509.js';
import type { ZipArchive } from '../../container/zip-types.js';
import { readV1Signatures } from './jar-signature.js';
import type { SchemeBlock } from './scheme-block.js';
import { decodeSigningBlock, type DecodedSigningBlock } from './signing-block-schemes.js';
import { findSigningBlock } from './signing-block.js';
import { parseV4SignatureFile } from './v4-signature.js';

export type SignatureSchemeName = 'v1' | 'v2' | 'v3' | 'v3.1' | 'v4' | 'source-stamp';

export interface SignerSummary {
  scheme: SignatureSchemeName;
  subject: string;
  certSha256: string;
  certSha1: string;
  keyAlgorithm: string;
  minSdk?: number;
  maxSdk?: number;
}

export interface ApkSignatureSummary {
  /** Presence of each scheme's signature structures (NOT verified). */
  schemes: { v1: boolean; v2: boolean; v3: boolean; v31: boolean; v4: boolean; sourceStamp: boolean };
  /** Certificates as the signatures claim them (NOT verified). */
  signers: SignerSummary[];
  issues: Issue[];
}

export function readApkSignatureSummary(archive: ZipArchive, opts: { idsig?: Uint8Array } = {}): ApkSignatureSummary {
  const issues: Issue[] = [];
  const signers: SignerSummary[] = [];
  const schemes = { v1: false, v2: false, v3: false, v31: false, v4: false, sourceStamp: false };

  const v1 = readV1Signatures(archive);
  issues.push(...v1.issues);
  for (const s of v1.signers) {
    schemes.v1 = true;
    if (s.certificate) addSigner(signers, issues, 'v1', s.certificate, s.blockEntry);
  }

  const decoded = readSigningBlock(archive, issues);
  if (decoded) {
    schemes.v2 = addSchemeSigners(signers, issues, decoded.v2);
    schemes.v3 = addSchemeSigners(signers, issues, decoded.v3);
    schemes.v31 = addSchemeSigners(signers, issues, decoded.v31);
    if (decoded.sourceStamp) {
      schemes.sourceStamp = true;
      addSigner(signers, issues, 'source-stamp', decoded.sourceStamp.certificate, 'source stamp');
    }
    for (const { scheme, error } of decoded.errors) issues.push({ code: error.code, severity: 'error', message: error.message, where: `${scheme} block` });
  }

  if (opts.idsig) {
    try {
      const v4 = parseV4SignatureFile(opts.idsig);
      schemes.v4 = true;
      addSigner(signers, issues, 'v4', v4.signingInfo.certificate, 'v4 signature file');
    } catch (e) {
      if (!isMamError(e)) throw e;
      issues.push({ code: e.code, severity: 'error', message: e.message, where: 'v4 signature file' });
    }
  }
  return { schemes, signers, issues };
}

function readSigningBlock(archive: ZipArchive, issues: Issue[]): DecodedSigningBlock | undefined {
  try {
    const block = findSigningBlock(archive);
    return block && decodeSigningBlock(block);
  } catch (e) {
    if (!isMamError(e)) throw e;
    issues.push({ code: e.code, severity: 'error', message: e.message, where: 'APK Signing Block' });
    return undefined;
  }
}

function addSchemeSigners(out: SignerSummary[], issues: Issue[], block: SchemeBlock | undefined): boolean {
  if (!block) return false;
  for (const [i, s] of block.signers.entries()) {
    const cert = s.signedData.certificates[0];
    const where = `${block.scheme} signer #${i + 1}`;
    if (!cert) {
      issues.push({ code: 'APKSIG_NO_CERTIFICATES', severity: 'error', message: `${where} lists no certificates`, where });
      continue;
    }
    addSigner(out, issues, block.scheme, cert, where, s.minSdkVersion, s.maxSdkVersion);
  }
  return true;
}

function addSigner(out: SignerSummary[], issues: Issue[], scheme: SignatureSchemeName, der: Uint8Array, where: string, minSdk?: number, maxSdk?: number): void {
  try {
    const facts = describeCertificate(der);
    out.push({
      scheme,
      subject: facts.subject,
      certSha256: facts.sha256,
      certSha1: facts.sha1,
      keyAlgorithm: facts.publicKeyAlgorithm,
      ...(minSdk !== undefined ? { minSdk } : {}),
      ...(maxSdk !== undefined ? { maxSdk } : {}),
    });
  } catch (e) {
    if (!isMamError(e)) throw e;
    issues.push({ code: e.code, severity: 'error', message: `${where}: ${e.message}`, where });
  }
}
