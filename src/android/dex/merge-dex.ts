// Merging every class of one DEX file into another (spec: "Dalvik Executable format"), for apps below
// API 21, whose runtime loads only classes.dex: the runtime's classes go into the app's primary DEX.
// The id tables become their sorted unions (merge-ids.ts); every index stored in either input is moved
// to the merged tables (edit-remap.ts, which also turns a const-string whose index outgrows 16 bits into
// const-string/jumbo); the data items of `other` (type lists, class data, code, debug info, annotations,
// encoded arrays) are appended after the primary's, and its class defs after the primary's class defs
// (a superclass defined in `other` stays before its subclasses there, so the order the format requires
// holds). The inputs are not changed.
//
// Rules:
// 1. No class may be defined by both inputs (DEX_DUPLICATE_CLASS, naming the class).
// 2. The merged method, field, type and proto id tables must fit the 16-bit indices that refer to them
//    (DEX_REFERENCE_LIMIT, with the primary's count, the count added, and the limit).

import { PreflightError } from '../../core/errors.js';
import { DEX_REFERENCE_LIMIT, MAX_REFERENCES } from './edit-references.js';
import { applyIndexMaps } from './edit-remap.js';
import { instructionUnits } from './instructions.js';
import { mergeIds, type MergedIds } from './merge-ids.js';
import type { DexAnnotationsDirectory, DexClassDef, DexFile, EncodedValue } from './model.js';
import { typeDescriptor } from './references.js';
import { sectionOrder } from './serialize.js';
import { TYPE_MAP_LIST } from './constants.js';

export const DEX_DUPLICATE_CLASS = 'DEX_DUPLICATE_CLASS';

const OP_INVOKE_CUSTOM = 0xfc;
const OP_INVOKE_CUSTOM_RANGE = 0xfd;
const OP_CONST_METHOD_HANDLE = 0xfe;
const VALUE_METHOD_HANDLE = 0x16;

export function assertNoDuplicateClasses(primary: DexFile, other: DexFile): void {
  const defined = new Set(primary.classDefs.map((c) => typeDescriptor(primary, c.classIdx)));
  const dup = other.classDefs.map((c) => typeDescriptor(other, c.classIdx)).filter((n) => defined.has(n));
  if (dup.length) {
    throw new PreflightError(DEX_DUPLICATE_CLASS, `class ${dup[0]} is defined in both DEX files${dup.length > 1 ? ` (and ${dup.length - 1} more: ${dup.slice(1, 6).join(', ')}${dup.length > 6 ? ', …' : ''})` : ''}; a DEX file may define a class only once`, {
      entry: dup[0],
      hint: 'the app may already contain the runtime (is it wrapped already?)',
    });
  }
}

function assertMergedLimits(primary: DexFile, ids: MergedIds): void {
  const tables: [string, number, number][] = [
    ['method', primary.methods.length, ids.methods.length],
    ['field', primary.fields.length, ids.fields.length],
    ['type', primary.types.length, ids.types.length],
    ['proto', primary.protos.length, ids.protos.length],
  ];
  const over = tables.find(([, , merged]) => merged > MAX_REFERENCES);
  if (!over) return;
  const [what, had, merged] = over;
  throw new PreflightError(DEX_REFERENCE_LIMIT, `merging needs ${merged} ${what} references: the primary DEX has ${had} and the merge adds ${merged - had}, over the limit of ${MAX_REFERENCES} per DEX file`, {
    entry: 'classes.dex',
    hint: 'raise the app\'s min SDK to 21 (drop --keep-min-sdk) so the runtime goes into its own classesN.dex',
  });
}

/** `primary` with every class of `other` added; refuses duplicate classes and overflowing id tables. */
export function mergeDex(primary: DexFile, other: DexFile): DexFile {
  assertNoDuplicateClasses(primary, other);
  const ids = mergeIds(primary, other);
  assertMergedLimits(primary, ids);
  const p = structuredClone(primary);
  const o = structuredClone(other);
  applyIndexMaps(p, ids.primary);
  applyIndexMaps(o, ids.other);
  shiftCallSitesAndHandles(o, p.callSites.length, p.methodHandles.length);
  const merged = assemble(p, o, ids);
  // The map_list must list sections by offset: sections the primary lacked are placed (by sectionOrder,
  // in d8's order) among its own, and recorded so that the map lists them where they are laid out.
  merged.sections = sectionOrder(merged).map((type, i) => ({ type, offset: i, size: 0 }));
  return merged;
}

function assemble(p: DexFile, o: DexFile, ids: MergedIds): DexFile {
  const off = {
    typeLists: p.typeLists.length, annotationSetRefLists: p.annotationSetRefLists.length, annotationSets: p.annotationSets.length,
    classData: p.classData.length, codeItems: p.codeItems.length, debugInfos: p.debugInfos.length, annotations: p.annotations.length,
    encodedArrays: p.encodedArrays.length, annotationsDirectories: p.annotationsDirectories.length,
  };
  const add = (base: number) => (i: number): number => (i < 0 ? i : i + base);
  const classDefs: DexClassDef[] = [...p.classDefs, ...o.classDefs.map((c) => ({
    ...c,
    interfaces: add(off.typeLists)(c.interfaces),
    annotations: add(off.annotationsDirectories)(c.annotations),
    classData: add(off.classData)(c.classData),
    staticValues: add(off.encodedArrays)(c.staticValues),
  }))];
  const directories = o.annotationsDirectories.map((d): DexAnnotationsDirectory => ({
    classAnnotations: add(off.annotationSets)(d.classAnnotations),
    fields: d.fields.map((x) => ({ ...x, annotations: add(off.annotationSets)(x.annotations) })),
    methods: d.methods.map((x) => ({ ...x, annotations: add(off.annotationSets)(x.annotations) })),
    parameters: d.parameters.map((x) => ({ ...x, annotations: add(off.annotationSetRefLists)(x.annotations) })),
  }));
  return {
    version: p.version > o.version ? p.version : o.version,
    header: { ...p.header },
    strings: ids.strings,
    stringDataOrder: null,
    types: ids.types,
    protos: ids.protos.map((x) => ({ shortyIdx: x.shortyIdx, returnTypeIdx: x.returnTypeIdx, parameters: x.from === 'primary' ? x.parameters : add(off.typeLists)(x.parameters) })),
    fields: ids.fields,
    methods: ids.methods,
    classDefs,
    callSites: [...p.callSites, ...o.callSites.map(add(off.encodedArrays))],
    methodHandles: [...p.methodHandles, ...o.methodHandles],
    typeLists: [...p.typeLists, ...o.typeLists],
    annotationSetRefLists: [...p.annotationSetRefLists, ...o.annotationSetRefLists.map((l) => l.map(add(off.annotationSets)))],
    annotationSets: [...p.annotationSets, ...o.annotationSets.map((s) => s.map(add(off.annotations)))],
    classData: [...p.classData, ...o.classData.map((d) => ({
      ...d,
      directMethods: d.directMethods.map((m) => ({ ...m, code: add(off.codeItems)(m.code) })),
      virtualMethods: d.virtualMethods.map((m) => ({ ...m, code: add(off.codeItems)(m.code) })),
    }))],
    codeItems: [...p.codeItems, ...o.codeItems.map((c) => ({ ...c, debugInfo: add(off.debugInfos)(c.debugInfo) }))],
    debugInfos: [...p.debugInfos, ...o.debugInfos],
    annotations: [...p.annotations, ...o.annotations],
    encodedArrays: [...p.encodedArrays, ...o.encodedArrays],
    annotationsDirectories: [...p.annotationsDirectories, ...directories],
    hiddenapiClassData: mergeHiddenapi(p, o),
    // The primary's section order; bytes it kept between sections belong to its old layout.
    sections: p.sections.map((s) => ({ type: s.type, offset: s.offset, size: s.size })).filter((s) => s.type !== TYPE_MAP_LIST),
    link: p.link,
  };
}

/** Classes of an input without hiddenapi data get "no restriction" flags (0) for each member. */
function mergeHiddenapi(p: DexFile, o: DexFile): DexFile['hiddenapiClassData'] {
  if (!p.hiddenapiClassData && !o.hiddenapiClassData) return null;
  const flags = (dex: DexFile): (number[] | null)[] => dex.hiddenapiClassData ?? dex.classDefs.map((c) => {
    if (c.classData < 0) return null;
    const d = dex.classData[c.classData]!;
    return new Array<number>(d.staticFields.length + d.instanceFields.length + d.directMethods.length + d.virtualMethods.length).fill(0);
  });
  return [...flags(p), ...flags(o)];
}

/** call_site_ids and method_handles of `dex` move behind the primary's: code and encoded values follow. */
function shiftCallSitesAndHandles(dex: DexFile, callSites: number, handles: number): void {
  if (!callSites && !handles) return;
  for (const code of dex.codeItems) {
    const u = code.insns;
    for (let pc = 0; pc < u.length; pc += instructionUnits(u, pc)) {
      const op = u[pc]! & 0xff;
      if (u[pc]! > 0xff && op === 0) continue;
      if (op === OP_INVOKE_CUSTOM || op === OP_INVOKE_CUSTOM_RANGE) u[pc + 1] = u[pc + 1]! + callSites;
      else if (op === OP_CONST_METHOD_HANDLE) u[pc + 1] = u[pc + 1]! + handles;
    }
  }
  const value = (v: EncodedValue): EncodedValue => {
    if (v.type === VALUE_METHOD_HANDLE) return { type: v.type, value: v.value + handles };
    if (v.type === 0x1c) return { type: v.type, value: v.value.map(value) };
    if (v.type === 0x1d) return { type: v.type, value: { typeIdx: v.value.typeIdx, elements: v.value.elements.map((e) => ({ nameIdx: e.nameIdx, value: value(e.value) })) } };
    return v;
  };
  dex.encodedArrays = dex.encodedArrays.map((a) => a.map(value));
  dex.annotations = dex.annotations.map((a) => ({ visibility: a.visibility, annotation: value({ type: 0x1d, value: a.annotation }).value as DexFile['annotations'][number]['annotation'] }));
}
