// Builds the benchmark's synthetic APKs: make-apk.py writes the entries (Python's zipfile, seeded),
// then `zipalign -p -f 4` aligns stored data and fixtures/android/align-apk.py moves stored .so data
// onto 16 KiB pages (Debian's zipalign only knows 4 KiB pages). The result is checked with
// `zipalign -c -v -p 4`, whose listing gives every entry's data offset.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const PAGE = 16384;
const PYTHON = '/usr/bin/python3';

export function run(cmd, args, what = `${cmd} ${args.join(' ')}`) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`${what}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what}: exit ${r.status}\n${r.stderr || r.stdout}`);
  return r.stdout;
}

/** Extracts the real DEX files that open the synthetic classesN.dex (fixtures, then the runtime). */
function realDexFiles(root, work) {
  const dir = join(work, 'real-dex');
  mkdirSync(dir, { recursive: true });
  run('unzip', ['-o', '-q', join(root, 'fixtures/android/sample-multidex.apk'), 'classes.dex', 'classes2.dex', '-d', dir]);
  return [join(dir, 'classes.dex'), join(dir, 'classes2.dex'), join(root, 'runtime-shims/android/mam-runtime.dex')];
}

/** Data offsets of every entry, from zipalign's verbose check (which also fails on misalignment). */
export function checkAlignment(apk) {
  const listing = run('zipalign', ['-c', '-v', '-p', '4', apk]);
  const entries = [...listing.matchAll(/^\s*(\d+) (.+?) \((OK[^)]*|BAD[^)]*)\)\s*$/gm)].map((m) => ({ offset: Number(m[1]), name: m[2] }));
  const misaligned = entries.filter((e) => e.name.endsWith('.so') && e.offset % PAGE !== 0);
  if (misaligned.length > 0) throw new Error(`${apk}: .so data not on ${PAGE}-byte pages: ${misaligned.map((e) => `${e.name}@${e.offset}`).join(', ')}`);
  return entries;
}

/** The DEX files of a real app (the corpus APK the wrap benchmark uses), extracted into `work`. */
export function corpusDexFiles(apk, work) {
  const dir = join(work, 'corpus-dex');
  mkdirSync(dir, { recursive: true });
  const names = run('unzip', ['-Z1', apk]).split('\n').filter((n) => /^classes\d*\.dex$/.test(n));
  names.sort((a, b) => (a.length - b.length) || a.localeCompare(b));
  run('unzip', ['-o', '-q', apk, ...names, '-d', dir]);
  return names.map((n) => join(dir, n));
}

/**
 * The aligned synthetic APK of `sizeMb` MiB in `work` (reused when already there: same name, same
 * parameters, same bytes). Returns its path, size and entry count. With `realDex` (a list of DEX
 * files), its DEX entries are exactly those files, `dexCopies` times (make-apk.py --real-dex).
 */
export function syntheticApk(root, work, { sizeMb, seed, dexMib, realDex, dexCopies = 1 }, log) {
  const tag = realDex ? `realdex${dexCopies}` : `dex${dexMib}`;
  const final = join(work, `synthetic-${sizeMb}mb-seed${seed}-${tag}.apk`);
  if (!existsSync(final)) {
    log(`building ${sizeMb} MiB APK…`);
    const raw = `${final}.raw`;
    const z4 = `${final}.z4`;
    const dex = (realDex ?? realDexFiles(root, work)).flatMap((f) => ['--dex', f]);
    const mode = realDex ? ['--real-dex', '--dex-copies', String(dexCopies)] : [];
    run(PYTHON, [join(root, 'bench/sign-apk/make-apk.py'), '--size-mb', String(sizeMb), '--seed', String(seed), '--dex-mib', String(dexMib), '--base', join(root, 'fixtures/android/sample-unsigned.apk'), ...dex, ...mode, raw]);
    run('zipalign', ['-p', '-f', '4', raw, z4]);
    rmSync(raw);
    run(PYTHON, [join(root, 'fixtures/android/align-apk.py'), '--page-size', String(PAGE), z4, `${final}.tmp`]);
    rmSync(z4);
    renameSync(`${final}.tmp`, final);
  }
  const entries = checkAlignment(final);
  return { path: final, bytes: statSync(final).size, entries: entries.length };
}
