// Reading `dexdump -d` output for the DEX tests: disassembly lines reduced to comparable records, and the
// text normalized where a relaid-out file legitimately differs (file offsets, the file name).
import { decodeInstructions } from '../../../src/android/dex/instructions.js';
import type { DexFile } from '../../../src/android/dex/model.js';
import { OPCODES } from '../../../src/android/dex/opcodes.js';
import { typeDescriptor } from '../../../src/android/dex/references.js';

const LINE = /^[0-9a-f]{6}: [0-9a-f .]+\|([0-9a-f]{4}): (\S+)([^]*)$/;
const INDEX = / \/\/ (\w+)@([0-9a-f]+)$/;

export interface DisasmRecord {
  offset: number;
  mnemonic: string;
  /** e.g. "method@0005" */
  ref?: string;
}

/** Strings with line breaks continue on the next lines, so a const-string's "// string@" may come later. */
export function parseDexdumpDisassembly(text: string): DisasmRecord[] {
  const out: DisasmRecord[] = [];
  let pending: { rec: DisasmRecord; rest: string } | undefined;
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) {
      if (pending) {
        pending.rest += `\n${line}`;
        const ix = INDEX.exec(pending.rest);
        if (ix) {
          pending.rec.ref = `${ix[1]}@${parseInt(ix[2]!, 16)}`;
          pending = undefined;
        }
      }
      continue;
    }
    const rec: DisasmRecord = { offset: parseInt(m[1]!, 16), mnemonic: m[2]! };
    const ix = INDEX.exec(m[3]!);
    if (ix) rec.ref = `${ix[1]}@${parseInt(ix[2]!, 16)}`;
    pending = !ix && rec.mnemonic.startsWith('const-string') ? { rec, rest: m[3]! } : undefined;
    out.push(rec);
  }
  return out;
}

const PAYLOAD_NAMES: Record<string, string> = {
  'packed-switch-payload': 'packed-switch-data',
  'sparse-switch-payload': 'sparse-switch-data',
  'fill-array-data-payload': 'array-data',
};
const REF_KIND: Record<string, string> = {
  string: 'string', type: 'type', field: 'field', method: 'method', proto: 'proto', 'call-site': 'call_site', 'method-handle': 'method_handle',
};

/** Our decoder's view in dexdump's order (class defs; direct then virtual methods). */
export function ourDisassembly(dex: DexFile): DisasmRecord[] {
  const out: DisasmRecord[] = [];
  for (const def of dex.classDefs) {
    if (def.classData < 0) continue;
    const data = dex.classData[def.classData]!;
    for (const m of [...data.directMethods, ...data.virtualMethods]) {
      if (m.code < 0) continue;
      for (const insn of decodeInstructions(dex.codeItems[m.code]!.insns)) {
        const payload = PAYLOAD_NAMES[insn.format];
        if (payload) {
          out.push({ offset: insn.offset, mnemonic: payload });
          continue;
        }
        const info = OPCODES[insn.opcode]!;
        const rec: DisasmRecord = { offset: insn.offset, mnemonic: info.name };
        const kind = REF_KIND[info.index];
        if (kind && insn.index !== undefined) rec.ref = `${kind}@${insn.index}`;
        out.push(rec);
      }
    }
  }
  void typeDescriptor;
  return out;
}

/** dexdump -d text without the lines that name the file and without file offsets. */
export function normalizeDexdump(text: string): string {
  return text
    .split('\n')
    .filter((l) => !l.startsWith('Processing ') && !l.startsWith('Opened '))
    .map((l) => l.replace(/^[0-9a-f]{6}: /, '').replace(/\|\[[0-9a-f]{6}\] /, '|[] '))
    .join('\n');
}
