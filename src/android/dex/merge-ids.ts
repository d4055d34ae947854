// The id tables of two DEX files merged into one (spec: "Dalvik Executable format", string_ids …
// method_ids): the union of each table, sorted as the format requires (strings by UTF-16 code units,
// types by descriptor string index, protos by return type then parameter list, fields and methods by
// class, name, then type or proto), and for each input the map from its old indices to the merged ones.
// Nothing here changes either input.

import type { IndexMaps } from './edit-remap.js';
import type { DexFile } from './model.js';

export interface MergedProto {
  shortyIdx: number;
  returnTypeIdx: number;
  /** Merged type indices of the parameters. */
  params: number[];
  /** Where the parameter list already exists: 'primary' or 'other', with that input's typeLists index. */
  from: 'primary' | 'other';
  parameters: number;
}

export interface MergedIds {
  strings: string[];
  types: number[];
  protos: MergedProto[];
  fields: { classIdx: number; typeIdx: number; nameIdx: number }[];
  methods: { classIdx: number; protoIdx: number; nameIdx: number }[];
  primary: Required<IndexMaps>;
  other: Required<IndexMaps>;
}

const cmpLists = (a: readonly number[], b: readonly number[]): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
};

/** Sorted unique union of keyed items; returns the items and, for each input, old index → merged index. */
function union<T>(a: readonly T[], b: readonly T[], key: (x: T) => string, cmp: (x: T, y: T) => number): { items: T[]; mapA: Int32Array; mapB: Int32Array } {
  const byKey = new Map<string, T>();
  const keysA = a.map(key);
  const keysB = b.map(key);
  keysA.forEach((k, i) => { if (!byKey.has(k)) byKey.set(k, a[i]!); });
  keysB.forEach((k, i) => { if (!byKey.has(k)) byKey.set(k, b[i]!); });
  const entries = [...byKey.entries()].sort((x, y) => cmp(x[1], y[1]));
  const pos = new Map<string, number>();
  entries.forEach(([k], i) => pos.set(k, i));
  return {
    items: entries.map((e) => e[1]),
    mapA: Int32Array.from(keysA, (k) => pos.get(k)!),
    mapB: Int32Array.from(keysB, (k) => pos.get(k)!),
  };
}

export function mergeIds(primary: DexFile, other: DexFile): MergedIds {
  const s = union(primary.strings, other.strings, (x) => x, (x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const t = union(
    Array.from(primary.types, (i) => s.mapA[i]!), Array.from(other.types, (i) => s.mapB[i]!),
    String, (x, y) => x - y,
  );
  const protosOf = (dex: DexFile, sm: Int32Array, tm: Int32Array, from: 'primary' | 'other'): MergedProto[] =>
    dex.protos.map((p) => ({
      shortyIdx: sm[p.shortyIdx]!, returnTypeIdx: tm[p.returnTypeIdx]!,
      params: p.parameters < 0 ? [] : dex.typeLists[p.parameters]!.map((x) => tm[x]!),
      from, parameters: p.parameters,
    }));
  const p = union(
    protosOf(primary, s.mapA, t.mapA, 'primary'), protosOf(other, s.mapB, t.mapB, 'other'),
    (x) => `${x.returnTypeIdx}:${x.params.join(',')}`, (x, y) => x.returnTypeIdx - y.returnTypeIdx || cmpLists(x.params, y.params),
  );
  const fieldsOf = (dex: DexFile, sm: Int32Array, tm: Int32Array): MergedIds['fields'] =>
    dex.fields.map((f) => ({ classIdx: tm[f.classIdx]!, typeIdx: tm[f.typeIdx]!, nameIdx: sm[f.nameIdx]! }));
  const f = union(
    fieldsOf(primary, s.mapA, t.mapA), fieldsOf(other, s.mapB, t.mapB),
    (x) => `${x.classIdx}:${x.nameIdx}:${x.typeIdx}`, (x, y) => x.classIdx - y.classIdx || x.nameIdx - y.nameIdx || x.typeIdx - y.typeIdx,
  );
  const methodsOf = (dex: DexFile, sm: Int32Array, tm: Int32Array, pm: Int32Array): MergedIds['methods'] =>
    dex.methods.map((m) => ({ classIdx: tm[m.classIdx]!, protoIdx: pm[m.protoIdx]!, nameIdx: sm[m.nameIdx]! }));
  const m = union(
    methodsOf(primary, s.mapA, t.mapA, p.mapA), methodsOf(other, s.mapB, t.mapB, p.mapB),
    (x) => `${x.classIdx}:${x.nameIdx}:${x.protoIdx}`, (x, y) => x.classIdx - y.classIdx || x.nameIdx - y.nameIdx || x.protoIdx - y.protoIdx,
  );
  return {
    strings: s.items, types: t.items, protos: p.items, fields: f.items, methods: m.items,
    primary: { string: s.mapA, type: t.mapA, proto: p.mapA, field: f.mapA, method: m.mapA },
    other: { string: s.mapB, type: t.mapB, proto: p.mapB, field: f.mapB, method: m.mapB },
  };
}
