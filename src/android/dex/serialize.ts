// serializeDex: the model of model.ts back to DEX bytes (spec: "Dalvik Executable format", "File layout").
// Sections are written in the order of their parsed offsets (new sections in d8's order), items in model
// order, each aligned as the map item table requires; then the map_list, checksum and signature are
// recomputed. Offsets are found by fixed-point iteration: class_data stores code offsets as uleb128, so
// its size depends on where code items land.

import { ByteWriter } from '../../core/byte-writer.js';
import { writeAnnotationItem, writeAnnotationsDirectory, writeOffsetList } from './annotations.js';
import { sealDex } from './checksum.js';
import { writeClassData } from './class-data.js';
import { writeCodeItem } from './code-item.js';
import * as C from './constants.js';
import { writeDebugInfo } from './debug-info.js';
import { writeEncodedArray } from './encoded-value.js';
import { writeHiddenapiClassData } from './hiddenapi.js';
import { uleb128Size } from './leb128.js';
import type { DexFile } from './model.js';
import { encodeMutf8Into, mutf8Length } from './mutf8.js';

const CANONICAL_ORDER = [
  C.TYPE_HEADER_ITEM, C.TYPE_STRING_ID_ITEM, C.TYPE_TYPE_ID_ITEM, C.TYPE_PROTO_ID_ITEM, C.TYPE_FIELD_ID_ITEM,
  C.TYPE_METHOD_ID_ITEM, C.TYPE_CLASS_DEF_ITEM, C.TYPE_CALL_SITE_ID_ITEM, C.TYPE_METHOD_HANDLE_ITEM,
  C.TYPE_CODE_ITEM, C.TYPE_DEBUG_INFO_ITEM, C.TYPE_TYPE_LIST, C.TYPE_STRING_DATA_ITEM, C.TYPE_ANNOTATION_ITEM,
  C.TYPE_CLASS_DATA_ITEM, C.TYPE_ENCODED_ARRAY_ITEM, C.TYPE_ANNOTATION_SET_ITEM, C.TYPE_ANNOTATION_SET_REF_LIST,
  C.TYPE_ANNOTATIONS_DIRECTORY_ITEM, C.TYPE_HIDDENAPI_CLASS_DATA_ITEM, C.TYPE_MAP_LIST,
];
const ID_TYPES = new Set(CANONICAL_ORDER.slice(0, 9));

export function itemCount(dex: DexFile, type: number): number {
  switch (type) {
    case C.TYPE_HEADER_ITEM: case C.TYPE_MAP_LIST: return 1;
    case C.TYPE_STRING_ID_ITEM: case C.TYPE_STRING_DATA_ITEM: return dex.strings.length;
    case C.TYPE_TYPE_ID_ITEM: return dex.types.length;
    case C.TYPE_PROTO_ID_ITEM: return dex.protos.length;
    case C.TYPE_FIELD_ID_ITEM: return dex.fields.length;
    case C.TYPE_METHOD_ID_ITEM: return dex.methods.length;
    case C.TYPE_CLASS_DEF_ITEM: return dex.classDefs.length;
    case C.TYPE_CALL_SITE_ID_ITEM: return dex.callSites.length;
    case C.TYPE_METHOD_HANDLE_ITEM: return dex.methodHandles.length;
    case C.TYPE_TYPE_LIST: return dex.typeLists.length;
    case C.TYPE_ANNOTATION_SET_REF_LIST: return dex.annotationSetRefLists.length;
    case C.TYPE_ANNOTATION_SET_ITEM: return dex.annotationSets.length;
    case C.TYPE_CLASS_DATA_ITEM: return dex.classData.length;
    case C.TYPE_CODE_ITEM: return dex.codeItems.length;
    case C.TYPE_DEBUG_INFO_ITEM: return dex.debugInfos.length;
    case C.TYPE_ANNOTATION_ITEM: return dex.annotations.length;
    case C.TYPE_ENCODED_ARRAY_ITEM: return dex.encodedArrays.length;
    case C.TYPE_ANNOTATIONS_DIRECTORY_ITEM: return dex.annotationsDirectories.length;
    case C.TYPE_HIDDENAPI_CLASS_DATA_ITEM: return dex.hiddenapiClassData ? 1 : 0;
    default: return 0;
  }
}

/** Section types to lay out, in order: the parsed sections by offset, then any new non-empty section in d8's order. */
export function sectionOrder(dex: DexFile): number[] {
  const order = [...dex.sections].sort((a, b) => a.offset - b.offset || a.type - b.type).map((s) => s.type).filter((t) => itemCount(dex, t) > 0);
  for (const t of CANONICAL_ORDER) {
    if (order.includes(t) || itemCount(dex, t) === 0) continue;
    const after = CANONICAL_ORDER.slice(0, CANONICAL_ORDER.indexOf(t)).reverse().find((p) => order.includes(p));
    order.splice(after === undefined ? 0 : order.indexOf(after) + 1, 0, t);
  }
  const map = order.indexOf(C.TYPE_MAP_LIST);
  if (map < 0) order.push(C.TYPE_MAP_LIST);
  return order;
}

interface Layout {
  /** Offsets of every item, per section type. */
  items: Map<number, number[]>;
  /** Start of each section. */
  start: Map<number, number>;
  linkOff: number;
  fileSize: number;
}

export function serializeDex(dex: DexFile): Uint8Array {
  const order = sectionOrder(dex);
  const blobs = encodeOffsetFree(dex);
  let guess: Layout = { items: new Map(), start: new Map(), linkOff: 0, fileSize: 0 };
  for (let pass = 0; pass < 16; pass++) {
    const { bytes, layout } = emit(dex, order, blobs, guess);
    if (sameLayout(layout, guess)) {
      sealDex(bytes);
      return bytes;
    }
    guess = layout;
  }
  throw new Error('serializeDex: layout did not converge');
}

function sameLayout(a: Layout, b: Layout): boolean {
  if (a.fileSize !== b.fileSize || a.linkOff !== b.linkOff || a.items.size !== b.items.size) return false;
  for (const [t, offs] of a.items) {
    const o = b.items.get(t);
    if (!o || o.length !== offs.length) return false;
    for (let i = 0; i < offs.length; i++) if (offs[i] !== o[i]) return false;
  }
  return true;
}

/** Items whose bytes contain no file offsets, and that need no padding between them, are encoded once. */
function encodeOffsetFree(dex: DexFile): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  const one = (type: number, n: number, write: (w: ByteWriter, i: number) => void): void => {
    const w = new ByteWriter(1024);
    const ends: number[] = [];
    for (let i = 0; i < n; i++) {
      write(w, i);
      ends.push(w.length);
    }
    out.set(type, w.toBytes());
    ENDS.set(out.get(type)!, ends);
  };
  one(C.TYPE_DEBUG_INFO_ITEM, dex.debugInfos.length, (w, i) => writeDebugInfo(w, dex.debugInfos[i]!));
  one(C.TYPE_ANNOTATION_ITEM, dex.annotations.length, (w, i) => writeAnnotationItem(w, dex.annotations[i]!));
  one(C.TYPE_ENCODED_ARRAY_ITEM, dex.encodedArrays.length, (w, i) => writeEncodedArray(w, dex.encodedArrays[i]!));
  one(C.TYPE_TYPE_ID_ITEM, dex.types.length, (w, i) => w.u32le(dex.types[i]!));
  one(C.TYPE_FIELD_ID_ITEM, dex.fields.length, (w, i) => { const f = dex.fields[i]!; w.u16le(f.classIdx).u16le(f.typeIdx).u32le(f.nameIdx); });
  one(C.TYPE_METHOD_ID_ITEM, dex.methods.length, (w, i) => { const m = dex.methods[i]!; w.u16le(m.classIdx).u16le(m.protoIdx).u32le(m.nameIdx); });
  const data = encodeStringData(dex);
  out.set(C.TYPE_STRING_DATA_ITEM, data.bytes);
  ENDS.set(data.bytes, data.ends);
  return out;
}

// FORMAT: string_data_item = uleb128 utf16_size; MUTF-8 bytes; 0x00, in string_data order.
function encodeStringData(dex: DexFile): { bytes: Uint8Array; ends: number[] } {
  const order = dex.stringDataOrder;
  const at = (i: number): string => dex.strings[order ? order[i]! : i]!;
  const n = dex.strings.length;
  let size = 0;
  for (let i = 0; i < n; i++) {
    const s = at(i);
    size += uleb128Size(s.length) + mutf8Length(s) + 1;
  }
  const bytes = new Uint8Array(size);
  const ends: number[] = new Array<number>(n);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const s = at(i);
    let v = s.length;
    while (v > 0x7f) { bytes[p++] = (v & 0x7f) | 0x80; v >>>= 7; }
    bytes[p++] = v;
    p = encodeMutf8Into(s, bytes, p) + 1;
    ends[i] = p;
  }
  return { bytes, ends };
}
const ENDS = new WeakMap<Uint8Array, number[]>();

function emit(dex: DexFile, order: number[], blobs: Map<number, Uint8Array>, guess: Layout): { bytes: Uint8Array; layout: Layout } {
  const w = new ByteWriter(guess.fileSize || 1 << 16);
  const layout: Layout = { items: new Map(), start: new Map(), linkOff: 0, fileSize: 0 };
  const off = (type: number, i: number): number => guess.items.get(type)?.[i] ?? 0;
  const start = (type: number): number => guess.start.get(type) ?? 0;
  for (const type of order) {
    const align = C.MAP_ITEM_ALIGNMENT[type] ?? 1;
    w.align(align);
    layout.start.set(type, w.length);
    const offsets: number[] = [];
    layout.items.set(type, offsets);
    const blob = blobs.get(type);
    if (blob) {
      const ends = ENDS.get(blob)!;
      const base = w.length;
      for (let i = 0; i < ends.length; i++) offsets.push(base + (i ? ends[i - 1]! : 0));
      w.bytes(blob);
      const trailing = dex.sections.find((s) => s.type === type)?.trailing;
      if (trailing) w.bytes(trailing);
      continue;
    }
    const n = itemCount(dex, type);
    for (let i = 0; i < n; i++) {
      if (align > 1) w.align(align);
      offsets.push(w.length);
      writeItem(dex, type, i, w, off, start, order, guess);
    }
    const trailing = dex.sections.find((s) => s.type === type)?.trailing;
    if (trailing) w.bytes(trailing);
  }
  if (dex.link.length) {
    layout.linkOff = w.length;
    w.bytes(dex.link);
  }
  layout.fileSize = w.length;
  return { bytes: w.toBytes(), layout };
}

type Off = (type: number, i: number) => number;

function writeItem(dex: DexFile, type: number, i: number, w: ByteWriter, off: Off, start: (t: number) => number, order: number[], guess: Layout): void {
  const opt = (t: number, idx: number): number => (idx < 0 ? 0 : off(t, idx));
  const noIndex = (idx: number): number => (idx < 0 ? C.NO_INDEX : idx);
  switch (type) {
    case C.TYPE_HEADER_ITEM: return writeHeader(dex, w, order, start, guess);
    case C.TYPE_STRING_ID_ITEM: { w.u32le(off(C.TYPE_STRING_DATA_ITEM, dataPosition(dex, i))); return; }
    case C.TYPE_PROTO_ID_ITEM: {
      const p = dex.protos[i]!;
      w.u32le(p.shortyIdx).u32le(p.returnTypeIdx).u32le(opt(C.TYPE_TYPE_LIST, p.parameters));
      return;
    }
    case C.TYPE_CLASS_DEF_ITEM: {
      const c = dex.classDefs[i]!;
      w.u32le(c.classIdx).u32le(c.accessFlags).u32le(noIndex(c.superclassIdx)).u32le(opt(C.TYPE_TYPE_LIST, c.interfaces));
      w.u32le(noIndex(c.sourceFileIdx)).u32le(opt(C.TYPE_ANNOTATIONS_DIRECTORY_ITEM, c.annotations));
      w.u32le(opt(C.TYPE_CLASS_DATA_ITEM, c.classData)).u32le(opt(C.TYPE_ENCODED_ARRAY_ITEM, c.staticValues));
      return;
    }
    case C.TYPE_CALL_SITE_ID_ITEM: { w.u32le(off(C.TYPE_ENCODED_ARRAY_ITEM, dex.callSites[i]!)); return; }
    case C.TYPE_METHOD_HANDLE_ITEM: {
      const h = dex.methodHandles[i]!;
      w.u16le(h.methodHandleType).u16le(h.unused1).u16le(h.fieldOrMethodIdx).u16le(h.unused2);
      return;
    }
    case C.TYPE_MAP_LIST: return writeMapList(dex, w, order, start);
    case C.TYPE_TYPE_LIST: { const l = dex.typeLists[i]!; w.u32le(l.length); for (const t of l) w.u16le(t); return; }
    case C.TYPE_ANNOTATION_SET_REF_LIST:
      return writeOffsetList(w, dex.annotationSetRefLists[i]!, (k) => off(C.TYPE_ANNOTATION_SET_ITEM, k));
    case C.TYPE_ANNOTATION_SET_ITEM: return writeOffsetList(w, dex.annotationSets[i]!, (k) => off(C.TYPE_ANNOTATION_ITEM, k));
    case C.TYPE_CLASS_DATA_ITEM: return writeClassData(w, dex.classData[i]!, (k) => off(C.TYPE_CODE_ITEM, k));
    case C.TYPE_CODE_ITEM: { const c = dex.codeItems[i]!; return writeCodeItem(w, c, opt(C.TYPE_DEBUG_INFO_ITEM, c.debugInfo)); }
    case C.TYPE_ANNOTATIONS_DIRECTORY_ITEM:
      return writeAnnotationsDirectory(w, dex.annotationsDirectories[i]!, (k) => off(C.TYPE_ANNOTATION_SET_ITEM, k), (k) => off(C.TYPE_ANNOTATION_SET_REF_LIST, k));
    case C.TYPE_HIDDENAPI_CLASS_DATA_ITEM: return writeHiddenapiClassData(w, dex.hiddenapiClassData!);
    default: throw new Error(`serializeDex: no writer for map type ${type}`);
  }
}

/** Position of string i in the string_data section. */
function dataPosition(dex: DexFile, i: number): number {
  if (!dex.stringDataOrder) return i;
  let inv = INVERSE.get(dex.stringDataOrder);
  if (!inv) {
    inv = new Array<number>(dex.stringDataOrder.length);
    dex.stringDataOrder.forEach((s, pos) => { inv![s] = pos; });
    INVERSE.set(dex.stringDataOrder, inv);
  }
  return inv[i]!;
}
const INVERSE = new WeakMap<number[], number[]>();

/** Entries in the parsed map's order (usually by offset; some writers sort by type), new ones last. */
function writeMapList(dex: DexFile, w: ByteWriter, order: number[], start: (t: number) => number): void {
  const entries = dex.sections.map((s) => s.type).filter((t) => order.includes(t));
  for (const t of order) if (!entries.includes(t)) entries.push(t);
  w.u32le(entries.length);
  for (const t of entries) w.u16le(t).u16le(0).u32le(itemCount(dex, t)).u32le(start(t));
}

function writeHeader(dex: DexFile, w: ByteWriter, order: number[], start: (t: number) => number, guess: Layout): void {
  for (const c of `dex\n${dex.version}\0`) w.u8(c.charCodeAt(0));
  w.u32le(0).zeros(20);
  w.u32le(guess.fileSize).u32le(C.HEADER_SIZE).u32le(C.ENDIAN_CONSTANT);
  w.u32le(dex.link.length).u32le(dex.link.length ? guess.linkOff : 0).u32le(start(C.TYPE_MAP_LIST));
  for (const t of [C.TYPE_STRING_ID_ITEM, C.TYPE_TYPE_ID_ITEM, C.TYPE_PROTO_ID_ITEM, C.TYPE_FIELD_ID_ITEM, C.TYPE_METHOD_ID_ITEM, C.TYPE_CLASS_DEF_ITEM]) {
    const n = itemCount(dex, t);
    w.u32le(n).u32le(n ? start(t) : 0);
  }
  const firstData = order.find((t) => !ID_TYPES.has(t));
  const dataOff = firstData === undefined ? 0 : start(firstData);
  const dataEnd = dex.link.length ? guess.linkOff : guess.fileSize;
  w.u32le(dataEnd - dataOff).u32le(dataOff);
}
