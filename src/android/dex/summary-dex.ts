// A summary of one DEX file for `mam inspect --dex`: the header's table sizes (spec: "Dalvik Executable
// format", header_item), the methods its classes define, and the call sites of the framework methods that
// the hook rules of runtime-shims/android/hooks.json redirect, plus calls into the policy runtime (after
// `mam wrap` the former should be gone and the latter present).

import type { HookTable } from './hooks-rules.js';
import { refText } from './hooks-rules.js';
import type { DexFile } from './model.js';
import { countInvokes } from './references.js';

export interface HookedCallSummary {
  group: string;
  /** The framework method, `Lpkg/Cls;->name(Args)Ret`. */
  method: string;
  /** invoke-* instructions that name the method directly (a call through an app subclass names the subclass). */
  callSites: number;
}

export interface DexSummary {
  name: string;
  /** "035" … "039". */
  version: string;
  size: number;
  classes: number;
  /** Methods declared by the file's classes (direct + virtual). */
  methodsDefined: number;
  /** method_ids: methods defined or referred to, the table the 65 536 limit applies to. */
  methodRefs: number;
  fieldRefs: number;
  typeRefs: number;
  protoRefs: number;
  strings: number;
  /** Hooked framework methods called in this file (only those with call sites), in hooks.json order. */
  hookedCalls: HookedCallSummary[];
  /** invoke-* instructions calling a method of the policy runtime (Lcom/mam/runtime/). */
  runtimeCalls: number;
}

const RUNTIME_PREFIX = 'Lcom/mam/runtime/';

export function summarizeDex(name: string, size: number, dex: DexFile, hooks: HookTable | null): DexSummary {
  let methodsDefined = 0;
  for (const c of dex.classDefs) {
    if (c.classData < 0) continue;
    const d = dex.classData[c.classData]!;
    methodsDefined += d.directMethods.length + d.virtualMethods.length;
  }
  const invokes = countInvokes(dex);
  const hookedCalls: HookedCallSummary[] = [];
  const seen = new Set<string>();
  for (const rule of hooks?.hooks ?? []) {
    const method = refText(rule.target);
    if (seen.has(method)) continue;
    seen.add(method);
    const callSites = invokes.get(method) ?? 0;
    if (callSites) hookedCalls.push({ group: rule.group, method, callSites });
  }
  let runtimeCalls = 0;
  for (const [ref, n] of invokes) if (ref.startsWith(RUNTIME_PREFIX)) runtimeCalls += n;
  return {
    name, version: dex.version, size,
    classes: dex.classDefs.length,
    methodsDefined,
    methodRefs: dex.methods.length,
    fieldRefs: dex.fields.length,
    typeRefs: dex.types.length,
    protoRefs: dex.protos.length,
    strings: dex.strings.length,
    hookedCalls,
    runtimeCalls,
  };
}
