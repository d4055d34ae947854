// The must-shows of a successful `mam wrap` on iOS, each against an independent oracle: the wrapped
// executable's load commands (macholib, and llvm-objdump where asked), the runtime in Frameworks/ (the
// recorded shim plus a signature), Info.plist differing only by the marker and the policy's documented
// effects (plistlib), the policy digest (hashlib), every binary's signature (verify_macho_sig.py), and
// `mam verify` / `mam inspect --json` on the output. Also: a refusal exits with its code and leaves nothing.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { run, runMam } from '../../helpers/env.js';
import { oracle } from '../signer/signer-env.js';
import { PACKAGE_VERSION, SHIM_DYLIB, SHIM_MANIFEST, checkWrapped, extractApp } from './wrap-helpers.js';

export interface WrapCase {
  input: string;
  signArgs: string[];
  policy: string;
  env?: NodeJS.ProcessEnv;
  /** Keys the policy may add (documented in src/policy/effects.ts), besides MAMWrapper. */
  mayAdd: string[];
  /** Keys the policy removes when present. */
  mayRemove: string[];
}

export interface WrapReportJson {
  ok: boolean;
  policy: { sha256: string };
  runtime: { sha256: string; installName: string };
  infoPlistChanges: string[];
  executable: { slices: { arch: string; added: string[] }[] };
  stages: { stage: string; ms: number }[];
  signed: { path: string }[];
}

/** Runs `mam wrap` and checks every must-show; returns the report. */
export function wrapAndCheck(c: WrapCase, out: string): WrapReportJson {
  const r = runMam(['wrap', c.input, '-o', out, '--policy', c.policy, ...c.signArgs, '--json'], c.env ? { env: c.env } : {});
  expect(r.stderr.match(/error\[[A-Z_]+\][^\n]*/)?.[0] ?? '', c.input).toBe('');
  expect(r.status).toBe(0);
  const report = JSON.parse(r.stdout) as WrapReportJson;
  const original = extractApp(c.input);
  const wrapped = extractApp(out);
  const check = checkWrapped(original, wrapped);

  // every slice loads the runtime once, appended after the app's own dylibs (their ordinals kept)
  expect(check.slices.map((s) => s.cputype)).toEqual(check.origSlices.map((s) => s.cputype));
  check.slices.forEach((s, i) => {
    expect(s.loadDylibs).toEqual([...check.origSlices[i]!.loadDylibs, SHIM_MANIFEST.dylib.installName]);
    expect(s.rpaths).toContain(SHIM_MANIFEST.rpath);
  });

  // the runtime: the recorded file, plus only its signature
  const shimHash = createHash('sha256').update(readFileSync(SHIM_DYLIB)).digest('hex');
  expect(shimHash).toBe(SHIM_MANIFEST.dylib.sha256);
  expect(report.runtime.sha256).toBe(shimHash);
  expect(check.dylib, check.dylib.why).toMatchObject({ ok: true });

  // Info.plist: same format, only the marker and the policy's documented effects
  expect(check.plist.formats[1]).toBe(check.plist.formats[0]);
  expect(check.plist.changed).toEqual([]);
  expect(check.plist.added).toContain('MAMWrapper');
  for (const k of check.plist.added) expect(['MAMWrapper', ...c.mayAdd]).toContain(k);
  for (const k of check.plist.removed) expect(c.mayRemove).toContain(k);
  for (const k of [...check.plist.added, ...check.plist.removed]) expect(report.infoPlistChanges.some((l) => l.includes(` ${k} `))).toBe(true);

  // the marker names the embedded policy's digest; the policy is the input's, every default written out
  expect(check.marker).toEqual({ Version: PACKAGE_VERSION, PolicySHA256: check.policySha256 });
  expect(report.policy.sha256).toBe(check.policySha256);
  const given = JSON.parse(readFileSync(c.policy, 'utf8')) as Record<string, unknown>;
  for (const [k, v] of Object.entries(given)) {
    if (typeof v === 'object' && v !== null) expect(check.policy?.[k], k).toMatchObject(v);
    else expect(check.policy?.[k], k).toEqual(v);
  }

  // every binary the wrap signed passes the independent oracle; any other is byte-identical to the
  // input's (Apple's own stubs such as _WatchKitStub/WK keep Apple's signature)
  expect(check.machos).toContain(SHIM_MANIFEST.bundlePath);
  const signed = new Set(report.signed.map((s) => s.path));
  for (const m of check.machos) {
    if (!signed.has(m)) {
      expect(check.unchanged, `${m} is neither signed by the wrap nor unchanged`).toContain(m);
      continue;
    }
    const o = oracle(join(wrapped, m));
    expect(o.ok, `${m}\n${o.output}`).toBe(true);
  }

  // mam verify and mam inspect on the output
  const v = runMam(['verify', out]);
  expect(v.status, v.stdout + v.stderr).toBe(0);
  const inspect = JSON.parse(runMam(['inspect', out, '--json']).stdout) as { ios: { app: { wrapped: { mamVersion: string; policySha256: string } | null } } };
  expect(inspect.ios.app.wrapped).toEqual({ mamVersion: PACKAGE_VERSION, policySha256: check.policySha256 });
  return report;
}

/** llvm-objdump's view of the output's main executable: one `name <installName>` per slice. */
export function objdumpLoadCount(binary: string): number {
  const text = run('llvm-objdump', ['--macho', '--private-headers', '--arch=all', binary]);
  return text.split('\n').filter((l) => l.trim() === `name ${SHIM_MANIFEST.dylib.installName} (offset 24)`).length;
}

/** A refusal: the code on stderr, the exit code, and nothing left in the output folder. */
export function expectRefusal(args: string[], code: string, exit: number, outDir: string, env?: NodeJS.ProcessEnv): string {
  const r = runMam(args, env ? { env } : {});
  expect(r.stderr).toContain(`error[${code}]`);
  expect(r.status).toBe(exit);
  expect(readdirSync(outDir)).toEqual([]);
  return r.stderr;
}

export const outputExists = (p: string): boolean => existsSync(p);
