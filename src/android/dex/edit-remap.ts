// Re-indexing a DEX model after its id tables were reordered (spec: "Dalvik Executable format"): every
// string, type, proto, field and method index stored anywhere (id tables, class defs, class data, code,
// catch handlers, debug info, annotations, encoded values, method handles) goes through the maps, and the
// lists the format keeps sorted by index are sorted again. A const-string whose new string index no
// longer fits 16 bits becomes const-string/jumbo (edit-code.ts moves the rest of the method).

import { debugInfoUsers, replaceInstructions } from './edit-code.js';
import { remapDebugInfo } from './edit-debug-info.js';
import { decodeInstructions, instructionUnits, type Instruction } from './instructions.js';
import type { DexClassData, DexFile, EncodedAnnotation, EncodedValue } from './model.js';
import { OPCODES } from './opcodes.js';

/** old index → new index, per table; a missing map is the identity. */
export interface IndexMaps {
  string?: Int32Array;
  type?: Int32Array;
  proto?: Int32Array;
  field?: Int32Array;
  method?: Int32Array;
}

const OP_CONST_STRING = 0x1a;
const OP_CONST_STRING_JUMBO = 0x1b;

type Fn = (i: number) => number;
const via = (m: Int32Array | undefined): Fn => (m ? (i) => m[i]! : (i) => i);

export interface RemapResult {
  /** Code items where at least one const-string became const-string/jumbo. */
  jumboCodeItems: number;
}

export function applyIndexMaps(dex: DexFile, maps: IndexMaps): RemapResult {
  const s = via(maps.string);
  const t = via(maps.type);
  const p = via(maps.proto);
  const f = via(maps.field);
  const m = via(maps.method);
  const opt = (fn: Fn) => (i: number): number => (i < 0 ? i : fn(i));
  const st = maps.string || maps.type;
  if (maps.string) dex.types = dex.types.map(s);
  if (maps.type) dex.typeLists = dex.typeLists.map((l) => l.map(t));
  if (st) dex.protos = dex.protos.map((x) => ({ shortyIdx: s(x.shortyIdx), returnTypeIdx: t(x.returnTypeIdx), parameters: x.parameters }));
  if (st) dex.fields = dex.fields.map((x) => ({ classIdx: t(x.classIdx), typeIdx: t(x.typeIdx), nameIdx: s(x.nameIdx) }));
  if (st || maps.proto) dex.methods = dex.methods.map((x) => ({ classIdx: t(x.classIdx), protoIdx: p(x.protoIdx), nameIdx: s(x.nameIdx) }));
  if (st) dex.classDefs = dex.classDefs.map((c) => ({ ...c, classIdx: t(c.classIdx), superclassIdx: opt(t)(c.superclassIdx), sourceFileIdx: opt(s)(c.sourceFileIdx) }));
  if (maps.field || maps.method) dex.methodHandles = dex.methodHandles.map((h) => ({ ...h, fieldOrMethodIdx: h.methodHandleType <= 3 ? f(h.fieldOrMethodIdx) : m(h.fieldOrMethodIdx) }));
  const value = (v: EncodedValue): EncodedValue => remapValue(v, { s, t, p, f, m });
  dex.encodedArrays = dex.encodedArrays.map((a) => a.map(value));
  dex.annotations = dex.annotations.map((a) => ({ visibility: a.visibility, annotation: remapAnnotation(a.annotation, { s, t, p, f, m }) }));
  dex.annotationSets = dex.annotationSets.map((set) => [...set].sort((a, b) => dex.annotations[a]!.annotation.typeIdx - dex.annotations[b]!.annotation.typeIdx));
  dex.annotationsDirectories = dex.annotationsDirectories.map((d) => ({
    classAnnotations: d.classAnnotations,
    fields: d.fields.map((x) => ({ ...x, fieldIdx: f(x.fieldIdx) })).sort((a, b) => a.fieldIdx - b.fieldIdx),
    methods: d.methods.map((x) => ({ ...x, methodIdx: m(x.methodIdx) })).sort((a, b) => a.methodIdx - b.methodIdx),
    parameters: d.parameters.map((x) => ({ ...x, methodIdx: m(x.methodIdx) })).sort((a, b) => a.methodIdx - b.methodIdx),
  }));
  // class_data stores member indices as uleb128 differences, so its lists are sorted already.
  if (maps.field || maps.method) remapClassData(dex, f, m);
  if (st) dex.debugInfos = dex.debugInfos.map((d) => remapDebugInfo(d, s, t));
  if (maps.type) for (const c of dex.codeItems) for (const h of c.handlers) for (const k of h.catches) k.typeIdx = t(k.typeIdx);
  return { jumboCodeItems: remapCode(dex, maps) };
}

interface Fns { s: Fn; t: Fn; p: Fn; f: Fn; m: Fn }

function remapValue(v: EncodedValue, fn: Fns): EncodedValue {
  switch (v.type) {
    case 0x15: return { type: v.type, value: fn.p(v.value) };
    case 0x17: return { type: v.type, value: fn.s(v.value) };
    case 0x18: return { type: v.type, value: fn.t(v.value) };
    case 0x19: case 0x1b: return { type: v.type, value: fn.f(v.value) };
    case 0x1a: return { type: v.type, value: fn.m(v.value) };
    case 0x1c: return { type: v.type, value: v.value.map((x) => remapValue(x, fn)) };
    case 0x1d: return { type: v.type, value: remapAnnotation(v.value, fn) };
    default: return v;
  }
}

function remapAnnotation(a: EncodedAnnotation, fn: Fns): EncodedAnnotation {
  return {
    typeIdx: fn.t(a.typeIdx),
    elements: a.elements.map((e) => ({ nameIdx: fn.s(e.nameIdx), value: remapValue(e.value, fn) }))
      .sort((x, y) => x.nameIdx - y.nameIdx),
  };
}

/** Member lists are sorted by index again; hidden-api flags follow their members. */
function remapClassData(dex: DexFile, f: Fn, m: Fn): void {
  const hidden = dex.hiddenapiClassData;
  const owner = new Map<number, number>();
  dex.classDefs.forEach((c, i) => { if (c.classData >= 0) owner.set(c.classData, i); });
  dex.classData = dex.classData.map((d, di): DexClassData => {
    const cls = owner.get(di);
    const flags = cls === undefined ? undefined : hidden?.[cls] ?? undefined;
    const newFlags: number[] = [];
    let base = 0;
    const sorted = <T>(list: T[], key: (x: T) => number): T[] => {
      const order = list.map((_, k) => k).sort((a, b) => key(list[a]!) - key(list[b]!));
      if (flags) for (const k of order) newFlags.push(flags[base + k]!);
      base += list.length;
      return order.map((k) => list[k]!);
    };
    const out: DexClassData = {
      staticFields: sorted(d.staticFields.map((x) => ({ ...x, fieldIdx: f(x.fieldIdx) })), (x) => x.fieldIdx),
      instanceFields: sorted(d.instanceFields.map((x) => ({ ...x, fieldIdx: f(x.fieldIdx) })), (x) => x.fieldIdx),
      directMethods: sorted(d.directMethods.map((x) => ({ ...x, methodIdx: m(x.methodIdx) })), (x) => x.methodIdx),
      virtualMethods: sorted(d.virtualMethods.map((x) => ({ ...x, methodIdx: m(x.methodIdx) })), (x) => x.methodIdx),
    };
    if (flags && hidden && cls !== undefined) hidden[cls] = newFlags;
    return out;
  });
}

/** Patches index operands in place; returns how many code items needed const-string/jumbo. */
function remapCode(dex: DexFile, maps: IndexMaps): number {
  const byKind: Record<string, Int32Array | undefined> = { string: maps.string, type: maps.type, field: maps.field, method: maps.method, proto: maps.proto };
  const jumbo: number[] = [];
  dex.codeItems.forEach((code, ci) => {
    const u = code.insns;
    let needsJumbo = false;
    for (let pc = 0; pc < u.length; pc += instructionUnits(u, pc)) {
      const op = u[pc]! & 0xff;
      if (op === 0) continue;
      const info = OPCODES[op]!;
      const map = byKind[info.index];
      if (map) {
        if (info.format === '31c') {
          const v = map[(u[pc + 1]! | (u[pc + 2]! << 16)) >>> 0]!;
          u[pc + 1] = v & 0xffff;
          u[pc + 2] = v >>> 16;
        } else {
          const v = map[u[pc + 1]!]!;
          if (v > 0xffff) {
            if (op !== OP_CONST_STRING) throw new RangeError(`${info.name} at ${pc} cannot refer to index ${v}`);
            needsJumbo = true;
          }
          u[pc + 1] = v & 0xffff;
          if (v > 0xffff) JUMBO.set(code, [...(JUMBO.get(code) ?? []), [pc, v]]);
        }
      }
      if (info.index2 === 'proto' && maps.proto) u[pc + 3] = maps.proto[u[pc + 3]!]!;
    }
    if (needsJumbo) jumbo.push(ci);
  });
  if (jumbo.length) {
    const users = debugInfoUsers(dex);
    for (const ci of jumbo) toJumbo(dex, ci, users);
  }
  return jumbo.length;
}
const JUMBO = new WeakMap<object, [pc: number, index: number][]>();

function toJumbo(dex: DexFile, ci: number, users: number[]): void {
  const code = dex.codeItems[ci]!;
  const wide = new Map(JUMBO.get(code)!);
  JUMBO.delete(code);
  const replace = new Map<number, Instruction[]>();
  decodeInstructions(code.insns).forEach((insn, k) => {
    const index = wide.get(insn.offset);
    if (index === undefined || insn.opcode !== OP_CONST_STRING) return;
    replace.set(k, [{ offset: insn.offset, opcode: OP_CONST_STRING_JUMBO, format: '31c', registers: insn.registers, index }]);
  });
  replaceInstructions(dex, ci, replace, users);
}
