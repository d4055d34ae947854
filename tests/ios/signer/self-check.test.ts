// The signer's cheaper output check (src/ios/verify/verify-signed-output.ts): on a signed IPA it reports
// what the full `mam verify` pass reports, and when the output differs from what the signer hashed (an
// entry rewritten or removed behind its back, by Python's zipfile) it falls back to reading and catches it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSource } from '../../../src/core/data-source.js';
import { openZip } from '../../../src/container/zip-reader.js';
import { zipBundleSource } from '../../../src/ios/bundle/bundle-source.js';
import { executeBundleSigning, planBundleSigning } from '../../../src/ios/sign/sign-bundle.js';
import { StreamedBundleTree, zipChunkReader } from '../../../src/ios/sign/streamed-bundle-tree.js';
import { verifySignedZip, type SignedFromZip } from '../../../src/ios/verify/verify-signed-output.js';
import { signIosFile } from '../../../src/pipeline/sign-ios.js';
import { verifyIosPath } from '../../../src/pipeline/verify-ios.js';
import { FIXTURES, SYSTEM_PYTHON, havePythonModules, run } from '../../helpers/env.js';
import { NOW, tempDir } from './signer-env.js';

const INPUT = join(FIXTURES, 'ios', 'Sample.ipa');
const LOCATION = 'Payload/Sample.app/';

/** The facts the signer holds after signing INPUT ad-hoc (what signIosFile hands its output check). */
function signerFacts(): { signed: SignedFromZip; close(): void } {
  const file = FileSource.open(INPUT);
  const archive = openZip(file);
  const source = zipBundleSource(archive, 'ipa');
  const tree = StreamedBundleTree.open(source, zipChunkReader(archive, source.location));
  const opts = { profiles: [], now: NOW };
  executeBundleSigning(tree, planBundleSigning(tree, opts), opts);
  return { signed: { input: archive, location: source.location, inputFacts: (p) => tree.inputDigests(p) }, close: () => file.close() };
}

function rewrite(src: string, dst: string, name: string, content: string | undefined): void {
  run(SYSTEM_PYTHON, ['-c', `import zipfile,sys
src,dst,name,content=sys.argv[1:5]
with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst,'w') as zo:
  for i in zi.infolist():
    if i.filename!=name: zo.writestr(i, zi.read(i))
    elif content!='-': zo.writestr(i, content.encode())`, src, dst, name, content ?? '-']);
}

const errorCodes = (issues: { code: string; severity: string }[]): string[] => issues.filter((i) => i.severity === 'error').map((i) => i.code).sort();

describe.skipIf(!havePythonModules('zipfile'))('verifySignedZip', () => {
  const dir = tempDir('self-check');
  const out = join(dir, 'Sample.ipa');
  signIosFile(INPUT, out, { profiles: [], now: NOW });

  it('reports on a signed IPA exactly what mam verify reports', () => {
    const { signed, close } = signerFacts();
    try {
      expect(signed.inputFacts('en.lproj/Localizable.strings')).toBeDefined();
      const cheap = verifySignedZip(out, 'ipa', signed, { now: NOW });
      const full = verifyIosPath(out, 'ipa', { now: NOW }).result;
      expect(cheap.verified).toBe(true);
      expect(cheap.issues).toEqual(full.issues);
      expect(cheap.bundles).toEqual(full.bundles);
    } finally {
      close();
    }
  });

  it.each([
    ['a sealed resource rewritten', 'en.lproj/Localizable.strings', '"hello" = "tampered";', false],
    ['an optional (.lproj) resource removed', 'en.lproj/Localizable.strings', undefined, true],
    ['a nested Info.plist removed', 'Frameworks/SampleKit.framework/Info.plist', undefined, false],
  ])('judges %s after signing as mam verify does', (_what, path, content, verdict) => {
    const tampered = join(dir, `tampered-${path.replace(/\W/g, '_')}-${content === undefined ? 'rm' : 'edit'}.ipa`);
    rewrite(out, tampered, LOCATION + path, content);
    const { signed, close } = signerFacts();
    try {
      const cheap = verifySignedZip(tampered, 'ipa', signed, { now: NOW });
      expect(cheap.verified).toBe(verdict);
      expect(errorCodes(cheap.issues)).toEqual(errorCodes(verifyIosPath(tampered, 'ipa', { now: NOW }).result.issues));
    } finally {
      close();
    }
  });
});
