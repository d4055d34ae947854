// Annotation items of the DEX format (spec: "annotations_directory_item", "annotation_set_ref_list",
// "annotation_set_item", "annotation_item").

import type { ByteReader } from '../../core/byte-reader.js';
import type { ByteWriter } from '../../core/byte-writer.js';
import { readEncodedAnnotation, writeEncodedAnnotation } from './encoded-value.js';
import type { DexAnnotationItem, DexAnnotationsDirectory } from './model.js';

type Resolve = (off: number, at: number) => number;

export function readAnnotationItem(r: ByteReader): DexAnnotationItem {
  return { visibility: r.u8(), annotation: readEncodedAnnotation(r) };
}

export function writeAnnotationItem(w: ByteWriter, item: DexAnnotationItem): void {
  w.u8(item.visibility);
  writeEncodedAnnotation(w, item.annotation);
}

/** annotation_set_item and annotation_set_ref_list share a shape: u4 size, u4 offsets[size]. */
export function readOffsetList(r: ByteReader, resolve: Resolve): number[] {
  const size = r.u32le();
  r.need(size * 4);
  const out: number[] = [];
  for (let i = 0; i < size; i++) {
    const at = r.pos;
    out.push(resolve(r.u32le(), at));
  }
  return out;
}

export function writeOffsetList(w: ByteWriter, entries: readonly number[], offsetOf: (index: number) => number): void {
  w.u32le(entries.length);
  for (const e of entries) w.u32le(e < 0 ? 0 : offsetOf(e));
}

export function readAnnotationsDirectory(r: ByteReader, set: Resolve, refList: Resolve): DexAnnotationsDirectory {
  let at = r.pos;
  const classAnnotations = set(r.u32le(), at);
  const fieldsSize = r.u32le();
  const methodsSize = r.u32le();
  const parametersSize = r.u32le();
  r.need((fieldsSize + methodsSize + parametersSize) * 8);
  const pairs = (n: number, resolve: Resolve): { idx: number; annotations: number }[] => {
    const out: { idx: number; annotations: number }[] = [];
    for (let i = 0; i < n; i++) {
      const idx = r.u32le();
      at = r.pos;
      out.push({ idx, annotations: resolve(r.u32le(), at) });
    }
    return out;
  };
  return {
    classAnnotations,
    fields: pairs(fieldsSize, set).map((p) => ({ fieldIdx: p.idx, annotations: p.annotations })),
    methods: pairs(methodsSize, set).map((p) => ({ methodIdx: p.idx, annotations: p.annotations })),
    parameters: pairs(parametersSize, refList).map((p) => ({ methodIdx: p.idx, annotations: p.annotations })),
  };
}

// FORMAT: u4 class_annotations_off, fields_size, annotated_methods_size, annotated_parameters_size;
//         (u4 idx, u4 annotations_off) for fields, then methods, then parameters.
export function writeAnnotationsDirectory(
  w: ByteWriter,
  dir: DexAnnotationsDirectory,
  setOff: (index: number) => number,
  refListOff: (index: number) => number,
): void {
  w.u32le(dir.classAnnotations < 0 ? 0 : setOff(dir.classAnnotations));
  w.u32le(dir.fields.length).u32le(dir.methods.length).u32le(dir.parameters.length);
  for (const f of dir.fields) w.u32le(f.fieldIdx).u32le(setOff(f.annotations));
  for (const m of dir.methods) w.u32le(m.methodIdx).u32le(setOff(m.annotations));
  for (const p of dir.parameters) w.u32le(p.methodIdx).u32le(refListOff(p.annotations));
}
