// applyHooks with every hook group on every DEX of every corpus APK, checked against dexdump -d: no call
// site of a hooked framework method is left except those the report lists as skipped, the shim methods
// are called exactly as often as the framework methods were, dexdump -c verifies every output, and
// baksmali disassembles a subset.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyHooks } from '../../../src/android/dex/hooks-apply.js';
import { hookGroups, parseHookTable } from '../../../src/android/dex/hooks-rules.js';
import { ROOT, corpusFiles, corpusPresent, missingTools, run, runStatus } from '../../helpers/env.js';
import { countShimCalls, parseDexdump, ruleOf, type DexdumpInvoke } from './dexdump-hooks.js';

const table = parseHookTable(JSON.parse(readFileSync(join(ROOT, 'runtime-shims', 'android', 'hooks.json'), 'utf8')));
const groups = hookGroups(table);
const skip = !corpusPresent('DEX hook rewriting on the corpus') || missingTools('dexdump hook oracle', 'dexdump', 'unzip');
const apks = skip ? [] : corpusFiles('android', '.apk');
const work = mkdtempSync(join(tmpdir(), 'mam-dex-hooks-'));
const rewrittenFiles: { path: string; size: number }[] = [];

function dexEntries(apk: string): string[] {
  return execFileSync('unzip', ['-Z1', apk], { encoding: 'utf8', maxBuffer: 1 << 26 }).split('\n').filter((n) => /^classes\d*\.dex$/.test(n));
}

function dump(path: string, hierarchy: Map<string, string | null>): DexdumpInvoke[] {
  return parseDexdump(run('dexdump', ['-d', path]), hierarchy);
}

describe.skipIf(skip)('hook rewriting on the corpus (dexdump oracle)', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  let largest = { name: '', size: 0, ms: 0 };
  for (const apk of apks) {
    const entries = dexEntries(apk);
    if (!entries.length) continue;
    it(basename(apk), () => {
      const inputs = entries.map((e) => new Uint8Array(execFileSync('unzip', ['-p', apk, e], { maxBuffer: 1 << 28 })));
      const t0 = performance.now();
      const { files, report } = applyHooks(inputs, table, groups);
      const ms = performance.now() - t0;
      const biggest = Math.max(...inputs.map((b) => b.length));
      if (biggest > largest.size) largest = { name: `${basename(apk)} (${entries.length} DEX)`, size: biggest, ms };

      const before: DexdumpInvoke[] = [];
      const after: DexdumpInvoke[] = [];
      const hBefore = new Map<string, string | null>();
      const hAfter = new Map<string, string | null>();
      entries.forEach((e, i) => {
        const inPath = join(work, `${basename(apk)}-${e}`);
        writeFileSync(inPath, inputs[i]!);
        before.push(...dump(inPath, hBefore));
        if (files[i] === inputs[i]) { after.push(...dump(inPath, hAfter)); return; }
        const outPath = `${inPath}.hooked.dex`;
        writeFileSync(outPath, files[i]!);
        rewrittenFiles.push({ path: outPath, size: files[i]!.length });
        const check = runStatus('dexdump', ['-c', outPath]);
        expect(check.status, check.stderr).toBe(0);
        expect(check.stdout).toContain('Checksum verified');
        after.push(...dump(outPath, hAfter));
      });
      table.hooks.forEach((rule, k) => {
        const original = before.filter((inv) => ruleOf(inv, table.hooks, hBefore) === k).length;
        const left = after.filter((inv) => ruleOf(inv, table.hooks, hAfter) === k).length;
        const r = report.rules[k]!;
        expect(left, `${rule.target.class}->${rule.target.name}${rule.target.descriptor} left`).toBe(r.skipped.length);
        expect(r.rewritten + r.skipped.length).toBe(original);
        expect(countShimCalls(after, rule) - countShimCalls(before, rule)).toBe(original - r.skipped.length);
      });
      const total = before.filter((inv) => ruleOf(inv, table.hooks, hBefore) >= 0).length;
      console.log(`${basename(apk)}: ${total} hooked call sites, ${report.rewritten} rewritten, ${report.skipped} skipped${report.skipped ? ` (${[...new Set(report.rules.flatMap((r) => r.skipped.map((s) => s.reason)))].join('; ')})` : ''}, ${ms.toFixed(0)} ms`);
    }, 120_000);
  }

  it('reports the rewrite time of the largest DEX', () => {
    console.log(`largest corpus DEX: ${largest.name}, ${largest.size} bytes, applyHooks ${largest.ms.toFixed(0)} ms`);
    expect(largest.size).toBeGreaterThan(0);
  });

  it.skipIf(missingTools('baksmali on hooked DEX', 'baksmali'))('baksmali disassembles rewritten DEX files', () => {
    const subset = [...rewrittenFiles].sort((a, b) => a.size - b.size).slice(0, 3);
    for (const f of subset) {
      const r = runStatus('baksmali', ['d', '-o', `${f.path}.smali`, f.path]);
      expect(r.status, r.stderr).toBe(0);
    }
  }, 120_000);
});
