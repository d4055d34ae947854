// The codecs on edge cases: plistlib (an independent writer and reader) writes a sample full of edge
// values that we must read exactly, and reads back exactly what we write; hand-assembled bytes from the
// CFBinaryPList.c layout; Apple's XML layout; the XML reader's handling of entities, CDATA and whitespace.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePlist, serializePlist, createPlistDocument } from '../../../src/ios/plist/plist.js';
import { plist, type PlistValue } from '../../../src/ios/plist/plist-value.js';
import { formatXmlReal } from '../../../src/ios/plist/xml-scalars.js';
import { SYSTEM_PYTHON, havePythonModules, run, skipNotice } from '../../helpers/env.js';
import { plistlibParse, plistlibParseBytes, toTyped } from './plist-oracle.js';

const noPython = !havePythonModules('plistlib');
if (noPython) skipNotice('plist codec oracle tests', '/usr/bin/python3 with plistlib is missing');
const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const typed = (v: PlistValue): string => JSON.stringify(toTyped(v));

describe.skipIf(noPython)('against plistlib', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mam-plist-codec-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  run(SYSTEM_PYTHON, [fileURLToPath(new URL('./plistlib-make.py', import.meta.url)), dir]);
  const files = ['sample.bplist', 'sample.xml'].map((f) => join(dir, f));
  const oracle = plistlibParse(files);

  it.each(files)('reads what plistlib wrote: %s', (file) => {
    const expected = oracle[file]!;
    expect(expected.ok).toBe(true);
    const doc = parsePlist(readFileSync(file));
    expect(typed(doc.root)).toBe(expected.ok && JSON.stringify(expected.value));
    expect(Buffer.from(serializePlist(doc)).equals(readFileSync(file))).toBe(true);
  });

  it('writes edge values as binary and XML that plistlib reads back identically', () => {
    const doc = parsePlist(readFileSync(files[0]!));
    const binary = plistlibParseBytes(serializePlist(doc, { canonical: true }));
    expect(binary.ok && JSON.stringify(binary.value)).toBe(typed(doc.root));
    const noUid = parsePlist(readFileSync(files[1]!));
    const xml = plistlibParseBytes(serializePlist(noUid, { canonical: true }));
    expect(xml.ok && JSON.stringify(xml.value)).toBe(typed(noUid.root));
  });

  it('keeps 1 and 1.0 apart, float32 reals, and lone surrogates through binary', () => {
    const root = plist.array([plist.integer(1), plist.real(1), plist.real(0.5, 32), plist.string('\ud800x')]);
    const bytes = serializePlist(createPlistDocument(root, 'binary'));
    expect(typed(parsePlist(bytes).root)).toBe(typed(root));
    expect(parsePlist(bytes).root).toEqual(root);
    // plistlib refuses lone surrogates, so it checks the other three.
    const valid = plist.array(root.items.slice(0, 3));
    const py = plistlibParseBytes(serializePlist(createPlistDocument(valid, 'binary')));
    expect(py.ok && JSON.stringify(py.value)).toBe(typed(valid));
  });
});

describe('binary layout (CFBinaryPList.c)', () => {
  it('writes a small dict in the documented layout, uniquing the repeated string', () => {
    const doc = createPlistDocument(plist.dict([['a', plist.string('a')], ['b', plist.integer(1)]]), 'binary');
    expect(Buffer.from(serializePlist(doc)).toString('hex')).toBe(
      Buffer.from(hex(`62706c6973743030 d20102 0103 5161 5162 1001 080d0f11
        000000000000 01 01 0000000000000004 0000000000000000 0000000000000013`)).toString('hex'),
    );
  });

  it('writes minimal integer widths, signed 8-byte negatives and 16-byte values above INT64_MAX', () => {
    const cases: [bigint, string][] = [
      [255n, '10ff'], [256n, '110100'], [65536n, '1200010000'], [2n ** 32n, '130000000100000000'],
      [-1n, '13ffffffffffffffff'], [2n ** 64n - 1n, '140000000000000000ffffffffffffffff'],
    ];
    for (const [v, enc] of cases) {
      const bytes = serializePlist(createPlistDocument(plist.integer(v), 'binary'));
      expect(Buffer.from(bytes.subarray(8, 8 + enc.length / 2)).toString('hex')).toBe(enc);
      expect(parsePlist(bytes).root).toEqual(plist.integer(v));
    }
  });

  it('writes UTF-16BE for non-ASCII strings and a count object for 15 or more items', () => {
    const bytes = serializePlist(createPlistDocument(plist.string('é'.repeat(15)), 'binary'));
    expect(Buffer.from(bytes.subarray(8, 12)).toString('hex')).toBe('6f100f00');
  });
});

describe('XML layout (CFPropertyList.c)', () => {
  it('writes Apple\'s header, tabs, <true/>, empty containers, escaped text, dates and wrapped data', () => {
    const root = plist.dict([
      ['CFBundleName', plist.string('A & <B>')],
      ['flag', plist.boolean(true)],
      ['empty', plist.dict()],
      ['list', plist.array([plist.integer(-3), plist.real(1100), plist.real(0.1)])],
      ['when', plist.date(new Date('2020-09-28T12:34:56Z'))],
      ['blob', plist.data(new Uint8Array(60).fill(0xab))],
    ]);
    const b64 = Buffer.alloc(60, 0xab).toString('base64');
    expect(Buffer.from(serializePlist(createPlistDocument(root))).toString()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n' +
        '<plist version="1.0">\n<dict>\n' +
        '\t<key>CFBundleName</key>\n\t<string>A &amp; &lt;B&gt;</string>\n' +
        '\t<key>flag</key>\n\t<true/>\n' +
        '\t<key>empty</key>\n\t<dict/>\n' +
        '\t<key>list</key>\n\t<array>\n\t\t<integer>-3</integer>\n\t\t<real>1100</real>\n\t\t<real>0.10000000000000001</real>\n\t</array>\n' +
        '\t<key>when</key>\n\t<date>2020-09-28T12:34:56Z</date>\n' +
        `\t<key>blob</key>\n\t<data>\n\t${b64.slice(0, 68)}\n\t${b64.slice(68)}\n\t</data>\n` +
        '</dict>\n</plist>\n',
    );
  });

  it('formats reals as C printf %.17g', () => {
    expect([1, 0.5, 1e21, 1.5e-7, -2.25, 123456789012345680000].map(formatXmlReal)).toEqual([
      '1', '0.5', '1e+21', '1.4999999999999999e-07', '-2.25', '1.2345678901234568e+20',
    ]);
  });

  it('reads entities, character references, CDATA and keeps whitespace in strings', () => {
    const text = '<?xml version="1.0"?>\n<plist version="1.0"><dict><!-- c -->' +
      '<key> k&#x41;&#66; </key><string>\n\t a&amp;b &lt;&gt;&quot;&apos; </string>' +
      '<key>c</key><string><![CDATA[<raw & text>]]></string><key>e</key><string/></dict></plist>';
    const v = parsePlist(new Uint8Array(Buffer.from(text))).root;
    expect(v).toEqual(plist.dict([[' kAB ', plist.string('\n\t a&b <>"\' ')], ['c', plist.string('<raw & text>')], ['e', plist.string('')]]));
  });

  it('re-serializes an edited document in the source\'s own indentation', () => {
    const src = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n' +
      '<plist version="1.0">\n  <dict>\n    <key>a</key>\n    <string>b</string>\n  </dict>\n</plist>\n';
    const doc = parsePlist(new Uint8Array(Buffer.from(src)));
    (doc.root as { entries: Map<string, PlistValue> }).entries.set('c', plist.boolean(false));
    expect(Buffer.from(serializePlist(doc)).toString()).toBe(src.replace('    <string>b</string>\n', '    <string>b</string>\n    <key>c</key>\n    <false/>\n'));
  });
});
