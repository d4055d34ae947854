// aapt2's protobuf XML (frameworks/base/tools/aapt2/Resources.proto: XmlNode, XmlElement, XmlNamespace,
// XmlAttribute, Item, Reference, Primitive), as app bundles store AndroidManifest.xml, decoded into a
// tree, and mapped onto the XmlElementView the manifest summary reads.

import { MalformedInputError } from '../../core/errors.js';
import {
  TYPE_ATTRIBUTE, TYPE_DIMENSION, TYPE_FLOAT, TYPE_FRACTION, TYPE_INT_BOOLEAN, TYPE_INT_COLOR_ARGB4,
  TYPE_INT_COLOR_ARGB8, TYPE_INT_COLOR_RGB4, TYPE_INT_COLOR_RGB8, TYPE_INT_DEC, TYPE_INT_HEX, TYPE_NULL,
  TYPE_REFERENCE, TYPE_STRING,
} from '../axml/constants.js';
import type { XmlElementView, XmlValueView } from '../manifest/element.js';
import { WIRE_LEN, decodeMessage, fieldFixed32, fieldString, fieldsNumbered, lastField, type ProtoField } from './protobuf-wire.js';

export interface ProtoXmlNamespace {
  prefix: string;
  uri: string;
  line: number;
}

export interface ProtoXmlAttribute {
  namespaceUri: string;
  name: string;
  /** The attribute's source text (XmlAttribute.value). */
  value: string;
  resourceId: number;
  /** XmlAttribute.compiled_item mapped to Res_value terms; undefined when not compiled. */
  compiled?: XmlValueView;
  line: number;
}

export interface ProtoXmlElement {
  kind: 'element';
  namespaces: ProtoXmlNamespace[];
  namespaceUri: string;
  name: string;
  attributes: ProtoXmlAttribute[];
  children: ProtoXmlNode[];
  line: number;
}

export interface ProtoXmlText {
  kind: 'text';
  text: string;
  line: number;
}

export type ProtoXmlNode = ProtoXmlElement | ProtoXmlText;

function message(f: ProtoField | undefined): ProtoField[] {
  if (!f) return [];
  if (f.wireType !== WIRE_LEN) {
    throw new MalformedInputError('PROTOXML_BAD_WIRE_TYPE', `field ${f.number} should be a message (wire type 2), found wire type ${f.wireType}`, { entry: 'protobuf XML', offset: f.offset });
  }
  return decodeMessage(f.bytes!, f.payloadOffset);
}

const str = (fields: ProtoField[], n: number): string => {
  const f = lastField(fields, n);
  return f ? fieldString(f) : '';
};
const u32 = (fields: ProtoField[], n: number): number => lastField(fields, n)?.lo ?? 0;
/** SourcePosition.line_number of the message field n. */
const line = (fields: ProtoField[], n: number): number => u32(message(lastField(fields, n)), 1);

// Primitive oneof field number → Res_value dataType.
const PRIMITIVE_TYPES: Record<number, number> = {
  1: TYPE_NULL, 2: TYPE_NULL, 3: TYPE_FLOAT, 4: TYPE_DIMENSION, 5: TYPE_FRACTION, 6: TYPE_INT_DEC,
  7: TYPE_INT_HEX, 8: TYPE_INT_BOOLEAN, 9: TYPE_INT_COLOR_ARGB8, 10: TYPE_INT_COLOR_RGB8,
  11: TYPE_INT_COLOR_ARGB4, 12: TYPE_INT_COLOR_RGB4, 13: TYPE_DIMENSION, 14: TYPE_FRACTION,
};

function primitive(fields: ProtoField[]): XmlValueView | undefined {
  const f = fields[fields.length - 1];
  if (!f) return undefined;
  const dataType = PRIMITIVE_TYPES[f.number];
  if (dataType === undefined) return undefined;
  const data = f.bytes && f.wireType !== WIRE_LEN ? fieldFixed32(f) : f.lo;
  if (f.number === 8) return { dataType, data: data ? 0xffffffff : 0 };
  if (f.number === 2) return { dataType, data: 1 };
  return { dataType, data };
}

/** Item → Res_value terms: Reference, String, RawString, Primitive (others left undefined). */
function item(fields: ProtoField[]): XmlValueView | undefined {
  const f = fields.filter((x) => x.number >= 1 && x.number <= 7).pop();
  if (!f) return undefined;
  const m = message(f);
  switch (f.number) {
    case 1:
      return { dataType: u32(m, 1) === 1 ? TYPE_ATTRIBUTE : TYPE_REFERENCE, data: u32(m, 2) };
    case 2:
    case 3:
      return { dataType: TYPE_STRING, data: 0, string: str(m, 1) };
    case 7:
      return primitive(m);
    default:
      return undefined;
  }
}

function element(fields: ProtoField[], nodeLine: number): ProtoXmlElement {
  return {
    kind: 'element',
    namespaces: fieldsNumbered(fields, 1).map((f) => {
      const m = message(f);
      return { prefix: str(m, 1), uri: str(m, 2), line: line(m, 3) };
    }),
    namespaceUri: str(fields, 2),
    name: str(fields, 3),
    attributes: fieldsNumbered(fields, 4).map((f) => {
      const m = message(f);
      const compiledField = lastField(m, 6);
      return {
        namespaceUri: str(m, 1), name: str(m, 2), value: str(m, 3), resourceId: u32(m, 5),
        compiled: compiledField ? item(message(compiledField)) : undefined, line: line(m, 4),
      };
    }),
    children: fieldsNumbered(fields, 5).map((f) => node(message(f))),
    line: nodeLine,
  };
}

function node(fields: ProtoField[]): ProtoXmlNode {
  const l = line(fields, 3);
  const el = lastField(fields, 1);
  if (el) return element(message(el), l);
  return { kind: 'text', text: str(fields, 2), line: l };
}

/** Parses a serialized aapt2 XmlNode (e.g. base/manifest/AndroidManifest.xml of an .aab). */
export function parseProtoXml(bytes: Uint8Array): ProtoXmlNode {
  return node(decodeMessage(bytes));
}

/** The element tree as the XmlElementView that summarizeManifest reads (text nodes dropped). */
export function protoXmlElementView(el: ProtoXmlElement): XmlElementView {
  return {
    namespaceUri: el.namespaceUri,
    name: el.name,
    attributes: el.attributes.map((a) => ({
      namespaceUri: a.namespaceUri,
      name: a.name,
      resourceId: a.resourceId,
      value: a.compiled
        ? { ...a.compiled, string: a.compiled.string ?? (a.value === '' ? undefined : a.value) }
        : { dataType: TYPE_STRING, data: 0, string: a.value },
    })),
    children: el.children.filter((c): c is ProtoXmlElement => c.kind === 'element').map(protoXmlElementView),
  };
}
