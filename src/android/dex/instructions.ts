// Decoding and encoding of Dalvik instructions by format (source.android.com "Dalvik Executable
// instruction formats"), plus the packed-switch, sparse-switch and fill-array-data payloads ("Dalvik
// bytecode"). Operands are named after the format's letters: registers in syntax order (vA, vB, vC…; for
// 35c-like formats the argument list vC..vG; for range formats every register of the range), `literal`
// (#+…; 21h keeps the 16 stored bits, 51l is a bigint), `index` (kind@…), `index2` (the proto of
// 45cc/4rcc) and `target` (branch or payload offset in code units, relative to the instruction).

import { MalformedInputError, hex } from '../../core/errors.js';
import { FILL_ARRAY_DATA_PAYLOAD, PACKED_SWITCH_PAYLOAD, SPARSE_SWITCH_PAYLOAD } from './constants.js';
import { FORMAT_UNITS, OPCODES, type InsnFormat } from './opcodes.js';

export const DEX_BAD_INSTRUCTION = 'DEX_BAD_INSTRUCTION';

export type PayloadFormat = 'packed-switch-payload' | 'sparse-switch-payload' | 'fill-array-data-payload';

export interface Instruction {
  /** Position in code units from the start of insns. */
  offset: number;
  /** Opcode (low byte of the first unit); 0x00 for payloads. */
  opcode: number;
  format: InsnFormat | PayloadFormat;
  registers: number[];
  literal?: number | bigint;
  index?: number;
  index2?: number;
  target?: number;
  /** packed-switch-payload: first_key; keys are first_key + i. */
  firstKey?: number;
  /** sparse-switch-payload keys. */
  keys?: number[];
  /** Switch payload targets, relative to the switch instruction. */
  targets?: number[];
  /** fill-array-data-payload. */
  elementWidth?: number;
  elementCount?: number;
  data?: Uint8Array;
}

const s4 = (v: number): number => (v << 28) >> 28;
const s8 = (v: number): number => (v << 24) >> 24;
const s16 = (v: number): number => (v << 16) >> 16;

/** Size in code units of the instruction at pc. */
export function instructionUnits(insns: Uint16Array, pc: number): number {
  const unit = insns[pc]!;
  const op = unit & 0xff;
  if (op === 0 && unit !== 0) {
    if (unit === PACKED_SWITCH_PAYLOAD) return 4 + (insns[pc + 1] ?? 0) * 2;
    if (unit === SPARSE_SWITCH_PAYLOAD) return 2 + (insns[pc + 1] ?? 0) * 4;
    if (unit === FILL_ARRAY_DATA_PAYLOAD) {
      const width = insns[pc + 1] ?? 0;
      const count = (insns[pc + 2] ?? 0) + (insns[pc + 3] ?? 0) * 0x10000;
      return 4 + Math.ceil((width * count) / 2);
    }
  }
  return FORMAT_UNITS[OPCODES[op]!.format];
}

export function decodeInstructions(insns: Uint16Array): Instruction[] {
  const out: Instruction[] = [];
  let pc = 0;
  while (pc < insns.length) {
    const size = instructionUnits(insns, pc);
    if (pc + size > insns.length) {
      throw new MalformedInputError(DEX_BAD_INSTRUCTION, `instruction ${hex(insns[pc]!)} at ${hex(pc)} needs ${size} code units but only ${insns.length - pc} remain`, { offset: pc * 2 });
    }
    out.push(decodeAt(insns, pc));
    pc += size;
  }
  return out;
}

export function decodeAt(insns: Uint16Array, pc: number): Instruction {
  const u = insns[pc]!;
  const op = u & 0xff;
  if (op === 0 && (u === PACKED_SWITCH_PAYLOAD || u === SPARSE_SWITCH_PAYLOAD || u === FILL_ARRAY_DATA_PAYLOAD)) return decodePayload(insns, pc);
  return decodeFormat(insns, pc, OPCODES[op]!.format);
}

/** Decodes the instruction at pc as the given format (also for the odex-only formats). */
export function decodeFormat(insns: Uint16Array, pc: number, format: InsnFormat): Instruction {
  const u = insns[pc]!;
  const at = (k: number): number => insns[pc + k]!;
  const u32 = (k: number): number => (at(k) | (at(k + 1) << 16)) | 0;
  const AA = u >> 8;
  const A = (u >> 8) & 0xf;
  const B = u >> 12;
  const insn: Instruction = { offset: pc, opcode: u & 0xff, format, registers: [] };
  switch (format) {
    case '10x': if (AA) insn.literal = AA; break;
    case '12x': insn.registers = [A, B]; break;
    case '11n': insn.registers = [A]; insn.literal = s4(B); break;
    case '11x': insn.registers = [AA]; break;
    case '10t': insn.target = s8(AA); break;
    case '20t': insn.target = s16(at(1)); if (AA) insn.literal = AA; break;
    case '20bc': insn.literal = AA; insn.index = at(1); break;
    case '22x': insn.registers = [AA, at(1)]; break;
    case '21t': insn.registers = [AA]; insn.target = s16(at(1)); break;
    case '21s': case '21h': insn.registers = [AA]; insn.literal = s16(at(1)); break;
    case '21c': insn.registers = [AA]; insn.index = at(1); break;
    case '23x': insn.registers = [AA, at(1) & 0xff, at(1) >> 8]; break;
    case '22b': insn.registers = [AA, at(1) & 0xff]; insn.literal = s8(at(1) >> 8); break;
    case '22t': insn.registers = [A, B]; insn.target = s16(at(1)); break;
    case '22s': insn.registers = [A, B]; insn.literal = s16(at(1)); break;
    case '22c': case '22cs': insn.registers = [A, B]; insn.index = at(1); break;
    case '30t': insn.target = u32(1); if (AA) insn.literal = AA; break;
    case '32x': insn.registers = [at(1), at(2)]; if (AA) insn.literal = AA; break;
    case '31i': insn.registers = [AA]; insn.literal = u32(1); break;
    case '31t': insn.registers = [AA]; insn.target = u32(1); break;
    case '31c': insn.registers = [AA]; insn.index = u32(1) >>> 0; break;
    case '35c': case '35ms': case '35mi': case '45cc': {
      const count = B;
      if (count > 5) throw new MalformedInputError(DEX_BAD_INSTRUCTION, `${OPCODES[u & 0xff]!.name} at ${hex(pc)} has ${count} argument registers (at most 5)`, { offset: pc * 2 });
      const w = at(2);
      insn.registers = [w & 0xf, (w >> 4) & 0xf, (w >> 8) & 0xf, w >> 12, A].slice(0, count);
      insn.index = at(1);
      if (format === '45cc') insn.index2 = at(3);
      break;
    }
    case '3rc': case '3rms': case '3rmi': case '4rcc': {
      const first = at(2);
      insn.registers = Array.from({ length: AA }, (_, k) => first + k);
      insn.index = at(1);
      if (format === '4rcc') insn.index2 = at(3);
      break;
    }
    case '51l': {
      insn.registers = [AA];
      insn.literal = BigInt.asIntN(64, BigInt(at(1)) | (BigInt(at(2)) << 16n) | (BigInt(at(3)) << 32n) | (BigInt(at(4)) << 48n));
      break;
    }
  }
  return insn;
}

function decodePayload(insns: Uint16Array, pc: number): Instruction {
  const u = insns[pc]!;
  const i32 = (k: number): number => (insns[pc + k]! | (insns[pc + k + 1]! << 16)) | 0;
  if (u === PACKED_SWITCH_PAYLOAD) {
    const n = insns[pc + 1]!;
    return { offset: pc, opcode: 0, format: 'packed-switch-payload', registers: [], firstKey: i32(2), targets: Array.from({ length: n }, (_, k) => i32(4 + 2 * k)) };
  }
  if (u === SPARSE_SWITCH_PAYLOAD) {
    const n = insns[pc + 1]!;
    return {
      offset: pc, opcode: 0, format: 'sparse-switch-payload', registers: [],
      keys: Array.from({ length: n }, (_, k) => i32(2 + 2 * k)),
      targets: Array.from({ length: n }, (_, k) => i32(2 + 2 * n + 2 * k)),
    };
  }
  const width = insns[pc + 1]!;
  const count = (insns[pc + 2]! | (insns[pc + 3]! << 16)) >>> 0;
  const bytes = new Uint8Array(insns.buffer, insns.byteOffset + (pc + 4) * 2, width * count).slice();
  return { offset: pc, opcode: 0, format: 'fill-array-data-payload', registers: [], elementWidth: width, elementCount: count, data: bytes };
}
