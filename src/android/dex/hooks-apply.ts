// The wrap stage's entry point for hooks: every DEX of the app is scanned (hooks-scan.ts) for the class
// hierarchy (a subclass may live in another classesN.dex than its call sites) and for method ids that may
// be hooked; only those files are then parsed, rewritten with the rules of the policy's hook groups and,
// when a call site changed, serialized again, one at a time (memory is bounded by the largest DEX).

import { selectHooks, type HookTable } from './hooks-rules.js';
import { scanForHooks } from './hooks-scan.js';
import { parseDex } from './parse.js';
import { emptyReport, matchRule, rewriteDex, ruleKeys, type ClassHierarchy, type HookReport, type HookRuleReport } from './rewrite-hooks.js';
import { serializeDex } from './serialize.js';

export interface ApplyHooksReport extends HookReport {
  groups: string[];
  /** Per input file: call sites rewritten (0 means the file is returned unchanged). */
  files: { index: number; rewritten: number; skipped: number }[];
}

export function applyHooks(dexFiles: readonly Uint8Array[], hooks: HookTable, groups: readonly string[]): { files: Uint8Array[]; report: ApplyHooksReport } {
  const rules = selectHooks(hooks, groups);
  const scans = dexFiles.map((b, i) => inFile(i, () => scanForHooks(b, rules)));
  const hierarchy: ClassHierarchy = new Map();
  for (const scan of scans) for (const [name, sup] of scan.classes) if (!hierarchy.has(name)) hierarchy.set(name, sup);
  const merged: HookRuleReport[] = [];
  const files: Uint8Array[] = [];
  const perFile: ApplyHooksReport['files'] = [];
  let jumbo = 0;
  const byKey = ruleKeys(rules);
  scans.forEach((scan, i) => {
    let report: HookReport = { rules: emptyReport(rules), rewritten: 0, skipped: 0, jumboCodeItems: 0 };
    let out = dexFiles[i]!;
    if (scan.candidates.some(([c, n, d]) => matchRule(byKey, c, n, d, hierarchy) >= 0)) {
      const dex = scan.parsed ?? inFile(i, () => parseDex(dexFiles[i]!));
      scan.parsed = undefined;
      report = rewriteDex(dex, rules, hierarchy).report;
      if (report.rewritten) out = serializeDex(dex);
    }
    perFile.push({ index: i, rewritten: report.rewritten, skipped: report.skipped });
    files.push(out);
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

function inFile<T>(i: number, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e && typeof e === 'object' && 'within' in e && typeof e.within === 'function') e.within({ entry: `DEX file ${i + 1}` });
    throw e;
  }
}
