// Human-readable references of a DEX model, in smali's notation (`Lpkg/Cls;->name(Args)Ret`,
// `Lpkg/Cls;->name:Type`), and the invoke sites of methods: what the hook rewriter needs to find calls.

import { decodeInstructions, type Instruction } from './instructions.js';
import type { DexFile } from './model.js';
import { OPCODES, type IndexKind } from './opcodes.js';

export function typeDescriptor(dex: DexFile, typeIdx: number): string {
  return dex.strings[dex.types[typeIdx]!]!;
}

export function protoDescriptor(dex: DexFile, protoIdx: number): string {
  const p = dex.protos[protoIdx]!;
  const params = p.parameters < 0 ? [] : dex.typeLists[p.parameters]!;
  return `(${params.map((t) => typeDescriptor(dex, t)).join('')})${typeDescriptor(dex, p.returnTypeIdx)}`;
}

export function methodReference(dex: DexFile, methodIdx: number): string {
  const m = dex.methods[methodIdx]!;
  return `${typeDescriptor(dex, m.classIdx)}->${dex.strings[m.nameIdx]}${protoDescriptor(dex, m.protoIdx)}`;
}

export function fieldReference(dex: DexFile, fieldIdx: number): string {
  const f = dex.fields[fieldIdx]!;
  return `${typeDescriptor(dex, f.classIdx)}->${dex.strings[f.nameIdx]}:${typeDescriptor(dex, f.typeIdx)}`;
}

/** The reference an index of the given kind names, as text; undefined for kinds without a table. */
export function describeIndex(dex: DexFile, kind: IndexKind, index: number): string | undefined {
  switch (kind) {
    case 'string': return dex.strings[index];
    case 'type': return typeDescriptor(dex, index);
    case 'field': return fieldReference(dex, index);
    case 'method': return methodReference(dex, index);
    case 'proto': return protoDescriptor(dex, index);
    case 'call-site': return `call_site_${index}`;
    case 'method-handle': return `method_handle_${index}`;
    default: return undefined;
  }
}

export interface CodeSite {
  /** Descriptor of the class that declares the method. */
  className: string;
  /** Method reference of the method whose code contains the site. */
  method: string;
  methodIdx: number;
  codeItem: number;
  instruction: Instruction;
}

/** Visits every instruction of every method with code, in class_def order. */
export function forEachInstruction(dex: DexFile, visit: (site: CodeSite) => void): void {
  for (const def of dex.classDefs) {
    if (def.classData < 0) continue;
    const data = dex.classData[def.classData]!;
    const className = typeDescriptor(dex, def.classIdx);
    for (const m of [...data.directMethods, ...data.virtualMethods]) {
      if (m.code < 0) continue;
      const method = methodReference(dex, m.methodIdx);
      for (const instruction of decodeInstructions(dex.codeItems[m.code]!.insns)) {
        visit({ className, method, methodIdx: m.methodIdx, codeItem: m.code, instruction });
      }
    }
  }
}

function isInvoke(insn: Instruction): boolean {
  return insn.format !== 'packed-switch-payload' && insn.format !== 'sparse-switch-payload' &&
    insn.format !== 'fill-array-data-payload' && OPCODES[insn.opcode]!.index === 'method';
}

/** Every invoke-* (and invoke-polymorphic) instruction that calls `reference` (smali notation). */
export function findInvokeSites(dex: DexFile, reference: string): CodeSite[] {
  const targets = new Set<number>();
  dex.methods.forEach((_, i) => { if (methodReference(dex, i) === reference) targets.add(i); });
  const out: CodeSite[] = [];
  if (!targets.size) return out;
  forEachInstruction(dex, (site) => {
    if (isInvoke(site.instruction) && targets.has(site.instruction.index!)) out.push(site);
  });
  return out;
}

/** Number of invoke sites per called method reference. */
export function countInvokes(dex: DexFile): Map<string, number> {
  const byIdx = new Map<number, number>();
  forEachInstruction(dex, ({ instruction }) => {
    if (isInvoke(instruction)) byIdx.set(instruction.index!, (byIdx.get(instruction.index!) ?? 0) + 1);
  });
  const out = new Map<string, number>();
  for (const [idx, n] of byIdx) out.set(methodReference(dex, idx), n);
  return out;
}
