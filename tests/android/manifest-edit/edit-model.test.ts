// Bookkeeping of the generic edits on hand-built documents, checked against the format's rules
// (ResourceTypes.h) rather than against a tool: string indices shift when an attribute name enters
// the resource-mapped prefix, 1-based id/class/style attribute indices follow inserted and removed
// attributes, typed values are encoded as aapt encodes them, and an edited pool is re-encoded
// canonically while an untouched one keeps its bytes.
import { describe, expect, it } from 'vitest';
import { NO_ENTRY, TYPE_INT_BOOLEAN, TYPE_INT_DEC, TYPE_INT_HEX, TYPE_STRING } from '../../../src/android/axml/constants.js';
import { findAttribute, insertElement, removeAttribute, setAttribute } from '../../../src/android/axml/edit.js';
import { resourceMapOf, stringPoolOf, type AxmlDocument } from '../../../src/android/axml/model.js';
import { parseAxml } from '../../../src/android/axml/parse.js';
import { internAttributeName, internString } from '../../../src/android/axml/pool-edit.js';
import { attributeResourceId, attributeString, stringAt } from '../../../src/android/axml/query.js';
import { serializeAxml } from '../../../src/android/axml/serialize.js';
import { emptyStringPool } from '../../../src/android/axml/string-pool.js';
import { MalformedInputError } from '../../../src/core/errors.js';
import { manifestElement } from '../../../src/android/manifest/edits.js';

function bare(utf8: boolean): AxmlDocument {
  return { type: 3, headerExtra: new Uint8Array(0), preface: [emptyStringPool(utf8)], nodes: [], trailing: new Uint8Array(0) };
}

describe('generic binary XML edits', () => {
  for (const utf8 of [false, true]) {
    it(`an attribute name entering the mapped prefix re-indexes every reference (${utf8 ? 'UTF-8' : 'UTF-16'} pool)`, () => {
      const doc = bare(utf8);
      const el = insertElement(doc, doc, 0, 'manifest', [{ name: 'package', value: { type: 'string', value: 'a.b' } }], 1);
      setAttribute(doc, el, { name: 'versionCode', resourceId: 0x0101021b, value: { type: 'int', value: 7 } });
      setAttribute(doc, el, { name: 'label', resourceId: 0x01010001, value: { type: 'string', value: 'Label' } });
      expect(stringPoolOf(doc).strings.slice(0, 2)).toEqual(['versionCode', 'label']);
      expect(resourceMapOf(doc)!.ids).toEqual([0x0101021b, 0x01010001]);
      expect(stringAt(doc, el.name)).toBe('manifest');
      expect(el.attributes.map((a) => attributeResourceId(doc, a))).toEqual([0x01010001, 0x0101021b, 0]);
      expect(el.attributes.map((a) => attributeString(doc, a))).toEqual(['Label', undefined, 'a.b']);
      const again = parseAxml(serializeAxml(doc));
      expect(serializeAxml(again)).toEqual(serializeAxml(doc));
      expect(stringPoolOf(again).utf8).toBe(utf8);
    });
  }

  it('reuses an existing mapped name by ID and an equal string outside the prefix', () => {
    const doc = bare(false);
    insertElement(doc, doc, 0, 'manifest', [{ name: 'obf', resourceId: 0x01010003, value: { type: 'string', value: 'manifest' } }], 1);
    expect(internAttributeName(doc, 'name', 0x01010003)).toBe(0);
    expect(stringPoolOf(doc).strings[0]).toBe('obf');
    expect(internString(doc, 'manifest')).toBe(stringPoolOf(doc).strings.indexOf('manifest', 1));
    expect(internString(doc, 'obf')).toBe(stringPoolOf(doc).strings.length - 1);
  });

  it('keeps id/class/style indices on their attributes when attributes come and go', () => {
    const doc = bare(false);
    const el = insertElement(doc, doc, 0, 'View', [{ name: 'id', value: { type: 'string', value: 'x' } }, { name: 'style', value: { type: 'string', value: 's' } }], 1);
    el.idIndex = 1;
    el.styleIndex = 2;
    setAttribute(doc, el, { name: 'name', resourceId: 0x01010003, value: { type: 'string', value: 'n' } });
    expect([el.idIndex, el.styleIndex]).toEqual([2, 3]);
    expect(removeAttribute(doc, el, 0, 'id')).toBe(true);
    expect([el.idIndex, el.styleIndex]).toEqual([0, 2]);
    expect(stringAt(doc, el.attributes[el.styleIndex - 1]!.name)).toBe('style');
  });

  it('encodes typed values as aapt does', () => {
    const doc = bare(false);
    const el = insertElement(doc, doc, 0, 'manifest', [], 1);
    setAttribute(doc, el, { name: 'exported', resourceId: 0x01010010, value: { type: 'boolean', value: true } });
    setAttribute(doc, el, { name: 'initOrder', resourceId: 0x0101001a, value: { type: 'int', value: -1 } });
    setAttribute(doc, el, { name: 'flags', value: { type: 'int', value: 0x80000000, hex: true } });
    setAttribute(doc, el, { name: 'name', resourceId: 0x01010003, value: { type: 'string', value: 's' } });
    const v = (id: number, name?: string) => findAttribute(doc, el, id, name)!;
    expect(v(0x01010010).typedValue).toEqual({ size: 8, res0: 0, dataType: TYPE_INT_BOOLEAN, data: 0xffffffff });
    expect(v(0x01010010).rawValue).toBe(NO_ENTRY);
    expect(v(0x0101001a).typedValue).toMatchObject({ dataType: TYPE_INT_DEC, data: 0xffffffff });
    expect(v(0, 'flags').typedValue).toMatchObject({ dataType: TYPE_INT_HEX, data: 0x80000000 });
    expect(v(0x01010003).typedValue.dataType).toBe(TYPE_STRING);
    expect(v(0x01010003).typedValue.data).toBe(v(0x01010003).rawValue);
    expect(setAttribute(doc, el, { name: 'exported', resourceId: 0x01010010, value: { type: 'boolean', value: true } })).toBe('unchanged');
    expect(setAttribute(doc, el, { name: 'exported', resourceId: 0x01010010, value: { type: 'boolean', value: false } })).toBe('changed');
    expect(() => setAttribute(doc, el, { name: 'x', value: { type: 'int', value: 2 ** 33 } })).toThrow(RangeError);
  });

  it('a value edit that adds no string leaves the pool bytes as read', () => {
    const doc = bare(false);
    const el = insertElement(doc, doc, 0, 'manifest', [{ name: 'required', resourceId: 0x0101028e, value: { type: 'boolean', value: true } }], 1);
    const bytes = serializeAxml(doc);
    const again = parseAxml(bytes);
    const poolBytes = stringPoolOf(again).original!.bytes;
    setAttribute(again, again.nodes[0] as typeof el, { name: 'required', resourceId: 0x0101028e, value: { type: 'boolean', value: false } });
    const out = serializeAxml(again);
    expect(Buffer.from(out).indexOf(Buffer.from(poolBytes))).toBe(8);
    expect(out.length).toBe(bytes.length);
  });

  it('refuses a resource map longer than the pool, and a document that is not a manifest', () => {
    const doc = bare(false);
    insertElement(doc, doc, 0, 'LinearLayout', [], 1);
    doc.preface.push({ kind: 'resourceMap', ids: [1, 2, 3, 4, 5], headerExtra: new Uint8Array(0) });
    expect(() => internAttributeName(doc, 'name', 0x01010003)).toThrow(MalformedInputError);
    expect(() => manifestElement(doc)).toThrow(expect.objectContaining({ code: 'MANIFEST_NO_MANIFEST_ELEMENT' }));
  });
});
