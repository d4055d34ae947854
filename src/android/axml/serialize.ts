// Android binary XML writer (AOSP ResourceTypes.h): AxmlDocument → bytes. Every size and offset is
// recomputed from the model, and every byte the model keeps (extra header bytes, gaps, tails, unknown
// chunks, trailing data) is written back where it was, so an unedited document reproduces its input.

import { ByteWriter } from '../../core/byte-writer.js';
import {
  ATTR_EXT_SIZE, ATTRIBUTE_SIZE, CHUNK_HEADER_SIZE, RES_XML_CDATA_TYPE, RES_XML_END_ELEMENT_TYPE,
  RES_XML_END_NAMESPACE_TYPE, RES_XML_RESOURCE_MAP_TYPE, RES_XML_START_ELEMENT_TYPE, RES_XML_START_NAMESPACE_TYPE,
  XML_NODE_HEADER_SIZE,
} from './constants.js';
import type { AxmlDocument, AxmlElement, AxmlNode, AxmlPrefaceChunk, NodeCommon, ResValue } from './model.js';
import { serializeStringPool } from './string-pool.js';

/** FORMAT: ResXMLTree_node = ResChunk_header, lineNumber u32, comment u32, [headerExtra], ext, [tail]. */
function writeNode(w: ByteWriter, type: number, c: NodeCommon, ext: Uint8Array): void {
  const headerSize = XML_NODE_HEADER_SIZE + c.headerExtra.length;
  w.u16le(type).u16le(headerSize).u32le(headerSize + ext.length + c.tail.length);
  w.u32le(c.lineNumber).u32le(c.comment).bytes(c.headerExtra).bytes(ext).bytes(c.tail);
}

function writeResValue(w: ByteWriter, v: ResValue): void {
  w.u16le(v.size).u8(v.res0).u8(v.dataType).u32le(v.data);
}

/** FORMAT: ResXMLTree_attrExt, [gap], attributeCount × (ResXMLTree_attribute, [extra]). */
function elementExt(el: AxmlElement): Uint8Array {
  const w = new ByteWriter(ATTR_EXT_SIZE + el.gap.length + el.attributes.length * el.attributeSize);
  w.u32le(el.ns).u32le(el.name);
  w.u16le(ATTR_EXT_SIZE + el.gap.length).u16le(el.attributeSize).u16le(el.attributes.length);
  w.u16le(el.idIndex).u16le(el.classIndex).u16le(el.styleIndex);
  w.bytes(el.gap);
  for (const a of el.attributes) {
    if (ATTRIBUTE_SIZE + a.extra.length !== el.attributeSize) {
      throw new RangeError(`attribute stride ${el.attributeSize} but an attribute carries ${ATTRIBUTE_SIZE + a.extra.length} bytes`);
    }
    w.u32le(a.ns).u32le(a.name).u32le(a.rawValue);
    writeResValue(w, a.typedValue);
    w.bytes(a.extra);
  }
  return w.toBytes();
}

function writeNodes(w: ByteWriter, nodes: readonly AxmlNode[]): void {
  for (const n of nodes) {
    switch (n.kind) {
      case 'startNamespace':
      case 'endNamespace': {
        const ext = new ByteWriter(8).u32le(n.prefix).u32le(n.uri).toBytes();
        writeNode(w, n.kind === 'startNamespace' ? RES_XML_START_NAMESPACE_TYPE : RES_XML_END_NAMESPACE_TYPE, n, ext);
        break;
      }
      case 'cdata': {
        const ext = new ByteWriter(12).u32le(n.data);
        writeResValue(ext, n.typedData);
        writeNode(w, RES_XML_CDATA_TYPE, n, ext.toBytes());
        break;
      }
      case 'element':
        writeNode(w, RES_XML_START_ELEMENT_TYPE, n, elementExt(n));
        writeNodes(w, n.children);
        writeNode(w, RES_XML_END_ELEMENT_TYPE, n.end, new ByteWriter(8).u32le(n.end.ns).u32le(n.end.name).toBytes());
        break;
      case 'unknown':
        w.bytes(n.bytes);
        break;
    }
  }
}

function writePreface(w: ByteWriter, c: AxmlPrefaceChunk): void {
  switch (c.kind) {
    case 'stringPool':
      w.bytes(serializeStringPool(c));
      break;
    case 'resourceMap': {
      const headerSize = CHUNK_HEADER_SIZE + c.headerExtra.length;
      w.u16le(RES_XML_RESOURCE_MAP_TYPE).u16le(headerSize).u32le(headerSize + 4 * c.ids.length).bytes(c.headerExtra);
      for (const id of c.ids) w.u32le(id);
      break;
    }
    case 'unknown':
      w.bytes(c.bytes);
      break;
  }
}

/** Writes the document: ResXMLTree_header, preface chunks, nodes, then any trailing bytes. */
export function serializeAxml(doc: AxmlDocument): Uint8Array {
  const w = new ByteWriter(4096);
  const headerSize = CHUNK_HEADER_SIZE + doc.headerExtra.length;
  w.u16le(doc.type).u16le(headerSize).u32le(0).bytes(doc.headerExtra);
  for (const c of doc.preface) writePreface(w, c);
  writeNodes(w, doc.nodes);
  w.patchU32le(4, w.length);
  w.bytes(doc.trailing);
  return w.toBytes();
}
