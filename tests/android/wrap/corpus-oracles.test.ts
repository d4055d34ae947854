// Every corpus APK and split set and every fixture APK, wrapped, then judged by independent tools:
// Debian's apksigner verifies each output APK (the schemes our report claims, and no others); aapt's
// `dump xmltree` of each wrapped manifest equals aapt's dump of the input changed exactly by the
// intended edits (derived from the input dump by tests/android/manifest-edit/wrap-intent.ts), and
// untouched split manifests dump identically; `aapt dump badging` keeps package, version and launcher;
// Python's zipfile finds every entry the wrap did not mean to change with byte-identical compressed
// data; androguard reads every output; `mam inspect` reports each base wrapped with the policy digest.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMamWrapperMarker } from '../../../src/android/manifest/mam-marker.js';
import { inspectPath } from '../../../src/pipeline/inspect/inspect.js';
import { SYSTEM_PYTHON, corpusPresent, havePythonModules, missingTools, run, runStatus, skipNotice } from '../../helpers/env.js';
import { expectedWrappedDump } from '../manifest-edit/wrap-intent.js';
import { ADD_PERMISSION, REMOVE_PERMISSION, SHIM, WrappedSet, labelOf, wrapInputs, type Wrapped } from './wrap-harness.js';

corpusPresent('wrap over the corpus (fixtures only)');
const skip = missingTools('wrap vs apksigner/aapt', 'apksigner', 'aapt', 'unzip');
const set = new WrappedSet();
const inputs = skip ? [] : wrapInputs();
afterAll(() => set.dispose());

interface Pair { label: string; before: string; after: string; base: boolean; wrapped: Wrapped; schemes: string[] }
const pairs: Pair[] = [];
const verified = new Map<string, string>();
let raw: Record<string, { same: string[]; differ: string[]; missing: string[]; added: string[] }> = {};
let seen: Record<string, { package?: string; providers?: string[]; permissions?: string[]; error?: string }> = {};

const SIGNATURE_FILE = /^META-INF\/(MANIFEST\.MF|[^/]*\.(SF|RSA|DSA|EC)|SIG-[^/]*)$/;

function extract(container: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  run('unzip', ['-q', '-o', container, '*.apk', '-d', dir]);
}

function apksOf(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.endsWith('.apk') && statSync(join(dir, n)).isFile()).sort();
}

function collectPairs(): void {
  for (const input of inputs) {
    const w = set.get(input);
    if (!w.report) continue;
    const r = w.report;
    const schemesOf = (name: string): string[] => (name === r.base.name || r.kind === 'apk' ? r.base.schemes : r.splits.find((s) => s.name === name)?.schemes ?? []);
    if (r.kind === 'apk') {
      pairs.push({ label: labelOf(input), before: input, after: w.output, base: true, wrapped: w, schemes: r.base.schemes });
      continue;
    }
    let beforeDir = input;
    let afterDir = w.output;
    if (r.kind !== 'apk-dir') {
      beforeDir = join(set.dir, `${basename(input)}.in`);
      afterDir = join(set.dir, `${basename(input)}.out`);
      extract(input, beforeDir);
      extract(w.output, afterDir);
    }
    for (const name of apksOf(beforeDir)) {
      pairs.push({ label: `${labelOf(input)}!${name}`, before: join(beforeDir, name), after: join(afterDir, name), base: name === r.base.name, wrapped: w, schemes: schemesOf(name) });
    }
  }
}

async function verifyAll(): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < pairs.length; i = next++) {
      const p = pairs[i]!;
      try {
        // A split that declares no min SDK installs only with its base: verify it for the base's range.
        const min = p.base ? [] : ['--min-sdk-version', String(p.wrapped.report!.base.minSdk.to ?? 1)];
        const { stdout } = await promisify(execFile)('apksigner', ['verify', '--verbose', ...min, p.after], { maxBuffer: 16 << 20 });
        verified.set(p.after, stdout);
      } catch (e) {
        verified.set(p.after, `FAILED ${(e as { stderr?: string }).stderr ?? e}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

const RAW_COMPARE = `
import json, sys, zipfile, struct
def entries(path):
    out = {}
    with open(path, 'rb') as f, zipfile.ZipFile(path) as z:
        for i in z.infolist():
            f.seek(i.header_offset)
            h = f.read(30)
            n, m = struct.unpack('<HH', h[26:30])
            f.seek(i.header_offset + 30 + n + m)
            out[i.filename] = (i.compress_type, i.CRC, f.read(i.compress_size))
    return out
res = {}
for a, b in json.load(open(sys.argv[1])):
    x, y = entries(a), entries(b)
    res[b] = {'same': [k for k in x if k in y and x[k] == y[k]], 'differ': [k for k in x if k in y and x[k] != y[k]],
              'missing': [k for k in x if k not in y], 'added': [k for k in y if k not in x]}
print(json.dumps(res))
`;

const READ_APKS = `
import json, sys, logging
logging.disable(logging.CRITICAL)
from androguard.core.bytecodes.apk import APK
out = {}
for path in json.load(open(sys.argv[1])):
    try:
        a = APK(path)
        out[path] = {'package': a.get_package(), 'providers': a.get_providers(), 'permissions': a.get_permissions()}
    except Exception as e:
        out[path] = {'error': repr(e)}
print(json.dumps(out))
`;

beforeAll(async () => {
  if (skip) return;
  collectPairs();
  writeFileSync(join(set.dir, 'pairs.json'), JSON.stringify(pairs.map((p) => [p.before, p.after])));
  writeFileSync(join(set.dir, 'raw.py'), RAW_COMPARE);
  const apksigner = verifyAll();
  raw = JSON.parse(run(SYSTEM_PYTHON, [join(set.dir, 'raw.py'), join(set.dir, 'pairs.json')])) as typeof raw;
  if (havePythonModules('androguard.core.bytecodes.apk')) {
    writeFileSync(join(set.dir, 'outs.json'), JSON.stringify(pairs.map((p) => p.after)));
    writeFileSync(join(set.dir, 'read.py'), READ_APKS);
    seen = JSON.parse(run(SYSTEM_PYTHON, [join(set.dir, 'read.py'), join(set.dir, 'outs.json')])) as typeof seen;
  } else skipNotice('wrap vs androguard', `${SYSTEM_PYTHON} cannot import androguard 3.4`);
  await apksigner;
}, 300_000);

const xmltree = (apk: string): string => run('aapt', ['dump', 'xmltree', apk, 'AndroidManifest.xml']);
const badging = (apk: string): string => runStatus('aapt', ['dump', 'badging', apk]).stdout;
const lines = (text: string, re: RegExp): string[] => [...text.matchAll(re)].map((m) => m[0]);

describe.skipIf(skip)('mam wrap over the corpus and fixtures', () => {
  it('wraps every APK and split set (the hostile ones included: wrapping re-signs them)', () => {
    const failed = inputs.map((i) => set.get(i)).filter((w) => w.error).map((w) => `${labelOf(w.input)}: ${w.error!.code} ${w.error!.message}`);
    expect(failed).toEqual([]);
    expect(pairs.filter((p) => p.base).length).toBe(inputs.length);
  });

  it('apksigner verifies every output APK, only with schemes the report names', () => {
    expect(pairs.length).toBeGreaterThan(0);
    for (const p of pairs) {
      const out = verified.get(p.after)!;
      expect(out, p.label).toMatch(/^Verifies$/m);
      const on = ['v1', 'v2', 'v3'].filter((s) => new RegExp(`^Verified using ${s} scheme .*: true$`, 'm').test(out));
      // apksigner checks only the schemes the SDK range needs (no v2 when v3 covers min SDK 28+).
      expect(on.every((s) => p.schemes.includes(s)), p.label).toBe(true);
      expect(on, p.label).toContain(p.schemes[p.schemes.length - 1]);
      expect(out, p.label).toMatch(/^Number of signers: 1$/m);
    }
  });

  it('aapt dump xmltree: base manifests differ from the input exactly by the intended edits, splits not at all', () => {
    for (const p of pairs) {
      const input = xmltree(p.before);
      if (!p.base) {
        expect(xmltree(p.after), p.label).toBe(input);
        continue;
      }
      const r = p.wrapped.report!;
      const expected = expectedWrappedDump(input, {
        package: r.base.package, addPermission: ADD_PERMISSION, removePermission: REMOVE_PERMISSION, minSdk: SHIM.secondaryDexMinSdk,
        providerClass: SHIM.providerClass, marker: formatMamWrapperMarker(r.mamVersion, r.policy.sha256),
      });
      expect(xmltree(p.after), p.label).toBe(expected);
    }
  });

  it('aapt dump badging: same package, version, launcher and label; the permission changes and nothing else', () => {
    for (const p of pairs) {
      const before = badging(p.before);
      const after = badging(p.after);
      const keep = /^(package|launchable-activity|application-label|leanback-launchable-activity|targetSdkVersion|native-code|densities|locales): .*$/gm;
      expect(lines(after, keep), p.label).toEqual(lines(before, keep));
      const perms = (b: string): string[] => lines(b, /^uses-permission(?:-sdk-23)?: name='[^']*'.*$/gm);
      if (!p.base) expect(after, p.label).toBe(before);
      else {
        const expected = perms(before).filter((l) => !l.includes(`'${REMOVE_PERMISSION}'`));
        expect(perms(after).filter((l) => !l.includes(`'${ADD_PERMISSION}'`)), p.label).toEqual(expected.filter((l) => !l.includes(`'${ADD_PERMISSION}'`)));
        expect(perms(after).some((l) => l.includes(`'${ADD_PERMISSION}'`)), p.label).toBe(true);
      }
    }
  });

  it('every entry the wrap did not mean to change keeps its compressed bytes (Python zipfile)', () => {
    for (const p of pairs) {
      const r = raw[p.after]!;
      const report = p.wrapped.report!.base;
      const added = p.base ? report.files.filter((f) => !f.replaced).map((f) => f.name) : [];
      const replaced = p.base ? ['AndroidManifest.xml', ...report.files.filter((f) => f.replaced).map((f) => f.name)] : [];
      expect(r.differ.filter((n) => !SIGNATURE_FILE.test(n) && !replaced.includes(n)), p.label).toEqual([]);
      expect(r.missing.filter((n) => !SIGNATURE_FILE.test(n) && !n.endsWith('/')), p.label).toEqual([]);
      expect(r.added.filter((n) => !SIGNATURE_FILE.test(n)).sort(), p.label).toEqual([...added].sort());
      expect(r.same.length, p.label).toBeGreaterThan(0);
    }
  });

  it.skipIf(!havePythonModules('androguard.core.bytecodes.apk'))('androguard reads every output; bases list the provider and the permission change', () => {
    for (const p of pairs) {
      const s = seen[p.after]!;
      expect(s.error, p.label).toBeUndefined();
      if (!p.base) continue;
      expect(s.package, p.label).toBe(p.wrapped.report!.base.package);
      expect(s.providers, p.label).toContain(SHIM.providerClass);
      expect(s.permissions, p.label).toContain(ADD_PERMISSION);
      expect(s.permissions, p.label).not.toContain(REMOVE_PERMISSION);
    }
  });

  it('mam inspect reports every output wrapped with the policy digest and the runtime DEX loaded last', () => {
    for (const input of inputs) {
      const w = set.get(input);
      const report = inspectPath(w.output) as unknown as Record<string, unknown>;
      const text = JSON.stringify(report);
      expect(text, labelOf(input)).toContain(`"policySha256":"${w.report!.policy.sha256}"`);
      expect(text, labelOf(input)).toContain(`"${w.report!.shim.dex}"`);
    }
  });
});
