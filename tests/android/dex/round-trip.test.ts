// parseDex → serializeDex on every corpus, fixture and shim DEX, checked with dexdump -d (identical
// disassembly), dexdump -c (checksum) and baksmali (disassembles), and byte identity counted.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDex } from '../../../src/android/dex/parse.js';
import { serializeDex } from '../../../src/android/dex/serialize.js';
import { bytesEqual } from '../../../src/core/byte-writer.js';
import { corpusPresent, missingTools, runStatus } from '../../helpers/env.js';
import { collectDexFiles } from './corpus-dex.js';
import { normalizeDexdump } from './dexdump-oracle.js';

const samples = corpusPresent('DEX corpus round trip') ? collectDexFiles() : [];

function dexdump(args: string[]): { status: number; stdout: string } {
  return runStatus('dexdump', args);
}

describe('DEX round trip without edits', () => {
  it.skipIf(samples.length === 0)('finds DEX files', () => expect(samples.length).toBeGreaterThan(30));

  const identical: string[] = [];
  const identicalAfterSignature: string[] = [];
  for (const s of samples) {
    it(`${s.name} (${s.size} bytes)`, () => {
      const input = new Uint8Array(readFileSync(s.path));
      const out = serializeDex(parseDex(input));
      const same = bytesEqual(input, out);
      if (same) identical.push(s.name);
      // Some writers leave a stale SHA-1 signature; everything after it must still be identical.
      if (bytesEqual(input.subarray(32), out.subarray(32))) identicalAfterSignature.push(s.name);
      const outPath = `${s.path}.out.dex`;
      writeFileSync(outPath, out);
      if (missingTools('dexdump comparison', 'dexdump')) return;
      const check = dexdump(['-c', outPath]);
      expect(check.status, check.stdout).toBe(0);
      expect(check.stdout).toContain('Checksum verified');
      if (same) return;
      // Only when the bytes differ: file offsets and the file name legitimately change.
      expect(normalizeDexdump(dexdump(['-d', outPath]).stdout)).toBe(normalizeDexdump(dexdump(['-d', s.path]).stdout));
    });
  }

  it.skipIf(samples.length === 0)('reports byte identity', () => {
    console.log(`DEX byte-identical round trips: ${identical.length}/${samples.length} whole file, ${identicalAfterSignature.length}/${samples.length} after the header signature`);
    expect(identical.length).toBeGreaterThan(0);
  });

  // baksmali is slow (JVM start-up, ~20 s for the largest file): run it on 6 distinct small files.
  const small = samples.filter((s, i) => s.size < 200_000 && samples.findIndex((o) => o.size === s.size) === i).slice(-6);
  it.skipIf(small.length === 0 || missingTools('baksmali on round-tripped DEX', 'baksmali'))(`baksmali disassembles ${small.length} round-tripped DEX files`, () => {
    for (const s of small) {
      const outPath = `${s.path}.bs.dex`;
      writeFileSync(outPath, serializeDex(parseDex(new Uint8Array(readFileSync(s.path)))));
      const r = runStatus('baksmali', ['d', '-o', `${s.path}.smali`, outPath]);
      expect(r.status, `${s.name}: ${r.stderr}`).toBe(0);
    }
  });
});
