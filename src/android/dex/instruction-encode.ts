// Encoding of Dalvik instructions and payloads into 16-bit code units (source.android.com "Dalvik
// Executable instruction formats"): the inverse of decodeFormat / decodeInstructions in instructions.ts.

import { FILL_ARRAY_DATA_PAYLOAD, PACKED_SWITCH_PAYLOAD, SPARSE_SWITCH_PAYLOAD } from './constants.js';
import { FORMAT_UNITS } from './opcodes.js';
import type { Instruction } from './instructions.js';

/** Size in code units an instruction encodes to. */
export function encodedUnits(insn: Instruction): number {
  switch (insn.format) {
    case 'packed-switch-payload': return 4 + insn.targets!.length * 2;
    case 'sparse-switch-payload': return 2 + insn.targets!.length * 4;
    case 'fill-array-data-payload': return 4 + Math.ceil(insn.data!.length / 2);
    default: return FORMAT_UNITS[insn.format];
  }
}

function fail(insn: Instruction, why: string): never {
  throw new RangeError(`cannot encode ${insn.format} instruction at ${insn.offset}: ${why}`);
}

function check(insn: Instruction, v: number, bits: number, signed: boolean, what: string): number {
  const lo = signed ? -(2 ** (bits - 1)) : 0;
  const hi = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  if (!Number.isInteger(v) || v < lo || v > hi) fail(insn, `${what} ${v} does not fit ${bits} bits`);
  return v & (bits === 32 ? 0xffffffff : 2 ** bits - 1);
}

/** Encodes a list of instructions in order (their `offset` fields are not consulted). */
export function encodeInstructions(list: readonly Instruction[]): Uint16Array {
  let n = 0;
  for (const i of list) n += encodedUnits(i);
  const out = new Uint16Array(n);
  let pc = 0;
  for (const i of list) pc = encodeInto(i, out, pc);
  return out;
}

export function encodeInto(insn: Instruction, out: Uint16Array, pc: number): number {
  const r = insn.registers;
  const reg = (k: number, bits: number): number => check(insn, r[k] ?? fail(insn, `missing register ${k}`), bits, false, 'register');
  const lit = (bits: number): number => check(insn, Number(insn.literal ?? 0), bits, true, 'literal');
  const idx = (bits: number): number => check(insn, insn.index ?? fail(insn, 'missing index'), bits, false, 'index');
  const tgt = (bits: number): number => check(insn, insn.target ?? fail(insn, 'missing target'), bits, true, 'target');
  const op = insn.opcode;
  const hi = (v: number): number => op | (v << 8);
  const put32 = (k: number, v: number): void => { out[pc + k] = v & 0xffff; out[pc + k + 1] = (v >>> 16) & 0xffff; };
  switch (insn.format) {
    case '10x': out[pc] = hi(insn.literal === undefined ? 0 : check(insn, Number(insn.literal), 8, false, 'literal')); break;
    case '12x': out[pc] = hi(reg(0, 4) | (reg(1, 4) << 4)); break;
    case '11n': out[pc] = hi(reg(0, 4) | ((lit(4) & 0xf) << 4)); break;
    case '11x': out[pc] = hi(reg(0, 8)); break;
    case '10t': out[pc] = hi(tgt(8) & 0xff); break;
    case '20t': out[pc] = hi(Number(insn.literal ?? 0)); out[pc + 1] = tgt(16); break;
    case '20bc': out[pc] = hi(check(insn, Number(insn.literal ?? 0), 8, false, 'kind')); out[pc + 1] = idx(16); break;
    case '22x': out[pc] = hi(reg(0, 8)); out[pc + 1] = reg(1, 16); break;
    case '21t': out[pc] = hi(reg(0, 8)); out[pc + 1] = tgt(16); break;
    case '21s': case '21h': out[pc] = hi(reg(0, 8)); out[pc + 1] = lit(16); break;
    case '21c': out[pc] = hi(reg(0, 8)); out[pc + 1] = idx(16); break;
    case '23x': out[pc] = hi(reg(0, 8)); out[pc + 1] = reg(1, 8) | (reg(2, 8) << 8); break;
    case '22b': out[pc] = hi(reg(0, 8)); out[pc + 1] = reg(1, 8) | ((lit(8) & 0xff) << 8); break;
    case '22t': out[pc] = hi(reg(0, 4) | (reg(1, 4) << 4)); out[pc + 1] = tgt(16); break;
    case '22s': out[pc] = hi(reg(0, 4) | (reg(1, 4) << 4)); out[pc + 1] = lit(16); break;
    case '22c': case '22cs': out[pc] = hi(reg(0, 4) | (reg(1, 4) << 4)); out[pc + 1] = idx(16); break;
    case '30t': out[pc] = hi(Number(insn.literal ?? 0)); put32(1, tgt(32)); break;
    case '32x': out[pc] = hi(Number(insn.literal ?? 0)); out[pc + 1] = reg(0, 16); out[pc + 2] = reg(1, 16); break;
    case '31i': out[pc] = hi(reg(0, 8)); put32(1, check(insn, Number(insn.literal ?? 0), 32, true, 'literal')); break;
    case '31t': out[pc] = hi(reg(0, 8)); put32(1, tgt(32)); break;
    case '31c': out[pc] = hi(reg(0, 8)); put32(1, idx(32)); break;
    case '35c': case '35ms': case '35mi': case '45cc': {
      if (r.length > 5) fail(insn, `${r.length} argument registers (at most 5)`);
      const g = r.length === 5 ? reg(4, 4) : 0;
      out[pc] = hi(g | (r.length << 4));
      out[pc + 1] = idx(16);
      let w = 0;
      for (let k = 0; k < Math.min(4, r.length); k++) w |= reg(k, 4) << (4 * k);
      out[pc + 2] = w;
      if (insn.format === '45cc') out[pc + 3] = check(insn, insn.index2 ?? 0, 16, false, 'proto index');
      break;
    }
    case '3rc': case '3rms': case '3rmi': case '4rcc': {
      const first = r.length ? reg(0, 16) : 0;
      r.forEach((v, k) => { if (v !== first + k) fail(insn, 'range registers are not consecutive'); });
      out[pc] = hi(check(insn, r.length, 8, false, 'register count'));
      out[pc + 1] = idx(16);
      out[pc + 2] = first;
      if (insn.format === '4rcc') out[pc + 3] = check(insn, insn.index2 ?? 0, 16, false, 'proto index');
      break;
    }
    case '51l': {
      out[pc] = hi(reg(0, 8));
      const v = BigInt.asUintN(64, BigInt(insn.literal ?? 0));
      for (let k = 0; k < 4; k++) out[pc + 1 + k] = Number((v >> BigInt(16 * k)) & 0xffffn);
      break;
    }
    case 'packed-switch-payload': {
      const t = insn.targets!;
      out[pc] = PACKED_SWITCH_PAYLOAD; out[pc + 1] = t.length; put32(2, insn.firstKey ?? 0);
      t.forEach((v, k) => put32(4 + 2 * k, v));
      break;
    }
    case 'sparse-switch-payload': {
      const t = insn.targets!;
      out[pc] = SPARSE_SWITCH_PAYLOAD; out[pc + 1] = t.length;
      insn.keys!.forEach((v, k) => put32(2 + 2 * k, v));
      t.forEach((v, k) => put32(2 + 2 * t.length + 2 * k, v));
      break;
    }
    case 'fill-array-data-payload': {
      const data = insn.data!;
      out[pc] = FILL_ARRAY_DATA_PAYLOAD; out[pc + 1] = insn.elementWidth ?? 1; put32(2, insn.elementCount ?? data.length);
      for (let k = 0; k < data.length; k += 2) out[pc + 4 + k / 2] = data[k]! | ((data[k + 1] ?? 0) << 8);
      break;
    }
  }
  return pc + encodedUnits(insn);
}
