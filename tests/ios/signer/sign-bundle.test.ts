// Bundle signing end to end: the fixture apps (app + framework + app extension, thin and fat, IPA and
// zipped .app) and every IPA / .app.zip of the corpus, re-signed with the fixture identity and profiles
// and ad-hoc; every binary we signed is checked by verify_macho_sig.py (page hashes, special slots
// against Info.plist and CodeResources on disk as unzip extracted them, openssl cms -verify against the
// fixture CA); CodeResources is read by Python's plistlib. Corpus apps whose bundle IDs no fixture
// profile names get the wildcard profile and --drop-missing-entitlements (their entitlements name
// foreign services the fixture team cannot grant).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, MACHO_SIG_ORACLE, SYSTEM_PYTHON, corpusFiles, corpusPresent, missingTools } from '../../helpers/env.js';
import { signIosFile } from '../../../src/pipeline/sign-ios.js';
import { extractApp, identityFrom, NOW, oracle, profiles, tempDir } from './signer-env.js';

const noOracle = missingTools('iOS signing oracle', 'openssl', 'unzip', MACHO_SIG_ORACLE);
const identity = identityFrom('ios-dev.p12');

function checkAll(output: string, signed: { path: string }[]): void {
  const app = extractApp(output);
  for (const s of signed) {
    const r = oracle(join(app, s.path));
    expect(r.ok, `${s.path}\n${r.output}`).toBe(true);
  }
}

describe('signIosFile on the fixture apps', () => {
  for (const name of ['Sample.ipa', 'SampleFat.ipa', 'Sample.app.zip']) {
    it.skipIf(noOracle)(`${name}: identity + per-bundle profiles, every binary passes the oracle`, () => {
      const out = join(tempDir('fx'), name);
      const r = signIosFile(join(FIXTURES, 'ios', name), out, { identity, profiles: profiles('sample.mobileprovision', 'sample-share.mobileprovision'), now: NOW });
      expect(r.signed.map((s) => [s.path, s.profile ?? null])).toEqual([
        ['Frameworks/SampleKit.framework/SampleKit', null],
        ['PlugIns/SampleShare.appex/SampleShare', 'MAM Sample Share'],
        ['Sample', 'MAM Sample'],
      ]);
      checkAll(out, r.signed);
      const app = extractApp(out);
      const ents = execFileSync(SYSTEM_PYTHON, ['-c', 'import plistlib,sys; d=plistlib.load(open(sys.argv[1],"rb")); print(sorted(d["files2"].keys()))', join(app, '_CodeSignature/CodeResources')], { encoding: 'utf8' });
      expect(ents).toContain('embedded.mobileprovision');
      expect(ents).toContain('PlugIns/SampleShare.appex/_CodeSignature/CodeResources');
      expect(readFileSync(join(app, 'embedded.mobileprovision')).equals(readFileSync(join(FIXTURES, 'keys', 'sample.mobileprovision')))).toBe(true);
    });
  }

  it.skipIf(noOracle)('--bundle-id renames the app and re-prefixes its extension; ad-hoc needs no profile', () => {
    const out = join(tempDir('rename'), 'Sample.ipa');
    const r = signIosFile(join(FIXTURES, 'ios', 'Sample.ipa'), out, { identity, profiles: profiles('wildcard.mobileprovision'), bundleId: 'org.other.app', now: NOW });
    expect(r.signed.filter((s) => s.kind !== 'framework').map((s) => s.bundleId)).toEqual(['org.other.app.share', 'org.other.app']);
    checkAll(out, r.signed);
    const adhoc = join(tempDir('adhoc'), 'Sample.ipa');
    checkAll(adhoc, signIosFile(join(FIXTURES, 'ios', 'Sample.ipa'), adhoc, { profiles: [], now: NOW }).signed);
  });

  it('is deterministic: same inputs, RSA key and clock give the same bytes', () => {
    const opts = { identity, profiles: profiles('sample.mobileprovision', 'sample-share.mobileprovision'), now: NOW };
    const a = join(tempDir('det'), 'a.ipa');
    const b = join(tempDir('det'), 'b.ipa');
    signIosFile(join(FIXTURES, 'ios', 'SampleFat.ipa'), a, opts);
    signIosFile(join(FIXTURES, 'ios', 'SampleFat.ipa'), b, opts);
    const h = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
    expect(h(a)).toBe(h(b));
  });
});

describe.skipIf(!corpusPresent('iOS signing corpus sweep') || noOracle)('signIosFile on the corpus', () => {
  const files = corpusFiles('ios', '.ipa', '.app.zip').filter((f) => !basename(f).startsWith('fdroid-fake'));
  for (const file of files) {
    it(`${basename(file)}: identity (wildcard profile) and ad-hoc both pass the oracle`, () => {
      const dir = tempDir('corpus');
      const id = signIosFile(file, join(dir, `id-${basename(file)}`), { identity, profiles: profiles('wildcard.mobileprovision'), dropMissingEntitlements: true, now: NOW });
      checkAll(join(dir, `id-${basename(file)}`), id.signed);
      const adhoc = signIosFile(file, join(dir, `adhoc-${basename(file)}`), { profiles: [], now: NOW });
      checkAll(join(dir, `adhoc-${basename(file)}`), adhoc.signed);
    });
  }
});
