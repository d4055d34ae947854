// The instruction table and codec against dexdump -d (mnemonics and index references), re-encoding of
// every instruction of the corpus, hex-literal cases for the formats no corpus file uses, and invoke
// counts against counts taken from dexdump -d.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeInstructions } from '../../../src/android/dex/instruction-encode.js';
import { decodeFormat, decodeInstructions } from '../../../src/android/dex/instructions.js';
import { parseDex } from '../../../src/android/dex/parse.js';
import { countInvokes, findInvokeSites } from '../../../src/android/dex/references.js';
import { corpusPresent, missingTools, run } from '../../helpers/env.js';
import { collectDexFiles } from './corpus-dex.js';
import { ourDisassembly, parseDexdumpDisassembly } from './dexdump-oracle.js';

const samples = corpusPresent('DEX instruction oracle') ? collectDexFiles() : [];
const ORACLE_FILES = ['appium-ApiDemos-debug.apk!classes.dex', 'bundletool-install-time-permanent-modules.aab!base/dex/classes.dex', 'sample.apk!classes.dex', 'apktool-issue2701-4dex.apk!classes.dex'];

describe('instruction table vs dexdump -d', () => {
  for (const name of ORACLE_FILES) {
    const s = samples.find((x) => x.name === name);
    it.skipIf(!s || missingTools('dexdump disassembly oracle', 'dexdump'))(name, () => {
      const theirs = parseDexdumpDisassembly(run('dexdump', ['-d', s!.path]));
      const ours = ourDisassembly(parseDex(new Uint8Array(readFileSync(s!.path))));
      expect(ours.length).toBe(theirs.length);
      expect(ours).toEqual(theirs);
    });
  }
});

describe('instruction codec', () => {
  it.skipIf(samples.length === 0)('re-encodes every instruction of every corpus DEX to the same code units', () => {
    let count = 0;
    for (const s of samples) {
      const dex = parseDex(new Uint8Array(readFileSync(s.path)));
      for (const code of dex.codeItems) {
        const list = decodeInstructions(code.insns);
        count += list.length;
        const again = encodeInstructions(list);
        if (!again.every((u, i) => u === code.insns[i]) || again.length !== code.insns.length) {
          expect.fail(`${s.name}: code item re-encodes differently`);
        }
      }
    }
    console.log(`re-encoded ${count} instructions`);
    expect(count).toBeGreaterThan(100_000);
  });

  // Hand-assembled from the format pages (source.android.com "Dalvik Executable instruction formats").
  const cases: [string, number[], Record<string, unknown>][] = [
    ['20bc', [0x02ed, 0x0007], { literal: 2, index: 7 }],
    ['22cs', [0x21f2, 0x0010], { registers: [1, 2], index: 16 }],
    ['35ms', [0x30f8, 0x0004, 0x0210], { registers: [0, 1, 2], index: 4 }],
    ['35mi', [0x10ee, 0x0003, 0x0005], { registers: [5], index: 3 }],
    ['3rms', [0x03f9, 0x0009, 0x0004], { registers: [4, 5, 6], index: 9 }],
    ['3rmi', [0x02ef, 0x0001, 0x0010], { registers: [16, 17], index: 1 }],
    ['45cc', [0x20fa, 0x0011, 0x0021, 0x0005], { registers: [1, 2], index: 0x11, index2: 5 }],
    ['4rcc', [0x03fb, 0x0012, 0x0007, 0x0006], { registers: [7, 8, 9], index: 0x12, index2: 6 }],
    ['51l', [0x0118, 0x5678, 0x1234, 0xdef0, 0x9abc], { registers: [1], literal: BigInt.asIntN(64, 0x9abcdef012345678n) }],
    ['11n', [0xf112], { registers: [1], literal: -1 }],
    ['35c', [0x5f6e, 0x0001, 0x4321], { registers: [1, 2, 3, 4, 15], index: 1 }],
  ];
  for (const [format, units, expected] of cases) {
    it(`format ${format}: ${units.map((u) => u.toString(16).padStart(4, '0')).join(' ')}`, () => {
      const insns = Uint16Array.from(units);
      const insn = decodeFormat(insns, 0, format as never);
      expect(insn).toMatchObject(expected);
      expect(Array.from(encodeInstructions([insn]))).toEqual(units);
    });
  }
});

describe('invoke sites vs dexdump -d', () => {
  const s = samples.find((x) => x.name === 'appium-ApiDemos-debug.apk!classes.dex');
  it.skipIf(!s || missingTools('invoke counts oracle', 'dexdump'))('counts per method equal counts of dexdump lines', () => {
    const text = run('dexdump', ['-d', s!.path]);
    const theirs = new Map<string, number>();
    for (const m of text.matchAll(/\|[0-9a-f]{4}: invoke-(?:virtual|super|direct|static|interface|polymorphic)(?:\/range)? \{[^}]*\}, (L[^;]+;|\[[^.]+)\.([^:]+):(\([^)]*\)\S+)/g)) {
      const ref = `${m[1]}->${m[2]}${m[3]}`;
      theirs.set(ref, (theirs.get(ref) ?? 0) + 1);
    }
    const dex = parseDex(new Uint8Array(readFileSync(s!.path)));
    const ours = countInvokes(dex);
    expect(new Map([...ours].sort())).toEqual(new Map([...theirs].sort()));
    const [ref, n] = [...theirs].sort((a, b) => b[1] - a[1])[0]!;
    expect(findInvokeSites(dex, ref)).toHaveLength(n);
  });
});
