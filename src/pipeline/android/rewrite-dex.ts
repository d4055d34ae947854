// Stage rewriteDex (issue #8): route the app's own calls to the framework methods the policy needs
// through the runtime. The hook rules are runtime-shims/android/hooks.json; every classesN.dex of the
// app (not the runtime's own) is parsed, rewritten and, when any call site changed, written back in
// place. DEX files with nothing to rewrite keep their bytes (and their compressed data) untouched. A DEX
// an earlier stage replaced (classes.dex with the runtime merged in) is read from ctx.replacements; the
// runtime's classes in it are never rewritten (rewrite-hooks.ts excludes Lcom/mam/runtime/).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IoError } from '../../core/errors.js';
import { applyHooks } from '../../android/dex/hooks-apply.js';
import { parseHookTable, type HookTable } from '../../android/dex/hooks-rules.js';
import { loadedDexNames } from './dex-entries.js';
import { need, type WrapContext } from './wrap-context.js';

const MAX_DEX_BYTES = 256 << 20;

export function readHookTable(shimDir: string): HookTable {
  const path = join(shimDir, 'hooks.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new IoError('WRAP_HOOKS_UNREADABLE', `cannot read the hook table ${path}: ${(e as Error).message}`, { file: path }, { cause: e });
  }
  return parseHookTable(json);
}

/** The rewritten DEX replaces the entry; a file line an earlier stage wrote for it is updated. */
function recordRewritten(ctx: WrapContext, name: string, bytes: Uint8Array): void {
  ctx.replacements.set(name, bytes);
  const line = { name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), role: 'hooks', replaced: true };
  const earlier = ctx.files.findIndex((f) => f.name === name);
  if (earlier < 0) ctx.files.push(line);
  else ctx.files[earlier] = { ...line, role: `${ctx.files[earlier]!.role} + hooks` };
}

export function rewriteDex(ctx: WrapContext): void {
  const groups = need(ctx.effects, 'the policy effects').hookGroups;
  const archive = need(ctx.archive, 'the archive');
  const plan = need(ctx.plan, 'the plan');
  const ownDex = plan.shimPlacement === 'next-dex' ? plan.shimDexName : undefined;
  const names = loadedDexNames(archive.entries.map((e) => e.name)).filter((n) => n !== ownDex);
  if (groups.length === 0 || names.length === 0) {
    ctx.hooks = { groups, callSites: 0, skipped: 0, rules: [] };
    return;
  }
  const table = readHookTable(need(ctx.shim, 'the shim').dir);
  const inputs = names.map((n) => ctx.replacements.get(n) ?? archive.readEntry(n, MAX_DEX_BYTES));
  const { files, report } = applyHooks(inputs, table, groups);
  files.forEach((bytes, i) => {
    if (bytes === inputs[i]) return;
    recordRewritten(ctx, names[i]!, bytes);
  });
  ctx.hooks = {
    groups,
    callSites: report.rewritten,
    skipped: report.skipped,
    rules: report.rules
      .filter((r) => r.rewritten > 0 || r.skipped.length > 0)
      .map((r) => ({ group: r.group, target: r.target, replacement: r.replacement, rewritten: r.rewritten, skipped: r.skipped.map((s) => `${s.class}->${s.method} @${s.offset}: ${s.reason}`) })),
  };
}
