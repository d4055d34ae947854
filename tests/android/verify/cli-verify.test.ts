// `mam verify` through the built CLI: exit 0 when apksigner verifies, 6 when it rejects (issues shown,
// no stack trace), 3 for a file that is not an APK, 2 for a bad option.
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPath } from '../../../src/pipeline/verify-apk.js';
import { CORPUS, corpusFiles, corpusPresent, FIXTURES, missingTools, runMam, runStatus } from '../../helpers/env.js';

const skip = missingTools('mam verify CLI', 'apksigner');
const dir = mkdtempSync(join(tmpdir(), 'mam-verify-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(skip)('mam verify (CLI)', () => {
  it.each(['sample.apk', 'sample-unsigned.apk', 'sample-v2v3.apk'])('exits as apksigner decides on fixtures/android/%s', (name) => {
    const apk = join(FIXTURES, 'android', name);
    const oracle = runStatus('apksigner', ['verify', apk]).status === 0;
    const r = runMam(['verify', apk]);
    expect(r.status).toBe(oracle ? 0 : 6);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    if (!oracle) expect(r.stdout).toMatch(/error\[APKSIG_NO_SIGNATURES\]/);
    else expect(r.stdout).toMatch(/verified schemes: .*v2/);
  });

  it('prints each signer with the SHA-256 apksigner prints, and JSON with --json', () => {
    const apk = join(FIXTURES, 'android', 'sample.apk');
    const digest = /certificate SHA-256 digest: ([0-9a-f]+)/.exec(runStatus('apksigner', ['verify', '--print-certs', apk]).stdout)![1]!;
    expect(runMam(['verify', '--print-certs', apk]).stdout).toContain(`sha256 ${digest}`);
    const json = JSON.parse(runMam(['verify', '--json', apk]).stdout);
    expect(json.ok).toBe(true);
    expect(json.apk.signers.map((s: { certSha256: string }) => s.certSha256)).toContain(digest);
  });

  it.skipIf(!corpusPresent('mam verify CLI on the corpus'))('rejects the corpus APK with a broken v1 signature with exit 6 and the entry named', () => {
    const r = runMam(['verify', join(CORPUS, 'android', 'fdroid-urzip-badsig.apk')]);
    expect(r.status).toBe(6);
    expect(r.stdout).toMatch(/error\[APKSIG_V1_SF_DIGEST_MISMATCH\].*AndroidManifest\.xml/);
  });

  it('honours --min-sdk-version as apksigner does', () => {
    const apk = corpusFiles('android', 'apksig-v2-only-with-ecdsa-sha256-p256.apk')[0];
    if (!apk) return;
    for (const min of [undefined, '24']) {
      const extra = min ? ['--min-sdk-version', min] : [];
      const oracle = runStatus('apksigner', ['verify', ...extra, apk]).status === 0;
      expect(runMam(['verify', ...extra, apk]).status).toBe(oracle ? 0 : 6);
    }
  });

  it('exits 3 for a truncated APK and 2 for a bad --min-sdk-version', () => {
    const cut = join(dir, 'truncated.apk');
    const bytes = readFileSync(join(FIXTURES, 'android', 'sample.apk'));
    writeFileSync(cut, bytes.subarray(0, bytes.length - 30));
    expect(runStatus('apksigner', ['verify', cut]).status).not.toBe(0);
    const r = runMam(['verify', cut]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^error\[ZIP_/m);
    expect(runMam(['verify', '--min-sdk-version', 'abc', join(FIXTURES, 'android', 'sample.apk')]).status).toBe(2);
  });

  it('keeps iOS inputs out of the Android pipeline (the CLI sends them to the iOS verifier)', () => {
    const ipa = corpusFiles('ios', '.ipa')[0];
    if (!ipa) return;
    expect(() => verifyPath(ipa)).toThrow(expect.objectContaining({ code: 'VERIFY_IOS_UNAVAILABLE', exitCode: 2 }));
  });
});
