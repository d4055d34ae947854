// mergeDex: the runtime DEX merged into the classes.dex of corpus apps whose min SDK is below 21, checked
// with dexdump (checksum; every class of both inputs present; each class's disassembly, with references
// resolved, the same as in its source DEX) and baksmali; refusals for duplicate classes and for id tables
// that would outgrow the 16-bit indices.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isMamError } from '../../../src/core/errors.js';
import { addReferences } from '../../../src/android/dex/edit-references.js';
import { mergeDex } from '../../../src/android/dex/merge-dex.js';
import { parseDex } from '../../../src/android/dex/parse.js';
import { serializeDex } from '../../../src/android/dex/serialize.js';
import { CORPUS, ROOT, corpusPresent, missingTools, run, runStatus } from '../../helpers/env.js';
import { dexdumpClasses } from './dexdump-classes.js';
import { emptyDex } from './empty-dex.js';

const RUNTIME = join(ROOT, 'runtime-shims', 'android', 'mam-runtime.dex');
const APPS = ['androguard-com.teleca.jamendo_35', 'appium-ApiDemos-debug', 'mobsf-DIVA-android', 'owasp-UnCrackable-Level3'];
const work = mkdtempSync(join(tmpdir(), 'mam-dex-merge-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const runtimeBytes = (): Uint8Array => new Uint8Array(readFileSync(RUNTIME));

function thrown(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isMamError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected an error');
}

describe.skipIf(missingTools('DEX merge against dexdump/baksmali', 'unzip', 'dexdump', 'baksmali') || !corpusPresent('DEX merge'))('mergeDex into corpus apps below API 21', () => {
  const runtimeClasses = dexdumpClasses(run('dexdump', ['-d', RUNTIME], { maxBuffer: 1 << 28 }));

  it.each(APPS)('%s: dexdump -c, every class present and disassembled as in its source, baksmali', (app) => {
    const apk = join(CORPUS, 'android', `${app}.apk`);
    const primaryPath = join(work, `${app}.dex`);
    const primaryBytes = new Uint8Array(execFileSync('unzip', ['-p', apk, 'classes.dex'], { maxBuffer: 1 << 28 }));
    writeFileSync(primaryPath, primaryBytes);
    const merged = serializeDex(mergeDex(parseDex(primaryBytes), parseDex(runtimeBytes())));
    const mergedPath = join(work, `${app}.merged.dex`);
    writeFileSync(mergedPath, merged);

    expect(runStatus('dexdump', ['-c', mergedPath]).stdout).toContain('Checksum verified');
    const before = dexdumpClasses(run('dexdump', ['-d', primaryPath], { maxBuffer: 1 << 28 }));
    const after = dexdumpClasses(run('dexdump', ['-d', mergedPath], { maxBuffer: 1 << 28 }));
    expect(after.size).toBe(before.size + runtimeClasses.size);
    for (const [name, text] of [...before, ...runtimeClasses]) {
      expect(after.get(name), name).toBe(text);
    }
    const smali = join(work, `${app}-smali`);
    const r = runStatus('baksmali', ['d', mergedPath, '-o', smali]);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(smali, 'com', 'mam', 'runtime', 'CameraHooks.smali'))).toBe(true);
  }, 60_000);
});

describe('mergeDex refusals', () => {
  it('refuses a class defined in both files, naming it (DEX_DUPLICATE_CLASS)', () => {
    const e = thrown(() => mergeDex(parseDex(runtimeBytes()), parseDex(runtimeBytes())));
    expect(e.code).toBe('DEX_DUPLICATE_CLASS');
    expect(e.message).toMatch(/class Lcom\/mam\/runtime\/\S+; is defined in both/);
  });

  it.skipIf(missingTools('DEX reference limit', 'dexdump'))('refuses to overflow 65 536 method references (DEX_REFERENCE_LIMIT), writing nothing', () => {
    const full = emptyDex();
    const n = 65_300;
    addReferences(full, { methods: Array.from({ length: n }, (_, i) => ({ class: 'Lfiller/Many;', name: `m${i}`, descriptor: '()V' })) });
    const fullBytes = serializeDex(full);
    const fullPath = join(work, 'full.dex');
    writeFileSync(fullPath, fullBytes);
    // The oracle confirms the file we built is what the test needs: 65 300 method_ids.
    expect(run('dexdump', ['-f', fullPath])).toMatch(new RegExp(`method_ids_size\\s+: ${n}\\b`));
    const primary = parseDex(fullBytes);
    const runtime = parseDex(runtimeBytes());
    const e = thrown(() => mergeDex(primary, runtime));
    expect(e.code).toBe('DEX_REFERENCE_LIMIT');
    const added = Number(/adds (\d+)/.exec(e.message)![1]);
    expect(e.message).toContain(`the primary DEX has ${n}`);
    expect(e.message).toContain('limit of 65536');
    expect(n + added).toBeGreaterThan(65_536);
    expect(added).toBeLessThanOrEqual(runtime.methods.length);
    // The inputs are untouched.
    expect(serializeDex(primary)).toEqual(fullBytes);
  });

  it('merges when the methods just fit', () => {
    const runtime = parseDex(runtimeBytes());
    const almost = emptyDex();
    const n = 65_536 - runtime.methods.length;
    addReferences(almost, { methods: Array.from({ length: n }, (_, i) => ({ class: 'Lfiller/Many;', name: `m${i}`, descriptor: '()V' })) });
    expect(mergeDex(almost, runtime).methods.length).toBe(65_536);
  });
});
