// Every malformed fixture reaches the user through the CLI as its own error code with exit 3, never as
// a stack trace. Formats that are not apps by themselves (a manifest, a Mach-O, a plist, a profile, a
// signing block) are placed where the CLI reads them: inside an APK or an IPA built here.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openZip } from '../../src/container/zip-reader.js';
import { ZipWriter } from '../../src/container/zip-writer.js';
import { BytesSource } from '../../src/core/data-source.js';
import { MemorySink } from '../../src/core/data-sink.js';
import { FIXTURES, missingTools, runMam } from '../helpers/env.js';

const M = join(FIXTURES, 'malformed');
const tmp = mkdtempSync(join(tmpdir(), 'mam-malformed-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * The fixtures of an area, one per error code (the library tests run every file; through the CLI one
 * file per code shows the code reaches the user, at a fraction of the process start-ups).
 */
function fixtures(area: string, filter: (name: string) => boolean = () => true): { name: string; code: string; path: string }[] {
  const byCode = new Map<string, string>();
  for (const n of readdirSync(join(M, area)).filter((n) => /^[A-Z0-9_]+--/.test(n) && filter(n)).sort()) {
    const code = n.split('--')[0]!;
    if (!byCode.has(code)) byCode.set(code, n);
  }
  return [...byCode].map(([code, n]) => ({ name: n, code, path: join(M, area, n) }));
}

function expectCode(input: string, code: string, label: string): void {
  const r = runMam(['inspect', input]);
  expect(r.status, `${label}: ${r.stderr}`).toBe(3);
  expect(r.stderr, label).toContain(`error[${code}]`);
  expect(r.stderr, label).not.toMatch(/\n\s+at /);
}

/** Writes a zip of the given entries with our writer (tested on its own against Python's zipfile). */
function writeZip(path: string, entries: [string, Uint8Array][]): void {
  const sink = new MemorySink();
  const w = new ZipWriter(sink);
  for (const [name, data] of entries) w.addEntry(name, data);
  w.finish();
  writeFileSync(path, sink.toBytes());
}

const sampleApk = join(FIXTURES, 'android', 'sample-unsigned.apk');
function apkEntries(): [string, Uint8Array][] {
  const a = openZip(new BytesSource(new Uint8Array(readFileSync(sampleApk))));
  return a.entries.filter((e) => !e.isDirectory).map((e) => [e.name, a.readEntry(e)]);
}

/** A binary Info.plist for a bundle whose executable is `exe`, made by plutil-like Python (independent). */
function infoPlist(exe: string): Uint8Array {
  const py = `import plistlib,sys;sys.stdout.buffer.write(plistlib.dumps({"CFBundleIdentifier":"com.example.broken","CFBundleExecutable":${JSON.stringify(exe)},"MinimumOSVersion":"14.0"},fmt=plistlib.FMT_BINARY))`;
  return new Uint8Array(execFileSync('/usr/bin/python3', ['-c', py]));
}

// One short test per input, so that the worker is never blocked for long by child processes.
const zipCases = readdirSync(join(M, 'zip'))
  .filter((n) => /^ZIP_[A-Z0-9_]+--/.test(n) && !n.startsWith('ZIP_DATA_BEFORE_FIRST_ENTRY'))
  .sort()
  .map((n) => ({ name: n, code: n.split('--')[0]!, path: join(M, 'zip', n) }));

const iosPlacements: Record<string, (bytes: Uint8Array) => [string, Uint8Array][]> = {
  macho: (b) => [['Payload/Broken.app/Info.plist', infoPlist('Broken')], ['Payload/Broken.app/Broken', b]],
  plist: (b) => [['Payload/Broken.app/Info.plist', b]],
  profile: (b) => [['Payload/Broken.app/Info.plist', infoPlist('Broken')], ['Payload/Broken.app/embedded.mobileprovision', b]],
};
const iosCases = Object.keys(iosPlacements).flatMap((area) => fixtures(area).map((f) => ({ ...f, area })));

describe('malformed inputs through the CLI exit 3 with their code', () => {
  // ZIP_DATA_BEFORE_FIRST_ENTRY is a preflight refusal of wrap/sign (exit 4), reported by inspect as a
  // warning; a file that does not even start like a zip is reported as UNKNOWN_INPUT_KIND.
  it.each(zipCases)('zip container $name', (f) => {
    const head = readFileSync(f.path).subarray(0, 4);
    const looksZip = head.length === 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4;
    expectCode(f.path, f.code === 'ZIP_NO_EOCD' && !looksZip ? 'UNKNOWN_INPUT_KIND' : f.code, f.name);
  });

  it.each(fixtures('axml'))('binary manifest $name inside an APK', (f) => {
    const base = apkEntries().filter(([n]) => n !== 'AndroidManifest.xml');
    const apk = join(tmp, `${f.name}.apk`);
    writeZip(apk, [['AndroidManifest.xml', new Uint8Array(readFileSync(f.path))], ...base]);
    expectCode(apk, f.code, f.name);
  });

  // Without the magic there is no signing block at all (as apksig decides), so APKSIG_BAD_MAGIC cannot
  // arise from an APK; the library test covers it on the bytes.
  it.each(fixtures('apksig', (n) => n.includes('--block-') && !n.startsWith('APKSIG_BAD_MAGIC')))('signing block $name inside an APK', (f) => {
    const sink = new MemorySink();
    const w = new ZipWriter(sink);
    for (const [name, data] of apkEntries()) w.addEntry(name, data);
    const { entriesEnd, centralDirectory, buildEocd } = w.finishEntries();
    const block = new Uint8Array(readFileSync(f.path));
    sink.write(block);
    sink.write(centralDirectory);
    sink.write(buildEocd(entriesEnd + block.length));
    const apk = join(tmp, `${f.name}.apk`);
    writeFileSync(apk, sink.toBytes());
    expectCode(apk, f.code, f.name);
  });

  it.skipIf(missingTools('plist fixtures for IPAs', '/usr/bin/python3')).each(iosCases)('$area $name inside an IPA', (f) => {
    const ipa = join(tmp, `${f.name}.ipa`);
    writeZip(ipa, iosPlacements[f.area]!(new Uint8Array(readFileSync(f.path))));
    expectCode(ipa, f.code, f.name);
  });
});
