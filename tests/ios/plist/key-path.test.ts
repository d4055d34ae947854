// Key-path edits keep key order and append new keys; plistlib confirms the edited document.
import { describe, expect, it } from 'vitest';
import { deletePlistValue, getPlistString, getPlistValue, setPlistValue } from '../../../src/ios/plist/key-path.js';
import { parsePlist, serializePlist, isPlistModified } from '../../../src/ios/plist/plist.js';
import { plist } from '../../../src/ios/plist/plist-value.js';
import { havePythonModules, skipNotice } from '../../helpers/env.js';
import { plistlibParseBytes } from './plist-oracle.js';

const SRC = new Uint8Array(Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n' +
    '<plist version="1.0">\n<dict>\n\t<key>z</key>\n\t<string>1</string>\n\t<key>a</key>\n\t<array>\n\t\t<string>x</string>\n\t</array>\n</dict>\n</plist>\n',
));

describe('key paths', () => {
  it('gets values by key and index', () => {
    const root = parsePlist(SRC).root;
    expect(getPlistString(root, 'z')).toBe('1');
    expect(getPlistValue(root, ['a', 0])).toEqual(plist.string('x'));
    expect(getPlistValue(root, ['a', 1])).toBeUndefined();
    expect(getPlistValue(root, ['z', 'q'])).toBeUndefined();
  });

  it('replaces in place, appends new keys, creates missing dicts, deletes', () => {
    const doc = parsePlist(SRC);
    expect(isPlistModified(doc)).toBe(false);
    setPlistValue(doc.root, 'z', plist.string('2'));
    setPlistValue(doc.root, ['new', 'deep'], plist.integer(7));
    setPlistValue(doc.root, ['a', 1], plist.string('y'));
    expect(isPlistModified(doc)).toBe(true);
    expect(doc.root.type === 'dict' && [...doc.root.entries.keys()]).toEqual(['z', 'a', 'new']);
    expect(deletePlistValue(doc.root, ['a', 0])).toBe(true);
    expect(getPlistValue(doc.root, 'a')).toEqual(plist.array([plist.string('y')]));
    expect(() => setPlistValue(doc.root, ['z', 'q'], plist.boolean(true))).toThrow(/PLIST_PATH_NOT_CONTAINER|is a string/);
    expect(() => setPlistValue(doc.root, ['a', 5], plist.boolean(true))).toThrow(/outside 0\.\.1/);
  });

  it.skipIf(!havePythonModules('plistlib') && (skipNotice('key path oracle', 'no plistlib'), true))('edited output reads back in plistlib in order', () => {
    const doc = parsePlist(SRC);
    setPlistValue(doc.root, 'z', plist.string('2'));
    setPlistValue(doc.root, 'b', plist.boolean(true));
    const r = plistlibParseBytes(serializePlist(doc));
    expect(r.ok && r.value.t === 'dict' && r.value.v.map(([k]) => k)).toEqual(['z', 'a', 'b']);
    expect(r.ok && r.value.t === 'dict' && JSON.stringify(r.value.v[0])).toBe('["z",{"t":"string","v":"2"}]');
  });
});
