// code_item, try_item and encoded_catch_handler_list of the DEX format (spec: "code_item").

import type { ByteReader } from '../../core/byte-reader.js';
import { ByteWriter } from '../../core/byte-writer.js';
import { hex } from '../../core/errors.js';
import { readSleb128, readUleb128, writeSleb128, writeUleb128 } from './leb128.js';
import type { DexCatchHandler, DexCodeItem, DexTryItem } from './model.js';

export const DEX_BAD_CODE_ITEM = 'DEX_BAD_CODE_ITEM';

/** Reads a code_item at the cursor; `debugInfo` maps debug_info_off to an index (-1 for 0). */
export function readCodeItem(r: ByteReader, debugInfo: (off: number, at: number) => number): DexCodeItem {
  const registersSize = r.u16le();
  const insSize = r.u16le();
  const outsSize = r.u16le();
  const triesSize = r.u16le();
  const debugAt = r.pos;
  const debugOff = r.u32le();
  const insnsSize = r.u32le();
  const insnsStart = r.pos;
  const raw = r.take(insnsSize * 2);
  const insns = new Uint16Array(raw.slice().buffer);
  const item: DexCodeItem = { registersSize, insSize, outsSize, debugInfo: debugInfo(debugOff, debugAt), insns, tries: [], handlers: [] };
  if (triesSize === 0) return item;
  if (insnsSize % 2 === 1) r.skip(2);
  const rawTries: { startAddr: number; insnCount: number; handlerOff: number; at: number }[] = [];
  for (let i = 0; i < triesSize; i++) {
    const at = r.pos;
    rawTries.push({ startAddr: r.u32le(), insnCount: r.u16le(), handlerOff: r.u16le(), at });
  }
  const listStart = r.pos;
  const count = readUleb128(r);
  const byOffset = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    byOffset.set(r.pos - listStart, i);
    item.handlers.push(readCatchHandler(r));
  }
  item.tries = rawTries.map((t): DexTryItem => {
    const handler = byOffset.get(t.handlerOff);
    if (handler === undefined) {
      r.fail(DEX_BAD_CODE_ITEM, `try_item handler_off ${hex(t.handlerOff)} is not the start of a handler in the list at ${hex(r.base + listStart)} (code at ${hex(r.base + insnsStart - 16)})`, t.at);
    }
    return { startAddr: t.startAddr, insnCount: t.insnCount, handler };
  });
  return item;
}

function readCatchHandler(r: ByteReader): DexCatchHandler {
  const size = readSleb128(r);
  const catches: DexCatchHandler['catches'] = [];
  for (let i = 0; i < Math.abs(size); i++) catches.push({ typeIdx: readUleb128(r), addr: readUleb128(r) });
  return { catches, catchAllAddr: size <= 0 ? readUleb128(r) : -1 };
}

// FORMAT: u2 registers, ins, outs, tries_size; u4 debug_info_off, insns_size; u2 insns[];
//         [u2 padding]; try_item tries[]; encoded_catch_handler_list.
export function writeCodeItem(w: ByteWriter, item: DexCodeItem, debugInfoOff: number): void {
  w.u16le(item.registersSize).u16le(item.insSize).u16le(item.outsSize).u16le(item.tries.length);
  w.u32le(debugInfoOff).u32le(item.insns.length);
  w.bytes(new Uint8Array(item.insns.buffer, item.insns.byteOffset, item.insns.byteLength));
  if (item.tries.length === 0) return;
  if (item.insns.length % 2 === 1) w.u16le(0);
  const list = encodeHandlerList(item.handlers);
  for (const t of item.tries) {
    const off = list.offsets[t.handler];
    if (off === undefined) throw new RangeError(`try_item refers to handler ${t.handler} of ${item.handlers.length}`);
    w.u32le(t.startAddr).u16le(t.insnCount).u16le(off);
  }
  w.bytes(list.bytes);
}

function encodeHandlerList(handlers: readonly DexCatchHandler[]): { bytes: Uint8Array; offsets: number[] } {
  // Written into a scratch writer: handler_off values are relative to the list start.
  const lw = new ByteWriter(64);
  const offsets: number[] = [];
  writeUleb128(lw, handlers.length);
  for (const h of handlers) {
    offsets.push(lw.length);
    const hasAll = h.catchAllAddr >= 0;
    writeSleb128(lw, hasAll ? -h.catches.length : h.catches.length);
    for (const c of h.catches) {
      writeUleb128(lw, c.typeIdx);
      writeUleb128(lw, c.addr);
    }
    if (hasAll) writeUleb128(lw, h.catchAllAddr);
  }
  return { bytes: lw.toBytes(), offsets };
}

