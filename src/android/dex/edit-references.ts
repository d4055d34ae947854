// Adding strings, types, protos, fields and methods to a DEX model (spec: "Dalvik Executable format",
// string_ids … method_ids): each id table stays sorted as the format requires (strings by UTF-16 code
// unit values, types by descriptor index, protos by return type then parameter list, fields and methods
// by class, name, then type or proto) and every reference in the file is re-indexed (edit-remap.ts).
// A table that would outgrow the 16-bit indices that refer to it is refused before anything changes.

import { PreflightError } from '../../core/errors.js';
import { applyIndexMaps, type IndexMaps } from './edit-remap.js';
import type { DexFile, DexFieldId, DexMethodId, DexProtoId } from './model.js';

export const DEX_REFERENCE_LIMIT = 'DEX_REFERENCE_LIMIT';
export const DEX_BAD_DESCRIPTOR = 'DEX_BAD_DESCRIPTOR';
/** method_ids, field_ids, type_ids and proto_ids are referred to by 16-bit indices. */
export const MAX_REFERENCES = 0x10000;

export interface MethodRef { class: string; name: string; descriptor: string }
export interface FieldRef { class: string; name: string; type: string }

export interface ReferenceRequest {
  strings?: string[];
  types?: string[];
  /** Method descriptors, "(Ljava/io/File;Z)V". */
  protos?: string[];
  fields?: FieldRef[];
  methods?: MethodRef[];
}

export interface AddReferencesResult {
  added: { strings: number; types: number; protos: number; fields: number; methods: number };
  /** Code items where a const-string had to become const-string/jumbo. */
  jumboCodeItems: number;
}

/** Splits "(IJ[Ljava/lang/String;)V" into parameter descriptors and the return descriptor. */
export function parseMethodDescriptor(descriptor: string): { parameters: string[]; returnType: string } {
  const m = /^\(([^)]*)\)(.+)$/.exec(descriptor);
  if (!m) throw new PreflightError(DEX_BAD_DESCRIPTOR, `expected a method descriptor "(params)return", found "${descriptor}"`);
  const parameters: string[] = [];
  const body = m[1]!;
  let i = 0;
  while (i < body.length) {
    let j = i;
    while (body[j] === '[') j++;
    if (body[j] === 'L') j = body.indexOf(';', j);
    if (j < 0 || j >= body.length) throw new PreflightError(DEX_BAD_DESCRIPTOR, `unterminated type in descriptor "${descriptor}" at ${i}`);
    parameters.push(body.slice(i, j + 1));
    i = j + 1;
  }
  return { parameters, returnType: m[2]! };
}

export function shortyOf(descriptor: string): string {
  const { parameters, returnType } = parseMethodDescriptor(descriptor);
  return [returnType, ...parameters].map((t) => (t[0] === '[' || t[0] === 'L' ? 'L' : t[0]!)).join('');
}

/** Positions after sorting old ∪ added (stable: old first on ties); `map` sends old indices to new ones. */
function merge<T>(old: readonly T[], added: readonly T[], cmp: (a: T, b: T) => number): { items: T[]; map: Int32Array; addedAt: number[] } {
  let sorted = true;
  for (let i = 1; i < old.length && sorted; i++) sorted = cmp(old[i - 1]!, old[i]!) <= 0;
  return sorted ? mergeSorted(old, added, cmp) : mergeUnsorted(old, added, cmp);
}

/** The same result as mergeUnsorted when `old` is already in order, in one pass over it. */
function mergeSorted<T>(old: readonly T[], added: readonly T[], cmp: (a: T, b: T) => number): { items: T[]; map: Int32Array; addedAt: number[] } {
  const order = added.map((_, k) => k).sort((a, b) => cmp(added[a]!, added[b]!) || a - b);
  const items: T[] = [];
  const map = new Int32Array(old.length);
  const addedAt = new Array<number>(added.length);
  let i = 0;
  for (const k of order) {
    while (i < old.length && cmp(old[i]!, added[k]!) <= 0) { map[i] = items.length; items.push(old[i++]!); }
    addedAt[k] = items.length;
    items.push(added[k]!);
  }
  while (i < old.length) { map[i] = items.length; items.push(old[i++]!); }
  return { items, map, addedAt };
}

function mergeUnsorted<T>(old: readonly T[], added: readonly T[], cmp: (a: T, b: T) => number): { items: T[]; map: Int32Array; addedAt: number[] } {
  const all = [...old, ...added];
  const order = all.map((_, i) => i).sort((a, b) => cmp(all[a]!, all[b]!) || a - b);
  const pos = new Int32Array(all.length);
  order.forEach((from, to) => { pos[from] = to; });
  return { items: order.map((i) => all[i]!), map: pos.subarray(0, old.length), addedAt: added.map((_, k) => pos[old.length + k]!) };
}

const cmpStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const cmpLists = (a: readonly number[], b: readonly number[]): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
};

function assertLimits(counts: Record<string, number>): void {
  const over = Object.entries(counts).filter(([, n]) => n > MAX_REFERENCES);
  if (!over.length) return;
  const all = Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ');
  throw new PreflightError(DEX_REFERENCE_LIMIT, `the edit needs ${all}; a DEX file can refer to at most ${MAX_REFERENCES} of each (${over.map(([k]) => k).join(', ')} over the limit)`, {
    hint: 'put the new code in a separate classesN.dex (raise min SDK to 21) instead of merging it',
  });
}

/** Adds what `req` names and is missing, keeping the tables sorted; mutates `dex`. */
export function addReferences(dex: DexFile, req: ReferenceRequest): AddReferencesResult {
  const protoDescs = new Set([...(req.protos ?? []), ...(req.methods ?? []).map((m) => m.descriptor)]);
  const typeNames = new Set([...(req.types ?? []), ...(req.fields ?? []).flatMap((f) => [f.class, f.type]), ...(req.methods ?? []).map((m) => m.class)]);
  for (const d of protoDescs) { const p = parseMethodDescriptor(d); typeNames.add(p.returnType); p.parameters.forEach((t) => typeNames.add(t)); }
  const strings = new Set([...(req.strings ?? []), ...typeNames, ...[...protoDescs].map(shortyOf), ...(req.fields ?? []).map((f) => f.name), ...(req.methods ?? []).map((m) => m.name)]);

  // Stage 1: strings and types.
  const stringIdx = new Map(dex.strings.map((s, i) => [s, i]));
  const newStrings = [...strings].filter((s) => !stringIdx.has(s));
  const maps1: IndexMaps = {};
  if (newStrings.length) {
    const m = merge(dex.strings, newStrings, cmpStrings);
    dex.strings = m.items;
    maps1.string = m.map;
    if (dex.stringDataOrder) dex.stringDataOrder = [...dex.stringDataOrder.map((i) => m.map[i]!), ...m.addedAt];
    dex.strings.forEach((s, i) => stringIdx.set(s, i));
  }
  const oldTypes = dex.types.map((s) => (maps1.string ? maps1.string[s]! : s));
  const typeStrings = new Set(oldTypes);
  const newTypes = [...new Set([...typeNames].map((t) => stringIdx.get(t)!))].filter((s) => !typeStrings.has(s));
  assertLimits({ types: dex.types.length + newTypes.length });
  let sortedTypes: number[] | undefined;
  if (newTypes.length) {
    const m = merge(oldTypes, newTypes, (a, b) => a - b);
    maps1.type = m.map;
    sortedTypes = m.items;
  }
  let jumbo = 0;
  if (maps1.string || maps1.type) {
    jumbo = applyIndexMaps(dex, maps1).jumboCodeItems;
    if (sortedTypes) dex.types = sortedTypes;
  }
  const r = stage2(dex, req, protoDescs);
  return { jumboCodeItems: jumbo + r.jumboCodeItems, added: { strings: newStrings.length, types: newTypes.length, ...r.added } };
}

function stage2(dex: DexFile, req: ReferenceRequest, protoDescs: Set<string>): { jumboCodeItems: number; added: { protos: number; fields: number; methods: number } } {
  const stringIdx = new Map(dex.strings.map((s, i) => [s, i]));
  const typeIdx = new Map(dex.types.map((s, i) => [dex.strings[s]!, i]));
  const listIdx = new Map(dex.typeLists.map((l, i) => [l.join(','), i]));
  const protoKey = (p: DexProtoId): string => `${p.returnTypeIdx}:${p.parameters < 0 ? '' : dex.typeLists[p.parameters]!.join(',')}`;
  const protoIdx = new Map(dex.protos.map((p, i) => [protoKey(p), i]));
  const newProtos: DexProtoId[] = [];
  for (const d of protoDescs) {
    const { parameters, returnType } = parseMethodDescriptor(d);
    const params = parameters.map((t) => typeIdx.get(t)!);
    let list = -1;
    if (params.length) {
      list = listIdx.get(params.join(',')) ?? -1;
      if (list < 0) { list = dex.typeLists.push(params) - 1; listIdx.set(params.join(','), list); }
    }
    const proto: DexProtoId = { shortyIdx: stringIdx.get(shortyOf(d))!, returnTypeIdx: typeIdx.get(returnType)!, parameters: list };
    if (!protoIdx.has(protoKey(proto))) { protoIdx.set(protoKey(proto), -1); newProtos.push(proto); }
  }
  const params = (p: DexProtoId): number[] => (p.parameters < 0 ? [] : dex.typeLists[p.parameters]!);
  const pm = merge(dex.protos, newProtos, (a, b) => a.returnTypeIdx - b.returnTypeIdx || cmpLists(params(a), params(b)));
  const protoOf = new Map(pm.items.map((p, i) => [protoKey(p), i]));

  const fieldKey = (f: DexFieldId): string => `${f.classIdx}:${f.nameIdx}:${f.typeIdx}`;
  const haveFields = new Set(dex.fields.map(fieldKey));
  const newFields = (req.fields ?? []).map((f) => ({ classIdx: typeIdx.get(f.class)!, nameIdx: stringIdx.get(f.name)!, typeIdx: typeIdx.get(f.type)! }))
    .filter((f) => !haveFields.has(fieldKey(f)) && haveFields.add(fieldKey(f)));
  const methodKey = (m: DexMethodId, proto: number): string => `${m.classIdx}:${m.nameIdx}:${proto}`;
  const haveMethods = new Set(dex.methods.map((m) => methodKey(m, pm.map[m.protoIdx]!)));
  const newMethods = (req.methods ?? []).map((m) => {
    const { parameters, returnType } = parseMethodDescriptor(m.descriptor);
    const key = `${typeIdx.get(returnType)}:${parameters.map((t) => typeIdx.get(t)).join(',')}`;
    return { classIdx: typeIdx.get(m.class)!, nameIdx: stringIdx.get(m.name)!, protoIdx: protoOf.get(key)! };
  }).filter((m) => !haveMethods.has(methodKey(m, m.protoIdx)) && haveMethods.add(methodKey(m, m.protoIdx)));
  assertLimits({ methods: dex.methods.length + newMethods.length, fields: dex.fields.length + newFields.length, protos: pm.items.length, types: dex.types.length });

  const added = { protos: newProtos.length, fields: newFields.length, methods: newMethods.length };
  if (!newProtos.length && !newFields.length && !newMethods.length) return { jumboCodeItems: 0, added };
  const fm = merge(dex.fields, newFields, (a, b) => a.classIdx - b.classIdx || a.nameIdx - b.nameIdx || a.typeIdx - b.typeIdx);
  // Old methods are compared with their new proto indices; new ones already carry new proto indices.
  const oldMethods = dex.methods.map((m) => ({ ...m, protoIdx: pm.map[m.protoIdx]! }));
  const mm = merge(oldMethods, newMethods, (a, b) => a.classIdx - b.classIdx || a.nameIdx - b.nameIdx || a.protoIdx - b.protoIdx);
  const maps: IndexMaps = {};
  if (newProtos.length) maps.proto = pm.map;
  if (newFields.length) maps.field = fm.map;
  if (newMethods.length) maps.method = mm.map;
  const r = applyIndexMaps(dex, maps);
  dex.protos = pm.items;
  dex.fields = fm.items;
  dex.methods = mm.items;
  return { jumboCodeItems: r.jumboCodeItems, added };
}

/** Index of a method reference, or -1. */
export function findMethodId(dex: DexFile, ref: MethodRef): number {
  const { parameters, returnType } = parseMethodDescriptor(ref.descriptor);
  return dex.methods.findIndex((m) => {
    if (dex.strings[dex.types[m.classIdx]!] !== ref.class || dex.strings[m.nameIdx] !== ref.name) return false;
    const p = dex.protos[m.protoIdx]!;
    const ps = p.parameters < 0 ? [] : dex.typeLists[p.parameters]!;
    return dex.strings[dex.types[p.returnTypeIdx]!] === returnType && ps.length === parameters.length && ps.every((t, i) => dex.strings[dex.types[t]!] === parameters[i]);
  });
}
