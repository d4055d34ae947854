// The smali-like disassembly (a debugging aid): for a few classes, the instruction mnemonics and the
// references they name, resolved, equal those dexdump -d prints for the same class.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDex } from '../../../src/android/dex/parse.js';
import { disassembleClass } from '../../../src/android/dex/smali-disasm.js';
import { CORPUS, ROOT, corpusPresent, missingTools, run } from '../../helpers/env.js';

const work = mkdtempSync(join(tmpdir(), 'mam-dex-disasm-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PAYLOADS: Record<string, string> = { '.packed-switch': 'packed-switch-data', '.sparse-switch': 'sparse-switch-data', '.array-data': 'array-data' };

/** "mnemonic ref" per instruction of one class in dexdump -d, references in smali notation. */
function fromDexdump(dump: string, cls: string): string[] {
  const start = dump.indexOf(`Class descriptor  : '${cls}'`);
  const end = dump.indexOf('\nClass #', start);
  const body = dump.slice(start, end < 0 ? undefined : end);
  const out: string[] = [];
  for (const m of body.matchAll(/\|[0-9a-f]{4}: (\S+)([^\n]*)/g)) {
    const rest = m[2]!;
    let ref = '';
    let r: RegExpExecArray | null;
    if ((r = /(\S+;|\[+[A-Z])\.([^.:]+):(\(.*?\)\S+) \/\/ method@/.exec(rest))) ref = `${r[1]}->${r[2]}${r[3]}`;
    else if ((r = /(\S+;)\.([^.:]+):(\S+) \/\/ field@/.exec(rest))) ref = `${r[1]}->${r[2]}:${r[3]}`;
    else if ((r = /, (\S+) \/\/ type@/.exec(rest))) ref = r[1]!;
    else if ((r = /, "(.*)" \/\/ string@/.exec(rest))) ref = JSON.stringify(r[1]);
    out.push(`${m[1]} ${ref}`.trim());
  }
  return out;
}

function fromOurs(listing: string): string[] {
  const out: string[] = [];
  for (const m of listing.matchAll(/^ {4}[0-9a-f]{4}: (\S+)(.*)$/gm)) {
    const mnemonic = PAYLOADS[m[1]!] ?? m[1]!;
    const rest = m[2]!;
    let ref = '';
    let r: RegExpExecArray | null;
    if ((r = /(\S+;->[^(:]+\(.*\)\S+)$/.exec(rest))) ref = r[1]!;
    else if ((r = /(\S+;->[^(:]+:\S+)$/.exec(rest))) ref = r[1]!;
    else if (/^(new-instance|check-cast|instance-of|const-class|new-array|filled-new-array)/.test(mnemonic)) ref = /, (\S+)$/.exec(rest)?.[1] ?? /\}, (\S+)$/.exec(rest)?.[1] ?? '';
    else if ((r = /, (".*")$/.exec(rest)) && mnemonic.startsWith('const-string')) ref = /[\\\n]/.test(JSON.parse(r[1]!)) ? '' : r[1]!;
    out.push(`${mnemonic} ${ref}`.trim());
  }
  return out;
}

const CASES: [string, string, string][] = [
  ['runtime', join(ROOT, 'runtime-shims', 'android', 'mam-runtime.dex'), 'Lcom/mam/runtime/CameraHooks;'],
  ['runtime', join(ROOT, 'runtime-shims', 'android', 'mam-runtime.dex'), 'Lcom/mam/runtime/BlockingScreen;'],
  ['owasp-UnCrackable-Level3.apk', join(CORPUS, 'android', 'owasp-UnCrackable-Level3.apk'), 'Lsg/vantagepoint/uncrackable3/MainActivity;'],
  ['appium-ApiDemos-debug.apk', join(CORPUS, 'android', 'appium-ApiDemos-debug.apk'), 'Lio/appium/android/apis/app/AlertDialogSamples;'],
];

describe.skipIf(missingTools('dex disasm against dexdump', 'unzip', 'dexdump') || !corpusPresent('dex disasm'))('smali-like disassembly', () => {
  it.each(CASES)('%s %s: mnemonics and resolved references equal dexdump -d', (_name, file, cls) => {
    let path = file;
    if (file.endsWith('.apk')) {
      path = join(work, `${_name}.dex`);
      writeFileSync(path, execFileSync('unzip', ['-p', file, 'classes.dex'], { maxBuffer: 1 << 28 }));
    }
    const dex = parseDex(new Uint8Array(readFileSync(path)));
    const ours = fromOurs(disassembleClass(dex, cls));
    const theirs = fromDexdump(run('dexdump', ['-d', path], { maxBuffer: 1 << 28 }), cls);
    expect(ours.length).toBeGreaterThan(10);
    // dexdump's own escaping of strings with backslashes or line breaks is not compared.
    expect(ours).toEqual(theirs.map((t, i) => (ours[i] === t.split(' ')[0] && t.startsWith('const-string') ? t.split(' ')[0] : t)));
  });

  it('--method keeps only that method; an unknown class is a coded usage error', () => {
    const dex = parseDex(new Uint8Array(readFileSync(join(ROOT, 'runtime-shims', 'android', 'mam-runtime.dex'))));
    const listing = disassembleClass(dex, 'com.mam.runtime.CameraHooks', 'open');
    expect(listing.match(/^\.method /gm)!.length).toBe(listing.match(/^\.method .*open\(/gm)!.length);
    expect(() => disassembleClass(dex, 'Lno/Such;')).toThrow(/not defined/);
  });
});
