// Issue #8's must-show at the level of `mam wrap`: every corpus APK and sample app wrapped with camera
// blocking, encryption and forced VPN on. Counted with `dexdump -d` (independent of our DEX reader): no
// call site of a hooked framework method is left in the app's DEX files except those the report lists as
// skipped (with a reason), the runtime's hook methods are called exactly as often as the framework
// methods were, every output DEX passes `dexdump -c`, and Debian's apksigner accepts the output.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseHookTable } from '../../../src/android/dex/hooks-rules.js';
import type { Policy } from '../../../src/policy/model.js';
import { wrapApkFile } from '../../../src/pipeline/wrap-android.js';
import { FIXTURES, ROOT, corpusFiles, corpusPresent, missingTools, run, runStatus } from '../../helpers/env.js';
import { countShimCalls, parseDexdump, ruleOf, type DexdumpInvoke } from '../dex-rewrite/dexdump-hooks.js';
import { testIdentity } from './wrap-harness.js';

const POLICY: Policy = { schemaVersion: 1, camera: { block: true }, dataAtRest: { encrypt: true }, vpn: { mode: 'always' } };
const table = parseHookTable(JSON.parse(readFileSync(join(ROOT, 'runtime-shims', 'android', 'hooks.json'), 'utf8')));
const skip = missingTools('wrap + hooks vs dexdump', 'dexdump', 'unzip', 'apksigner');
corpusPresent('wrap + hooks over the corpus (fixtures only)');
const inputs = skip
  ? []
  : [...corpusFiles('android', '.apk').filter((p) => !p.includes('splitset')), ...readdirSync(join(FIXTURES, 'android')).filter((n) => n.endsWith('.apk') && !n.includes('unsigned')).map((n) => join(FIXTURES, 'android', n)), join(FIXTURES, 'android', 'hooks-app', 'hooks-app.apk')];
const work = mkdtempSync(join(tmpdir(), 'mam-wrap-hooks-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function appDex(apk: string, excluding?: string): string[] {
  return run('unzip', ['-Z1', apk]).split('\n').filter((n) => /^classes\d*\.dex$/.test(n) && n !== excluding);
}

function invokes(apk: string, names: string[], tag: string, hierarchy: Map<string, string | null>, checkSum: boolean): DexdumpInvoke[] {
  const out: DexdumpInvoke[] = [];
  for (const n of names) {
    const path = join(work, `${basename(apk)}.${tag}.${n}`);
    writeFileSync(path, execFileSync('unzip', ['-p', apk, n], { maxBuffer: 1 << 28 }));
    if (checkSum) {
      const c = runStatus('dexdump', ['-c', path]);
      expect(c.stdout, `${n}: ${c.stderr}`).toContain('Checksum verified');
    }
    out.push(...parseDexdump(run('dexdump', ['-d', path]), hierarchy));
  }
  return out;
}

describe.skipIf(skip)('mam wrap routes hooked calls through the runtime (dexdump oracle)', () => {
  it.each(inputs)('%s', (input) => {
    const output = join(work, `${basename(input)}.wrapped.apk`);
    const report = wrapApkFile(input, output, { policy: POLICY, signing: { identity: testIdentity() } });
    expect(report.hooks.groups).toEqual(expect.arrayContaining(['camera', 'file-encryption', 'network']));
    const shimDex = report.shim.dex;
    const hBefore = new Map<string, string | null>();
    const hAfter = new Map<string, string | null>();
    const before = invokes(input, appDex(input), 'in', hBefore, false);
    const after = invokes(output, appDex(output, shimDex), 'out', hAfter, true);
    let original = 0;
    table.hooks.forEach((rule, k) => {
      const target = `${rule.target.class}->${rule.target.name}${rule.target.descriptor}`;
      const was = before.filter((i) => ruleOf(i, table.hooks, hBefore) === k).length;
      const left = after.filter((i) => ruleOf(i, table.hooks, hAfter) === k).length;
      const r = report.hooks.rules.find((x) => x.target === target);
      const skipped = r?.skipped.length ?? 0;
      original += was;
      expect(left, `${target} left in the app`).toBe(skipped);
      expect(countShimCalls(after, rule) - countShimCalls(before, rule), `${target} calls to the runtime`).toBe(was - skipped);
      expect(r?.rewritten ?? 0, `${target} in the report`).toBe(was - skipped);
    });
    expect(report.hooks.callSites + report.hooks.skipped).toBe(original);
    const v = runStatus('apksigner', ['verify', output]);
    expect(v.status, v.stdout + v.stderr).toBe(0);
  }, 120_000);
});
