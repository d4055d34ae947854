// The lossless model of a DEX file (Dalvik Executable format, source.android.com/docs/core/runtime/dex-format).
//
// Id tables keep file order and refer to each other by index, as the file does. Data items live in one
// array per map_list section, in file order, and refer to each other by index into those arrays (-1 for
// "none", i.e. offset 0 or NO_INDEX), never by offset: offsets are recomputed by serializeDex. Code is kept
// as its 16-bit code units; decodeInstructions/encodeInstructions (instructions.ts) convert it.

export interface DexHeaderInfo {
  /** As read; serializeDex recomputes them. */
  checksum: number;
  signature: Uint8Array;
  fileSize: number;
  dataOff: number;
  dataSize: number;
}

export interface DexProtoId {
  shortyIdx: number;
  returnTypeIdx: number;
  /** Index into typeLists, or -1 for no parameters. */
  parameters: number;
}

export interface DexFieldId {
  classIdx: number;
  typeIdx: number;
  nameIdx: number;
}

export interface DexMethodId {
  classIdx: number;
  protoIdx: number;
  nameIdx: number;
}

export interface DexClassDef {
  classIdx: number;
  accessFlags: number;
  /** -1 for NO_INDEX (java.lang.Object). */
  superclassIdx: number;
  /** Index into typeLists or -1. */
  interfaces: number;
  /** String index or -1 for NO_INDEX. */
  sourceFileIdx: number;
  /** Index into annotationsDirectories or -1. */
  annotations: number;
  /** Index into classData or -1. */
  classData: number;
  /** Index into encodedArrays or -1. */
  staticValues: number;
}

export interface DexMethodHandle {
  methodHandleType: number;
  fieldOrMethodIdx: number;
  /** The two reserved u16 fields, kept for losslessness. */
  unused1: number;
  unused2: number;
}

export interface DexEncodedField {
  /** Absolute field_ids index (the file stores differences). */
  fieldIdx: number;
  accessFlags: number;
}

export interface DexEncodedMethod {
  methodIdx: number;
  accessFlags: number;
  /** Index into codeItems or -1 (abstract/native). */
  code: number;
}

export interface DexClassData {
  staticFields: DexEncodedField[];
  instanceFields: DexEncodedField[];
  directMethods: DexEncodedMethod[];
  virtualMethods: DexEncodedMethod[];
}

export interface DexTryItem {
  startAddr: number;
  insnCount: number;
  /** Index into the code item's handlers. */
  handler: number;
}

export interface DexCatchHandler {
  catches: { typeIdx: number; addr: number }[];
  /** -1 when there is no catch-all. */
  catchAllAddr: number;
}

export interface DexCodeItem {
  registersSize: number;
  insSize: number;
  outsSize: number;
  /** Index into debugInfos or -1. */
  debugInfo: number;
  insns: Uint16Array;
  tries: DexTryItem[];
  /** The encoded_catch_handler_list in file order (empty when there are no tries). */
  handlers: DexCatchHandler[];
}

export interface DexDebugInfo {
  lineStart: number;
  /** String indices, -1 for none (uleb128p1 in the file). */
  parameterNames: number[];
  /** The state-machine bytecode, up to and including DBG_END_SEQUENCE. */
  bytecode: Uint8Array;
}

export type EncodedValue =
  | { type: 0x00 | 0x02 | 0x03 | 0x04; value: number }
  /** VALUE_FLOAT: the IEEE-754 bit pattern as an unsigned 32-bit number. */
  | { type: 0x10; value: number }
  /** VALUE_LONG, VALUE_DOUBLE (bit pattern): 64-bit values. */
  | { type: 0x06 | 0x11; value: bigint }
  /** METHOD_TYPE, METHOD_HANDLE, STRING, TYPE, FIELD, METHOD, ENUM: an index. */
  | { type: 0x15 | 0x16 | 0x17 | 0x18 | 0x19 | 0x1a | 0x1b; value: number }
  | { type: 0x1c; value: EncodedValue[] }
  | { type: 0x1d; value: EncodedAnnotation }
  | { type: 0x1e; value: null }
  | { type: 0x1f; value: boolean };

export interface EncodedAnnotation {
  typeIdx: number;
  elements: { nameIdx: number; value: EncodedValue }[];
}

export interface DexAnnotationItem {
  visibility: number;
  annotation: EncodedAnnotation;
}

export interface DexAnnotationsDirectory {
  /** Index into annotationSets or -1. */
  classAnnotations: number;
  fields: { fieldIdx: number; annotations: number }[];
  methods: { methodIdx: number; annotations: number }[];
  /** annotations: index into annotationSetRefLists. */
  parameters: { methodIdx: number; annotations: number }[];
}

/** One map_list entry as read: the serializer writes sections in this order. */
export interface DexSection {
  type: number;
  offset: number;
  size: number;
  /** Bytes after the section's last item that are not just alignment padding (unreferenced data). */
  trailing?: Uint8Array;
}

export interface DexFile {
  /** "035" … "039". */
  version: string;
  header: DexHeaderInfo;
  strings: string[];
  /** string_data_item order as string indices, or null when it is string id order. */
  stringDataOrder: number[] | null;
  /** descriptor string index of each type_id. */
  types: number[];
  protos: DexProtoId[];
  fields: DexFieldId[];
  methods: DexMethodId[];
  classDefs: DexClassDef[];
  /** Index into encodedArrays of each call_site_id. */
  callSites: number[];
  methodHandles: DexMethodHandle[];
  typeLists: number[][];
  /** Entries: index into annotationSets or -1. */
  annotationSetRefLists: number[][];
  /** Entries: index into annotations. */
  annotationSets: number[][];
  classData: DexClassData[];
  codeItems: DexCodeItem[];
  debugInfos: DexDebugInfo[];
  annotations: DexAnnotationItem[];
  encodedArrays: EncodedValue[][];
  annotationsDirectories: DexAnnotationsDirectory[];
  /**
   * hiddenapi_class_data_item: per class def, the access flags of its fields and methods in class_data
   * order, or null for a class without data; the whole value is null when the section is absent.
   */
  hiddenapiClassData: (number[] | null)[] | null;
  /** map_list order. */
  sections: DexSection[];
  /** The link section, opaque (unspecified by the format). */
  link: Uint8Array;
}
