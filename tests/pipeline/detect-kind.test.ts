// Kind detection from content. The oracle for corpus files is the corpus's own catalogue (SOURCES.md
// names each file's kind by its extension); every file is also detected under a meaningless name, so
// the extension cannot be what decides.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MamError } from '../../src/core/errors.js';
import { detectKind, type InputKind } from '../../src/pipeline/detect-kind.js';
import { CORPUS, FIXTURES, SYSTEM_PYTHON, corpusFiles, corpusPresent, havePythonModules, missingTools, run } from '../helpers/env.js';

const TMP = mkdtempSync(join(tmpdir(), 'mam-detect-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

function kindFromCatalogue(path: string): InputKind | 'refused' {
  if (path.endsWith('.app.zip')) return 'app-zip';
  const ext = path.slice(path.lastIndexOf('.') + 1);
  return ({ apk: 'apk', aab: 'aab', xapk: 'xapk', ipa: 'ipa' } as Record<string, InputKind>)[ext] ?? 'refused';
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof MamError) return e.code;
    throw e;
  }
  return undefined;
}

describe.skipIf(!corpusPresent('detectKind over the corpus'))('detectKind over the corpus', () => {
  const files = [...corpusFiles('android'), ...corpusFiles('ios')].filter((p) => !p.includes('mobsf-ondemand-splitset'));

  it.each(files.map((p) => [basename(p), p]))('%s', (_n, path) => {
    const expected = kindFromCatalogue(path);
    const disguised = join(TMP, `input-${basename(path)}.bin`);
    copyFileSync(path, disguised);
    for (const p of [path, disguised]) {
      if (expected === 'refused') expect(codeOf(() => detectKind(p))).toBe('UNKNOWN_INPUT_KIND');
      else expect(detectKind(p)).toBe(expected);
    }
  });

  it('a folder of split APKs is apk-dir', () => {
    expect(detectKind(join(CORPUS, 'android', 'mobsf-ondemand-splitset'))).toBe('apk-dir');
  });

  it.skipIf(missingTools('app-dir detection', 'unzip'))('an unzipped .app folder is app-dir (trailing slash or not)', () => {
    const dest = join(TMP, 'unzipped');
    run('unzip', ['-q', '-o', join(CORPUS, 'ios', 'appium-TestApp8.2.app.zip'), '-d', dest]);
    expect(detectKind(join(dest, 'TestApp8.2.app'))).toBe('app-dir');
    expect(detectKind(join(dest, 'TestApp8.2.app') + '/')).toBe('app-dir');
  });
});

describe('detectKind refusals and synthetic kinds', () => {
  it('refuses a text file, an empty file and an empty folder, naming what it found', () => {
    const txt = join(TMP, 'notes.apk');
    writeFileSync(txt, 'just some text\n');
    const empty = join(TMP, 'empty.ipa');
    writeFileSync(empty, '');
    const dir = join(TMP, 'empty-dir');
    mkdirSync(dir, { recursive: true });
    for (const p of [txt, empty, dir]) expect(codeOf(() => detectKind(p))).toBe('UNKNOWN_INPUT_KIND');
    try {
      detectKind(txt);
    } catch (e) {
      expect((e as Error).message).toMatch(/6a 75 73 74/);
    }
  });

  it.skipIf(!havePythonModules('zipfile'))('recognises zips written by python: apks (toc.pb, splits), plain zip refused', () => {
    const make = (name: string, entries: string[]): string => {
      const p = join(TMP, name);
      run(SYSTEM_PYTHON, ['-c', `import zipfile,sys
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    for n in sys.argv[2:]: z.writestr(n, b'x')`, p, ...entries]);
      return p;
    };
    expect(detectKind(make('a.zip', ['toc.pb', 'splits/base-master.apk']))).toBe('apks');
    expect(detectKind(make('b.zip', ['splits/base-master.apk', 'splits/base-xxhdpi.apk']))).toBe('apks');
    expect(detectKind(make('c.zip', ['manifest.json', 'base.apk', 'icon.png']))).toBe('xapk');
    expect(detectKind(make('d.zip', ['Payload/X.app/Info.plist', 'Payload/X.app/X']))).toBe('ipa');
    expect(detectKind(make('e.zip', ['X.app/Info.plist', 'X.app/X', '__MACOSX/._X.app']))).toBe('app-zip');
    expect(codeOf(() => detectKind(make('f.zip', ['readme.txt', 'docs/a.md'])))).toBe('UNKNOWN_INPUT_KIND');
    expect(codeOf(() => detectKind(make('g.zip', ['X.app/readme.txt', 'Y.app/Info.plist'])))).toBe('UNKNOWN_INPUT_KIND');
  });

  it('a malformed zip reports its zip error, not a kind error', () => {
    const p = join(TMP, 'slip.apk');
    copyFileSync(join(FIXTURES, 'malformed', 'zip', 'ZIP_UNSAFE_NAME_DOTDOT--zip-slip.bin'), p);
    expect(codeOf(() => detectKind(p))).toBe('ZIP_UNSAFE_NAME_DOTDOT');
  });
});
