// The iOS verifier on every corpus app as it is, against independent evidence: the shared checker
// verify_macho_sig.py (page hashes, special slots) on every binary, asn1crypto + cryptography for the CMS
// signature over the signed attributes as encoded (ios_verify_oracle.py), plistlib for sealed files that
// are absent from the snapshot. The expected verdict of each app is derived from that evidence alone.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFiles, corpusPresent, haveTool, missingTools, run, SYSTEM_PYTHON } from '../../helpers/env.js';
import { detectKind } from '../../../src/pipeline/detect-kind.js';
import { verifyIosPath, type IosInputKind } from '../../../src/pipeline/verify-ios.js';
import { appDir, cmsFacts, codeFiles, macho, missingSealed, unpack } from './verify-helpers.js';

const NOW = new Date('2024-06-01T00:00:00Z');
const SLOT_CODES: Record<number, string> = {
  1: 'IOS_INFO_PLIST_MODIFIED', 2: 'IOS_REQUIREMENTS_MODIFIED', 3: 'IOS_CODE_RESOURCES_MODIFIED', 5: 'IOS_ENTITLEMENTS_MODIFIED', 7: 'IOS_ENTITLEMENTS_MODIFIED',
};
const skip = !corpusPresent('iOS verify corpus') || missingTools('iOS verify corpus', 'unzip', 'openssl', 'plistutil', SYSTEM_PYTHON);
const apps = skip ? [] : corpusFiles('ios', '.ipa', '.zip');
const summary: string[] = [];

function mainExecutable(app: string): string | undefined {
  if (!existsSync(join(app, 'Info.plist'))) return undefined;
  const xml = run('plistutil', ['-i', join(app, 'Info.plist'), '-f', 'xml']);
  return /<key>CFBundleExecutable<\/key>\s*<string>([^<]*)<\/string>/.exec(xml)?.[1];
}

describe.skipIf(skip)('mam verify on the iOS corpus, against independent checkers', () => {
  afterAll(() => console.log(`iOS verify corpus:\n  ${summary.join('\n  ')}`));

  it.each(apps.map((f) => [f.split('/').pop()!, f]))('%s', async (name, file) => {
    const result = verifyIosPath(file, detectKind(file) as IosInputKind, { now: NOW }).result;
    const app = appDir(unpack(file));
    const codes = (where: string): string[] => result.issues.filter((i) => i.where === where && i.severity === 'error').map((i) => i.code);

    const binaries = codeFiles(app);
    expect(result.bundles.flatMap((b) => b.binaries.map((x) => x.path)).sort()).toEqual([...binaries].sort());
    let expectVerified = true;
    let opensslRejected = 0;
    const verdicts = await Promise.all(binaries.map((rel) => macho(app, rel)));
    const cmsAll = cmsFacts(app, binaries);
    for (const [n, rel] of binaries.entries()) {
      const o = verdicts[n]!;
      const ours = codes(rel);
      expect(ours.includes('IOS_UNSIGNED'), `${rel}: unsigned\n${o.output}`).toBe(o.unsigned);
      expect(ours.includes('IOS_PAGE_HASH_MISMATCH'), `${rel}: page hashes\n${o.output}`).toBe(o.pages);
      for (const slot of [1, 2, 3, 5, 7]) expect(ours.includes(SLOT_CODES[slot]!), `${rel}: slot ${slot}\n${o.output}`).toBe(o.slots.includes(slot));
      const cms = cmsAll[n]!.filter((c) => c !== null);
      const cmsOk = cms.every((c) => c!.sig_ok && c!.digest_ok && c!.cdhashes_ok !== false);
      expect(ours.some((c) => c.startsWith('CMS_')), `${rel}: CMS ${JSON.stringify(cms)}`).toBe(!cmsOk);
      if (!o.opensslCms) opensslRejected++;
      if (o.unsigned || o.pages || o.slots.length || !cmsOk) expectVerified = false;
    }

    const missing = missingSealed(app);
    expect(result.issues.filter((i) => i.code === 'IOS_RESOURCE_MISSING').map((i) => i.where).sort()).toEqual(missing);
    expect(result.issues.filter((i) => i.code === 'IOS_RESOURCE_MODIFIED' || i.code === 'IOS_RESOURCE_ADDED')).toEqual([]);
    const exe = mainExecutable(app);
    const sealed = existsSync(join(app, '_CodeSignature', 'CodeResources'));
    if (missing.length || !sealed || !exe || !existsSync(join(app, exe))) expectVerified = false;
    expect(result.issues.filter((i) => i.code.startsWith('IOS_PROFILE_') && i.severity === 'error' || i.code === 'IOS_ENTITLEMENT_NOT_IN_PROFILE' || i.code === 'IOS_CERT_NOT_IN_PROFILE')).toEqual([]);

    expect(result.verified, JSON.stringify(result.issues.filter((i) => i.severity === 'error').slice(0, 5), null, 1)).toBe(expectVerified);
    const errors = [...new Set(result.issues.filter((i) => i.severity === 'error').map((i) => i.code))];
    summary.push(`${name}: ${result.verified ? 'verifies' : 'fails'} (${binaries.length} binaries; openssl rejected ${opensslRejected} CMS as re-encoded; errors: ${errors.join(', ') || 'none'})`);
  });
});

describe.skipIf(skip || !haveTool('unzip'))('corpus expectations from SOURCES.md', () => {
  it('the unsigned and Simulator-unsigned builds fail with IOS_UNSIGNED, the calabash TestApp snapshot with IOS_RESOURCE_MISSING', () => {
    const verdict = (n: string) => {
      const f = join(apps[0]!, '..', n);
      return verifyIosPath(f, detectKind(f) as IosInputKind, { now: NOW }).result;
    };
    expect(verdict('isign-xcode7-Test_unsigned_fat.app.zip').issues.map((i) => i.code)).toContain('IOS_UNSIGNED');
    expect(verdict('isign-xcode7-TestSimulator.app.zip').issues.map((i) => i.code)).toContain('IOS_UNSIGNED');
    expect(verdict('calabash-TestApp.app.zip').issues.map((i) => i.code)).toContain('IOS_RESOURCE_MISSING');
    expect(verdict('fdroid-fake-IpaApp_1000000000001.ipa').issues.map((i) => i.code)).toContain('IOS_MAIN_EXECUTABLE_MISSING');
    expect(readdirSync(join(apps[0]!, '..')).length).toBe(apps.length);
  });
});
