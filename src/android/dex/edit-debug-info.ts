// Edits of debug_info_item state-machine bytecode (spec: "debug_info_item"): remapping the string and type
// indices it names (DBG_START_LOCAL, DBG_START_LOCAL_EXTENDED, DBG_SET_FILE) and moving its addresses when
// the instructions of the method change length (DBG_ADVANCE_PC and the address part of special opcodes).

import { ByteReader } from '../../core/byte-reader.js';
import { ByteWriter } from '../../core/byte-writer.js';
import {
  DBG_ADVANCE_LINE, DBG_ADVANCE_PC, DBG_END_LOCAL, DBG_END_SEQUENCE, DBG_FIRST_SPECIAL, DBG_RESTART_LOCAL,
  DBG_SET_FILE, DBG_START_LOCAL, DBG_START_LOCAL_EXTENDED,
} from './constants.js';
import { readSleb128, readUleb128, readUleb128p1, writeSleb128, writeUleb128, writeUleb128p1 } from './leb128.js';
import type { DexDebugInfo } from './model.js';

const DBG_LINE_BASE = -4;
const DBG_LINE_RANGE = 15;

/** One state-machine instruction; `args` as stored (uleb128p1 operands already decoded to -1 for none). */
interface DebugOp {
  op: number;
  args: number[];
}

function decodeOps(bytecode: Uint8Array): DebugOp[] {
  const r = new ByteReader(bytecode, 'debug_info_item', { errorCode: 'DEX_TRUNCATED' });
  const ops: DebugOp[] = [];
  for (;;) {
    const op = r.u8();
    switch (op) {
      case DBG_END_SEQUENCE: ops.push({ op, args: [] }); return ops;
      case DBG_ADVANCE_PC: case DBG_END_LOCAL: case DBG_RESTART_LOCAL: ops.push({ op, args: [readUleb128(r)] }); break;
      case DBG_SET_FILE: ops.push({ op, args: [readUleb128p1(r)] }); break;
      case DBG_ADVANCE_LINE: ops.push({ op, args: [readSleb128(r)] }); break;
      case DBG_START_LOCAL: ops.push({ op, args: [readUleb128(r), readUleb128p1(r), readUleb128p1(r)] }); break;
      case DBG_START_LOCAL_EXTENDED: ops.push({ op, args: [readUleb128(r), readUleb128p1(r), readUleb128p1(r), readUleb128p1(r)] }); break;
      default: ops.push({ op, args: [] });
    }
  }
}

function encodeOps(ops: readonly DebugOp[]): Uint8Array {
  const w = new ByteWriter(64);
  for (const { op, args } of ops) {
    w.u8(op);
    switch (op) {
      case DBG_ADVANCE_PC: case DBG_END_LOCAL: case DBG_RESTART_LOCAL: writeUleb128(w, args[0]!); break;
      case DBG_SET_FILE: writeUleb128p1(w, args[0]!); break;
      case DBG_ADVANCE_LINE: writeSleb128(w, args[0]!); break;
      case DBG_START_LOCAL: case DBG_START_LOCAL_EXTENDED:
        writeUleb128(w, args[0]!);
        for (const a of args.slice(1)) writeUleb128p1(w, a);
        break;
      default: break;
    }
  }
  return w.toBytes();
}

/** Rewrites the string and type indices a debug info names; returns a new item (the input is not changed). */
export function remapDebugInfo(info: DexDebugInfo, string: (i: number) => number, type: (i: number) => number): DexDebugInfo {
  const s = (i: number): number => (i < 0 ? i : string(i));
  const t = (i: number): number => (i < 0 ? i : type(i));
  const ops = decodeOps(info.bytecode);
  let changed = false;
  for (const o of ops) {
    const before = o.args.join();
    if (o.op === DBG_SET_FILE) o.args[0] = s(o.args[0]!);
    else if (o.op === DBG_START_LOCAL) o.args = [o.args[0]!, s(o.args[1]!), t(o.args[2]!)];
    else if (o.op === DBG_START_LOCAL_EXTENDED) o.args = [o.args[0]!, s(o.args[1]!), t(o.args[2]!), s(o.args[3]!)];
    if (o.args.join() !== before) changed = true;
  }
  return {
    lineStart: info.lineStart,
    parameterNames: info.parameterNames.map(s),
    bytecode: changed ? encodeOps(ops) : info.bytecode,
  };
}

/**
 * Moves every address of a debug info through `newAddress` (old code-unit address → new one, monotone).
 * Line numbers and all other state are kept; address deltas too large for a special opcode become a
 * DBG_ADVANCE_PC followed by the special opcode with an address delta of 0.
 */
export function relocateDebugInfo(info: DexDebugInfo, newAddress: (old: number) => number): DexDebugInfo {
  const out: DebugOp[] = [];
  let oldAddr = 0;
  let newAddr = 0;
  const advanceTo = (target: number): void => {
    if (target > newAddr) {
      out.push({ op: DBG_ADVANCE_PC, args: [target - newAddr] });
      newAddr = target;
    }
  };
  for (const o of decodeOps(info.bytecode)) {
    if (o.op === DBG_ADVANCE_PC) {
      oldAddr += o.args[0]!;
      continue;
    }
    if (o.op >= DBG_FIRST_SPECIAL) {
      const adjusted = o.op - DBG_FIRST_SPECIAL;
      oldAddr += Math.floor(adjusted / DBG_LINE_RANGE);
      const lineDelta = DBG_LINE_BASE + (adjusted % DBG_LINE_RANGE);
      const target = newAddress(oldAddr);
      let delta = Math.max(0, target - newAddr);
      let special = lineDelta - DBG_LINE_BASE + delta * DBG_LINE_RANGE + DBG_FIRST_SPECIAL;
      if (special > 0xff) {
        advanceTo(target);
        delta = 0;
        special = lineDelta - DBG_LINE_BASE + DBG_FIRST_SPECIAL;
      }
      newAddr += delta;
      out.push({ op: special, args: [] });
      continue;
    }
    if (o.op !== DBG_END_SEQUENCE && o.op !== DBG_ADVANCE_LINE) advanceTo(newAddress(oldAddr));
    out.push(o);
  }
  return { lineStart: info.lineStart, parameterNames: info.parameterNames, bytecode: encodeOps(out) };
}
