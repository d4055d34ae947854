// The zip writer, checked with tools that share no code with it: Info-ZIP's unzip -t, Python's zipfile
// (entry table, contents, local header lengths) and AOSP's zipalign -c.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BytesSource, FileSource } from '../../src/core/data-source.js';
import { MemorySink } from '../../src/core/data-sink.js';
import { openZip } from '../../src/container/zip-reader.js';
import { ZipWriter, androidAlignment } from '../../src/container/zip-writer.js';
import { COMPRESSION_DEFLATED, COMPRESSION_STORED } from '../../src/container/zip-types.js';
import { CORPUS, SYSTEM_PYTHON, corpusFiles, corpusPresent, havePythonModules, missingTools, run, runStatus } from '../helpers/env.js';
import { pythonZipEntries, sha256 } from './zip-oracle.js';

const TMP = mkdtempSync(join(tmpdir(), 'mam-zip-writer-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));
const ZIPS = [...corpusFiles('android', '.apk', '.aab', '.xapk'), ...corpusFiles('ios', '.ipa', '.zip')];
const noOracles = missingTools('zip writer oracles', 'unzip', 'zipalign') || !havePythonModules('zipfile');

function copyArchive(path: string): Uint8Array {
  const archive = openZip(FileSource.open(path));
  try {
    const sink = new MemorySink();
    const w = new ZipWriter(sink, { alignment: androidAlignment });
    for (const e of archive.entries) w.copyEntry(archive, e);
    w.finish();
    return sink.toBytes();
  } finally {
    archive.close();
  }
}

function sampleEntries(w: ZipWriter): void {
  const text = new TextEncoder().encode('policy = strict\n'.repeat(50));
  w.addEntry('assets/policy.txt', text);
  w.addEntry('assets/odd.bin', new Uint8Array([1, 2, 3]), { method: COMPRESSION_STORED });
  w.addEntry('lib/arm64-v8a/libshim.so', new Uint8Array(5000).fill(0x7f), { method: COMPRESSION_STORED });
  w.addEntry('res/raw/a.png', new Uint8Array(777).fill(9), { method: COMPRESSION_STORED });
  w.addEntry('lib/x86_64/libshim.so', new Uint8Array(3333).fill(0x11), { method: COMPRESSION_STORED });
  w.addEntry('Payload/A.app/run', text, { unixMode: 0o100755 });
  w.addEntry('assets/naïve-ünïcode.txt', text, { method: COMPRESSION_DEFLATED });
  w.addEntry('empty/', new Uint8Array(0), { method: COMPRESSION_STORED });
}

function save(name: string, bytes: Uint8Array): string {
  const p = join(TMP, name);
  writeFileSync(p, bytes);
  return p;
}

describe.skipIf(!corpusPresent('zip writer corpus copy') || noOracles)('verbatim copy of every corpus zip', () => {
  const copies = ZIPS.map((p) => save(`copy-${basename(p)}`, copyArchive(p)));
  const before = pythonZipEntries(ZIPS);
  const after = pythonZipEntries(copies);
  const strip = (rows: { header_offset: number; data_offset: number }[]) => rows.map(({ header_offset: _h, data_offset: _d, ...rest }) => rest);

  it.each(ZIPS.map((p, i) => [basename(p), i]))('%s: unzip -t, python contents, zipalign, raw bytes', (_n, i) => {
    const src = ZIPS[i as number]!;
    const out = copies[i as number]!;
    expect(runStatus('unzip', ['-tq', out]).status).toBe(0);
    expect(strip(after[out]!)).toEqual(strip(before[src]!));
    const z = runStatus('zipalign', ['-c', '-p', '4', out]);
    expect(z.status, z.stdout + z.stderr).toBe(0);
    const a = openZip(FileSource.open(src));
    const b = openZip(FileSource.open(out));
    try {
      for (const e of a.entries) {
        const f = b.getEntry(e.name)!;
        expect(sha256(b.rawData(f).read(0, f.compressedSize))).toBe(sha256(a.rawData(e).read(0, e.compressedSize)));
        expect([f.versionMadeBy, f.externalAttributes, f.lastModDate, f.lastModTime]).toEqual([e.versionMadeBy, e.externalAttributes, e.lastModDate, e.lastModTime]);
      }
    } finally {
      a.close();
      b.close();
    }
  });
});

const V1_ONLY = ['androguard-com.teleca.jamendo_35.apk', 'owasp-UnCrackable-Level3.apk', 'uber-apk-signer-app-third-v1.apk'];
describe.skipIf(!corpusPresent('apksigner on copies') || missingTools('apksigner on copies', 'apksigner'))('copies of v1-signed APKs', () => {
  // v1 signatures cover entry contents only, so a faithful copy must still verify; apksigner also
  // checks every local header against its central record.
  it.each(V1_ONLY)('%s still verifies with apksigner', (name) => {
    const out = save(`v1-${name}`, copyArchive(join(CORPUS, 'android', name)));
    const r = runStatus('apksigner', ['verify', out]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});

describe.skipIf(noOracles)('new entries and alignment', () => {
  const sink = new MemorySink();
  const w = new ZipWriter(sink, { alignment: androidAlignment });
  sampleEntries(w);
  w.finish();
  const path = save('new.zip', sink.toBytes());

  it('passes unzip -t and zipalign -c -p 4', () => {
    expect(runStatus('unzip', ['-tq', path]).status).toBe(0);
    const z = runStatus('zipalign', ['-c', '-p', '4', path]);
    expect(z.status, z.stdout + z.stderr).toBe(0);
  });

  it('aligns stored data to 4, stored .so to 16384 (offsets from python zipfile)', () => {
    const rows = pythonZipEntries([path])[path]!;
    const stored = rows.filter((r) => r.compress_type === 0);
    expect(stored.length).toBe(5);
    for (const r of stored) expect(r.data_offset % androidAlignment(r.name), r.name).toBe(0);
    expect(rows.filter((r) => r.name.endsWith('.so')).every((r) => r.data_offset % 16384 === 0)).toBe(true);
  });

  it('python reads back the same bytes and modes', () => {
    const out = run(SYSTEM_PYTHON, ['-c', `import zipfile,sys,json,hashlib
z=zipfile.ZipFile(sys.argv[1])
print(json.dumps({i.filename:[hashlib.sha256(z.read(i)).hexdigest(), i.external_attr>>16, i.date_time] for i in z.infolist()}))`, path]);
    const got = JSON.parse(out) as Record<string, [string, number, number[]]>;
    const mine = openZip(new BytesSource(sink.toBytes()));
    for (const e of mine.entries) expect(got[e.name]![0], e.name).toBe(sha256(mine.readEntry(e)));
    expect(got['Payload/A.app/run']![1]).toBe(0o100755);
    expect(got['assets/policy.txt']![2]).toEqual([1981, 1, 1, 0, 0, 0]);
  });

  it('is deterministic', () => {
    const again = new MemorySink();
    const w2 = new ZipWriter(again, { alignment: androidAlignment });
    sampleEntries(w2);
    w2.finish();
    expect(sha256(again.toBytes())).toBe(sha256(sink.toBytes()));
  });
});

describe.skipIf(noOracles)('deflate level', () => {
  const data = new TextEncoder().encode(Array.from({ length: 4000 }, (_, i) => `line ${i} ${(i * 7919) % 1000}\n`).join(''));
  const write = (): Uint8Array => {
    const sink = new MemorySink();
    const w = new ZipWriter(sink);
    for (const level of [1, 6, 9]) w.addEntry(`l${level}.txt`, data, { level });
    w.addEntry('default.txt', data);
    w.finish();
    return sink.toBytes();
  };
  const bytes = write();
  const path = save('levels.zip', bytes);

  it('every level inflates to the input under unzip -t and python zipfile; default is level 9; deterministic', () => {
    expect(runStatus('unzip', ['-tq', path]).status).toBe(0);
    const out = run(SYSTEM_PYTHON, ['-c', `import zipfile,sys,json,hashlib
z=zipfile.ZipFile(sys.argv[1])
print(json.dumps({i.filename:[hashlib.sha256(z.read(i)).hexdigest(), i.compress_size] for i in z.infolist()}))`, path]);
    const got = JSON.parse(out) as Record<string, [string, number]>;
    for (const name of ['l1.txt', 'l6.txt', 'l9.txt', 'default.txt']) expect(got[name]![0], name).toBe(sha256(data));
    expect(got['l1.txt']![1]).toBeGreaterThan(got['l9.txt']![1]!);
    expect(got['default.txt']![1]).toBe(got['l9.txt']![1]);
    expect(sha256(write())).toBe(sha256(bytes));
  });
});

describe.skipIf(noOracles)('finishEntries leaves room for an APK Signing Block', () => {
  it('an archive with a block between entries and central directory is valid and re-opens', () => {
    const sink = new MemorySink();
    const w = new ZipWriter(sink, { alignment: androidAlignment });
    sampleEntries(w);
    const done = w.finishEntries();
    expect(done.entriesEnd).toBe(sink.position);
    const block = new Uint8Array(4096).fill(0xab);
    sink.write(block);
    sink.write(done.centralDirectory);
    sink.write(done.buildEocd(done.entriesEnd + block.length));
    const bytes = sink.toBytes();
    const path = save('with-block.zip', bytes);
    expect(runStatus('unzip', ['-tq', path]).status).toBe(0);
    const archive = openZip(new BytesSource(bytes));
    expect(archive.centralDirectoryOffset).toBe(done.entriesEnd + 4096);
    expect(archive.firstLocalHeaderOffset).toBe(0);
    expect(pythonZipEntries([path])[path]!.length).toBe(8);
  });

  it('copies under a new name', () => {
    const src = new MemorySink();
    const w = new ZipWriter(src);
    sampleEntries(w);
    w.finish();
    const a = openZip(new BytesSource(src.toBytes()));
    const out = new MemorySink();
    const w2 = new ZipWriter(out);
    for (const e of a.entries) w2.copyEntry(a, e, e.name === 'assets/policy.txt' ? { name: 'assets/pölicy.json' } : {});
    w2.finish();
    const path = save('renamed.zip', out.toBytes());
    const rows = pythonZipEntries([path])[path]!;
    expect(rows.map((r) => r.name)).toContain('assets/pölicy.json');
    expect(rows.find((r) => r.name === 'assets/pölicy.json')!.sha256).toBe(sha256(a.readEntry('assets/policy.txt')));
  });
});

describe.skipIf(!havePythonModules('zipfile'))('zip64', () => {
  it('reads a zip64 archive written by python zipfile', () => {
    const path = join(TMP, 'py64.zip');
    // Lowering zipfile's limits makes it write genuine zip64 structures (central extra fields, zip64
    // EOCD record and locator) for a small archive.
    run(SYSTEM_PYTHON, ['-c', `import zipfile,sys
zipfile.ZIP64_LIMIT = 64
zipfile.ZIP_FILECOUNT_LIMIT = 2
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for i in range(5):
        with z.open('f%d.txt' % i, 'w', force_zip64=True) as f:
            f.write((b'line %d\\n' % i) * (40 + i))
    z.writestr(zipfile.ZipInfo('stored.bin'), bytes(range(256)) * 3, compress_type=zipfile.ZIP_STORED)`, path]);
    const archive = openZip(FileSource.open(path));
    try {
      expect(archive.isZip64).toBe(true);
      const rows = pythonZipEntries([path])[path]!;
      expect(archive.entries.map((e) => ({
        name: e.name, file_size: e.uncompressedSize, compress_size: e.compressedSize, CRC: e.crc32, compress_type: e.compressionMethod,
        header_offset: e.localHeaderOffset, data_offset: e.dataOffset, sha256: sha256(archive.readEntry(e)),
      }))).toEqual(rows);
    } finally {
      archive.close();
    }
  });

  it('writes more than 65535 entries with zip64 end records that python reads', () => {
    const sink = new MemorySink();
    const w = new ZipWriter(sink);
    const n = 70_000;
    for (let i = 0; i < n; i++) w.addEntry(`e/${i}`, new TextEncoder().encode(String(i)), { method: COMPRESSION_STORED });
    w.finish();
    const bytes = sink.toBytes();
    const path = save('many.zip', bytes);
    const out = run(SYSTEM_PYTHON, ['-c', `import zipfile,sys
z=zipfile.ZipFile(sys.argv[1])
names=z.namelist()
assert z.testzip() is None
print(len(names), names[-1], z.read(names[-1]).decode())`, path]);
    expect(out.trim()).toBe(`${n} e/${n - 1} ${n - 1}`);
    const archive = openZip(new BytesSource(bytes));
    expect(archive.isZip64).toBe(true);
    expect(archive.entries.length).toBe(n);
  });
});
