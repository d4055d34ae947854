// parseDex: DEX bytes (versions 035-039) to the lossless model of model.ts. Source of truth: the
// "Dalvik Executable format" page at source.android.com. Data sections are read item by item from the
// offsets of the map_list, so every offset stored in the file must be the start of an item of its
// section (DEX_BAD_OFFSET otherwise).

import { ByteReader, plainBytes } from '../../core/byte-reader.js';
import { hex } from '../../core/errors.js';
import { readAnnotationItem, readAnnotationsDirectory, readOffsetList } from './annotations.js';
import { classMemberCount, readClassData } from './class-data.js';
import { readCodeItem } from './code-item.js';
import {
  HEADER_SIZE, MAP_ITEM_ALIGNMENT, MAP_ITEM_NAMES, NO_INDEX, TYPE_CLASS_DEF_ITEM, TYPE_FIELD_ID_ITEM, TYPE_HEADER_ITEM,
  TYPE_MAP_LIST, TYPE_METHOD_ID_ITEM, TYPE_PROTO_ID_ITEM, TYPE_STRING_DATA_ITEM, TYPE_STRING_ID_ITEM, TYPE_TYPE_ID_ITEM, TYPE_ANNOTATION_ITEM, TYPE_ANNOTATION_SET_ITEM,
  TYPE_ANNOTATION_SET_REF_LIST, TYPE_ANNOTATIONS_DIRECTORY_ITEM, TYPE_CALL_SITE_ID_ITEM, TYPE_CLASS_DATA_ITEM,
  TYPE_CODE_ITEM, TYPE_DEBUG_INFO_ITEM, TYPE_ENCODED_ARRAY_ITEM, TYPE_HIDDENAPI_CLASS_DATA_ITEM,
  TYPE_METHOD_HANDLE_ITEM, TYPE_TYPE_LIST,
} from './constants.js';
import { readDebugInfo } from './debug-info.js';
import { readEncodedArray } from './encoded-value.js';
import { DEX_TRUNCATED, assertInFile, readHeader, readMapList, type IdSection } from './header.js';
import { readHiddenapiClassData } from './hiddenapi.js';
import { readUleb128 } from './leb128.js';
import type { DexClassDef, DexFile, DexSection } from './model.js';
import { Mutf8Error, decodeMutf8 } from './mutf8.js';

export const DEX_BAD_OFFSET = 'DEX_BAD_OFFSET';
export const DEX_INDEX_OUT_OF_RANGE = 'DEX_INDEX_OUT_OF_RANGE';
export const DEX_BAD_STRING_DATA = 'DEX_BAD_STRING_DATA';

type Resolve = (off: number, at: number) => number;

class SectionIndex {
  readonly byOffset = new Map<number, number>();
  constructor(readonly r: ByteReader, readonly type: number) {}
  resolve: Resolve = (off, at) => {
    if (off === 0) return -1;
    const i = this.byOffset.get(off);
    if (i === undefined) this.r.fail(DEX_BAD_OFFSET, `offset ${hex(off)} is not the start of a ${MAP_ITEM_NAMES[this.type]}`, at);
    return i;
  };
}

/** End offset of each section's last item, for finding bytes between sections. */
type Ends = Map<number, number>;

function readSection<T>(r: ByteReader, sections: DexSection[], ends: Ends, type: number, read: (r: ByteReader) => T): { items: T[]; index: SectionIndex } {
  const index = new SectionIndex(r, type);
  const items: T[] = [];
  const s = sections.find((x) => x.type === type);
  if (!s) return { items, index };
  const align = MAP_ITEM_ALIGNMENT[type] ?? 1;
  r.seek(s.offset);
  for (let i = 0; i < s.size; i++) {
    const rem = r.pos % align;
    if (rem) r.skip(align - rem);
    index.byOffset.set(r.pos, i);
    items.push(read(r));
  }
  ends.set(type, r.pos);
  return { items, index };
}

function ids<T>(r: ByteReader, s: IdSection, read: (r: ByteReader) => T): T[] {
  const out: T[] = [];
  if (s.size === 0) return out;
  r.seek(s.off);
  for (let i = 0; i < s.size; i++) out.push(read(r));
  return out;
}

export function parseDex(input: Uint8Array): DexFile {
  const bytes = plainBytes(input);
  const r = new ByteReader(bytes, 'DEX', { errorCode: DEX_TRUNCATED, context: { entry: 'DEX' } });
  const h = readHeader(r);
  const sections = readMapList(r, h.mapOff);
  const ends: Ends = new Map();
  const idSection = (type: number, itemSize: number): IdSection => {
    const s = sections.find((x) => x.type === type);
    if (!s) return { size: 0, off: 0 };
    assertInFile(r, MAP_ITEM_NAMES[type]!, s.offset, s.size * itemSize, h.mapOff);
    return { size: s.size, off: s.offset };
  };

  const { strings, stringDataOrder, dataEnd } = readStrings(r, h.stringIds);
  if (strings.length) ends.set(TYPE_STRING_DATA_ITEM, dataEnd);
  const n = strings.length;
  const checkIdx = (what: string, v: number, limit: number, at: number, allowNone = false): number => {
    if (allowNone && v === NO_INDEX) return -1;
    if (v >= limit) r.fail(DEX_INDEX_OUT_OF_RANGE, `${what} ${v} is out of range (${limit} entries)`, at);
    return v;
  };
  const types = ids(r, h.typeIds, (r) => checkIdx('type_id descriptor_idx', r.u32le(), n, r.pos - 4));
  const nt = types.length;

  const typeLists = readSection(r, sections, ends, TYPE_TYPE_LIST, (r) => {
    const size = r.u32le();
    r.need(size * 2);
    const out: number[] = [];
    for (let i = 0; i < size; i++) out.push(checkIdx('type_list entry', r.u16le(), nt, r.pos - 2));
    return out;
  });
  const debugInfos = readSection(r, sections, ends, TYPE_DEBUG_INFO_ITEM, readDebugInfo);
  const annotations = readSection(r, sections, ends, TYPE_ANNOTATION_ITEM, readAnnotationItem);
  const encodedArrays = readSection(r, sections, ends, TYPE_ENCODED_ARRAY_ITEM, (r) => readEncodedArray(r));
  const annotationSets = readSection(r, sections, ends, TYPE_ANNOTATION_SET_ITEM, (r) => readOffsetList(r, annotations.index.resolve));
  const refLists = readSection(r, sections, ends, TYPE_ANNOTATION_SET_REF_LIST, (r) => readOffsetList(r, annotationSets.index.resolve));
  const directories = readSection(r, sections, ends, TYPE_ANNOTATIONS_DIRECTORY_ITEM, (r) =>
    readAnnotationsDirectory(r, annotationSets.index.resolve, refLists.index.resolve));
  const codeItems = readSection(r, sections, ends, TYPE_CODE_ITEM, (r) => readCodeItem(r, debugInfos.index.resolve));
  const classData = readSection(r, sections, ends, TYPE_CLASS_DATA_ITEM, (r) => readClassData(r, codeItems.index.resolve));

  const protos = ids(r, h.protoIds, (r) => ({
    shortyIdx: checkIdx('proto shorty_idx', r.u32le(), n, r.pos - 4),
    returnTypeIdx: checkIdx('proto return_type_idx', r.u32le(), nt, r.pos - 4),
    parameters: typeLists.index.resolve(r.u32le(), r.pos - 4),
  }));
  const fields = ids(r, h.fieldIds, (r) => ({
    classIdx: checkIdx('field class_idx', r.u16le(), nt, r.pos - 2),
    typeIdx: checkIdx('field type_idx', r.u16le(), nt, r.pos - 2),
    nameIdx: checkIdx('field name_idx', r.u32le(), n, r.pos - 4),
  }));
  const methods = ids(r, h.methodIds, (r) => ({
    classIdx: checkIdx('method class_idx', r.u16le(), nt, r.pos - 2),
    protoIdx: checkIdx('method proto_idx', r.u16le(), protos.length, r.pos - 2),
    nameIdx: checkIdx('method name_idx', r.u32le(), n, r.pos - 4),
  }));
  const classDefs = ids(r, h.classDefs, (r): DexClassDef => {
    const at = r.pos;
    return {
      classIdx: checkIdx('class_def class_idx', r.u32le(), nt, at),
      accessFlags: r.u32le(),
      superclassIdx: checkIdx('class_def superclass_idx', r.u32le(), nt, at + 8, true),
      interfaces: typeLists.index.resolve(r.u32le(), at + 12),
      sourceFileIdx: checkIdx('class_def source_file_idx', r.u32le(), n, at + 16, true),
      annotations: directories.index.resolve(r.u32le(), at + 20),
      classData: classData.index.resolve(r.u32le(), at + 24),
      staticValues: encodedArrays.index.resolve(r.u32le(), at + 28),
    };
  });
  const callSites = ids(r, idSection(TYPE_CALL_SITE_ID_ITEM, 4), (r) => encodedArrays.index.resolve(r.u32le(), r.pos - 4));
  const methodHandles = ids(r, idSection(TYPE_METHOD_HANDLE_ITEM, 8), (r) => ({
    methodHandleType: r.u16le(), unused1: r.u16le(), fieldOrMethodIdx: r.u16le(), unused2: r.u16le(),
  }));
  const counts = classDefs.map((c) => (c.classData < 0 ? 0 : classMemberCount(classData.items[c.classData]!)));
  const hiddenapi = readSection(r, sections, ends, TYPE_HIDDENAPI_CLASS_DATA_ITEM, (r) => readHiddenapiClassData(r, counts));

  ends.set(TYPE_HEADER_ITEM, HEADER_SIZE);
  for (const [type, size] of ID_ITEM_SIZES) {
    const sec = sections.find((x) => x.type === type);
    if (sec) ends.set(type, sec.offset + sec.size * size);
  }
  ends.set(TYPE_MAP_LIST, h.mapOff + 4 + sections.length * 12);
  recordGaps(bytes, sections, ends, h.linkSize ? h.linkOff : bytes.length);
  return {
    version: h.version,
    header: { checksum: h.checksum, signature: h.signature, fileSize: h.fileSize, dataOff: h.dataOff, dataSize: h.dataSize },
    strings, stringDataOrder, types, protos, fields, methods, classDefs, callSites,
    methodHandles,
    typeLists: typeLists.items,
    annotationSetRefLists: refLists.items,
    annotationSets: annotationSets.items,
    classData: classData.items,
    codeItems: codeItems.items,
    debugInfos: debugInfos.items,
    annotations: annotations.items,
    encodedArrays: encodedArrays.items,
    annotationsDirectories: directories.items,
    hiddenapiClassData: hiddenapi.items[0] ?? null,
    sections,
    link: h.linkSize ? bytes.slice(h.linkOff, h.linkOff + h.linkSize) : new Uint8Array(0),
  };
}

const ID_ITEM_SIZES: [number, number][] = [
  [TYPE_STRING_ID_ITEM, 4], [TYPE_TYPE_ID_ITEM, 4], [TYPE_PROTO_ID_ITEM, 12], [TYPE_FIELD_ID_ITEM, 8],
  [TYPE_METHOD_ID_ITEM, 8], [TYPE_CLASS_DEF_ITEM, 32], [TYPE_CALL_SITE_ID_ITEM, 4], [TYPE_METHOD_HANDLE_ITEM, 8],
];

/**
 * Keeps the bytes between the end of a section and the start of the next (or the end of the data) when
 * they are more than the zero padding that alignment needs: some writers leave unreferenced bytes there.
 */
function recordGaps(bytes: Uint8Array, sections: DexSection[], ends: Ends, fileEnd: number): void {
  const sorted = [...sections].sort((a, b) => a.offset - b.offset);
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i]!;
    const end = ends.get(s.type);
    const next = sorted[i + 1];
    const limit = next ? next.offset : fileEnd;
    if (end === undefined || end >= limit) continue;
    const align = next ? MAP_ITEM_ALIGNMENT[next.type] ?? 1 : 1;
    const pad = (align - (end % align)) % align;
    const gap = bytes.subarray(end, limit);
    if (gap.length === pad && gap.every((b) => b === 0)) continue;
    s.trailing = gap.slice();
  }
}

function readStrings(r: ByteReader, s: IdSection): { strings: string[]; stringDataOrder: number[] | null; dataEnd: number } {
  const offsets = ids(r, s, (r) => r.u32le());
  const strings: string[] = [];
  let dataEnd = 0;
  for (let i = 0; i < offsets.length; i++) {
    const off = offsets[i]!;
    if (off < 0x70 || off >= r.length) r.fail(DEX_BAD_OFFSET, `string_id ${i} points at ${hex(off)}, outside the file`, s.off + 4 * i);
    r.seek(off);
    const utf16Size = readUleb128(r);
    const start = r.pos;
    const end = r.bytes.indexOf(0, start);
    if (end < 0) r.fail(DEX_TRUNCATED, `string_data ${i} at ${hex(off)} has no NUL terminator`, off);
    let value: string;
    try {
      value = decodeMutf8(r.bytes, start, end);
    } catch (e) {
      if (!(e instanceof Mutf8Error)) throw e;
      return r.fail(DEX_BAD_STRING_DATA, `string_data ${i}: ${e.message}`, e.at);
    }
    if (value.length !== utf16Size) r.fail(DEX_BAD_STRING_DATA, `string_data ${i} declares ${utf16Size} UTF-16 units but decodes to ${value.length}`, off);
    strings.push(value);
    dataEnd = Math.max(dataEnd, end + 1);
  }
  let sorted = true;
  for (let i = 1; i < offsets.length; i++) if (offsets[i]! <= offsets[i - 1]!) { sorted = false; break; }
  const stringDataOrder = sorted ? null : offsets.map((_, i) => i).sort((a, b) => offsets[a]! - offsets[b]!);
  return { strings, stringDataOrder, dataEnd };
}
