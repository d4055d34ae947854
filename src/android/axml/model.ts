// The lossless model of an Android binary XML document (AOSP ResourceTypes.h: ResXMLTree_header,
// ResStringPool_header, ResXMLTree_node and its extensions). String references are pool indices, as in
// the file, so that duplicate strings, resource-map alignment and pool order survive a round trip.
// Bytes that the structs do not account for (larger headers, gaps, padding, unknown chunks) are kept
// in `headerExtra` / `tail` / `gap` fields and written back where they were found.

/** A reference into the string pool (ResStringPool_ref); NO_ENTRY (0xffffffff) means none. */
export type StringRef = number;

/** Res_value. `size` is normally 8 and `res0` 0; both kept as found. */
export interface ResValue {
  size: number;
  res0: number;
  dataType: number;
  data: number;
}

/** One string in a pool, with its style spans (ResStringPool_span) when the pool has styles. */
export interface StringPoolSpan {
  name: StringRef;
  firstChar: number;
  lastChar: number;
}

export interface StringPool {
  kind: 'stringPool';
  /** UTF8_FLAG set: strings stored as UTF-8; otherwise UTF-16LE. */
  utf8: boolean;
  /** The ResStringPool_header flags word as found (UTF8_FLAG and SORTED_FLAG among them). */
  flags: number;
  strings: string[];
  /** One entry per styled string (styleCount), each the spans of string i. */
  styles: StringPoolSpan[][];
  /** Bytes of the chunk header beyond sizeof(ResStringPool_header). */
  headerExtra: Uint8Array;
  /**
   * The chunk exactly as read, with the strings and styles it encoded. While `strings` and `styles`
   * equal these, the serializer writes `original.bytes`, keeping any non-canonical layout (shared
   * offsets, extra padding); after an edit it encodes the pool canonically, as aapt does.
   */
  original?: { bytes: Uint8Array; strings: readonly string[]; styles: string; utf8: boolean; flags: number };
}

export interface ResourceMap {
  kind: 'resourceMap';
  /** ids[i] is the attribute resource ID of string i. */
  ids: number[];
  headerExtra: Uint8Array;
}

/** A chunk we do not interpret, kept byte for byte (header included). */
export interface UnknownChunk {
  kind: 'unknown';
  type: number;
  bytes: Uint8Array;
}

/** Fields every ResXMLTree_node carries, plus the bytes the struct does not describe. */
export interface NodeCommon {
  lineNumber: number;
  comment: StringRef;
  /** Bytes between sizeof(ResXMLTree_node) and header.headerSize. */
  headerExtra: Uint8Array;
  /** Bytes between the end of the node's extension (and attributes) and header.size. */
  tail: Uint8Array;
}

export interface NamespaceNode extends NodeCommon {
  kind: 'startNamespace' | 'endNamespace';
  prefix: StringRef;
  uri: StringRef;
}

export interface CdataNode extends NodeCommon {
  kind: 'cdata';
  data: StringRef;
  typedData: ResValue;
}

export interface AxmlAttribute {
  ns: StringRef;
  name: StringRef;
  rawValue: StringRef;
  typedValue: ResValue;
  /** Bytes beyond sizeof(ResXMLTree_attribute) when attributeSize > 20. */
  extra: Uint8Array;
}

/** The RES_XML_END_ELEMENT_TYPE node that closes an element. */
export interface EndElementNode extends NodeCommon {
  ns: StringRef;
  name: StringRef;
}

export interface AxmlElement extends NodeCommon {
  kind: 'element';
  ns: StringRef;
  name: StringRef;
  /** ResXMLTree_attrExt.attributeSize: the stride of the attribute array (20 unless padded). */
  attributeSize: number;
  /** Bytes between the end of ResXMLTree_attrExt and attributeStart. */
  gap: Uint8Array;
  /** 1-based attribute indices (0 = none) of the id, class and style attributes. */
  idIndex: number;
  classIndex: number;
  styleIndex: number;
  attributes: AxmlAttribute[];
  children: AxmlNode[];
  end: EndElementNode;
}

export type AxmlNode = NamespaceNode | CdataNode | AxmlElement | UnknownChunk;

export type AxmlPrefaceChunk = StringPool | ResourceMap | UnknownChunk;

export interface AxmlDocument {
  /** RES_XML_TYPE normally; kept as found. */
  type: number;
  /** Bytes of the ResXMLTree_header beyond ResChunk_header. */
  headerExtra: Uint8Array;
  /** Chunks before the first node: string pool, resource map, unknown chunks, in file order. */
  preface: AxmlPrefaceChunk[];
  /** Top-level nodes (namespaces, the root element, stray CDATA, unknown chunks), in file order. */
  nodes: AxmlNode[];
  /** Bytes after the end of the XML chunk (header.size) that the file still carries. */
  trailing: Uint8Array;
}

/** The pool Android uses: the last string pool before the first node. */
export function stringPoolOf(doc: AxmlDocument): StringPool {
  for (let i = doc.preface.length - 1; i >= 0; i--) {
    const c = doc.preface[i]!;
    if (c.kind === 'stringPool') return c;
  }
  throw new Error('AxmlDocument without a string pool');
}

/** The resource map Android uses (the last one before the first node), if any. */
export function resourceMapOf(doc: AxmlDocument): ResourceMap | undefined {
  for (let i = doc.preface.length - 1; i >= 0; i--) {
    const c = doc.preface[i]!;
    if (c.kind === 'resourceMap') return c;
  }
  return undefined;
}
