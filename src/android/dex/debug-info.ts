// debug_info_item of the DEX format (spec: "debug_info_item"): a header (line_start, parameter names)
// and a state-machine bytecode kept as bytes; the reader walks it only to find DBG_END_SEQUENCE.

import type { ByteReader } from '../../core/byte-reader.js';
import type { ByteWriter } from '../../core/byte-writer.js';
import {
  DBG_ADVANCE_LINE, DBG_ADVANCE_PC, DBG_END_LOCAL, DBG_END_SEQUENCE, DBG_RESTART_LOCAL, DBG_SET_FILE,
  DBG_START_LOCAL, DBG_START_LOCAL_EXTENDED,
} from './constants.js';
import { readSleb128, readUleb128, readUleb128p1, writeUleb128, writeUleb128p1 } from './leb128.js';
import type { DexDebugInfo } from './model.js';

export function readDebugInfo(r: ByteReader): DexDebugInfo {
  const lineStart = readUleb128(r);
  const count = readUleb128(r);
  const parameterNames: number[] = [];
  for (let i = 0; i < count; i++) parameterNames.push(readUleb128p1(r));
  const start = r.pos;
  for (;;) {
    const op = r.u8();
    if (op === DBG_END_SEQUENCE) break;
    switch (op) {
      case DBG_ADVANCE_PC: case DBG_END_LOCAL: case DBG_RESTART_LOCAL: case DBG_SET_FILE:
        readUleb128(r);
        break;
      case DBG_ADVANCE_LINE:
        readSleb128(r);
        break;
      case DBG_START_LOCAL:
        readUleb128(r); readUleb128(r); readUleb128(r);
        break;
      case DBG_START_LOCAL_EXTENDED:
        readUleb128(r); readUleb128(r); readUleb128(r); readUleb128(r);
        break;
      default:
        break;
    }
  }
  return { lineStart, parameterNames, bytecode: r.bytes.slice(start, r.pos) };
}

// FORMAT: uleb128 line_start, parameters_size; uleb128p1 parameter_names[]; bytecode (ends with 0x00).
export function writeDebugInfo(w: ByteWriter, info: DexDebugInfo): void {
  writeUleb128(w, info.lineStart);
  writeUleb128(w, info.parameterNames.length);
  for (const p of info.parameterNames) writeUleb128p1(w, p);
  w.bytes(info.bytecode);
}
