// Split sets: every part verified on its own, and all parts must share the signer. apksigner has no
// split-set mode, so the oracle is apksigner on each part (verdict and --print-certs digest).
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, corpusPresent, FIXTURES, missingTools, run } from '../../helpers/env.js';
import { verifyPath } from '../../../src/pipeline/verify-apk.js';

const skip = missingTools('split-set verification', 'apksigner') || !corpusPresent('split-set verification');
const SPLIT_DIR = join(CORPUS, 'android', 'mobsf-ondemand-splitset');

function apksignerCertSha256(apk: string): string {
  return /Signer #1 certificate SHA-256 digest: ([0-9a-f]+)/.exec(run('apksigner', ['verify', '--print-certs', apk]))![1]!;
}

describe.skipIf(skip)('split sets', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('verifies the corpus .xapk and its extracted folder part by part, with the signer apksigner prints', () => {
    const expected = apksignerCertSha256(join(SPLIT_DIR, 'config.en.apk'));
    for (const path of [join(CORPUS, 'android', 'mobsf-ondemand-sample.xapk'), SPLIT_DIR]) {
      const r = verifyPath(path);
      if (r.kind === 'apk') throw new Error('expected a split set');
      expect(r.set.issues).toEqual([]);
      expect(r.set.verified).toBe(true);
      for (const p of r.set.parts) expect(p.result!.signers.map((s) => s.certSha256)).toContain(expected);
    }
  });

  it('rejects a set whose parts have different signers (APKSIG_SPLIT_SIGNER_MISMATCH)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mam-split-'));
    dirs.push(dir);
    copyFileSync(join(SPLIT_DIR, 'com.tfg.samples.dynamicfeatures.ondemand.apk'), join(dir, 'base.apk'));
    copyFileSync(join(SPLIT_DIR, 'config.en.apk'), join(dir, 'config.en.apk'));
    copyFileSync(join(FIXTURES, 'android', 'sample.apk'), join(dir, 'other.apk'));
    // The oracle: each part verifies on its own, and their certificates differ.
    for (const n of ['base.apk', 'other.apk']) run('apksigner', ['verify', join(dir, n)]);
    expect(apksignerCertSha256(join(dir, 'base.apk'))).not.toBe(apksignerCertSha256(join(dir, 'other.apk')));
    const r = verifyPath(dir);
    if (r.kind === 'apk') throw new Error('expected a split set');
    expect(r.set.parts.every((p) => p.result?.verified)).toBe(true);
    expect(r.set.verified).toBe(false);
    expect(r.set.issues).toContainEqual(expect.objectContaining({ code: 'APKSIG_SPLIT_SIGNER_MISMATCH', where: 'other.apk' }));
  });
});
