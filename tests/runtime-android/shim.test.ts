// Behaviour of the Android runtime, hosted on the JVM: the committed DEX is translated to JVM bytecode
// with Debian's enjarify and run against Java fakes of the android.* / org.json classes it calls
// (tests/runtime-android/fakes). Each public static method of a class in jvm/cases is one case, run
// by mamtest.Runner in a fresh class loader once per platform level in SDK_LEVELS (the fake
// Build.VERSION.SDK_INT; fakes refuse framework members newer than it); this file asserts every run
// reported "ok".
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SYSTEM_PYTHON, missingTools, run } from '../helpers/env.js';

const HERE = join(ROOT, 'tests', 'runtime-android');
const DEX = join(ROOT, 'runtime-shims', 'android', 'mam-runtime.dex');
const CASES_DIR = join(HERE, 'jvm', 'cases');
/**
 * Each level where the runtime branches, from the lowest that enforces a policy (15, above the 14 of the
 * activity callbacks; 18: Keystore RSA but no GCM, encryption fails closed; 19: encryption, legacy VPN
 * check; 21: network callbacks and secondary DEX; 22: still no getActiveNetwork; 23; 24) to the newest.
 * Below 14 the runtime fails closed whatever the policy: LevelCases script those levels themselves.
 */
const SDK_LEVELS = [15, 18, 19, 21, 22, 23, 24, 34];

function javaFiles(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...javaFiles(p));
    else if (n.endsWith('.java')) out.push(p);
  }
  return out;
}

/** Case names ("FileCases.tamperedChunkIsRejected") read from the sources, so a case that never ran fails. */
const caseClasses = readdirSync(CASES_DIR).filter((n) => n.endsWith('.java')).map((n) => n.slice(0, -5)).sort();
const cases = caseClasses.flatMap((cls) =>
  [...readFileSync(join(CASES_DIR, `${cls}.java`), 'utf8').matchAll(/public static void (\w+)\(\)/g)].map((m) => `${cls}.${m[1]}`),
);
const runs = cases.flatMap((c) => SDK_LEVELS.map((level) => `${c}@api${level}`));

const skip = missingTools('android shim on the JVM', 'java', 'javac', 'enjarify', SYSTEM_PYTHON);

describe.skipIf(skip)('android runtime on the JVM (enjarify + fakes)', () => {
  const results = new Map<string, string>();
  const work = mkdtempSync(join(tmpdir(), 'mam-shim-jvm-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(() => {
    const jar = join(work, 'shim.jar');
    // enjarify must run under Debian's python3 (it is not installed for other interpreters)
    run('enjarify', ['-f', '-o', jar, DEX], { env: { ...process.env, PATH: `/usr/bin${delimiter}${process.env.PATH ?? ''}` } });
    const fakes = join(work, 'fakes');
    const harness = join(work, 'harness');
    const xposed = join(work, 'xposed');
    run('javac', ['-nowarn', '-d', fakes, ...javaFiles(join(HERE, 'fakes'))]);
    run('javac', ['-nowarn', '-d', xposed, ...javaFiles(join(HERE, 'xposed'))]);
    run('javac', ['-nowarn', '-cp', [fakes, jar].join(delimiter), '-d', harness, ...javaFiles(join(HERE, 'jvm'))]);
    const out = run('java', ['-cp', harness, 'mamtest.Runner', [jar, fakes, harness].join(delimiter), xposed, SDK_LEVELS.join(','), ...caseClasses.map((c) => `cases.${c}`)]);
    for (const line of out.split('\n')) {
      const m = /^(ok|not ok) (\S+?)(?:: (.*))?$/.exec(line);
      if (m) results.set(m[2]!, m[1] === 'ok' ? 'ok' : m[3] ?? 'failed');
    }
  }, 240_000);

  it('found the JVM cases', () => {
    expect(cases.length).toBeGreaterThan(50);
  });

  it('covers the levels shim-manifest.json declares: minSdk (LevelCases, fail closed below 14) and secondaryDexMinSdk', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'runtime-shims', 'android', 'shim-manifest.json'), 'utf8')) as { minSdk: number; secondaryDexMinSdk: number };
    expect(manifest.minSdk).toBe(1);
    expect(cases.filter((c) => c.startsWith('LevelCases.')).length).toBeGreaterThan(0);
    expect(SDK_LEVELS).toContain(manifest.secondaryDexMinSdk);
  });

  it.each(runs)('%s', (name) => {
    expect(results.get(name) ?? 'did not run').toBe('ok');
  });
});
