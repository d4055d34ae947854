// Read access to an AxmlDocument in the terms Android's ResXMLParser uses: strings by pool index,
// attribute resource IDs through the resource map, elements by walking the tree.

import { NO_ENTRY, TYPE_STRING } from './constants.js';
import { resourceMapOf, stringPoolOf, type AxmlAttribute, type AxmlDocument, type AxmlElement, type AxmlNode, type StringRef } from './model.js';

/** The string at `ref`, or undefined for NO_ENTRY / out of range (as ResStringPool::stringAt). */
export function stringAt(doc: AxmlDocument, ref: StringRef): string | undefined {
  if (ref === NO_ENTRY) return undefined;
  return stringPoolOf(doc).strings[ref];
}

/** getAttributeNameResID(): the resource map entry at the name's string index, 0 when none. */
export function attributeResourceId(doc: AxmlDocument, attr: AxmlAttribute): number {
  const map = resourceMapOf(doc);
  return map && attr.name < map.ids.length ? map.ids[attr.name]! >>> 0 : 0;
}

export function elementName(doc: AxmlDocument, el: AxmlElement): string {
  return stringAt(doc, el.name) ?? '';
}

/** The string value of an attribute: its raw value, or its typed value when that is a string. */
export function attributeString(doc: AxmlDocument, attr: AxmlAttribute): string | undefined {
  const raw = stringAt(doc, attr.rawValue);
  if (raw !== undefined) return raw;
  return attr.typedValue.dataType === TYPE_STRING ? stringAt(doc, attr.typedValue.data) : undefined;
}

/** The first element among the top-level nodes (the document element). */
export function rootElement(doc: AxmlDocument): AxmlElement | undefined {
  return doc.nodes.find((n): n is AxmlElement => n.kind === 'element');
}

export function childElements(el: AxmlElement): AxmlElement[] {
  return el.children.filter((n): n is AxmlElement => n.kind === 'element');
}

/** Depth-first visit of every node, with the element that contains it (undefined at top level). */
export function walkNodes(nodes: readonly AxmlNode[], visit: (n: AxmlNode, parent: AxmlElement | undefined) => void, parent?: AxmlElement): void {
  for (const n of nodes) {
    visit(n, parent);
    if (n.kind === 'element') walkNodes(n.children, visit, n);
  }
}
