// `mam wrap --keep-min-sdk` on apps whose min SDK is below 21 (issue #8, "Merging for old apps"): the
// runtime's classes go into the app's classes.dex instead of a new classesN.dex. Every corpus APK with a
// min SDK below 21 (read with `aapt dump badging`, not with our reader) and sample-minsdk19.apk, wrapped
// with camera blocking, encryption and forced VPN on, checked with independent tools: aapt (minSdkVersion
// unchanged), unzip (the same DEX names), dexdump (checksum; every class of the app and of the runtime in
// classes.dex; hooked call sites counted as in hooks-dexdump.test.ts), apksigner (accepts it for its
// min SDK, with v1 below 24) and androguard (the provider). Refusals through the built CLI: a classes.dex
// near the 65 536 limit (built with the codec) → DEX_REFERENCE_LIMIT, exit 4, nothing written; --rewrap of
// a merged app → WRAP_REWRAP_MERGED_UNSUPPORTED.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addReferences } from '../../../src/android/dex/edit-references.js';
import { parseHookTable } from '../../../src/android/dex/hooks-rules.js';
import { serializeDex } from '../../../src/android/dex/serialize.js';
import type { Policy } from '../../../src/policy/model.js';
import { wrapApkFile } from '../../../src/pipeline/wrap-android.js';
import { FIXTURES, ROOT, SYSTEM_PYTHON, corpusFiles, corpusPresent, havePythonModules, missingTools, run, runMam, runStatus } from '../../helpers/env.js';
import { emptyDex } from '../dex-merge/empty-dex.js';
import { countShimCalls, parseDexdump, ruleOf, type DexdumpInvoke } from '../dex-rewrite/dexdump-hooks.js';
import { KEYSTORE, testIdentity } from './wrap-harness.js';

const POLICY: Policy = { schemaVersion: 1, camera: { block: true }, dataAtRest: { encrypt: true }, vpn: { mode: 'always' } };
const RUNTIME_DEX = join(ROOT, 'runtime-shims', 'android', 'mam-runtime.dex');
const table = parseHookTable(JSON.parse(readFileSync(join(ROOT, 'runtime-shims', 'android', 'hooks.json'), 'utf8')));
const RUNTIME = /^Lcom\/mam\/runtime\//;
const skip = missingTools('wrap --keep-min-sdk vs aapt/dexdump/apksigner', 'aapt', 'dexdump', 'unzip', 'apksigner', 'zip');
const work = mkdtempSync(join(tmpdir(), 'mam-wrap-merge-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function badgingMinSdk(apk: string): number {
  const m = /^sdkVersion:'(\d+)'/m.exec(run('aapt', ['dump', 'badging', apk], { maxBuffer: 1 << 26 }));
  return m ? Number(m[1]) : 1;
}

const dexNames = (apk: string): string[] => run('unzip', ['-Z1', apk]).split('\n').filter((n) => /^classes\d*\.dex$/.test(n)).sort();

function extract(apk: string, entry: string, tag: string): string {
  const path = join(work, `${basename(apk)}.${tag}.${entry}`);
  writeFileSync(path, execFileSync('unzip', ['-p', apk, entry], { maxBuffer: 1 << 28 }));
  return path;
}

const classesOf = (dexdump: string): string[] => [...dexdump.matchAll(/^ {2}Class descriptor {2}: '([^']+)'/gm)].map((m) => m[1]!);

function invokesOf(apk: string, tag: string, hierarchy: Map<string, string | null>): DexdumpInvoke[] {
  return dexNames(apk).flatMap((n) => parseDexdump(run('dexdump', ['-d', extract(apk, n, tag)], { maxBuffer: 1 << 28 }), hierarchy));
}

const inputs = skip ? [] : [
  ...(corpusPresent('wrap --keep-min-sdk over the corpus (fixture only)') ? corpusFiles('android', '.apk').filter((p) => !p.includes('splitset') && badgingMinSdk(p) < 21) : []),
  join(FIXTURES, 'android', 'sample-minsdk19.apk'),
];

describe.skipIf(skip)('mam wrap --keep-min-sdk merges the runtime into classes.dex', () => {
  const runtimeClasses = skip ? [] : classesOf(run('dexdump', ['-d', RUNTIME_DEX], { maxBuffer: 1 << 26 }));
  const outputs: string[] = [];

  it('found the apps below API 21', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(corpusPresent('') ? 7 : 1);
  });

  it.each(inputs)('%s', (input) => {
    const output = join(work, `${basename(input)}.wrapped.apk`);
    const report = wrapApkFile(input, output, { policy: POLICY, keepMinSdk: true, signing: { identity: testIdentity() } });
    outputs.push(output);
    const hasCode = dexNames(input).length > 0;
    expect(report.base.minSdk.raised).toBe(false);
    expect(report.shim.dex).toBe('classes.dex');
    if (hasCode) {
      expect(report.shim.placement).toBe('merged-into-primary');
      expect(report.notes.join('\n')).toMatch(/runtime merged into classes\.dex: \d+ classes, \d+ methods, \d+ fields added; now \d+\/65536 method refs/);
    } else {
      expect(report.shim.placement, 'no classes.dex: the runtime DEX becomes it').toBe('next-dex');
    }

    const min = badgingMinSdk(input);
    expect(badgingMinSdk(output), 'minSdkVersion kept').toBe(min);
    expect(dexNames(output), 'no new classesN.dex').toEqual(hasCode ? dexNames(input) : ['classes.dex']);

    const primary = extract(output, 'classes.dex', 'out');
    expect(runStatus('dexdump', ['-c', primary]).stdout).toContain('Checksum verified');
    const before = hasCode ? classesOf(run('dexdump', ['-d', extract(input, 'classes.dex', 'in')], { maxBuffer: 1 << 28 })) : [];
    const after = new Set(classesOf(run('dexdump', ['-d', primary], { maxBuffer: 1 << 28 })));
    expect(after.size).toBe(before.length + runtimeClasses.length);
    for (const c of [...before, ...runtimeClasses]) expect(after.has(c), c).toBe(true);

    const hBefore = new Map<string, string | null>();
    const hAfter = new Map<string, string | null>();
    const was = invokesOf(input, 'in', hBefore);
    const now = invokesOf(output, 'out', hAfter).filter((i) => !RUNTIME.test(i.caller));
    let original = 0;
    table.hooks.forEach((rule, k) => {
      const target = `${rule.target.class}->${rule.target.name}${rule.target.descriptor}`;
      const sites = was.filter((i) => ruleOf(i, table.hooks, hBefore) === k).length;
      const left = now.filter((i) => ruleOf(i, table.hooks, hAfter) === k).length;
      const skipped = report.hooks.rules.find((x) => x.target === target)?.skipped.length ?? 0;
      original += sites;
      expect(left, `${target} left in the app`).toBe(skipped);
      expect(countShimCalls(now, rule) - countShimCalls(was, rule), `${target} calls to the runtime`).toBe(sites - skipped);
    });
    expect(report.hooks.callSites + report.hooks.skipped).toBe(original);

    const v = runStatus('apksigner', ['verify', '-v', output]);
    expect(v.status, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toContain(`Verified using v1 scheme (JAR signing): ${min < 24}`);
  }, 120_000);

  it.skipIf(!havePythonModules('androguard.core.bytecodes.apk'))('androguard lists the bootstrap provider in every output', () => {
    const script = join(work, 'providers.py');
    writeFileSync(script, [
      'import json, sys, logging', 'logging.disable(logging.CRITICAL)', 'from androguard.core.bytecodes.apk import APK',
      'print(json.dumps({p: APK(p).get_providers() for p in sys.argv[1:]}))',
    ].join('\n'));
    const seen = JSON.parse(run(SYSTEM_PYTHON, [script, ...outputs], { maxBuffer: 1 << 26 })) as Record<string, string[]>;
    expect(Object.keys(seen).length).toBe(inputs.length);
    for (const [apk, providers] of Object.entries(seen)) expect(providers, apk).toContain('com.mam.runtime.Bootstrap');
  });
});

describe.skipIf(skip)('mam wrap --keep-min-sdk refusals (built CLI)', () => {
  const KEY = ['--ks', KEYSTORE, '--ks-pass', 'env:MAM_TEST_KS_PASS'];
  const env = { ...process.env, MAM_TEST_KS_PASS: 'android' };
  const policy = join(work, 'policy.json');
  writeFileSync(policy, JSON.stringify(POLICY));

  function wrap(input: string, tag: string, ...extra: string[]): { status: number; code?: string; message?: string; left: string[] } {
    const dir = join(work, `cli-${tag}`);
    mkdirSync(dir);
    const r = runMam(['wrap', input, '-o', join(dir, 'w.apk'), '--policy', policy, '--json', ...KEY, ...extra], { env });
    const error = r.status === 0 ? undefined : (JSON.parse(r.stdout) as { error: { code: string; message: string } }).error;
    return { status: r.status, code: error?.code, message: error?.message, left: readdirSync(dir) };
  }

  it('a classes.dex near 65 536 method refs: DEX_REFERENCE_LIMIT naming the counts, exit 4, nothing written', () => {
    const full = emptyDex();
    const n = 65_300;
    addReferences(full, { methods: Array.from({ length: n }, (_, i) => ({ class: 'Lfiller/Many;', name: `m${i}`, descriptor: '()V' })) });
    const dir = join(work, 'full');
    mkdirSync(dir);
    writeFileSync(join(dir, 'classes.dex'), serializeDex(full));
    // The oracle confirms the DEX is what the test needs.
    expect(run('dexdump', ['-f', join(dir, 'classes.dex')])).toMatch(new RegExp(`method_ids_size\\s+: ${n}\\b`));
    const apk = join(dir, 'full.apk');
    copyFileSync(join(FIXTURES, 'android', 'sample-minsdk19.apk'), apk);
    run('zip', ['-q', '-X', apk, 'classes.dex'], { cwd: dir });
    const r = wrap(apk, 'limit', '--keep-min-sdk');
    expect([r.status, r.code, r.left]).toEqual([4, 'DEX_REFERENCE_LIMIT', []]);
    expect(r.message).toMatch(new RegExp(`the primary DEX has ${n} and the merge adds \\d+, over the limit of 65536`));
    // Without --keep-min-sdk the runtime goes into its own classes2.dex and the app wraps.
    expect(wrap(apk, 'limit-raised').status).toBe(0);
  }, 60_000);

  it('--rewrap of a merged app: WRAP_REWRAP_MERGED_UNSUPPORTED (exit 4), nothing written', () => {
    const first = join(work, 'merged-once.apk');
    wrapApkFile(join(FIXTURES, 'android', 'sample-minsdk19.apk'), first, { policy: POLICY, keepMinSdk: true, signing: { identity: testIdentity() } });
    const r = wrap(first, 'rewrap', '--rewrap', '--keep-min-sdk');
    expect([r.status, r.code, r.left]).toEqual([4, 'WRAP_REWRAP_MERGED_UNSUPPORTED', []]);
    const again = wrap(first, 'rewrap-raise', '--rewrap');
    expect([again.status, again.code]).toEqual([4, 'WRAP_REWRAP_MERGED_UNSUPPORTED']);
  }, 60_000);
});
