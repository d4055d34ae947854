// The hooks fixture app (fixtures/android/hooks-app, smali calling every member of hooks.json) rewritten
// with every hook group, translated with enjarify and run on the JVM against the runtime's Java fakes
// (tests/runtime-android/fakes) and the enjarified runtime: every call lands in the runtime, while the
// unrewritten app's calls do not. The same app with 70 000 extra strings (its const-strings become
// const-string/jumbo, moving branches, a switch payload, a try range and line numbers) behaves the same,
// and dexdump -d shows the jumbo instructions with branch targets on the same instructions as before.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addReferences } from '../../../src/android/dex/edit-references.js';
import { applyHooks } from '../../../src/android/dex/hooks-apply.js';
import { hookGroups, parseHookTable } from '../../../src/android/dex/hooks-rules.js';
import { parseDex } from '../../../src/android/dex/parse.js';
import { serializeDex } from '../../../src/android/dex/serialize.js';
import { FIXTURES, ROOT, SYSTEM_PYTHON, missingTools, run, runStatus } from '../../helpers/env.js';

const APK = join(FIXTURES, 'android', 'hooks-app', 'hooks-app.apk');
const SHIM = join(ROOT, 'runtime-shims', 'android', 'mam-runtime.dex');
const table = parseHookTable(JSON.parse(readFileSync(join(ROOT, 'runtime-shims', 'android', 'hooks.json'), 'utf8')));
const skip = missingTools('hooks app on the JVM', 'java', 'javac', 'enjarify', 'unzip', 'dexdump', SYSTEM_PYTHON);

function javaFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => (statSync(join(dir, n)).isDirectory() ? javaFiles(join(dir, n)) : n.endsWith('.java') ? [join(dir, n)] : []));
}

/**
 * One method from dexdump -d: mnemonics with branch targets as instruction numbers, then its catch ranges,
 * handlers and line positions with addresses as instruction numbers.
 */
function methodShape(dexdump: string, method: string): string[] {
  const start = dexdump.indexOf(`.${method}:`);
  const end = dexdump.indexOf('locals', start);
  const body = dexdump.slice(start, end);
  // Alignment nops before payloads come and go with the layout.
  const lines = [...body.matchAll(/\|([0-9a-f]{4}): (\S+)([^\n]*)/g)].filter((m) => m[2] !== 'nop');
  const at = new Map(lines.map((m, i) => [parseInt(m[1]!, 16), i]));
  at.set(Math.max(...[...body.matchAll(/\|([0-9a-f]{4}):/g)].map((m) => parseInt(m[1]!, 16))) + 1000, lines.length);
  const num = (h: string): string => `#${at.get(parseInt(h, 16)) ?? `?${h}`}`;
  const shape = lines.map((m) => {
    const target = /, ([0-9a-f]{4}) \/\/ [+-]/.exec(m[3]!) ?? /^ ([0-9a-f]{4}) \/\/ [+-]/.exec(m[3]!);
    return `${m[2]!.replace('const-string/jumbo', 'const-string')}${target ? ` -> ${num(target[1]!)}` : ''}`;
  });
  const tail = body.slice(body.indexOf('catches'));
  for (const m of tail.matchAll(/0x([0-9a-f]{4}) - 0x([0-9a-f]{4})/g)) shape.push(`try ${num(m[1]!)} until ${at.has(parseInt(m[2]!, 16)) ? num(m[2]!) : 'end'}`);
  for (const m of tail.matchAll(/(L\S+;|<any>) -> 0x([0-9a-f]{4})/g)) shape.push(`catch ${m[1]} -> ${num(m[2]!)}`);
  for (const m of tail.matchAll(/0x([0-9a-f]{4}) line=(\d+)/g)) shape.push(`line ${m[2]} at ${num(m[1]!)}`);
  return shape;
}

describe.skipIf(skip)('hooks fixture app on the JVM (enjarify + runtime fakes)', () => {
  const work = mkdtempSync(join(tmpdir(), 'mam-hooks-jvm-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const out: Record<string, string> = {};
  const paths: Record<string, string> = {};
  let jumboItems = 0;

  beforeAll(() => {
    const original = new Uint8Array(execFileSync('unzip', ['-p', APK, 'classes.dex']));
    const { files } = applyHooks([original], table, hookGroups(table));
    const jumbo = parseDex(files[0]!);
    const filler = Array.from({ length: 70_000 }, (_, i) => `a-filler-${String(i).padStart(5, '0')}`);
    jumboItems = addReferences(jumbo, { strings: filler }).jumboCodeItems;
    const variants: Record<string, Uint8Array> = { original, hooked: files[0]!, jumbo: serializeDex(jumbo) };
    const env = { ...process.env, PATH: `/usr/bin${delimiter}${process.env.PATH ?? ''}` };
    const shimJar = join(work, 'shim.jar');
    run('enjarify', ['-f', '-o', shimJar, SHIM], { env });
    const fakes = join(work, 'fakes');
    const harness = join(work, 'harness');
    run('javac', ['-nowarn', '-d', fakes, ...javaFiles(join(ROOT, 'tests', 'runtime-android', 'fakes'))]);
    for (const [name, bytes] of Object.entries(variants)) {
      paths[name] = join(work, `${name}.dex`);
      writeFileSync(paths[name], bytes);
      run('enjarify', ['-f', '-o', join(work, `${name}.jar`), paths[name]], { env });
    }
    run('javac', ['-nowarn', '-cp', [fakes, shimJar, join(work, 'original.jar')].join(delimiter), '-d', harness,
      ...javaFiles(join(ROOT, 'tests', 'runtime-android', 'jvm', 'mamtest')), ...javaFiles(join(ROOT, 'tests', 'android', 'dex-rewrite', 'jvm'))]);
    for (const name of Object.keys(variants)) {
      const r = runStatus('java', ['-cp', [harness, fakes, shimJar, join(work, `${name}.jar`)].join(delimiter), 'hooktest.HookCalls']);
      out[name] = (r.stdout + r.stderr).replaceAll(work, '<work>').replace(/\/tmp\/mam-shim\d+/g, '<tmp>');
    }
  }, 240_000);

  const calls = () => [...out.hooked!.matchAll(/^(landed|missed) (\S+)/gm)];

  it('calls every hooked framework member of hooks.json', () => {
    expect(calls().length).toBe(table.hooks.length);
  });

  it('every call of the rewritten app lands in the runtime', () => {
    const missed = out.hooked!.split('\n').filter((l) => l.startsWith('missed'));
    expect(missed, out.hooked).toEqual([]);
  });

  it('no call of the original app reaches the runtime (the check can fail)', () => {
    expect(out.original!.split('\n').filter((l) => l.startsWith('landed')), out.original).toEqual([]);
    expect(out.original!.match(/^missed /gm)?.length).toBe(table.hooks.length);
  });

  it('const-string/jumbo: the same behaviour, and dexdump -d shows the same control flow', () => {
    expect(jumboItems).toBeGreaterThan(0);
    expect(out.jumbo).toBe(out.hooked);
    expect(out.hooked).toMatch(/branchy\(0\) = branchy: zero/);
    const check = runStatus('dexdump', ['-c', paths.jumbo!]);
    expect(check.stdout).toContain('Checksum verified');
    const before = run('dexdump', ['-d', paths.hooked!]);
    const after = run('dexdump', ['-d', paths.jumbo!]);
    expect(after).toContain('const-string/jumbo');
    expect(methodShape(after, 'branchy')).toEqual(methodShape(before, 'branchy'));
    expect(methodShape(before, 'branchy').filter((l) => /^(try|catch|line)/.test(l))).toHaveLength(6);
  });
});
