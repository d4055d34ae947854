// Shared test environment: where the corpus and fixtures are, which oracle tools exist, and how to
// skip visibly when one is missing (CI installs them all; a developer laptop may not).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPUS = resolve(ROOT, '..', 'shared', 'corpus');
export const FIXTURES = join(ROOT, 'fixtures');
export const MAM_BIN = join(ROOT, 'bin', 'mam');
/** The shared independent Mach-O signature checker (beside the corpus, in ../shared/oracles). */
export const MACHO_SIG_ORACLE = resolve(ROOT, '..', 'shared', 'oracles', 'verify_macho_sig.py');
/** Debian's interpreter: the one that sees androguard, macholib, asn1crypto and enjarify. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

const toolCache = new Map<string, boolean>();
/** True when an executable is on PATH (or an absolute path that exists). */
export function haveTool(name: string): boolean {
  let v = toolCache.get(name);
  if (v === undefined) {
    v = name.startsWith('/') ? existsSync(name) : spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
    toolCache.set(name, v);
  }
  return v;
}

/** True when /usr/bin/python3 can import every module named. */
export function havePythonModules(...mods: string[]): boolean {
  const key = `py:${mods.join(',')}`;
  let v = toolCache.get(key);
  if (v === undefined) {
    v = existsSync(SYSTEM_PYTHON) && spawnSync(SYSTEM_PYTHON, ['-c', mods.map((m) => `import ${m}`).join(';')], { stdio: 'ignore' }).status === 0;
    toolCache.set(key, v);
  }
  return v;
}

const warned = new Set<string>();
/** Prints once why a group of tests is skipped, so a skip is never silent. */
export function skipNotice(what: string, why: string): void {
  const k = `${what}:${why}`;
  if (warned.has(k)) return;
  warned.add(k);
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED ${what}: ${why}`);
}

/** Returns true (and prints a visible notice) when the oracle tools are missing. */
export function missingTools(what: string, ...tools: string[]): boolean {
  const missing = tools.filter((t) => !haveTool(t));
  if (missing.length) skipNotice(what, `oracle tool(s) not installed: ${missing.join(', ')}`);
  return missing.length > 0;
}

export function corpusPresent(what: string): boolean {
  const ok = existsSync(CORPUS);
  if (!ok) skipNotice(what, `corpus folder ${CORPUS} is absent`);
  return ok;
}

/** Every file below a corpus sub-folder (recursively), sorted, optionally filtered by suffix. */
export function corpusFiles(sub: 'android' | 'ios', ...suffixes: string[]): string[] {
  const base = join(CORPUS, sub);
  if (!existsSync(base)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (!suffixes.length || suffixes.some((s) => n.endsWith(s))) out.push(p);
    }
  };
  walk(base);
  return out;
}

/** Runs a command and returns stdout as text; throws with stderr on failure. */
export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string | Uint8Array; maxBuffer?: number } = {}): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: opts.maxBuffer ?? 256 << 20, cwd: opts.cwd, env: opts.env, input: opts.input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs a command and returns status, stdout, stderr without throwing. */
export function runStatus(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string | Uint8Array } = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, cwd: opts.cwd, env: opts.env, input: opts.input });
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs the built CLI (bin/mam) and returns status, stdout, stderr. `npm test` builds first. */
export function runMam(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): { status: number; stdout: string; stderr: string } {
  return runStatus(process.execPath, [MAM_BIN, ...args], opts);
}
