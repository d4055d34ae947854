// The Mach-O files the iOS reader tests sweep: the committed fixtures (fixtures/ios/bin) and every Mach-O
// inside the corpus's iOS archives, unzipped once per test file into a temporary directory with `unzip`.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { isMachOMagic } from '../../../src/ios/macho/parse-macho.js';
import { corpusFiles, FIXTURES, haveTool, run } from '../../helpers/env.js';

export interface MachOInput {
  /** Short name for test titles: fixture name, or archive!path. */
  name: string;
  path: string;
}

export const FIXTURE_BIN_DIR = join(FIXTURES, 'ios', 'bin');

function walk(dir: string, out: string[]): void {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) walk(p, out);
    else if (st.isFile()) out.push(p);
  }
}

function headBytes(path: string): Uint8Array {
  const b = readFileSync(path);
  return new Uint8Array(b.buffer, b.byteOffset, Math.min(b.length, 16));
}

export function fixtureMachOs(): MachOInput[] {
  const files: string[] = [];
  walk(FIXTURE_BIN_DIR, files);
  return files.filter((p) => isMachOMagic(headBytes(p))).map((p) => ({ name: basename(p), path: p }));
}

/** Unzips every corpus iOS archive below a fresh temp dir; returns the Mach-Os and a cleanup function. */
export function corpusMachOs(): { inputs: MachOInput[]; cleanup: () => void } {
  const archives = corpusFiles('ios', '.ipa', '.app.zip');
  if (!archives.length || !haveTool('unzip')) return { inputs: [], cleanup: () => {} };
  const root = mkdtempSync(join(tmpdir(), 'mam-macho-'));
  const inputs: MachOInput[] = [];
  for (const a of archives) {
    const dest = join(root, basename(a));
    run('unzip', ['-q', '-o', a, '-d', dest]);
    const files: string[] = [];
    walk(dest, files);
    for (const p of files) if (isMachOMagic(headBytes(p))) inputs.push({ name: `${basename(a)}!${relative(dest, p)}`, path: p });
  }
  return { inputs, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
