// Damaged copies of signed corpus apps, written with Python's zipfile/plistlib/macholib (damage.py), each
// fail `mam verify` with the right code at the right place; for the damage inside the executable's
// signature scope the shared checker verify_macho_sig.py must agree that the same check fails.
// Also: the CLI exit codes (0 verified, 6 not, 3 malformed) and the ad-hoc, unsealed fixtures.
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, FIXTURES, SYSTEM_PYTHON, corpusPresent, missingTools, run, runMam } from '../../helpers/env.js';
import { detectKind } from '../../../src/pipeline/detect-kind.js';
import { verifyIosPath, type IosInputKind } from '../../../src/pipeline/verify-ios.js';
import { appDir, codeFiles, macho, unpack } from './verify-helpers.js';

const NOW = new Date('2024-06-01T00:00:00Z');
const DAMAGE = join(import.meta.dirname, 'damage.py');
const APPS = ['owasp-UnDebuggable.ipa', 'calabash-AppStub.ipa', 'isign-xcode11-isignTestApp.ipa'];
const skip = !corpusPresent('iOS verify damaged copies') || missingTools('iOS verify damaged copies', SYSTEM_PYTHON, 'unzip', 'openssl');

/** damage kind → [expected code, other error codes the damage may also cause, oracle check that must fail] */
const DAMAGES: Record<string, [string, string[], ((o: Awaited<ReturnType<typeof macho>>) => boolean) | undefined]> = {
  page: ['IOS_PAGE_HASH_MISMATCH', [], (o) => o.pages],
  resource: ['IOS_RESOURCE_MODIFIED', [], undefined],
  added: ['IOS_RESOURCE_ADDED', [], undefined],
  removed: ['IOS_RESOURCE_MISSING', [], undefined],
  infoplist: ['IOS_INFO_PLIST_MODIFIED', [], (o) => o.slots.includes(1)],
  entitlements: ['IOS_ENTITLEMENTS_MODIFIED', ['IOS_ENTITLEMENT_NOT_IN_PROFILE'], (o) => o.slots.includes(5)],
};

const verify = (f: string) => verifyIosPath(f, detectKind(f) as IosInputKind, { now: NOW }).result;

describe.skipIf(skip)('damaged copies of signed corpus apps fail with the right code', () => {
  const dir = skip ? '' : mkdtempSync(join(tmpdir(), 'mam-ios-damaged-'));
  const cases = APPS.flatMap((a) => Object.keys(DAMAGES).map((d) => [a, d] as const));

  it.each(cases)('%s with damage %s', async (app, kind) => {
    const src = join(CORPUS, 'ios', app);
    expect(verify(src).verified).toBe(true);
    const out = join(dir, `${kind}-${app}`);
    const facts = JSON.parse(run(SYSTEM_PYTHON, [DAMAGE, src, out, kind])) as { where: string; page?: number };
    const [code, also, oracleFails] = DAMAGES[kind]!;
    const result = verify(out);
    expect(result.verified).toBe(false);
    const errors = result.issues.filter((i) => i.severity === 'error');
    const hit = errors.filter((i) => i.code === code);
    expect(hit.map((i) => i.where), JSON.stringify(errors, null, 1)).toContain(facts.where);
    expect(errors.filter((i) => i.code !== code && !also.includes(i.code))).toEqual([]);
    if (facts.page !== undefined) expect(hit[0]!.message).toContain(`page ${facts.page} `);
    if (oracleFails) {
      const unpacked = appDir(unpack(out));
      expect(codeFiles(unpacked)).toContain(facts.where);
      expect(oracleFails(await macho(unpacked, facts.where))).toBe(true);
    }
  });

  it('the CLI exits 0 on the genuine app, 6 on a damaged copy (with --json), 3 on a truncated IPA', () => {
    const src = join(CORPUS, 'ios', APPS[0]!);
    const good = runMam(['verify', src]);
    expect(good.status, good.stderr + good.stdout).toBe(0);
    expect(good.stdout).toContain('verifies');
    const bad = join(dir, 'cli-page.ipa');
    run(SYSTEM_PYTHON, [DAMAGE, src, bad, 'page']);
    const r = runMam(['verify', bad, '--json']);
    expect(r.status).toBe(6);
    const json = JSON.parse(r.stdout) as { ok: boolean; issues: { code: string }[] };
    expect(json.ok).toBe(false);
    expect(json.issues.map((i) => i.code)).toContain('IOS_PAGE_HASH_MISMATCH');
    const truncated = join(dir, 'truncated.ipa');
    const bytes = readFileSync(src);
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 30));
    expect(runMam(['verify', truncated]).status).toBe(3);
  });
});

describe.skipIf(missingTools('iOS verify fixtures', 'unzip', SYSTEM_PYTHON, 'openssl'))('fixtures/ios: ad-hoc signed, no CodeResources', () => {
  // Decision: an app bundle without _CodeSignature/CodeResources is not sealed (its resources could be
  // swapped freely) and iOS refuses to install it, so verify fails with IOS_NOT_SEALED per bundle even
  // though every binary's own ad-hoc signature holds (which the shared checker confirms).
  it.each(['Sample.ipa', 'SampleFat.ipa', 'Sample.app.zip'])('%s', async (name) => {
    const file = join(FIXTURES, 'ios', name);
    const result = verify(file);
    const app = appDir(unpack(file));
    const listing = run('unzip', ['-Z1', file]);
    expect(listing).not.toContain('_CodeSignature/CodeResources');
    expect(result.verified).toBe(false);
    expect(result.issues.filter((i) => i.code === 'IOS_NOT_SEALED').length).toBe(result.bundles.length);
    expect([...new Set(result.issues.filter((i) => i.severity === 'error').map((i) => i.code))]).toEqual(['IOS_NOT_SEALED']);
    for (const rel of codeFiles(app)) {
      const o = await macho(app, rel);
      expect(o.unsigned || o.pages, o.output).toBe(false);
      expect(result.issues.filter((i) => i.where === rel).map((i) => i.code)).toContain('IOS_ADHOC');
    }
  });
});
