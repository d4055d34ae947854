// Replacing instructions of a code_item when their lengths change (spec: "Dalvik bytecode", "code_item",
// "debug_info_item"): branch offsets (goto/if-*), switch and fill-array-data payload offsets, the targets
// inside switch payloads (relative to their switch instruction), 4-byte alignment of payloads, try
// ranges, catch handler addresses and debug line-table addresses are all moved to the new layout. A goto
// whose offset no longer fits is widened (goto → goto/16 → goto/32).

import { PreflightError } from '../../core/errors.js';
import { relocateDebugInfo } from './edit-debug-info.js';
import { encodeInto, encodedUnits } from './instruction-encode.js';
import { decodeInstructions, type Instruction } from './instructions.js';
import type { DexFile } from './model.js';

export const DEX_BRANCH_OUT_OF_RANGE = 'DEX_BRANCH_OUT_OF_RANGE';

const OP_GOTO = 0x28;
const OP_GOTO_16 = 0x29;
const OP_GOTO_32 = 0x2a;
const OP_PACKED_SWITCH = 0x2b;
const OP_SPARSE_SWITCH = 0x2c;

interface Item {
  insn: Instruction;
  /** Offset of the original instruction this item replaces (or is). */
  origin: number;
}

const isPayload = (i: Instruction): boolean => i.format.endsWith('-payload');
const isPaddingNop = (list: readonly Instruction[], k: number): boolean =>
  list[k]!.opcode === 0 && list[k]!.format === '10x' && list[k]!.literal === undefined && k + 1 < list.length && isPayload(list[k + 1]!);

function fits(v: number, bits: number): boolean {
  return v >= -(2 ** (bits - 1)) && v < 2 ** (bits - 1);
}

/**
 * Replaces instructions of code item `codeIdx`: `replace` maps an index in the decoded list to the
 * instructions that take its place (empty to delete). Kept and replacement instructions with a `target`
 * keep pointing at the same original instruction; a deleted instruction's address moves to the next one.
 * `debugUsers` counts code items per debug info (a shared debug info is copied before it is moved).
 */
export function replaceInstructions(dex: DexFile, codeIdx: number, replace: ReadonlyMap<number, Instruction[]>, debugUsers?: number[]): void {
  const code = dex.codeItems[codeIdx]!;
  const list = decodeInstructions(code.insns);
  const items: Item[] = [];
  /** Old instruction offset → index of the first item emitted at or after it. */
  const firstItem = new Map<number, number>();
  list.forEach((insn, k) => {
    firstItem.set(insn.offset, items.length);
    if (isPaddingNop(list, k)) return;
    for (const r of replace.get(k) ?? [insn]) items.push({ insn: { ...r }, origin: insn.offset });
  });
  firstItem.set(code.insns.length, items.length);
  const switchOf = new Map<number, number>();
  for (const i of list) if ((i.opcode === OP_PACKED_SWITCH || i.opcode === OP_SPARSE_SWITCH) && i.format === '31t') switchOf.set(i.offset + i.target!, i.offset);

  const offsets = layout(items, firstItem);
  const newAddress = (old: number): number => {
    const k = firstItem.get(old);
    if (k === undefined) throw new PreflightError(DEX_BRANCH_OUT_OF_RANGE, `address ${old} is not the start of an instruction`, { offset: old * 2 });
    return offsets[k]!;
  };
  const total = offsets[items.length]!;
  const out = new Uint16Array(total);
  items.forEach((item, k) => {
    const pc = offsets[k]!;
    const insn = item.insn;
    if (insn.target !== undefined) insn.target = newAddress(item.origin + insn.target) - pc;
    if (insn.targets && insn.format !== 'fill-array-data-payload') {
      const sw = switchOf.get(item.origin);
      if (sw !== undefined) insn.targets = insn.targets.map((t) => newAddress(sw + t) - newAddress(sw));
    }
    encodeInto(insn, out, pc);
  });
  code.insns = out;
  code.tries = code.tries.map((t) => {
    const start = newAddress(t.startAddr);
    return { ...t, startAddr: start, insnCount: newAddress(t.startAddr + t.insnCount) - start };
  });
  code.handlers = code.handlers.map((h) => ({
    catches: h.catches.map((c) => ({ typeIdx: c.typeIdx, addr: newAddress(c.addr) })),
    catchAllAddr: h.catchAllAddr < 0 ? -1 : newAddress(h.catchAllAddr),
  }));
  if (code.debugInfo >= 0) {
    const moved = relocateDebugInfo(dex.debugInfos[code.debugInfo]!, (a) => newAddressNear(a, list, newAddress));
    if (debugUsers && (debugUsers[code.debugInfo] ?? 0) > 1) {
      debugUsers[code.debugInfo]!--;
      code.debugInfo = dex.debugInfos.push(moved) - 1;
      debugUsers[code.debugInfo] = 1;
    } else {
      dex.debugInfos[code.debugInfo] = moved;
    }
  }
}

/** Debug addresses should be instruction starts; one inside an instruction keeps its distance from it. */
function newAddressNear(a: number, list: readonly Instruction[], newAddress: (old: number) => number): number {
  let lo = 0;
  let hi = list.length - 1;
  if (hi < 0 || a <= 0) return a;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (list[mid]!.offset <= a) lo = mid; else hi = mid - 1;
  }
  const start = list[lo]!.offset;
  return newAddress(start) + (a - start);
}

/** Offsets of every item (and the end at index items.length), widening gotos until every target fits. */
function layout(items: Item[], firstItem: ReadonlyMap<number, number>): number[] {
  for (;;) {
    const offsets: number[] = [];
    let pc = 0;
    for (const item of items) {
      if (isPayload(item.insn) && pc % 2) pc++;
      offsets.push(pc);
      pc += encodedUnits(item.insn);
    }
    offsets.push(pc);
    let widened = false;
    items.forEach((item, k) => {
      const insn = item.insn;
      if (insn.target === undefined || isPayload(insn)) return;
      const to = firstItem.get(item.origin + insn.target);
      if (to === undefined) throw new PreflightError(DEX_BRANCH_OUT_OF_RANGE, `branch at ${item.origin} targets ${item.origin + insn.target}, not an instruction start`, { offset: item.origin * 2 });
      const rel = offsets[to]! - offsets[k]!;
      const bits = insn.format === '10t' ? 8 : insn.format === '20t' || insn.format === '21t' || insn.format === '22t' ? 16 : 32;
      if (fits(rel, bits) && !(rel === 0 && insn.format !== '30t' && insn.opcode >= OP_GOTO && insn.opcode <= OP_GOTO_32)) return;
      if (insn.opcode === OP_GOTO || insn.opcode === OP_GOTO_16) {
        const wide = insn.opcode === OP_GOTO && fits(rel, 16) && rel !== 0;
        item.insn = { ...insn, opcode: wide ? OP_GOTO_16 : OP_GOTO_32, format: wide ? '20t' : '30t' };
        widened = true;
        return;
      }
      throw new PreflightError(DEX_BRANCH_OUT_OF_RANGE, `${insn.format} branch at ${item.origin} needs offset ${rel}, which does not fit ${bits} bits`, { offset: item.origin * 2 });
    });
    if (!widened) return offsets;
  }
}

/** Number of code items using each debug info. */
export function debugInfoUsers(dex: DexFile): number[] {
  const users = new Array<number>(dex.debugInfos.length).fill(0);
  for (const c of dex.codeItems) if (c.debugInfo >= 0) users[c.debugInfo]!++;
  return users;
}
