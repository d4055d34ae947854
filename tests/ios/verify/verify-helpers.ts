// Test helpers for the iOS verifier: unpacking with `unzip`, finding Mach-O code files by their header
// (written here from XNU loader.h, not with our reader), and running the independent checkers.
import { execFile } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS, SYSTEM_PYTHON, run } from '../../helpers/env.js';

export const MACHO_ORACLE = join(CORPUS, '..', 'oracles', 'verify_macho_sig.py');
export const HELPER = join(dirname(fileURLToPath(import.meta.url)), 'ios_verify_oracle.py');

export function unpack(archive: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'mam-ios-verify-'));
  run('unzip', ['-qq', '-o', archive, '-d', dir]);
  return dir;
}

export function walk(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    const st = lstatSync(p);
    if (st.isDirectory()) out.push(...walk(p));
    else if (st.isFile()) out.push(p);
  }
  return out;
}

/** The single X.app folder of an unpacked IPA or zipped .app. */
export function appDir(unpacked: string): string {
  const payload = join(unpacked, 'Payload');
  const base = readdirSync(unpacked).includes('Payload') ? payload : unpacked;
  return join(base, readdirSync(base).find((n) => n.endsWith('.app'))!);
}

const CODE_FILETYPES = [2, 6, 8]; // MH_EXECUTE, MH_DYLIB, MH_BUNDLE

/** Paths (relative to the app) of Mach-O files whose (first slice's) filetype is code. */
export function codeFiles(app: string): string[] {
  return walk(app).filter((p) => {
    const d = readFileSync(p);
    if (d.length < 32) return false;
    let at = 0;
    if (d.readUInt32BE(0) === 0xcafebabe) at = d.readUInt32BE(16);
    const m = d.readUInt32LE(at);
    return (m === 0xfeedface || m === 0xfeedfacf) && CODE_FILETYPES.includes(d.readUInt32LE(at + 12));
  }).map((p) => relative(app, p));
}

export interface OracleVerdict {
  unsigned: boolean;
  pages: boolean;
  /** Special slots (1, 2, 3, 5, 7) the oracle found wrong. */
  slots: number[];
  opensslCms: boolean;
  output: string;
}

function stdout(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve) => execFile(cmd, args, { maxBuffer: 64 << 20 }, (_e, out) => resolve(String(out))));
}

/** verify_macho_sig.py on one binary, with --bundle when its folder holds an Info.plist. */
export async function macho(app: string, rel: string): Promise<OracleVerdict> {
  const path = join(app, rel);
  const bundle = dirname(path);
  const args = [MACHO_ORACLE, path, ...(readdirSync(bundle).includes('Info.plist') ? ['--bundle', bundle] : [])];
  const out = await stdout(SYSTEM_PYTHON, args);
  const fails = out.split('\n').filter((l) => l.startsWith('  FAIL '));
  return {
    unsigned: fails.some((l) => l.includes('LC_CODE_SIGNATURE present')),
    pages: fails.some((l) => l.includes('code page hashes')),
    slots: [...new Set(fails.flatMap((l) => [...l.matchAll(/slot -(\d)/g)].map((m) => Number(m[1]))))].sort(),
    opensslCms: !fails.some((l) => l.includes('CMS over first CodeDirectory')),
    output: out,
  };
}

export interface CmsFacts {
  sig_ok: boolean;
  digest_ok: boolean;
  cdhashes_ok: boolean | null;
  der_sorted: boolean;
  code_directories: number;
}

/** Per binary, per slice: the CMS facts (null for a slice without a CMS signature). */
export function cmsFacts(app: string, rels: string[]): (CmsFacts | null)[][] {
  if (rels.length === 0) return [];
  return JSON.parse(run(SYSTEM_PYTHON, [HELPER, 'cms', ...rels.map((r) => join(app, r))])) as (CmsFacts | null)[][];
}

export function missingSealed(app: string): string[] {
  return JSON.parse(run(SYSTEM_PYTHON, [HELPER, 'missing', app])) as string[];
}
