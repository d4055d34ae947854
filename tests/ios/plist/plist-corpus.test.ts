// Every property list in the corpus's iOS archives (Info.plist of each bundle, CodeResources,
// entitlements, storyboard and strings plists, provisioning-profile payloads) against Python's plistlib:
// (a) our value equals plistlib's, types included; (b) serializePlist(parsePlist(x)) is x byte for byte,
// and we count how many the canonical writer alone reproduces; (c) what we write (binary, XML, and each
// converted to the other format) plistlib reads back as the same value.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePlist, serializePlist } from '../../../src/ios/plist/plist.js';
import { corpusPresent, havePythonModules, missingTools, skipNotice } from '../../helpers/env.js';
import { collectCorpusPlists, plistlibParse, toTyped, writeTemp } from './plist-oracle.js';

const noPython = !havePythonModules('plistlib');
if (noPython) skipNotice('plist corpus tests', '/usr/bin/python3 with plistlib is missing');
const skip = !corpusPresent('plist corpus tests') || noPython || missingTools('plist corpus tests', 'unzip', 'openssl');

describe.skipIf(skip)('plists of the iOS corpus', () => {
  const { plists, dir } = skip ? { plists: [], dir: '' } : collectCorpusPlists();
  const oracle = plists.length ? plistlibParse(plists.map((p) => p.path)) : {};
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds binary and XML plists, and profile payloads, in the corpus', () => {
    const binary = plists.filter((p) => parsePlist(p.bytes).format === 'binary').length;
    const xml = plists.length - binary;
    // eslint-disable-next-line no-console
    console.info(`plist corpus: ${plists.length} plists (${binary} binary, ${xml} XML)`);
    expect(binary).toBeGreaterThan(50);
    expect(xml).toBeGreaterThan(50);
    expect(plists.filter((p) => p.name.endsWith('.payload.plist')).length).toBeGreaterThanOrEqual(10);
  });

  it('(a) parses every plist to the value plistlib reads', () => {
    const mismatched: string[] = [];
    for (const p of plists) {
      const expected = oracle[p.path]!;
      expect(expected.ok, `${p.name}: ${!expected.ok && expected.error}`).toBe(true);
      const actual = toTyped(parsePlist(p.bytes, { entry: p.name }).root);
      if (expected.ok && JSON.stringify(actual) !== JSON.stringify(expected.value)) mismatched.push(p.name);
    }
    expect(mismatched).toEqual([]);
  });

  it('(b) writes every unchanged plist back byte for byte, and counts canonical reproductions', () => {
    let canonical = 0;
    const notCanonical: string[] = [];
    for (const p of plists) {
      const doc = parsePlist(p.bytes);
      expect(Buffer.from(serializePlist(doc)).equals(Buffer.from(p.bytes)), p.name).toBe(true);
      if (Buffer.from(serializePlist(doc, { canonical: true })).equals(Buffer.from(p.bytes))) canonical++;
      else notCanonical.push(`${doc.format} ${p.name}`);
    }
    // eslint-disable-next-line no-console
    console.info(`plist corpus: canonical writer reproduces ${canonical}/${plists.length} byte for byte; not: \n  ${notCanonical.join('\n  ')}`);
    expect(canonical).toBeGreaterThan(plists.length * 0.75);
  });

  it('(c) binary and XML output, and conversions between them, read back identically in plistlib', () => {
    const written: { name: string; path: string; expected: string; xml: boolean }[] = [];
    plists.forEach((p, i) => {
      const doc = parsePlist(p.bytes);
      const expected = JSON.stringify(toTyped(doc.root));
      const asBinary = serializePlist(doc, { canonical: true, format: 'binary' });
      expect(JSON.stringify(toTyped(parsePlist(asBinary).root)), `${p.name} binary read back by us`).toBe(expected);
      written.push({ name: `${p.name} as binary`, path: writeTemp(dir, `out-${i}.bplist`, asBinary), expected, xml: false });
      if (expected.includes('"t":"uid"')) return; // a UID has no XML form
      const asXml = serializePlist(doc, { canonical: true, format: 'xml' });
      const fromXml = parsePlist(asXml).root;
      const xmlExpected = JSON.stringify(toTyped(fromXml));
      // XML dates hold whole seconds; every other value must survive the conversion.
      if (!expected.includes('"t":"date"')) expect(xmlExpected, `${p.name} XML read back by us`).toBe(expected);
      written.push({ name: `${p.name} as XML`, path: writeTemp(dir, `out-${i}.xml`, asXml), expected: xmlExpected, xml: true });
      const xmlToBinary = serializePlist({ format: 'binary', root: fromXml });
      written.push({ name: `${p.name} XML → binary`, path: writeTemp(dir, `out-${i}.x2b`, xmlToBinary), expected: xmlExpected, xml: false });
    });
    const read = plistlibParse(written.map((w) => w.path));
    for (const w of written) {
      const r = read[w.path]!;
      expect(r.ok, `${w.name}: ${!r.ok && r.error}`).toBe(true);
      expect(r.ok && JSON.stringify(r.value), w.name).toBe(w.expected);
    }
    expect(written.filter((w) => w.xml).length).toBeGreaterThan(100);
  });
});
