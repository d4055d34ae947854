// Adding strings to the string pool of an AxmlDocument (AOSP ResourceTypes.h). Android resolves an
// attribute's resource ID through the resource map, which covers the first N pool strings, one ID per
// attribute-name string (ResXMLParser::getAttributeNameResID). A new android: attribute name must
// therefore sit inside that prefix: inserting it shifts every later string, so every string reference
// of the document is re-indexed. Other strings are appended (or reused when an equal one already lies
// outside the prefix, where no resource ID can attach to it).

import { MalformedInputError } from '../../core/errors.js';
import { CHUNK_HEADER_SIZE, NO_ENTRY, SORTED_FLAG, TYPE_STRING } from './constants.js';
import {
  resourceMapOf, stringPoolOf, type AxmlDocument, type AxmlNode, type ResValue, type ResourceMap, type StringPool,
  type StringRef,
} from './model.js';

/** Applies `f` to every string reference of the document (nodes and style spans). */
export function remapStringRefs(doc: AxmlDocument, f: (ref: StringRef) => StringRef): void {
  const ref = (r: StringRef): StringRef => (r === NO_ENTRY ? r : f(r));
  const value = (v: ResValue): void => {
    if (v.dataType === TYPE_STRING) v.data = ref(v.data);
  };
  const visit = (nodes: AxmlNode[]): void => {
    for (const n of nodes) {
      if (n.kind === 'unknown') continue;
      n.comment = ref(n.comment);
      if (n.kind !== 'cdata' && n.kind !== 'element') {
        n.prefix = ref(n.prefix);
        n.uri = ref(n.uri);
      } else if (n.kind === 'cdata') {
        n.data = ref(n.data);
        value(n.typedData);
      } else {
        n.ns = ref(n.ns);
        n.name = ref(n.name);
        for (const a of n.attributes) {
          a.ns = ref(a.ns);
          a.name = ref(a.name);
          a.rawValue = ref(a.rawValue);
          value(a.typedValue);
        }
        n.end.comment = ref(n.end.comment);
        n.end.ns = ref(n.end.ns);
        n.end.name = ref(n.end.name);
        visit(n.children);
      }
    }
  };
  visit(doc.nodes);
  for (const spans of stringPoolOf(doc).styles) for (const s of spans) s.name = ref(s.name);
}

/** The number of leading pool strings that carry a resource ID. */
export function resourcePrefixLength(doc: AxmlDocument): number {
  return Math.min(resourceMapOf(doc)?.ids.length ?? 0, stringPoolOf(doc).strings.length);
}

function touchPool(pool: StringPool): void {
  // New strings break any sort order the pool declared.
  pool.flags &= ~SORTED_FLAG;
}

/** The index of `s` outside the resource-mapped prefix, appending it when absent. */
export function internString(doc: AxmlDocument, s: string): StringRef {
  const pool = stringPoolOf(doc);
  const start = resourcePrefixLength(doc);
  for (let i = start; i < pool.strings.length; i++) if (pool.strings[i] === s) return i;
  touchPool(pool);
  pool.strings.push(s);
  return pool.strings.length - 1;
}

function ensureResourceMap(doc: AxmlDocument): ResourceMap {
  const existing = resourceMapOf(doc);
  if (existing) return existing;
  const map: ResourceMap = { kind: 'resourceMap', ids: [], headerExtra: new Uint8Array(0) };
  const poolAt = doc.preface.indexOf(stringPoolOf(doc));
  doc.preface.splice(poolAt + 1, 0, map);
  return map;
}

/**
 * The string index of an attribute name with resource ID `resourceId`: an existing mapped string with
 * that ID whatever its text (obfuscators rename or blank attribute names; Android only reads the ID),
 * else `name` inserted at the end of the mapped prefix, with every later reference shifted by one.
 */
export function internAttributeName(doc: AxmlDocument, name: string, resourceId: number): StringRef {
  if (resourceId === 0) throw new RangeError('internAttributeName needs a non-zero resource ID');
  const pool = stringPoolOf(doc);
  const map = ensureResourceMap(doc);
  if (map.ids.length > pool.strings.length) {
    throw new MalformedInputError('AXML_RESOURCE_MAP_OVERRUN', `resource map has ${map.ids.length} IDs but the string pool has only ${pool.strings.length} strings`, { entry: 'resource map', offset: CHUNK_HEADER_SIZE });
  }
  const found = map.ids.findIndex((id) => id >>> 0 === resourceId >>> 0);
  if (found >= 0) return found;
  const at = map.ids.length;
  remapStringRefs(doc, (r) => (r >= at ? r + 1 : r));
  touchPool(pool);
  pool.strings.splice(at, 0, name);
  if (pool.styles.length > at) pool.styles.splice(at, 0, []);
  map.ids.push(resourceId >>> 0);
  return at;
}
