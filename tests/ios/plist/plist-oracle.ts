// Test support for the plist area: collects every property list in the corpus's iOS archives (extracted
// with Info-ZIP unzip, profiles opened with openssl cms), runs the plistlib oracle over many files in one
// process, and renders our values in the oracle's typed JSON form.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PlistValue } from '../../../src/ios/plist/plist-value.js';
import { CORPUS, SYSTEM_PYTHON, corpusFiles, haveTool, run, runStatus } from '../../helpers/env.js';

export const PLISTLIB_DUMP = fileURLToPath(new URL('./plistlib-dump.py', import.meta.url));

export type Typed =
  | { t: 'dict'; v: [string, Typed][] }
  | { t: 'array'; v: Typed[] }
  | { t: 'string' | 'int' | 'real' | 'date' | 'data' | 'uid'; v: string }
  | { t: 'bool'; v: boolean };

export function toTyped(v: PlistValue): Typed {
  switch (v.type) {
    case 'dict':
      return { t: 'dict', v: [...v.entries].map(([k, x]) => [k, toTyped(x)]) };
    case 'array':
      return { t: 'array', v: v.items.map(toTyped) };
    case 'string':
      return { t: 'string', v: v.value };
    case 'integer':
      return { t: 'int', v: v.value.toString() };
    case 'real':
      return { t: 'real', v: String(v.value) };
    case 'boolean':
      return { t: 'bool', v: v.value };
    case 'date':
      return { t: 'date', v: String(Math.round(v.absoluteTime * 1e6)) };
    case 'data':
      return { t: 'data', v: Buffer.from(v.value).toString('hex') };
    case 'uid':
      return { t: 'uid', v: v.value.toString() };
  }
}

/** Python's float repr → the string JavaScript prints for the same double. */
function normalizeTyped(x: Typed): Typed {
  if (x.t === 'dict') return { t: 'dict', v: x.v.map(([k, y]) => [k, normalizeTyped(y)]) };
  if (x.t === 'array') return { t: 'array', v: x.v.map(normalizeTyped) };
  if (x.t === 'real') {
    const py: Record<string, number> = { nan: NaN, inf: Infinity, '-inf': -Infinity };
    return { t: 'real', v: String(x.v in py ? py[x.v] : Number(x.v)) };
  }
  return x;
}

export type OracleResult = { ok: true; value: Typed } | { ok: false; error: string };

/** plistlib's reading of each file, in one python process. */
export function plistlibParse(paths: string[]): Record<string, OracleResult> {
  const out = run(SYSTEM_PYTHON, [PLISTLIB_DUMP, ...paths]);
  const parsed = JSON.parse(out) as Record<string, OracleResult>;
  for (const r of Object.values(parsed)) if (r.ok) r.value = normalizeTyped(r.value);
  return parsed;
}

/** plistlib's reading of bytes we produced. */
export function plistlibParseBytes(bytes: Uint8Array): OracleResult {
  const r = runStatus(SYSTEM_PYTHON, [PLISTLIB_DUMP, '-'], { input: bytes });
  const parsed = JSON.parse(r.stdout)['-'] as OracleResult;
  if (parsed.ok) parsed.value = normalizeTyped(parsed.value);
  return parsed;
}

export interface CorpusPlist {
  /** archive/inner/path, for test names. */
  name: string;
  path: string;
  bytes: Uint8Array;
}

function walk(dir: string, out: string[]): void {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
}

function looksLikePlist(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1');
  return head.startsWith('bplist00') || (head.startsWith('<?xml') && /<(!DOCTYPE )?plist/.test(head));
}

/**
 * Every property list inside the corpus's iOS archives: files named *.plist, CodeResources, *.xcent,
 * *.strings … sniffed by content ("bplist00" or an XML plist), plus each embedded.mobileprovision's
 * payload as openssl cms extracts it. AppleDouble "._*" files are not plists and are left out.
 */
export function collectCorpusPlists(): { plists: CorpusPlist[]; profiles: string[]; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mam-plist-corpus-'));
  for (const archive of corpusFiles('ios', '.ipa', '.zip')) {
    const dest = join(dir, basename(archive));
    execFileSync('unzip', ['-q', '-o', archive, '-d', dest], { stdio: 'ignore' });
  }
  const files: string[] = [];
  walk(dir, files);
  const plists: CorpusPlist[] = [];
  const profiles: string[] = [];
  for (const p of files) {
    if (basename(p).startsWith('._')) continue;
    if (p.endsWith('.mobileprovision')) {
      profiles.push(p);
      if (!haveTool('openssl')) continue;
      const out = `${p}.payload.plist`;
      const r = runStatus('openssl', ['cms', '-verify', '-noverify', '-inform', 'DER', '-in', p, '-out', out]);
      if (r.status === 0) plists.push({ name: relative(dir, out), path: out, bytes: readFileSync(out) });
      continue;
    }
    if (p.endsWith('.payload.plist')) continue;
    const bytes = readFileSync(p);
    if (looksLikePlist(bytes)) plists.push({ name: relative(dir, p), path: p, bytes });
  }
  return { plists, profiles, dir };
}

export function writeTemp(dir: string, name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

export { CORPUS };
