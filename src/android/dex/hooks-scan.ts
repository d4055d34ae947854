// A cheap look at one DEX before hooks are applied (spec: "string_id_item", "type_id_item",
// "proto_id_item", "method_id_item", "class_def_item", "type_list"): the superclass of every class it
// defines, and whether any method id names a hooked method (name and descriptor, on any class: calls
// through an app subclass name the subclass). Only the id tables and the strings they name are read; a
// file without a candidate needs no full parse, since no call site of it can match a rule.
// Anything that does not look right (an index or offset out of range, bad MUTF-8) falls back to a full
// parse, which reports the problem as parseDex does.

import { ByteReader } from '../../core/byte-reader.js';
import { MAP_ITEM_NAMES, NO_INDEX, TYPE_CLASS_DEF_ITEM, TYPE_METHOD_ID_ITEM, TYPE_PROTO_ID_ITEM, TYPE_STRING_ID_ITEM, TYPE_TYPE_ID_ITEM } from './constants.js';
import { assertInFile, DEX_TRUNCATED, readHeader, readMapList, type IdSection } from './header.js';
import type { HookRule } from './hooks-rules.js';
import { decodeMutf8, encodeMutf8 } from './mutf8.js';
import type { DexFile } from './model.js';
import { parseDex } from './parse.js';
import { protoDescriptor, typeDescriptor } from './references.js';

export interface HookScan {
  /** [class, superclass or null] for every class_def, in file order. */
  classes: [string, string | null][];
  /** Method ids with a hooked name and descriptor: [class, name, descriptor]. */
  candidates: [string, string, string][];
  /** Set when the scan had to parse the whole file (kept so that it is not parsed twice). */
  parsed?: DexFile;
}

class ScanMismatch extends Error {}

const ID_ITEMS: [number, number][] = [
  [TYPE_STRING_ID_ITEM, 4], [TYPE_TYPE_ID_ITEM, 4], [TYPE_PROTO_ID_ITEM, 12], [TYPE_METHOD_ID_ITEM, 8], [TYPE_CLASS_DEF_ITEM, 32],
];

export function scanForHooks(bytes: Uint8Array, rules: readonly HookRule[]): HookScan {
  try {
    return scanIds(bytes, rules);
  } catch (e) {
    if (!(e instanceof ScanMismatch)) throw e;
    return scanParsed(parseDex(bytes), rules);
  }
}

function scanParsed(dex: DexFile, rules: readonly HookRule[]): HookScan {
  const classes = dex.classDefs.map((c): [string, string | null] => [typeDescriptor(dex, c.classIdx), c.superclassIdx < 0 ? null : typeDescriptor(dex, c.superclassIdx)]);
  const wanted = new Set(rules.map((r) => `${r.target.name}${r.target.descriptor}`));
  const candidates: [string, string, string][] = [];
  for (const m of dex.methods) {
    const name = dex.strings[m.nameIdx]!;
    const desc = protoDescriptor(dex, m.protoIdx);
    if (wanted.has(`${name}${desc}`)) candidates.push([typeDescriptor(dex, m.classIdx), name, desc]);
  }
  return { classes, candidates, parsed: dex };
}

function scanIds(input: Uint8Array, rules: readonly HookRule[]): HookScan {
  const r = new ByteReader(input, 'DEX', { errorCode: DEX_TRUNCATED, context: { entry: 'DEX' } });
  const bytes = r.bytes;
  const h = readHeader(r);
  const sections = readMapList(r, h.mapOff);
  const s = new Map<number, IdSection>();
  for (const [type, itemSize] of ID_ITEMS) {
    const sec = sections.find((x) => x.type === type);
    if (!sec) { s.set(type, { size: 0, off: 0 }); continue; }
    assertInFile(r, MAP_ITEM_NAMES[type]!, sec.offset, sec.size * itemSize, h.mapOff);
    s.set(type, { size: sec.size, off: sec.offset });
  }
  const view = r.view;
  const u32 = (at: number): number => view.getUint32(at, true);
  const strings = s.get(TYPE_STRING_ID_ITEM)!;
  const types = s.get(TYPE_TYPE_ID_ITEM)!;
  const protos = s.get(TYPE_PROTO_ID_ITEM)!;
  const methods = s.get(TYPE_METHOD_ID_ITEM)!;
  const classDefs = s.get(TYPE_CLASS_DEF_ITEM)!;
  const check = (ok: boolean): void => { if (!ok) throw new ScanMismatch(); };

  /** Start and end (the NUL) of a string's MUTF-8 bytes. */
  const stringBytes = (idx: number): [number, number] => {
    check(idx < strings.size);
    let p = u32(strings.off + 4 * idx);
    check(p >= 0x70 && p < bytes.length);
    while (p < bytes.length && bytes[p]! & 0x80) p++;
    p++;
    const end = bytes.indexOf(0, p);
    check(end >= 0);
    return [p, end];
  };
  const cache = new Map<number, string>();
  const string = (idx: number): string => {
    let v = cache.get(idx);
    if (v === undefined) {
      const [a, b] = stringBytes(idx);
      try { v = decodeMutf8(bytes, a, b); } catch { throw new ScanMismatch(); }
      cache.set(idx, v);
    }
    return v;
  };
  const type = (idx: number): string => { check(idx < types.size); return string(u32(types.off + 4 * idx)); };

  const classes: [string, string | null][] = [];
  for (let i = 0; i < classDefs.size; i++) {
    const at = classDefs.off + 32 * i;
    const sup = u32(at + 8);
    classes.push([type(u32(at)), sup === NO_INDEX ? null : type(sup)]);
  }

  const wanted = new Map<string, Set<string>>();
  for (const rule of rules) {
    const set = wanted.get(rule.target.name) ?? new Set<string>();
    set.add(rule.target.descriptor);
    wanted.set(rule.target.name, set);
  }
  const names = [...wanted.keys()].map((n) => ({ name: n, bytes: encodeMutf8(n) }));
  const nameOf = new Map<number, string | null>();
  const hookedName = (idx: number): string | null => {
    let v = nameOf.get(idx);
    if (v !== undefined) return v;
    const [a, b] = stringBytes(idx);
    v = null;
    for (const n of names) {
      if (n.bytes.length !== b - a) continue;
      let k = 0;
      while (k < n.bytes.length && n.bytes[k] === bytes[a + k]) k++;
      if (k === n.bytes.length) { v = n.name; break; }
    }
    nameOf.set(idx, v);
    return v;
  };
  const proto = (idx: number): string => {
    check(idx < protos.size);
    const at = protos.off + 12 * idx;
    const paramsOff = u32(at + 8);
    let params = '';
    if (paramsOff !== 0) {
      check(paramsOff + 4 <= bytes.length);
      const n = u32(paramsOff);
      check(paramsOff + 4 + 2 * n <= bytes.length);
      for (let k = 0; k < n; k++) params += type(view.getUint16(paramsOff + 4 + 2 * k, true));
    }
    return `(${params})${type(u32(at + 4))}`;
  };
  const candidates: [string, string, string][] = [];
  for (let i = 0; i < methods.size; i++) {
    const at = methods.off + 8 * i;
    const name = hookedName(u32(at + 4));
    if (name === null) continue;
    const desc = proto(view.getUint16(at + 2, true));
    if (wanted.get(name)!.has(desc)) candidates.push([type(view.getUint16(at, true)), name, desc]);
  }
  return { classes, candidates };
}
