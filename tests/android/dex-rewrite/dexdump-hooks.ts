// The independent oracle for hook rewriting: call sites counted from `dexdump -d` text, resolved through
// the class hierarchy that dexdump prints (class descriptor → superclass), with the same rules as the
// rewriter: a call through a class the app defines resolves up to the first class it does not define.
import type { HookRule } from '../../../src/android/dex/hooks-rules.js';

export interface DexdumpInvoke { caller: string; opcode: string; cls: string; name: string; desc: string }

const CLASS = /^ {2}Class descriptor {2}: '([^']+)'/;
const SUPER = /^ {2}Superclass {8}: '([^']+)'/;
const INVOKE = /\|[0-9a-f]{4}: (invoke-[a-z-]+(?:\/range)?) \{[^}]*\}, (L[^;]+;|\[[^.]+)\.([^:]+):(\([^)]*\)\S+)/;

export function parseDexdump(text: string, hierarchy: Map<string, string | null>): DexdumpInvoke[] {
  const out: DexdumpInvoke[] = [];
  let caller = '';
  for (const line of text.split('\n')) {
    const c = CLASS.exec(line);
    if (c) { caller = c[1]!; hierarchy.set(caller, null); continue; }
    const s = SUPER.exec(line);
    if (s) { hierarchy.set(caller, s[1]!); continue; }
    const m = INVOKE.exec(line);
    if (m) out.push({ caller, opcode: m[1]!, cls: m[2]!, name: m[3]!, desc: m[4]! });
  }
  return out;
}

const EXCLUDED = /^L(com\/mam\/runtime\/|java\/|javax\/|dalvik\/|android\/(?!support\/))/;

/** Rule index a dexdump call site belongs to, or -1 (same resolution as the rewriter, computed here). */
export function ruleOf(inv: DexdumpInvoke, rules: readonly HookRule[], hierarchy: Map<string, string | null>): number {
  if (EXCLUDED.test(inv.caller)) return -1;
  let cls: string | null | undefined = inv.cls;
  const seen = new Set<string>();
  while (cls && !seen.has(cls)) {
    seen.add(cls);
    const k = rules.findIndex((r) => r.target.class === cls && r.target.name === inv.name && r.target.descriptor === inv.desc);
    if (k >= 0) return k;
    if (inv.name === '<init>' || !hierarchy.has(cls)) return -1;
    cls = hierarchy.get(cls);
  }
  return -1;
}

export function countShimCalls(invokes: readonly DexdumpInvoke[], rule: HookRule): number {
  return invokes.filter((i) => i.opcode.startsWith('invoke-static') && i.cls === rule.replacement.class && i.name === rule.replacement.name && i.desc === rule.replacement.descriptor).length;
}
