// Rewriting the app's call sites to the hooked framework methods (rules from hooks-rules.ts) so that they
// call the policy runtime (spec: "Dalvik bytecode" for invoke-kind, new-instance, move-result-object).
//  - invoke-static-redirect: `invoke-{static,virtual,interface,direct}[/range] {args} T.m(d)` becomes
//    `invoke-static[/range] {args} Shim.m(receiver-first d)`: same registers, same length. A call through
//    an app subclass (`Lcom/app/MainActivity;->startActivity`) is resolved by walking the superclasses
//    defined in the app's DEX files up to the first class the app does not define (the framework class,
//    matched by name). invoke-super is left alone (the shim's virtual call would re-enter the override).
//  - constructor-factory: `new-instance vX, T` … `invoke-direct {vX, args} T.<init>` becomes
//    `invoke-static {args} Shim.factory` + `move-result-object vX`; the new-instance is removed. A pair whose
//    register is used in between, or with a branch target between, is skipped and reported.
// Classes of the runtime (Lcom/mam/runtime/) and platform classes (android.* except android.support.*,
// java.*, javax.*, dalvik.*) are never rewritten.

import { debugInfoUsers, replaceInstructions } from './edit-code.js';
import { addReferences, findMethodId } from './edit-references.js';
import { refText, type HookRule } from './hooks-rules.js';
import { decodeInstructions, instructionUnits, type Instruction } from './instructions.js';
import type { DexFile } from './model.js';
import { OPCODES } from './opcodes.js';
import { protoDescriptor, typeDescriptor } from './references.js';

export interface SkippedSite { class: string; method: string; offset: number; reason: string }

export interface HookRuleReport {
  group: string;
  kind: HookRule['kind'];
  target: string;
  replacement: string;
  rewritten: number;
  /** Rewritten call sites per class that contains them. */
  byClass: Record<string, number>;
  skipped: SkippedSite[];
}

export interface HookReport {
  rules: HookRuleReport[];
  rewritten: number;
  skipped: number;
  /** Code items whose const-string had to become const-string/jumbo after strings were added. */
  jumboCodeItems: number;
}

/** Superclass of each class defined in the app (null for none). */
export type ClassHierarchy = Map<string, string | null>;

const OP_INVOKE_VIRTUAL = 0x6e;
const OP_INVOKE_SUPER = 0x6f;
const OP_INVOKE_DIRECT = 0x70;
const OP_INVOKE_STATIC = 0x71;
const OP_INVOKE_INTERFACE = 0x72;
const RANGE = 0x74 - 0x6e;
const OP_NEW_INSTANCE = 0x22;
const OP_MOVE_RESULT_OBJECT = 0x0c;

const EXCLUDED = /^L(com\/mam\/runtime\/|java\/|javax\/|dalvik\/|android\/(?!support\/))/;

export function classHierarchy(dexes: readonly DexFile[]): ClassHierarchy {
  const out: ClassHierarchy = new Map();
  for (const dex of dexes) {
    for (const c of dex.classDefs) {
      const name = typeDescriptor(dex, c.classIdx);
      if (!out.has(name)) out.set(name, c.superclassIdx < 0 ? null : typeDescriptor(dex, c.superclassIdx));
    }
  }
  return out;
}

/** The classes a reference to `cls` may resolve to: itself, its app superclasses, then the first framework class. */
function resolutionChain(cls: string, hierarchy: ClassHierarchy): string[] {
  const chain = [cls];
  let c: string | null | undefined = cls;
  while (c && hierarchy.has(c) && chain.length < 64) {
    c = hierarchy.get(c);
    if (c && !chain.includes(c)) chain.push(c); else break;
  }
  return chain;
}

/** "class->name descriptor" of every rule's target, to its rule index. */
export function ruleKeys(rules: readonly HookRule[]): Map<string, number> {
  const byKey = new Map<string, number>();
  rules.forEach((r, i) => byKey.set(`${r.target.class}->${r.target.name}${r.target.descriptor}`, i));
  return byKey;
}

/** The rule a method reference resolves to (-1 for none). */
export function matchRule(byKey: ReadonlyMap<string, number>, cls: string, name: string, desc: string, hierarchy: ClassHierarchy): number {
  const chain = name === '<init>' ? [cls] : resolutionChain(cls, hierarchy);
  for (const c of chain) {
    const k = byKey.get(`${c}->${name}${desc}`);
    if (k !== undefined) return k;
  }
  return -1;
}

/** Rule index for every method id of the DEX (-1 when no rule matches). */
function matchMethods(dex: DexFile, rules: readonly HookRule[], hierarchy: ClassHierarchy): Int32Array {
  const byKey = ruleKeys(rules);
  const names = new Set(rules.map((r) => r.target.name));
  const out = new Int32Array(dex.methods.length).fill(-1);
  dex.methods.forEach((m, i) => {
    const name = dex.strings[m.nameIdx]!;
    if (!names.has(name)) return;
    out[i] = matchRule(byKey, typeDescriptor(dex, m.classIdx), name, protoDescriptor(dex, m.protoIdx), hierarchy);
  });
  return out;
}

interface Site { codeItem: number; className: string; method: string }

/** Code items of rewritable classes that call a matched method. */
function findSites(dex: DexFile, match: Int32Array): Site[] {
  const out: Site[] = [];
  const seen = new Set<number>();
  for (const def of dex.classDefs) {
    if (def.classData < 0) continue;
    const className = typeDescriptor(dex, def.classIdx);
    if (EXCLUDED.test(className)) continue;
    const data = dex.classData[def.classData]!;
    for (const m of [...data.directMethods, ...data.virtualMethods]) {
      if (m.code < 0 || seen.has(m.code)) continue;
      const u = dex.codeItems[m.code]!.insns;
      for (let pc = 0; pc < u.length; pc += instructionUnits(u, pc)) {
        const op = u[pc]! & 0xff;
        if (op >= OP_INVOKE_VIRTUAL && op <= OP_INVOKE_INTERFACE + RANGE && op !== 0x73 && match[u[pc + 1]!]! >= 0) {
          seen.add(m.code);
          const mid = dex.methods[m.methodIdx]!;
          out.push({ codeItem: m.code, className, method: `${dex.strings[mid.nameIdx]}${protoDescriptor(dex, mid.protoIdx)}` });
          break;
        }
      }
    }
  }
  return out;
}

export function emptyReport(rules: readonly HookRule[]): HookRuleReport[] {
  return rules.map((r) => ({ group: r.group, kind: r.kind, target: refText(r.target), replacement: refText(r.replacement), rewritten: 0, byClass: {}, skipped: [] }));
}

/** Rewrites every call site of `rules` in `dex` (mutated and returned) and reports per rule. */
export function rewriteDex(dex: DexFile, rules: readonly HookRule[], hierarchy: ClassHierarchy = classHierarchy([dex])): { dex: DexFile; report: HookReport } {
  const reports = emptyReport(rules);
  let match = matchMethods(dex, rules, hierarchy);
  const sites = findSites(dex, match);
  if (!sites.length) return { dex, report: { rules: reports, rewritten: 0, skipped: 0, jumboCodeItems: 0 } };
  const used = new Set<number>();
  for (const s of sites) {
    const u = dex.codeItems[s.codeItem]!.insns;
    for (let pc = 0; pc < u.length; pc += instructionUnits(u, pc)) {
      const op = u[pc]! & 0xff;
      if (OPCODES[op]!.index === 'method' && op < 0xfa && match[u[pc + 1]!]! >= 0) used.add(match[u[pc + 1]!]!);
    }
  }
  const added = addReferences(dex, { methods: [...used].map((i) => rules[i]!.replacement) });
  match = matchMethods(dex, rules, hierarchy);
  const shim = rules.map((r, i) => (used.has(i) ? findMethodId(dex, r.replacement) : -1));
  const users = debugInfoUsers(dex);
  for (const s of findSites(dex, match)) rewriteCode(dex, s, rules, match, shim, reports, users);
  const rewritten = reports.reduce((n, r) => n + r.rewritten, 0);
  const skipped = reports.reduce((n, r) => n + r.skipped.length, 0);
  return { dex, report: { rules: reports, rewritten, skipped, jumboCodeItems: added.jumboCodeItems } };
}

function rewriteCode(dex: DexFile, site: Site, rules: readonly HookRule[], match: Int32Array, shim: number[], reports: HookRuleReport[], users: number[]): void {
  const code = dex.codeItems[site.codeItem]!;
  const list = decodeInstructions(code.insns);
  const targets = branchTargets(list, code);
  const replace = new Map<number, Instruction[]>();
  const done = (k: number): void => {
    const rep = reports[k]!;
    rep.rewritten++;
    rep.byClass[site.className] = (rep.byClass[site.className] ?? 0) + 1;
  };
  list.forEach((insn, k) => {
    const op = insn.opcode;
    if (insn.format.endsWith('payload') || OPCODES[op]!.index !== 'method' || op >= 0xfa) return;
    const r = match[insn.index!]!;
    if (r < 0) return;
    const rule = rules[r]!;
    const base = op >= OP_INVOKE_VIRTUAL + RANGE ? op - RANGE : op;
    const range = base !== op;
    const skip = (reason: string): void => { reports[r]!.skipped.push({ class: site.className, method: site.method, offset: insn.offset, reason }); };
    if (base === OP_INVOKE_SUPER) return skip('invoke-super calls the superclass implementation; redirecting it would re-enter an override');
    if (rule.kind === 'invoke-static-redirect') {
      if ((rule.target.invoke === 'static') !== (base === OP_INVOKE_STATIC)) return skip(`invoke kind ${OPCODES[op]!.name} does not match the rule's ${rule.target.invoke}`);
      replace.set(k, [{ ...insn, opcode: range ? OP_INVOKE_STATIC + RANGE : OP_INVOKE_STATIC, index: shim[r]! }]);
      return done(r);
    }
    if (base !== OP_INVOKE_DIRECT) return skip(`${OPCODES[op]!.name} of a constructor`);
    const why = factoryPair(list, k, targets, dex, rule);
    if (typeof why === 'string') return skip(why);
    const args = insn.registers.slice(1);
    replace.set(why, []);
    replace.set(k, [
      { offset: insn.offset, opcode: range ? OP_INVOKE_STATIC + RANGE : OP_INVOKE_STATIC, format: range ? '3rc' : '35c', registers: args, index: shim[r]! },
      { offset: insn.offset, opcode: OP_MOVE_RESULT_OBJECT, format: '11x', registers: [insn.registers[0]!] },
    ]);
    return done(r);
  });
  if (!replace.size) return;
  if ([...replace.values()].every((v) => v.length === 1)) {
    for (const [k, [insn]] of replace) {
      const pc = list[k]!.offset;
      code.insns[pc] = (code.insns[pc]! & 0xff00) | insn!.opcode;
      code.insns[pc + 1] = insn!.index!;
    }
    return;
  }
  replaceInstructions(dex, site.codeItem, replace, users);
}

/** Index of the matching new-instance, or why the pair cannot be replaced. */
function factoryPair(list: readonly Instruction[], k: number, targets: ReadonlySet<number>, dex: DexFile, rule: HookRule): number | string {
  const insn = list[k]!;
  const v = insn.registers[0];
  if (v === undefined) return 'constructor call without a receiver register';
  if (v > 0xff) return `receiver register v${v} does not fit move-result-object (8 bits)`;
  if (insn.registers.slice(1).includes(v)) return `receiver register v${v} is also an argument`;
  for (let j = k - 1; j >= 0; j--) {
    const p = list[j]!;
    if (targets.has(list[j + 1]!.offset)) return `branch target at ${list[j + 1]!.offset} between new-instance and <init>`;
    const wide = OPCODES[p.opcode]!.name.includes('wide') && p.registers.includes(v - 1);
    if (!p.registers.includes(v) && !wide) continue;
    if (p.opcode === OP_NEW_INSTANCE && p.registers[0] === v && typeDescriptor(dex, p.index!) === rule.target.class) return j;
    return `register v${v} is used at ${p.offset} between new-instance and <init>`;
  }
  return 'no new-instance for the receiver register in the method';
}

/** Addresses that control can reach other than by falling through. */
function branchTargets(list: readonly Instruction[], code: DexFile['codeItems'][number]): Set<number> {
  const out = new Set<number>();
  const switchAt = new Map<number, number>();
  for (const i of list) {
    if (i.target === undefined || i.format.endsWith('payload')) continue;
    if (i.opcode === 0x2b || i.opcode === 0x2c) switchAt.set(i.offset + i.target, i.offset);
    else if (i.opcode !== 0x26) out.add(i.offset + i.target);
  }
  for (const i of list) {
    const sw = switchAt.get(i.offset);
    if (sw !== undefined && i.targets) for (const t of i.targets) out.add(sw + t);
  }
  for (const h of code.handlers) {
    for (const c of h.catches) out.add(c.addr);
    if (h.catchAllAddr >= 0) out.add(h.catchAllAddr);
  }
  return out;
}
