// The wrap stage's entry point for hooks: every DEX of the app is parsed, the class hierarchy is taken
// from all of them (a subclass may live in another classesN.dex than its call sites), the rules of the
// policy's hook groups are applied, and only the DEX files that changed are serialized again.

import { selectHooks, type HookTable } from './hooks-rules.js';
import type { DexFile } from './model.js';
import { parseDex } from './parse.js';
import { classHierarchy, rewriteDex, type HookReport, type HookRuleReport } from './rewrite-hooks.js';
import { serializeDex } from './serialize.js';

export interface ApplyHooksReport extends HookReport {
  groups: string[];
  /** Per input file: call sites rewritten (0 means the file is returned unchanged). */
  files: { index: number; rewritten: number; skipped: number }[];
}

export function applyHooks(dexFiles: readonly Uint8Array[], hooks: HookTable, groups: readonly string[]): { files: Uint8Array[]; report: ApplyHooksReport } {
  const rules = selectHooks(hooks, groups);
  const parsed: DexFile[] = dexFiles.map((b, i) => {
    try {
      return parseDex(b);
    } catch (e) {
      if (e && typeof e === 'object' && 'within' in e && typeof e.within === 'function') e.within({ entry: `DEX file ${i + 1}` });
      throw e;
    }
  });
  const hierarchy = classHierarchy(parsed);
  const merged: HookRuleReport[] = [];
  const files: Uint8Array[] = [];
  const perFile: ApplyHooksReport['files'] = [];
  let jumbo = 0;
  parsed.forEach((dex, i) => {
    const { report } = rewriteDex(dex, rules, hierarchy);
    perFile.push({ index: i, rewritten: report.rewritten, skipped: report.skipped });
    files.push(report.rewritten ? serializeDex(dex) : dexFiles[i]!);
    jumbo += report.jumboCodeItems;
    report.rules.forEach((r, k) => {
      const m = merged[k];
      if (!m) { merged[k] = r; return; }
      m.rewritten += r.rewritten;
      for (const [c, n] of Object.entries(r.byClass)) m.byClass[c] = (m.byClass[c] ?? 0) + n;
      m.skipped.push(...r.skipped);
    });
  });
  return {
    files,
    report: {
      groups: [...groups], rules: merged, files: perFile, jumboCodeItems: jumbo,
      rewritten: merged.reduce((n, r) => n + r.rewritten, 0),
      skipped: merged.reduce((n, r) => n + r.skipped.length, 0),
    },
  };
}
