// Refusals through the built CLI (bin/mam): each exits with its documented code and leaves no output
// file, and no temporary file, behind. Expected codes come from the fixture file names
// (fixtures/malformed/zip/<CODE>--<what>.bin) where the zip reader refuses the archive at open.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, run, runMam } from '../../helpers/env.js';

const dir = mkdtempSync(join(tmpdir(), 'mam-wrap-refuse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const POLICY = join(FIXTURES, 'policy', 'sample-policy.json');
const KEY = ['--ks', join(FIXTURES, 'keys', 'rsa2048.jks'), '--ks-pass', 'env:MAM_TEST_KS_PASS'];
const env = { ...process.env, MAM_TEST_KS_PASS: 'android' };
let n = 0;

function wrap(input: string, ...extra: string[]): { status: number; code?: string; out: string; left: string[] } {
  const out = join(dir, `out-${n++}`);
  mkdirSync(out);
  const target = join(out, 'w.apk');
  const r = runMam(['wrap', input, '-o', target, '--policy', POLICY, '--json', ...extra], { env });
  const code = r.status === 0 ? undefined : (JSON.parse(r.stdout) as { error: { code: string } }).error.code;
  return { status: r.status, code, out: target, left: readdirSync(out) };
}

// Reader refusals at open: the codes a wrap must reproduce without reading any entry's data.
const AT_OPEN = /^ZIP_(UNSAFE_NAME_\w+|DUPLICATE_NAME|DATA_BEFORE_FIRST_ENTRY|MULTI_DISK|CD_OUT_OF_BOUNDS|TRUNCATED|BAD_CENTRAL_HEADER|OVERLAPPING_ENTRIES|LOCAL_NAME_MISMATCH|ENTRY_OUT_OF_BOUNDS|BAD_ZIP64_EOCD)$/;

describe('mam wrap refusals', () => {
  it('a hostile or broken zip: its code, nothing written', () => {
    const files = readdirSync(join(FIXTURES, 'malformed', 'zip')).filter((f) => f.endsWith('.bin'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const expected = f.split('--')[0]!;
      const r = wrap(join(FIXTURES, 'malformed', 'zip', f), ...KEY);
      expect(r.status, f).not.toBe(0);
      expect(r.left, f).toEqual([]);
      if (AT_OPEN.test(expected)) expect(r.code, f).toBe(expected);
      else expect([expected, 'WRAP_NOT_AN_APK', 'UNKNOWN_INPUT_KIND'], f).toContain(r.code); // entry data is not read before the kind is known
    }
  });

  it('already wrapped: WRAP_ALREADY_WRAPPED (exit 4); --rewrap replaces the policy in place', () => {
    const first = wrap(join(FIXTURES, 'android', 'sample.apk'), ...KEY);
    expect(first.status).toBe(0);
    const again = wrap(first.out, ...KEY);
    expect([again.status, again.code, again.left]).toEqual([4, 'WRAP_ALREADY_WRAPPED', []]);
    const strict = join(dir, 'strict.json');
    writeFileSync(strict, JSON.stringify({ schemaVersion: 1, camera: { block: false } }));
    const target = join(dir, 'rewrapped.apk');
    const r = runMam(['wrap', first.out, '-o', target, '--policy', strict, '--rewrap', '--json', ...KEY], { env });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { base: { files: { name: string; replaced: boolean }[] } };
    expect(report.base.files.map((f) => [f.name, f.replaced])).toEqual([['classes2.dex', true], ['assets/mam/policy.json', true]]);
  });

  it('a broken manifest: its AXML code (exit 3), nothing written', () => {
    const work = join(dir, 'broken');
    mkdirSync(work);
    const apk = join(work, 'broken.apk');
    copyFileSync(join(FIXTURES, 'android', 'sample.apk'), apk);
    const bad = readdirSync(join(FIXTURES, 'malformed', 'axml')).find((f) => f.startsWith('AXML_') && f.endsWith('.bin'))!;
    copyFileSync(join(FIXTURES, 'malformed', 'axml', bad), join(work, 'AndroidManifest.xml'));
    run('zip', ['-q', '-X', apk, 'AndroidManifest.xml'], { cwd: work });
    const r = wrap(apk, ...KEY);
    expect(r.status).toBe(3);
    expect(r.code).toBe(bad.split('--')[0]);
    expect(r.left).toEqual([]);
  });

  it('no signing key: WRAP_NO_SIGNING_KEY (exit 2); a wrong password: the key code, nothing written', () => {
    const none = wrap(join(FIXTURES, 'android', 'sample.apk'));
    expect([none.status, none.code, none.left]).toEqual([2, 'WRAP_NO_SIGNING_KEY', []]);
    const wrong = wrap(join(FIXTURES, 'android', 'sample.apk'), '--ks', join(FIXTURES, 'keys', 'rsa2048.jks'), '--ks-pass', 'pass:wrong');
    expect(wrong.status).not.toBe(0);
    expect(wrong.left).toEqual([]);
  });

  it('--keep-min-sdk on an app below API 21: no refusal, the runtime merged into classes.dex (keep-min-sdk-merge.test.ts)', () => {
    const r = wrap(join(FIXTURES, 'android', 'sample-minsdk19.apk'), '--keep-min-sdk', ...KEY);
    expect([r.status, r.left]).toEqual([0, ['w.apk']]);
  });

  it('--dry-run plans and writes nothing, and needs no key', () => {
    const r = wrap(join(FIXTURES, 'android', 'sample-minsdk19.apk'), '--dry-run');
    expect([r.status, r.left]).toEqual([0, []]);
  });
});

