import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPresent, missingTools, run } from '../../helpers/env.js';
import { parsePlist } from '../../../src/ios/plist/plist.js';
import { plist } from '../../../src/ios/plist/plist-value.js';
import {
  decodeDerEntitlements,
  parseDerEntitlementsBlob,
  parseEntitlementsXmlBlob,
  serializeDerEntitlementsBlob,
  serializeEntitlementsXmlBlob,
} from '../../../src/ios/sign/der-entitlements.js';
import { corpusSignedSlices } from './corpus-signatures.js';

const hasCorpus = corpusPresent('DER entitlements vs corpus slot-7 blobs');

describe('DER entitlements', () => {
  it.skipIf(!hasCorpus)('reproduces every corpus slot-7 blob byte for byte from the slot-5 XML (Apple codesign is the oracle)', () => {
    const withDer = corpusSignedSlices().filter((s) => s.blobs.has(7));
    expect(withDer.length).toBeGreaterThanOrEqual(3);
    for (const s of withDer) {
      const xml = parseEntitlementsXmlBlob(s.blobs.get(5)!);
      const dict = parsePlist(xml).root;
      expect(Buffer.from(serializeDerEntitlementsBlob(dict)).toString('hex'), s.label).toBe(Buffer.from(s.blobs.get(7)!).toString('hex'));
      expect(parseDerEntitlementsBlob(s.blobs.get(7)!)).toEqual(dict.type === 'dict' ? { type: 'dict', entries: new Map([...dict.entries].sort(([a], [b]) => (a < b ? -1 : 1))) } : dict);
    }
  });

  it.skipIf(!hasCorpus)('writes the slot-5 XML blob exactly as Xcode did for the Xcode-signed corpus binaries', () => {
    const withXml = corpusSignedSlices().filter((s) => s.blobs.has(5));
    let same = 0;
    for (const s of withXml) {
      const dict = parsePlist(parseEntitlementsXmlBlob(s.blobs.get(5)!)).root;
      if (Buffer.compare(serializeEntitlementsXmlBlob(dict), s.blobs.get(5)!) === 0) same++;
    }
    console.log(`entitlements XML blobs reproduced from the parsed dictionary: ${same}/${withXml.length}`);
    expect(same).toBe(withXml.length);
  });

  it.skipIf(missingTools('DER entitlements structure', 'openssl'))('nests arrays, dictionaries and integers as openssl asn1parse reads them', () => {
    const dict = plist.dict([
      ['z-int', plist.integer(-129)],
      ['a-array', plist.array([plist.string('x'), plist.boolean(false), plist.dict([['k', plist.integer(300)]])])],
      ['ü-key', plist.string('é')],
    ]);
    const blob = serializeDerEntitlementsBlob(dict);
    const dir = mkdtempSync(join(tmpdir(), 'mam-der-ent-'));
    writeFileSync(join(dir, 'e.der'), blob.subarray(8));
    const out = run('openssl', ['asn1parse', '-inform', 'DER', '-in', join(dir, 'e.der')]);
    const lines = out.split('\n').filter(Boolean).map((l) => l.replace(/^\s*\d+:d=(\d+)\s+hl=\d+\s+l=\s*\d+\s+/, '$1 ').trim());
    expect(lines).toEqual([
      '0 cons: appl [ 16 ]',
      '1 prim: INTEGER           :01',
      '1 cons: cont [ 16 ]',
      '2 cons: SEQUENCE',
      '3 prim: UTF8STRING        :a-array',
      '3 cons: SEQUENCE',
      '4 prim: UTF8STRING        :x',
      '4 prim: BOOLEAN           :0',
      '4 cons: cont [ 16 ]',
      '5 cons: SEQUENCE',
      '6 prim: UTF8STRING        :k',
      '6 prim: INTEGER           :012C',
      '2 cons: SEQUENCE',
      '3 prim: UTF8STRING        :z-int',
      '3 prim: INTEGER           :-81',
      '2 cons: SEQUENCE',
      '3 prim: UTF8STRING        :ü-key',
      '3 prim: UTF8STRING        :é',
    ]);
    expect(decodeDerEntitlements(blob.subarray(8)).entries.get('z-int')).toEqual(plist.integer(-129));
  });

  it('refuses values that have no DER entitlement form, naming the key', () => {
    expect(() => serializeDerEntitlementsBlob(plist.dict([['a', plist.dict([['b', plist.real(1.5)]])]]))).toThrow(/a\.b is a real/);
    expect(() => serializeDerEntitlementsBlob(plist.array([]))).toThrow(expect.objectContaining({ code: 'ENTITLEMENTS_NOT_DICT' }));
  });

  it('rejects trailing bytes and wrong tags with ENTITLEMENTS_DER_MALFORMED', () => {
    const good = serializeDerEntitlementsBlob(plist.dict([['k', plist.boolean(true)]])).subarray(8);
    expect(() => decodeDerEntitlements(Uint8Array.of(...good, 0))).toThrow(expect.objectContaining({ code: 'ENTITLEMENTS_DER_MALFORMED' }));
    expect(() => decodeDerEntitlements(Uint8Array.of(0x04, 0x00))).toThrow(expect.objectContaining({ code: 'ENTITLEMENTS_DER_MALFORMED' }));
  });
});
