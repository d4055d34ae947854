// Android binary XML parser (AOSP frameworks/base/libs/androidfw ResourceTypes.h and the checks of
// ResXMLTree::setTo / validate_chunk / validateNode): bytes → lossless AxmlDocument.
// Strict where Android is strict (chunk bounds and 4-byte alignment, string pool invariants, node
// extension sizes); additionally strict on element balance and string indices, which Android only
// discovers lazily and which every later stage relies on.

import { ByteReader } from '../../core/byte-reader.js';
import { MalformedInputError, hex } from '../../core/errors.js';
import {
  ATTR_EXT_SIZE, ATTRIBUTE_SIZE, CDATA_EXT_SIZE, CHUNK_HEADER_SIZE, END_ELEMENT_EXT_SIZE, NAMESPACE_EXT_SIZE,
  NO_ENTRY, RES_STRING_POOL_TYPE, RES_XML_CDATA_TYPE, RES_XML_END_ELEMENT_TYPE, RES_XML_END_NAMESPACE_TYPE,
  RES_XML_FIRST_CHUNK_TYPE, RES_XML_LAST_CHUNK_TYPE, RES_XML_RESOURCE_MAP_TYPE, RES_XML_START_ELEMENT_TYPE,
  RES_XML_START_NAMESPACE_TYPE, RES_XML_TYPE, TYPE_STRING, XML_NODE_HEADER_SIZE,
} from './constants.js';
import type {
  AxmlAttribute, AxmlDocument, AxmlElement, AxmlNode, AxmlPrefaceChunk, NodeCommon, ResValue, StringPool,
} from './model.js';
import { parseStringPool } from './string-pool.js';

function fail(code: string, message: string, offset: number): never {
  throw new MalformedInputError(code, message, { entry: 'AndroidManifest.xml', offset });
}

interface ChunkHeader {
  at: number;
  type: number;
  headerSize: number;
  size: number;
}

class AxmlParser {
  private readonly r: ByteReader;
  private pool?: StringPool;

  constructor(private readonly bytes: Uint8Array, private readonly dataEnd: number) {
    this.r = new ByteReader(bytes.subarray(0, dataEnd), 'binary XML', { errorCode: 'AXML_CHUNK_OVERRUN' });
  }

  /** validate_chunk(): header at least minSize, header within chunk, both 4-aligned, chunk within data. */
  chunkAt(at: number, minSize: number, what: string): ChunkHeader {
    if (at + CHUNK_HEADER_SIZE > this.dataEnd) {
      fail('AXML_CHUNK_OVERRUN', `${what} chunk header at ${hex(at)} needs 8 bytes but the XML chunk ends at ${hex(this.dataEnd)}`, at);
    }
    this.r.seek(at);
    const type = this.r.u16le();
    const headerSize = this.r.u16le();
    const size = this.r.u32le();
    const where = `${what} chunk (type ${hex(type)}) at ${hex(at)}`;
    if (headerSize < minSize) fail('AXML_BAD_CHUNK_HEADER', `${where}: header size ${headerSize} is smaller than ${minSize}`, at);
    if (headerSize > size) fail('AXML_BAD_CHUNK_HEADER', `${where}: chunk size ${size} is smaller than its header size ${headerSize}`, at);
    if (((headerSize | size) & 3) !== 0) fail('AXML_BAD_CHUNK_HEADER', `${where}: header size ${headerSize} or size ${size} is not a multiple of 4`, at);
    if (at + size > this.dataEnd) fail('AXML_CHUNK_OVERRUN', `${where}: size ${hex(size)} runs to ${hex(at + size)}, past the XML chunk end ${hex(this.dataEnd)}`, at);
    return { at, type, headerSize, size };
  }

  parsePreface(start: number): { preface: AxmlPrefaceChunk[]; next: number } {
    const preface: AxmlPrefaceChunk[] = [];
    let at = start;
    while (at < this.dataEnd) {
      const h = this.chunkAt(at, CHUNK_HEADER_SIZE, 'XML');
      if (h.type >= RES_XML_FIRST_CHUNK_TYPE && h.type <= RES_XML_LAST_CHUNK_TYPE) return { preface, next: at };
      const chunk = this.bytes.subarray(at, at + h.size);
      if (h.type === RES_STRING_POOL_TYPE) {
        this.pool = parseStringPool(chunk, at);
        preface.push(this.pool);
      } else if (h.type === RES_XML_RESOURCE_MAP_TYPE) {
        this.r.seek(at + h.headerSize);
        const ids = Array.from({ length: (h.size - h.headerSize) / 4 }, () => this.r.u32le());
        preface.push({ kind: 'resourceMap', ids, headerExtra: chunk.slice(CHUNK_HEADER_SIZE, h.headerSize) });
      } else {
        preface.push({ kind: 'unknown', type: h.type, bytes: chunk.slice() });
      }
      at += h.size;
    }
    fail('AXML_NO_ROOT_NODE', `no XML node chunk found before the end of the XML chunk at ${hex(this.dataEnd)}`, at);
  }

  checkString(ref: number, what: string, at: number, optional = true): number {
    if (optional && ref === NO_ENTRY) return ref;
    const n = this.pool!.strings.length;
    if (ref >= n) fail('AXML_STRING_INDEX_OUT_OF_RANGE', `${what} refers to string #${ref} but the pool has ${n} strings`, at);
    return ref;
  }

  common(h: ChunkHeader, minExt: number): NodeCommon & { ext: number } {
    if (h.size - h.headerSize < minExt) {
      fail('AXML_BAD_NODE', `node (type ${hex(h.type)}) at ${hex(h.at)} has ${h.size - h.headerSize} bytes after its header, needs ${minExt}`, h.at);
    }
    this.r.seek(h.at + CHUNK_HEADER_SIZE);
    const lineNumber = this.r.u32le();
    const comment = this.checkString(this.r.u32le(), 'node comment', h.at + 12);
    return {
      lineNumber,
      comment,
      headerExtra: this.bytes.slice(h.at + XML_NODE_HEADER_SIZE, h.at + h.headerSize),
      tail: this.bytes.slice(h.at + h.headerSize + minExt, h.at + h.size),
      ext: h.at + h.headerSize,
    };
  }

  resValue(): ResValue {
    return { size: this.r.u16le(), res0: this.r.u8(), dataType: this.r.u8(), data: this.r.u32le() };
  }

  startElement(h: ChunkHeader): AxmlElement {
    const { ext, ...c } = this.common(h, ATTR_EXT_SIZE);
    this.r.seek(ext);
    const ns = this.checkString(this.r.u32le(), 'element namespace', ext);
    const name = this.checkString(this.r.u32le(), 'element name', ext + 4, false);
    const attributeStart = this.r.u16le();
    const attributeSize = this.r.u16le();
    const attributeCount = this.r.u16le();
    const idIndex = this.r.u16le();
    const classIndex = this.r.u16le();
    const styleIndex = this.r.u16le();
    const extLen = h.size - h.headerSize;
    const attrEnd = attributeStart + attributeCount * attributeSize;
    if (attrEnd > extLen) {
      fail('AXML_CHUNK_OVERRUN', `element at ${hex(h.at)}: ${attributeCount} attributes of ${attributeSize} bytes from ${attributeStart} need ${attrEnd} bytes, the node has ${extLen}`, h.at);
    }
    if (attributeStart < ATTR_EXT_SIZE || (attributeCount > 0 && attributeSize < ATTRIBUTE_SIZE)) {
      fail('AXML_BAD_NODE', `element at ${hex(h.at)}: attributes at ${attributeStart} with stride ${attributeSize} overlap (need at least ${ATTR_EXT_SIZE} and ${ATTRIBUTE_SIZE})`, h.at);
    }
    const attributes: AxmlAttribute[] = [];
    for (let i = 0; i < attributeCount; i++) {
      const at = ext + attributeStart + i * attributeSize;
      this.r.seek(at);
      const attr: AxmlAttribute = {
        ns: this.checkString(this.r.u32le(), `attribute #${i} namespace`, at),
        name: this.checkString(this.r.u32le(), `attribute #${i} name`, at + 4, false),
        rawValue: this.checkString(this.r.u32le(), `attribute #${i} raw value`, at + 8),
        typedValue: this.resValue(),
        extra: this.bytes.slice(at + ATTRIBUTE_SIZE, at + attributeSize),
      };
      if (attr.typedValue.dataType === TYPE_STRING) this.checkString(attr.typedValue.data, `attribute #${i} string value`, at + 16, false);
      attributes.push(attr);
    }
    return {
      kind: 'element', ...c, tail: this.bytes.slice(ext + Math.max(attrEnd, ATTR_EXT_SIZE), h.at + h.size),
      ns, name, attributeSize, gap: this.bytes.slice(ext + ATTR_EXT_SIZE, ext + attributeStart),
      idIndex, classIndex, styleIndex, attributes, children: [],
      end: { lineNumber: 0, comment: NO_ENTRY, headerExtra: new Uint8Array(0), tail: new Uint8Array(0), ns: NO_ENTRY, name: NO_ENTRY },
    };
  }

  parseNodes(start: number): AxmlNode[] {
    const top: AxmlNode[] = [];
    const open: AxmlElement[] = [];
    const into = (): AxmlNode[] => (open.length ? open[open.length - 1]!.children : top);
    let at = start;
    while (at < this.dataEnd) {
      const h = this.chunkAt(at, CHUNK_HEADER_SIZE, 'XML node');
      const isNode = h.type >= RES_XML_START_NAMESPACE_TYPE && h.type <= RES_XML_CDATA_TYPE;
      if (isNode && h.headerSize < XML_NODE_HEADER_SIZE) {
        fail('AXML_BAD_CHUNK_HEADER', `node (type ${hex(h.type)}) at ${hex(at)}: header size ${h.headerSize} is smaller than ${XML_NODE_HEADER_SIZE}`, at);
      }
      switch (h.type) {
        case RES_XML_START_NAMESPACE_TYPE:
        case RES_XML_END_NAMESPACE_TYPE: {
          const { ext, ...c } = this.common(h, NAMESPACE_EXT_SIZE);
          this.r.seek(ext);
          const prefix = this.checkString(this.r.u32le(), 'namespace prefix', ext);
          const uri = this.checkString(this.r.u32le(), 'namespace URI', ext + 4);
          into().push({ kind: h.type === RES_XML_START_NAMESPACE_TYPE ? 'startNamespace' : 'endNamespace', ...c, prefix, uri });
          break;
        }
        case RES_XML_START_ELEMENT_TYPE: {
          const el = this.startElement(h);
          into().push(el);
          open.push(el);
          break;
        }
        case RES_XML_END_ELEMENT_TYPE: {
          const el = open.pop();
          if (!el) fail('AXML_UNBALANCED_ELEMENTS', `end element at ${hex(at)} closes nothing: no element is open`, at);
          const { ext, ...c } = this.common(h, END_ELEMENT_EXT_SIZE);
          this.r.seek(ext);
          el.end = { ...c, ns: this.checkString(this.r.u32le(), 'end element namespace', ext), name: this.checkString(this.r.u32le(), 'end element name', ext + 4) };
          break;
        }
        case RES_XML_CDATA_TYPE: {
          const { ext, ...c } = this.common(h, CDATA_EXT_SIZE);
          this.r.seek(ext);
          const data = this.checkString(this.r.u32le(), 'CDATA', ext);
          into().push({ kind: 'cdata', ...c, data, typedData: this.resValue() });
          break;
        }
        default:
          into().push({ kind: 'unknown', type: h.type, bytes: this.bytes.slice(at, at + h.size) });
      }
      at += h.size;
    }
    if (open.length) {
      fail('AXML_UNBALANCED_ELEMENTS', `${open.length} element(s) still open at the end of the XML chunk (${hex(this.dataEnd)})`, this.dataEnd);
    }
    return top;
  }

  get stringPool(): StringPool | undefined {
    return this.pool;
  }
}

/** Parses an Android binary XML file (AndroidManifest.xml, res/*.xml) into a lossless model. */
export function parseAxml(bytes: Uint8Array): AxmlDocument {
  if (bytes.length < CHUNK_HEADER_SIZE) fail('AXML_NOT_XML', `file has ${bytes.length} bytes, a binary XML header needs 8`, 0);
  const r = new ByteReader(bytes, 'binary XML header');
  const type = r.u16le();
  const headerSize = r.u16le();
  const size = r.u32le();
  if (type !== RES_XML_TYPE) fail('AXML_NOT_XML', `chunk type is ${hex(type)}, expected RES_XML_TYPE ${hex(RES_XML_TYPE)}`, 0);
  if (headerSize < CHUNK_HEADER_SIZE || headerSize > size) fail('AXML_BAD_CHUNK_HEADER', `XML header size ${headerSize} invalid for chunk size ${size}`, 0);
  if (size > bytes.length) fail('AXML_CHUNK_OVERRUN', `XML chunk declares ${size} bytes but the file has ${bytes.length}`, 0);
  const p = new AxmlParser(bytes, size);
  const { preface, next } = p.parsePreface(headerSize);
  if (!p.stringPool) fail('AXML_BAD_STRING_POOL', `no string pool before the first node at ${hex(next)}`, next);
  const nodes = p.parseNodes(next);
  return { type, headerExtra: bytes.slice(CHUNK_HEADER_SIZE, headerSize), preface, nodes, trailing: bytes.slice(size) };
}
