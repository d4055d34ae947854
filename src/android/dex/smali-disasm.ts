// A smali-like listing of one class of a DEX file, for debugging (`mam dex disasm`): directives as smali
// writes them (.class, .super, .implements, .source, .field, .method … .end method), then one line per
// instruction with its code-unit address, mnemonic (source.android.com "Dalvik bytecode"), registers,
// literal, branch target (absolute address) and the reference it names in smali notation. It is not an
// assembler's input and not an oracle: baksmali is.

import { UsageError } from '../../core/errors.js';
import { ACC_CONSTRUCTOR } from './constants.js';
import { decodeInstructions, type Instruction } from './instructions.js';
import type { DexClassDef, DexEncodedMethod, DexFile } from './model.js';
import { OPCODES } from './opcodes.js';
import { describeIndex, typeDescriptor } from './references.js';

export const DEX_CLASS_NOT_FOUND = 'DEX_CLASS_NOT_FOUND';

const CLASS_FLAGS: [number, string][] = [
  [0x1, 'public'], [0x2, 'private'], [0x4, 'protected'], [0x8, 'static'], [0x10, 'final'], [0x200, 'interface'],
  [0x400, 'abstract'], [0x1000, 'synthetic'], [0x2000, 'annotation'], [0x4000, 'enum'],
];
const FIELD_FLAGS: [number, string][] = [
  [0x1, 'public'], [0x2, 'private'], [0x4, 'protected'], [0x8, 'static'], [0x10, 'final'], [0x40, 'volatile'],
  [0x80, 'transient'], [0x1000, 'synthetic'], [0x4000, 'enum'],
];
const METHOD_FLAGS: [number, string][] = [
  [0x1, 'public'], [0x2, 'private'], [0x4, 'protected'], [0x8, 'static'], [0x10, 'final'], [0x20, 'synchronized'],
  [0x40, 'bridge'], [0x80, 'varargs'], [0x100, 'native'], [0x400, 'abstract'], [0x800, 'strictfp'], [0x1000, 'synthetic'],
  [ACC_CONSTRUCTOR, 'constructor'], [0x20000, 'declared-synchronized'],
];

function flags(value: number, table: readonly [number, string][]): string {
  return table.filter(([bit]) => value & bit).map(([, name]) => `${name} `).join('');
}

/** `Lpkg/Name;` or `pkg.Name` → the descriptor. */
export function classDescriptorOf(name: string): string {
  return name.startsWith('L') && name.endsWith(';') ? name : `L${name.replace(/\./g, '/')};`;
}

export function findClassDef(dex: DexFile, name: string): DexClassDef | undefined {
  const want = classDescriptorOf(name);
  return dex.classDefs.find((c) => typeDescriptor(dex, c.classIdx) === want);
}

/** The smali-like listing of `className`; with `methodName`, only the methods of that name. */
export function disassembleClass(dex: DexFile, className: string, methodName?: string): string {
  const def = findClassDef(dex, className);
  if (!def) {
    throw new UsageError(DEX_CLASS_NOT_FOUND, `class ${classDescriptorOf(className)} is not defined in this DEX file (${dex.classDefs.length} classes)`);
  }
  const out: string[] = [`.class ${flags(def.accessFlags, CLASS_FLAGS)}${typeDescriptor(dex, def.classIdx)}`];
  if (def.superclassIdx >= 0) out.push(`.super ${typeDescriptor(dex, def.superclassIdx)}`);
  if (def.sourceFileIdx >= 0) out.push(`.source ${JSON.stringify(dex.strings[def.sourceFileIdx])}`);
  for (const t of def.interfaces < 0 ? [] : dex.typeLists[def.interfaces]!) out.push(`.implements ${typeDescriptor(dex, t)}`);
  const data = def.classData < 0 ? undefined : dex.classData[def.classData];
  if (!data) return out.join('\n') + '\n';
  if (!methodName) {
    for (const f of [...data.staticFields, ...data.instanceFields]) {
      const id = dex.fields[f.fieldIdx]!;
      out.push('', `.field ${flags(f.accessFlags, FIELD_FLAGS)}${dex.strings[id.nameIdx]}:${typeDescriptor(dex, id.typeIdx)}`);
    }
  }
  let shown = 0;
  for (const m of [...data.directMethods, ...data.virtualMethods]) {
    const id = dex.methods[m.methodIdx]!;
    if (methodName && dex.strings[id.nameIdx] !== methodName) continue;
    shown++;
    out.push('', ...disassembleMethod(dex, m));
  }
  if (methodName && !shown) throw new UsageError(DEX_CLASS_NOT_FOUND, `class ${classDescriptorOf(className)} has no method named ${methodName}`);
  return out.join('\n') + '\n';
}

function disassembleMethod(dex: DexFile, m: DexEncodedMethod): string[] {
  const ref = describeIndex(dex, 'method', m.methodIdx)!;
  const out = [`.method ${flags(m.accessFlags, METHOD_FLAGS)}${ref.slice(ref.indexOf('->') + 2)}`];
  if (m.code >= 0) {
    const code = dex.codeItems[m.code]!;
    out.push(`    .registers ${code.registersSize}`);
    for (const insn of decodeInstructions(code.insns)) out.push(`    ${formatInstruction(dex, insn)}`);
    for (const t of code.tries) {
      const h = code.handlers[t.handler]!;
      const range = `${addr(t.startAddr)} .. ${addr(t.startAddr + t.insnCount)}`;
      for (const c of h.catches) out.push(`    .catch ${typeDescriptor(dex, c.typeIdx)} {${range}} ${addr(c.addr)}`);
      if (h.catchAllAddr >= 0) out.push(`    .catchall {${range}} ${addr(h.catchAllAddr)}`);
    }
  }
  out.push('.end method');
  return out;
}

const addr = (a: number): string => a.toString(16).padStart(4, '0');

/** `0004: invoke-static {v0, v1}, Lpkg/Cls;->m(I)V` */
export function formatInstruction(dex: DexFile, insn: Instruction): string {
  const head = `${addr(insn.offset)}: `;
  switch (insn.format) {
    case 'packed-switch-payload': return `${head}.packed-switch ${insn.firstKey} [${insn.targets!.map((t) => `+${t}`).join(', ')}]`;
    case 'sparse-switch-payload': return `${head}.sparse-switch [${insn.keys!.map((k, i) => `${k} -> +${insn.targets![i]}`).join(', ')}]`;
    case 'fill-array-data-payload': return `${head}.array-data ${insn.elementWidth} × ${insn.elementCount}`;
    default: break;
  }
  const info = OPCODES[insn.opcode]!;
  const ops: string[] = [];
  const regs = insn.registers.map((r) => `v${r}`);
  if (/^(35|3r|45|4r)/.test(insn.format)) {
    ops.push(insn.format.startsWith('3r') || insn.format.startsWith('4r')
      ? `{${regs.length ? `${regs[0]} .. ${regs[regs.length - 1]}` : ''}}`
      : `{${regs.join(', ')}}`);
  } else ops.push(...regs);
  if (insn.literal !== undefined && info.name !== 'nop') ops.push(`#${insn.literal}`);
  if (insn.target !== undefined) ops.push(addr(insn.offset + insn.target));
  if (insn.index !== undefined) {
    const text = describeIndex(dex, info.index, insn.index);
    ops.push(info.index === 'string' ? JSON.stringify(text) : text ?? `${info.index}@${insn.index}`);
  }
  if (insn.index2 !== undefined) ops.push(describeIndex(dex, 'proto', insn.index2) ?? `proto@${insn.index2}`);
  return `${head}${info.name}${ops.length ? ` ${ops.join(', ')}` : ''}`;
}
