// Every DEX the DEX tests run on: classes*.dex of each corpus and fixture APK, base/dex/*.dex and other
// modules' dex/*.dex of each .aab, and the runtime shim DEX, extracted with `unzip -p` into a temp folder.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { FIXTURES, ROOT, corpusFiles, haveTool } from '../../helpers/env.js';

export interface DexSample {
  name: string;
  path: string;
  size: number;
}

export function collectDexFiles(): DexSample[] {
  const dir = join(tmpdir(), `mam-dex-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const out: DexSample[] = [];
  if (!haveTool('unzip')) return out;
  const archives = [
    ...corpusFiles('android', '.apk', '.aab'),
    ...(existsSync(join(FIXTURES, 'android')) ? readdirSync(join(FIXTURES, 'android')).filter((f) => f.endsWith('.apk')).map((f) => join(FIXTURES, 'android', f)) : []),
  ];
  for (const archive of archives) {
    const names = execFileSync('unzip', ['-Z1', archive], { encoding: 'utf8', maxBuffer: 1 << 26 }).split('\n');
    const dexNames = names.filter((n) => (archive.endsWith('.aab') ? /^[^/]+\/dex\/[^/]+\.dex$/ : /^classes\d*\.dex$/).test(n));
    for (const entry of dexNames) {
      const name = `${basename(archive)}!${entry}`;
      const path = join(dir, name.replace(/[!/]/g, '__'));
      const bytes = execFileSync('unzip', ['-p', archive, entry], { maxBuffer: 1 << 28 });
      writeFileSync(path, bytes);
      out.push({ name, path, size: bytes.length });
    }
  }
  const shims = join(ROOT, 'runtime-shims', 'android');
  if (existsSync(shims)) {
    // Copied into the temp folder: the tests write their outputs next to each input.
    for (const f of readdirSync(shims).filter((f) => f === 'mam-runtime.dex')) {
      const bytes = readFileSync(join(shims, f));
      const path = join(dir, `runtime-shims__${f}`);
      writeFileSync(path, bytes);
      out.push({ name: `runtime-shims/android/${f}`, path, size: bytes.length });
    }
  }
  return out;
}
