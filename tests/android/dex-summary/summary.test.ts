// `mam inspect --dex`: the per-DEX summary of corpus APKs checked against dexdump -f (header table sizes,
// DEX version), dexdump -d (methods each class declares; invoke lines naming each hooked framework method
// and the runtime), and the default report left as it was without --dex.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseHookTable } from '../../../src/android/dex/hooks-rules.js';
import { inspectPath } from '../../../src/pipeline/inspect/inspect.js';
import { CORPUS, ROOT, corpusPresent, missingTools, run } from '../../helpers/env.js';
import { parseDexdump } from '../dex-rewrite/dexdump-hooks.js';

const APPS = ['appium-ApiDemos-debug', 'mobsf-DIVA-android', 'apktool-issue2701-4dex', 'fdroid-org.sajeg.fallingblocks_3'];
const hooks = parseHookTable(JSON.parse(readFileSync(join(ROOT, 'runtime-shims', 'android', 'hooks.json'), 'utf8')));

function headerField(dump: string, name: string): number {
  const m = new RegExp(`^${name}\\s+: (\\d+)`, 'm').exec(dump);
  if (!m) throw new Error(`dexdump -f printed no ${name}`);
  return Number(m[1]);
}

/** Methods listed under "Direct methods" / "Virtual methods" of every class. */
function declaredMethods(dump: string): number {
  let inMethods = false;
  let n = 0;
  for (const line of dump.split('\n')) {
    const section = /^ {2}(Static fields|Instance fields|Direct methods|Virtual methods)/.exec(line);
    if (section) inMethods = section[1]!.endsWith('methods');
    else if (/^Class #/.test(line)) inMethods = false;
    else if (inMethods && /^ {4}#\d+ +: \(in /.test(line)) n++;
  }
  return n;
}

const work = mkdtempSync(join(tmpdir(), 'mam-dex-summary-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(missingTools('inspect --dex against dexdump', 'unzip', 'dexdump') || !corpusPresent('inspect --dex'))('mam inspect --dex', () => {
  it.each(APPS)('%s: counts equal dexdump -f and dexdump -d', (app) => {
    const apk = join(CORPUS, 'android', `${app}.apk`);
    const report = inspectPath(apk, { dex: true });
    if (report.kind !== 'apk') throw new Error(`expected an APK, found ${report.kind}`);
    const summaries = report.apk.dex!;
    expect(summaries.map((s) => s.name)).toEqual(report.apk.dexFiles);
    for (const s of summaries) {
      const path = join(work, `${app}-${s.name}`);
      writeFileSync(path, execFileSync('unzip', ['-p', apk, s.name], { maxBuffer: 1 << 28 }));
      const header = run('dexdump', ['-f', path], { maxBuffer: 1 << 28 });
      expect(header).toContain(`DEX version '${s.version}'`);
      expect(s.strings).toBe(headerField(header, 'string_ids_size'));
      expect(s.typeRefs).toBe(headerField(header, 'type_ids_size'));
      expect(s.protoRefs).toBe(headerField(header, 'proto_ids_size'));
      expect(s.fieldRefs).toBe(headerField(header, 'field_ids_size'));
      expect(s.methodRefs).toBe(headerField(header, 'method_ids_size'));
      expect(s.classes).toBe(headerField(header, 'class_defs_size'));
      expect(s.size).toBe(headerField(header, 'file_size'));

      const dump = run('dexdump', ['-d', path], { maxBuffer: 1 << 29 });
      expect(s.methodsDefined).toBe(declaredMethods(dump));
      const invokes = parseDexdump(dump, new Map());
      const count = new Map<string, number>();
      for (const i of invokes) count.set(`${i.cls}->${i.name}${i.desc}`, (count.get(`${i.cls}->${i.name}${i.desc}`) ?? 0) + 1);
      const expected = [...new Set(hooks.hooks.map((h) => `${h.target.class}->${h.target.name}${h.target.descriptor}`))]
        .filter((m) => count.get(m)).map((m) => ({ method: m, callSites: count.get(m) }));
      expect(s.hookedCalls.map((h) => ({ method: h.method, callSites: h.callSites }))).toEqual(expected);
      expect(s.runtimeCalls).toBe(invokes.filter((i) => i.cls.startsWith('Lcom/mam/runtime/')).length);
    }
  }, 30_000);

  it('finds hooked calls in at least one corpus app (the check can fail)', () => {
    const report = inspectPath(join(CORPUS, 'android', 'appium-ApiDemos-debug.apk'), { dex: true });
    if (report.kind !== 'apk') throw new Error('expected an APK');
    expect(report.apk.dex!.flatMap((d) => d.hookedCalls).length).toBeGreaterThan(0);
  });

  it('without --dex the report has no dex field', () => {
    const report = inspectPath(join(CORPUS, 'android', 'appium-ApiDemos-debug.apk'));
    if (report.kind !== 'apk') throw new Error('expected an APK');
    expect('dex' in report.apk).toBe(false);
  });
});
