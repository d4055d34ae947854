// `mam verify` and `apksigner verify` must agree on damaged copies of signed APKs (v1-only, v2-only,
// v1+v2, v1+v2+v3, EC-signed, two signers): a byte of an entry's compressed data, an entry's CRC or
// name byte in the central directory, a byte inside the newest scheme's signed data, the APK Signing
// Block removed (stripping protection must reject v1+v2 APKs), the v3 block removed (v2's stripping
// protection must reject), an entry appended with Python's zipfile, an entry deleted with `zip -d`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, corpusPresent, FIXTURES, missingTools, SYSTEM_PYTHON } from '../../helpers/env.js';
import { apksignerVerifyAll, type ApksignerJob, type ApksignerVerdict } from './apksigner-oracle.js';
import { DAMAGES, damage } from './damage.js';
import { describeVerdict, mamVerify } from './mam-verdict.js';

const skip = missingTools('damaged APK agreement', 'apksigner', 'zip', SYSTEM_PYTHON) || !corpusPresent('damaged APK agreement');

/** name → [path, forced min SDK] */
const SUBJECTS: [string, string, number | undefined][] = [
  ['v1-only', join(CORPUS, 'android', 'uber-apk-signer-app-third-v1.apk'), undefined],
  ['v2-only', join(CORPUS, 'android', 'fdroid-v2.only.sig_2.apk'), undefined],
  ['v1v2', join(CORPUS, 'android', 'androguard-TestActivity_signed_both.apk'), undefined],
  ['v1v2v3', join(CORPUS, 'android', 'fdroid-apk.embedded_1.apk'), undefined],
  ['v1v2v3-fixture', join(FIXTURES, 'android', 'sample.apk'), undefined],
  ['ec-v2-only', join(CORPUS, 'android', 'apksig-v2-only-with-ecdsa-sha256-p256.apk'), 24],
  ['rsa-ec-two-signers', join(CORPUS, 'android', 'apksig-two-signers.apk'), undefined],
];

describe.skipIf(skip)('mam verify agrees with apksigner verify on damaged APKs', () => {
  let dir = '';
  let jobs: (ApksignerJob & { label: string })[] = [];
  let oracle: ApksignerVerdict[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mam-verify-damage-'));
    for (const [name, apk, minSdk] of SUBJECTS) {
      jobs.push({ apk, minSdk, label: `${name} (intact)` });
      for (const kind of DAMAGES) {
        const copy = damage(apk, kind, dir, name);
        if (copy) jobs.push({ apk: copy, minSdk, label: `${name} ${kind}` });
      }
    }
    oracle = await apksignerVerifyAll(jobs);
  }, 120_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same verdict on every damaged copy', () => {
    const rows = jobs.map((job, i) => {
      const ours = mamVerify(job.apk, { minSdk: job.minSdk });
      return { label: job.label, apksigner: oracle[i]!.verifies, mam: ours.verifies, detail: describeVerdict(ours), theirs: /^ERROR: (.*)$/m.exec(oracle[i]!.output)?.[1]?.slice(0, 140) ?? '' };
    });
    const agreed = rows.filter((r) => r.apksigner === r.mam).length;
    console.log(`apksigner agreement (damaged): ${agreed}/${rows.length} (${rows.filter((r) => !r.apksigner).length} rejected by apksigner)`);
    expect(rows.filter((r) => r.apksigner !== r.mam).map((r) => `${r.label}: apksigner ${r.apksigner} (${r.theirs}) mam ${r.detail}`)).toEqual([]);
    // Every damage applies to at least the v1+v2 subject, and every damaged copy is rejected.
    expect(rows.filter((r) => !r.label.endsWith('(intact)') && r.mam)).toEqual([]);
  });

  it('rejects a v1+v2 APK whose signing block was removed through stripping protection', () => {
    const copy = join(dir, 'v1v2--block-removed.apk');
    const v = mamVerify(copy);
    expect(v.result?.issues.map((i) => i.code)).toContain('APKSIG_STRIPPED_SCHEME');
  });

  it('rejects a v1+v2+v3 APK whose v3 block was removed through v2 stripping protection', () => {
    const v = mamVerify(join(dir, 'v1v2v3--v3-removed.apk'));
    expect(v.result?.issues).toContainEqual(expect.objectContaining({ code: 'APKSIG_STRIPPED_SCHEME', where: 'v2 signer #1' }));
  });

  it('names the entry added after signing', () => {
    const v = mamVerify(join(dir, 'v1-only--entry-added.apk'));
    expect(v.result?.issues).toContainEqual(expect.objectContaining({ code: 'APKSIG_V1_ENTRY_NOT_IN_MANIFEST', where: 'assets/added-after-signing.txt' }));
  });

  it('reports a changed entry of a v2-only APK as APKSIG_V2_DIGEST_MISMATCH and of a v1-only APK as APKSIG_V1_DIGEST_MISMATCH', () => {
    expect(mamVerify(join(dir, 'v2-only--entry-data.apk')).result?.issues.map((i) => i.code)).toContain('APKSIG_V2_DIGEST_MISMATCH');
    expect(mamVerify(join(dir, 'v1-only--entry-data.apk')).result?.issues.map((i) => i.code)).toContain('APKSIG_V1_DIGEST_MISMATCH');
  });

  it.each(['v2-only', 'v1v2v3'])('reports a changed byte of %s signed data as an invalid signature or malformed block', (name) => {
    const v = mamVerify(join(dir, `${name}--signed-data.apk`));
    expect(basename(v.result ? 'ok' : 'malformed')).toBe('ok');
    expect(v.result!.issues.some((i) => /SIGNATURE_INVALID|MALFORMED|APKSIG_(LENGTH_OVERRUN|TRUNCATED)|X509/.test(i.code))).toBe(true);
  });
});
