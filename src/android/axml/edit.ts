// Element and attribute edits on an AxmlDocument, producing what aapt would have compiled (AOSP
// ResourceTypes.h, ResXMLTree_attrExt / ResXMLTree_attribute). Attributes are identified by resource
// ID whenever they have one. Within an element, attributes with a resource ID come first, in
// ascending ID order, then the others: aapt writes them so, and the framework's attribute lookup
// (AttributeResolution, BackTrackingAttributeFinder) walks them expecting that order.
// String-typed values carry the same string as raw value and typed value, as aapt writes them; other
// typed values carry no raw value unless the attribute being replaced had one.

import { ANDROID_NS, ATTRIBUTE_SIZE, NO_ENTRY, RES_VALUE_SIZE, TYPE_INT_BOOLEAN, TYPE_INT_DEC, TYPE_INT_HEX, TYPE_STRING } from './constants.js';
import type { AxmlAttribute, AxmlDocument, AxmlElement, AxmlNode, NamespaceNode, ResValue } from './model.js';
import { internAttributeName, internString } from './pool-edit.js';
import { attributeResourceId, stringAt } from './query.js';

export type AttributeValue =
  | { type: 'string'; value: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'int'; value: number; hex?: boolean };

export interface AttributeSpec {
  /** The attribute's local name (written to the pool only when no string maps to its ID yet). */
  name: string;
  /** android.R.attr ID; 0 or absent for an attribute without one (e.g. `package`). */
  resourceId?: number;
  /** Namespace URI; defaults to the android namespace when resourceId is set, none otherwise. */
  namespace?: string;
  value: AttributeValue;
}

function resValue(dataType: number, data: number): ResValue {
  return { size: RES_VALUE_SIZE, res0: 0, dataType, data: data >>> 0 };
}

/** The typed value and raw text of an AttributeValue; `keepRaw` gives non-strings a raw text too. */
function encodeValue(doc: AxmlDocument, v: AttributeValue, keepRaw: boolean): { typed: ResValue; raw: number } {
  if (v.type === 'string') {
    const ref = internString(doc, v.value);
    return { typed: resValue(TYPE_STRING, ref), raw: ref };
  }
  if (v.type === 'boolean') {
    return { typed: resValue(TYPE_INT_BOOLEAN, v.value ? 0xffffffff : 0), raw: keepRaw ? internString(doc, String(v.value)) : NO_ENTRY };
  }
  if (!Number.isInteger(v.value) || v.value < -0x80000000 || v.value > 0xffffffff) throw new RangeError(`integer attribute value ${v.value} does not fit 32 bits`);
  const text = v.hex ? `0x${(v.value >>> 0).toString(16)}` : String(v.value | 0);
  return { typed: resValue(v.hex ? TYPE_INT_HEX : TYPE_INT_DEC, v.value), raw: keepRaw ? internString(doc, text) : NO_ENTRY };
}

function sortKey(doc: AxmlDocument, a: AxmlAttribute): number {
  const id = attributeResourceId(doc, a);
  return id === 0 ? 0x1_0000_0000 : id;
}

/** Builds an attribute, interning its strings; the caller places it at once (later interning may shift indices). */
function createAttribute(doc: AxmlDocument, spec: AttributeSpec): AxmlAttribute {
  const id = spec.resourceId ?? 0;
  const nsUri = spec.namespace ?? (id ? ANDROID_NS : undefined);
  // The name first: inserting it into the resource-mapped prefix shifts the other string indices.
  const name = id ? internAttributeName(doc, spec.name, id) : internString(doc, spec.name);
  const ns = nsUri === undefined ? NO_ENTRY : internString(doc, nsUri);
  const { typed, raw } = encodeValue(doc, spec.value, false);
  return { ns, name, rawValue: raw, typedValue: typed, extra: new Uint8Array(0) };
}

/** Inserts `attr` at its place in the resource-ID order and keeps id/class/style indices pointing right. */
function insertAttribute(doc: AxmlDocument, el: AxmlElement, attr: AxmlAttribute): void {
  const key = sortKey(doc, attr);
  let at = el.attributes.findIndex((a) => sortKey(doc, a) > key);
  if (at < 0) at = el.attributes.length;
  el.attributes.splice(at, 0, { ...attr, extra: new Uint8Array(el.attributeSize - ATTRIBUTE_SIZE) });
  const shift = (i: number): number => (i > at ? i + 1 : i);
  el.idIndex = shift(el.idIndex);
  el.classIndex = shift(el.classIndex);
  el.styleIndex = shift(el.styleIndex);
}

/** The attribute with resource ID `resourceId`, or (for 0) the namespace-less attribute named `name`. */
export function findAttribute(doc: AxmlDocument, el: AxmlElement, resourceId: number, name?: string): AxmlAttribute | undefined {
  if (resourceId) return el.attributes.find((a) => attributeResourceId(doc, a) === resourceId >>> 0);
  return el.attributes.find((a) => attributeResourceId(doc, a) === 0 && stringAt(doc, a.name) === name);
}

export type SetAttributeResult = 'added' | 'changed' | 'unchanged';

/** Sets an attribute's value, adding the attribute in resource-ID order when it is absent. */
export function setAttribute(doc: AxmlDocument, el: AxmlElement, spec: AttributeSpec): SetAttributeResult {
  const existing = findAttribute(doc, el, spec.resourceId ?? 0, spec.name);
  if (!existing) {
    insertAttribute(doc, el, createAttribute(doc, spec));
    return 'added';
  }
  const { typed, raw } = encodeValue(doc, spec.value, existing.rawValue !== NO_ENTRY);
  const same = existing.rawValue === raw && existing.typedValue.dataType === typed.dataType && existing.typedValue.data === typed.data;
  if (same) return 'unchanged';
  existing.rawValue = raw;
  existing.typedValue = { ...typed, size: existing.typedValue.size, res0: existing.typedValue.res0 };
  return 'changed';
}

/** Removes the attribute; returns false when it was absent. */
export function removeAttribute(doc: AxmlDocument, el: AxmlElement, resourceId: number, name?: string): boolean {
  const attr = findAttribute(doc, el, resourceId, name);
  if (!attr) return false;
  const at = el.attributes.indexOf(attr);
  el.attributes.splice(at, 1);
  const shift = (i: number): number => (i === at + 1 ? 0 : i > at + 1 ? i - 1 : i);
  el.idIndex = shift(el.idIndex);
  el.classIndex = shift(el.classIndex);
  el.styleIndex = shift(el.styleIndex);
  return true;
}

function newElementNode(lineNumber: number, name: number): AxmlElement {
  const empty = new Uint8Array(0);
  return {
    kind: 'element', lineNumber, comment: NO_ENTRY, headerExtra: empty, tail: empty,
    ns: NO_ENTRY, name, attributeSize: ATTRIBUTE_SIZE, gap: empty,
    idIndex: 0, classIndex: 0, styleIndex: 0, attributes: [], children: [],
    end: { lineNumber, comment: NO_ENTRY, headerExtra: empty, tail: empty, ns: NO_ENTRY, name },
  };
}

/**
 * Inserts a new element without namespace into `parent` (an element, or the document's top level) at
 * node index `at`, on line `lineNumber`, with its attributes in resource-ID order. The element is
 * attached before its attributes are added, so that a name string inserted into the resource-mapped
 * prefix for a later attribute re-indexes the earlier ones too.
 */
export function insertElement(
  doc: AxmlDocument, parent: AxmlElement | AxmlDocument, at: number, name: string,
  attributes: readonly AttributeSpec[], lineNumber: number,
): AxmlElement {
  const el = newElementNode(lineNumber, internString(doc, name));
  const siblings = 'kind' in parent ? parent.children : parent.nodes;
  siblings.splice(Math.max(0, Math.min(at, siblings.length)), 0, el);
  for (const spec of attributes) setAttribute(doc, el, spec);
  return el;
}

function removeFrom(nodes: AxmlNode[], target: AxmlElement): boolean {
  const at = nodes.indexOf(target);
  if (at >= 0) {
    nodes.splice(at, 1);
    return true;
  }
  return nodes.some((n) => n.kind === 'element' && removeFrom(n.children, target));
}

/** Removes an element (with its children) from wherever it is in the document. */
export function removeElement(doc: AxmlDocument, el: AxmlElement): boolean {
  return removeFrom(doc.nodes, el);
}

/** The namespace node declaring `uri`, or undefined. */
export function findNamespace(doc: AxmlDocument, uri: string): NamespaceNode | undefined {
  let found: NamespaceNode | undefined;
  const visit = (nodes: readonly AxmlNode[]): void => {
    for (const n of nodes) {
      if (found) return;
      if (n.kind === 'startNamespace' && stringAt(doc, n.uri) === uri) found = n;
      else if (n.kind === 'element') visit(n.children);
    }
  };
  visit(doc.nodes);
  return found;
}

/** Declares `prefix`=`uri` around the whole document when no namespace node declares `uri` yet. */
export function ensureNamespace(doc: AxmlDocument, prefix: string, uri: string): boolean {
  if (findNamespace(doc, uri)) return false;
  const p = internString(doc, prefix);
  const u = internString(doc, uri);
  const line = doc.nodes.find((n): n is AxmlElement => n.kind === 'element')?.lineNumber ?? 0;
  const node = (kind: 'startNamespace' | 'endNamespace'): NamespaceNode => ({
    kind, lineNumber: line, comment: NO_ENTRY, headerExtra: new Uint8Array(0), tail: new Uint8Array(0), prefix: p, uri: u,
  });
  doc.nodes.unshift(node('startNamespace'));
  doc.nodes.push(node('endNamespace'));
  return true;
}
