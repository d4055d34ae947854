// Every zip in the corpus, read by openZip, against Python's zipfile (entry table, offsets, contents)
// and Info-ZIP's unzip -p (contents).
import { describe, expect, it } from 'vitest';
import { FileSource } from '../../src/core/data-source.js';
import { openZip } from '../../src/container/zip-reader.js';
import { corpusFiles, corpusPresent, havePythonModules, missingTools, skipNotice } from '../helpers/env.js';
import { pythonZipEntries, sha256, unzipAllSha256 } from './zip-oracle.js';

const ZIPS = [...corpusFiles('android', '.apk', '.aab', '.xapk'), ...corpusFiles('ios', '.ipa', '.zip')];
const noPython = !havePythonModules('zipfile');
if (noPython) skipNotice('zip corpus tests', '/usr/bin/python3 with zipfile is missing');

describe.skipIf(!corpusPresent('zip corpus tests') || noPython)('openZip over the corpus', () => {
  const oracle = ZIPS.length && !noPython ? pythonZipEntries(ZIPS) : {};

  it('finds zips in the corpus', () => {
    expect(ZIPS.length).toBeGreaterThan(40);
  });

  it.each(ZIPS.map((p) => [p.split('/').slice(-2).join('/'), p]))('%s matches python zipfile', (_short, path) => {
    const archive = openZip(FileSource.open(path), { file: path });
    try {
      const expected = oracle[path]!;
      const actual = archive.entries.map((e) => ({
        name: e.name, file_size: e.uncompressedSize, compress_size: e.compressedSize, CRC: e.crc32,
        compress_type: e.compressionMethod, header_offset: e.localHeaderOffset, data_offset: e.dataOffset,
        sha256: sha256(archive.readEntry(e)),
      }));
      expect(actual).toEqual(expected);
      for (const e of archive.entries) {
        const chunks: Uint8Array[] = [];
        archive.streamEntry(e, (c) => chunks.push(c.slice()));
        expect(sha256(Buffer.concat(chunks))).toBe(expected.find((x) => x.name === e.name)!.sha256);
      }
    } finally {
      archive.close();
    }
  });

  it.skipIf(missingTools('zip contents vs unzip -p', 'unzip'))('contents equal unzip -p for every archive', () => {
    for (const path of ZIPS) {
      const archive = openZip(FileSource.open(path));
      try {
        const all = archive.entries.filter((e) => !e.isDirectory).map((e) => archive.readEntry(e));
        expect(sha256(Buffer.concat(all)), path).toBe(unzipAllSha256(path));
      } finally {
        archive.close();
      }
    }
  });
});
