// Builds the host test driver of runtime-shims/ios/src/core (tests/runtime-ios/host) once per test
// file, with the C compiler found on PATH, and runs it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, haveTool, skipNotice } from '../helpers/env.js';

export const HOST_DIR = join(ROOT, 'tests', 'runtime-ios', 'host');

/** The compiler to use, or undefined (with a visible notice) when neither clang nor cc is installed. */
export function hostCompiler(): string | undefined {
  const cc = ['clang', 'cc'].find((c) => haveTool(c));
  if (!cc || !haveTool('make')) skipNotice('iOS runtime host tests', 'no C compiler (clang or cc) or make on PATH');
  return cc && haveTool('make') ? cc : undefined;
}

/** Builds the runner into a fresh temporary folder and returns its path. */
export function buildRunner(cc: string): string {
  const out = mkdtempSync(join(tmpdir(), 'mam-ios-runtime-'));
  execFileSync('make', ['-s', '-C', HOST_DIR, `OUT=${out}`, `CC=${cc}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  return join(out, 'runner');
}

/** Runs the runner; returns status and stdout. Sanitizer reports fail the call. */
export function runRunner(runner: string, args: string[], input?: string | Uint8Array): { status: number; stdout: string } {
  const r = spawnSync(runner, args, { input, encoding: 'utf8', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1' } });
  if (r.stderr && /Sanitizer|runtime error/.test(r.stderr)) throw new Error(`sanitizer report from runner ${args.join(' ')}:\n${r.stderr}`);
  return { status: r.status ?? -1, stdout: r.stdout ?? '' };
}

/** Sends one command per line to `runner batch [policy]` and returns one answer per line. */
export function batch(runner: string, lines: string[], policyFile?: string): string[] {
  const { status, stdout } = runRunner(runner, ['batch', ...(policyFile ? [policyFile] : [])], lines.join('\n') + '\n');
  if (status !== 0) throw new Error(`runner batch exited ${status}`);
  const out = stdout.split('\n');
  out.pop();
  return out;
}

/** A small deterministic PRNG (mulberry32) so that generated cases are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
