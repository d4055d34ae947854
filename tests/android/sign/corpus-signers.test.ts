// The signers and schemes readApkSignatureSummary reports for every corpus APK, compared with
// apksigner (what it verifies and prints), openssl (v1 signature block certificates and algorithms)
// and androguard (v2/v3 certificates, APK Signing Block pair IDs). Nothing here is compared with our
// own earlier output.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileSource } from '../../../src/core/data-source.js';
import { openZip } from '../../../src/container/zip-reader.js';
import type { ZipArchive } from '../../../src/container/zip-types.js';
import { entrySectionsByName, sectionBytes } from '../../../src/android/sign/jar-manifest.js';
import { readV1Signatures } from '../../../src/android/sign/jar-signature.js';
import { readApkSignatureSummary, type ApkSignatureSummary, type SignatureSchemeName } from '../../../src/android/sign/signature-summary.js';
import { findSigningBlock, serializeSigningBlock, APK_SIGNATURE_SCHEME_V31_BLOCK_ID } from '../../../src/android/sign/signing-block.js';
import { corpusFiles, corpusPresent, havePythonModules, missingTools, skipNotice } from '../../helpers/env.js';
import { androguardFacts, apksignerVerify, mapLimit, opensslPkcs7CertSha256, opensslSignerInfoAlgorithms, sha256Hex, shortName, type AndroguardFacts, type ApksignerResult } from './oracles.js';

const APKS = corpusPresent('APK signature readers vs corpus') ? corpusFiles('android', '.apk') : [];
const noApksigner = missingTools('APK signer certificates vs apksigner', 'apksigner');
const noOpenssl = missingTools('v1 certificates vs openssl', 'openssl');
const noAndroguard = !havePythonModules('androguard');
if (noAndroguard) skipNotice('v2/v3 certificates vs androguard', '/usr/bin/python3 cannot import androguard');

function withArchive<T>(file: string, fn: (z: ZipArchive, src: FileSource) => T): T {
  const src = FileSource.open(file);
  try {
    return fn(openZip(src), src);
  } finally {
    src.close();
  }
}

const summaries = new Map<string, ApkSignatureSummary>();
function summary(file: string): ApkSignatureSummary {
  let s = summaries.get(file);
  if (!s) {
    s = withArchive(file, (z) => readApkSignatureSummary(z));
    summaries.set(file, s);
  }
  return s;
}

function certs(s: ApkSignatureSummary, scheme: SignatureSchemeName): string[] {
  return s.signers.filter((x) => x.scheme === scheme).map((x) => x.certSha256);
}

const JAR_DIGESTS: Record<string, string> = { 'SHA1': 'sha1', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512', 'MD5': 'md5' };

/**
 * What apksigner requires of each .SF before it accepts a v1 signature (apksig V1SchemeVerifier): the
 * whole-manifest digest matches, or else the main-section digest and every entry-section digest match.
 * Recomputed over the exact bytes our manifest parser delimits; returns the signers that fail.
 */
function sfDigestFailures(z: ZipArchive): string[] {
  const v1 = readV1Signatures(z);
  const manifest = v1.manifest!;
  const sections = entrySectionsByName(manifest);
  const matches = (attrName: string, suffix: string, value: string, bytes: Uint8Array): boolean | undefined => {
    const alg = JAR_DIGESTS[attrName.slice(0, -suffix.length)];
    return alg === undefined ? undefined : createHash(alg).update(bytes).digest('base64') === value;
  };
  const failures: string[] = [];
  for (const signer of v1.signers) {
    const sf = signer.signatureFile;
    const whole = sf.main.attributes.filter((a) => a.name.endsWith('-Digest-Manifest')).map((a) => matches(a.name, '-Digest-Manifest', a.value, manifest.bytes));
    if (whole.includes(true)) continue;
    const main = sf.main.attributes
      .filter((a) => a.name.endsWith('-Digest-Manifest-Main-Attributes'))
      .map((a) => matches(a.name, '-Digest-Manifest-Main-Attributes', a.value, sectionBytes(manifest, manifest.main)));
    const entries = sf.entries.flatMap((e) => {
      const section = sections.get(e.name!);
      return e.attributes.filter((a) => a.name.endsWith('-Digest')).map((a) => section !== undefined && matches(a.name, '-Digest', a.value, sectionBytes(manifest, section)));
    });
    if (main.includes(false) || entries.includes(false)) failures.push(signer.signatureFileEntry);
  }
  return failures;
}

function hasV31Block(file: string): boolean {
  return withArchive(file, (z) => findSigningBlock(z)?.pairs.some((p) => p.id === APK_SIGNATURE_SCHEME_V31_BLOCK_ID) ?? false);
}

describe.skipIf(APKS.length === 0)('APK signature readers on the corpus', () => {
  it('finds the corpus APKs', () => expect(APKS.length).toBeGreaterThanOrEqual(25));

  it.each(APKS.map((f) => [shortName(f), f]))('%s: reads without errors and the signing block round-trips', (_n, file) => {
    const s = summary(file);
    expect(s.issues.filter((i) => i.severity === 'error')).toEqual([]);
    withArchive(file, (z, src) => {
      const block = findSigningBlock(z);
      if (!block) return;
      const stored = src.read(block.offset, z.centralDirectoryOffset - block.offset);
      expect(Buffer.from(serializeSigningBlock(block.pairs)).equals(Buffer.from(stored))).toBe(true);
    });
  });

  describe.skipIf(noApksigner)('vs apksigner verify --print-certs', () => {
    const results = new Map<string, ApksignerResult>();
    beforeAll(async () => {
      const rs = await mapLimit(APKS, 3, (f) => apksignerVerify(f));
      APKS.forEach((f, i) => results.set(f, rs[i]!));
    });

    it.each(APKS.map((f) => [shortName(f), f]))('%s', (_n, file) => {
      const a = results.get(file)!;
      const s = summary(file);
      if (!a.verifies) {
        expect(a.signerSha256, 'apksigner printed signers for a rejected APK').toEqual([]);
        return;
      }
      const v31 = hasV31Block(file);
      expect(s.schemes.v1, 'v1 presence').toBe(a.verified.v1);
      expect(s.schemes.v2, 'v2 presence').toBe(a.verified.v2);
      // apksigner 31 predates v3.1: with a v3.1 block its v3 check fails (see corpus SOURCES.md).
      if (!v31) expect(s.schemes.v3, 'v3 presence').toBe(a.verified.v3);
      expect(s.schemes.sourceStamp, 'source stamp presence').toBe(a.verified.stamp);
      const printedScheme: SignatureSchemeName = a.verified.v3 ? 'v3' : a.verified.v2 ? 'v2' : 'v1';
      expect([...certs(s, printedScheme)].sort()).toEqual([...a.signerSha256].sort());
      const described = a.signerSha256.map((sha) => s.signers.find((x) => x.scheme === printedScheme && x.certSha256 === sha)!);
      expect(described.map((x) => x.subject)).toEqual(a.signerDn);
      expect(described.map((x) => x.keyAlgorithm)).toEqual(a.signerKeyAlgorithm);
      if (a.stampSha256) expect(certs(s, 'source-stamp')).toEqual([a.stampSha256]);
      // apksigner checked the .SF digests of MANIFEST.MF: they must hold over the bytes we delimit.
      if (a.verified.v1) expect(withArchive(file, sfDigestFailures)).toEqual([]);
    });
  });

  describe.skipIf(noOpenssl)('v1 signature blocks vs openssl', () => {
    const v1Files = APKS.filter((f) => summary(f).schemes.v1);
    it('covers the v1-signed APKs', () => expect(v1Files.length).toBeGreaterThanOrEqual(15));

    it.each(v1Files.map((f) => [shortName(f), f]))('%s', (_n, file) => {
      withArchive(file, (z) => {
        const v1 = readV1Signatures(z);
        expect(v1.signers.length).toBeGreaterThan(0);
        for (const signer of v1.signers) {
          const der = z.readEntry(signer.blockEntry);
          const expected = opensslPkcs7CertSha256(der);
          expect(signer.block.certificates.map(sha256Hex)).toEqual(expected);
          expect(expected).toContain(sha256Hex(signer.certificate!));
          const algs = opensslSignerInfoAlgorithms(der);
          expect(signer.block.signerInfos.map((i) => ({ digest: i.digestAlgorithmOid, signature: i.signatureAlgorithmOid }))).toEqual(algs);
        }
        expect([...certs(summary(file), 'v1')].sort()).toEqual(v1.signers.map((x) => sha256Hex(x.certificate!)).sort());
      });
    });
  });

  describe.skipIf(noAndroguard)('v2/v3 certificates and block IDs vs androguard', () => {
    let facts = new Map<string, AndroguardFacts>();
    beforeAll(() => {
      facts = androguardFacts(APKS);
    });

    it.each(APKS.map((f) => [shortName(f), f]))('%s', (_n, file) => {
      const g = facts.get(file)!;
      const s = summary(file);
      expect(certs(s, 'v2')).toEqual(g.v2Sha256);
      expect(certs(s, 'v3')).toEqual(g.v3Sha256);
      const ids = withArchive(file, (z) => findSigningBlock(z)?.pairs.map((p) => p.id) ?? []);
      expect([...new Set(ids)].sort((a, b) => a - b)).toEqual(g.blockIds);
      expect(s.schemes.v31).toBe(g.blockIds.includes(APK_SIGNATURE_SCHEME_V31_BLOCK_ID));
    });
  });
});
