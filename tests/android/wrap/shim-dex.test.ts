// The runtime inside the output, judged by dexdump, aapt and openssl-free hashing: the shim's classes
// are in the new classesN.dex (the next name ART loads), the policy asset hashes to the digest that
// aapt reads from the marker, and an app without code gets the shim as classes.dex with
// android:hasCode turned true. apktool decodes a subset of outputs without error.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { setAttribute } from '../../../src/android/axml/edit.js';
import { parseAxml } from '../../../src/android/axml/parse.js';
import { serializeAxml } from '../../../src/android/axml/serialize.js';
import { ensureApplication } from '../../../src/android/manifest/edits.js';
import { CORPUS, FIXTURES, corpusPresent, missingTools, run } from '../../helpers/env.js';
import { SHIM, WrappedSet } from './wrap-harness.js';

const set = new WrappedSet();
afterAll(() => set.dispose());
const entry = (apk: string, name: string): Buffer => {
  const out = join(set.dir, `x-${Math.random().toString(36).slice(2)}`);
  mkdirSync(out);
  run('unzip', ['-q', apk, name, '-d', out]);
  return readFileSync(join(out, name));
};

describe.skipIf(missingTools('wrap shim vs dexdump/aapt', 'dexdump', 'aapt', 'unzip', 'zip'))('the runtime inside the wrapped APK', () => {
  it('the shim classes are in the next classesN.dex (dexdump), after the app\'s own DEX files', () => {
    const w = set.get(join(FIXTURES, 'android', 'sample-multidex.apk'));
    const names = run('unzip', ['-Z1', w.output]).split('\n').filter((n) => /^classes\d*\.dex$/.test(n));
    const before = run('unzip', ['-Z1', w.input]).split('\n').filter((n) => /^classes\d*\.dex$/.test(n));
    expect(w.report!.shim.dex).toBe(`classes${before.length + 1}.dex`);
    expect(names.sort()).toEqual([...before, w.report!.shim.dex].sort());
    const dexPath = join(set.dir, 'shim.dex');
    writeFileSync(dexPath, entry(w.output, w.report!.shim.dex));
    const dump = run('dexdump', [dexPath]);
    const descriptor = `L${SHIM.providerClass.replace(/\./g, '/')};`;
    expect(dump).toContain(`Class descriptor  : '${descriptor}'`);
    expect(createHash('sha256').update(readFileSync(dexPath)).digest('hex')).toBe(SHIM.dex.sha256);
  });

  it('the policy asset hashes to the digest of the marker that aapt reads', () => {
    const w = set.get(join(FIXTURES, 'android', 'sample.apk'));
    const marker = /A: android:value\(0x01010024\)="mam [^;]+; policy-sha256=([0-9a-f]{64})"/.exec(run('aapt', ['dump', 'xmltree', w.output, 'AndroidManifest.xml']))![1];
    expect(createHash('sha256').update(entry(w.output, 'assets/mam/policy.json')).digest('hex')).toBe(marker);
  });

  it('an app with android:hasCode="false" and no DEX: the shim becomes classes.dex and hasCode turns true', () => {
    const work = join(set.dir, 'nocode');
    mkdirSync(work);
    const apk = join(work, 'nocode.apk');
    copyFileSync(join(FIXTURES, 'android', 'sample.apk'), apk);
    const doc = parseAxml(entry(apk, 'AndroidManifest.xml'));
    setAttribute(doc, ensureApplication(doc).application, { name: 'hasCode', resourceId: 0x0101000c, value: { type: 'boolean', value: false } });
    writeFileSync(join(work, 'AndroidManifest.xml'), serializeAxml(doc));
    run('zip', ['-q', '-X', apk, 'AndroidManifest.xml'], { cwd: work });
    run('zip', ['-q', '-d', apk, 'classes.dex']);
    const w = set.get(apk);
    expect(w.error).toBeUndefined();
    expect(w.report!.shim.dex).toBe('classes.dex');
    const tree = run('aapt', ['dump', 'xmltree', w.output, 'AndroidManifest.xml']);
    expect(tree).toMatch(/A: android:hasCode\(0x0101000c\)=\(type 0x12\)0xffffffff/);
    expect(w.report!.base.manifestChanges.some((c) => c.includes('hasCode'))).toBe(true);
  });

  it.skipIf(!corpusPresent('wrap of an app without DEX'))('an app without DEX and no hasCode attribute (fallingblocks): the shim becomes classes.dex, hasCode untouched', () => {
    const w = set.get(join(CORPUS, 'android', 'fdroid-org.sajeg.fallingblocks_3.apk'));
    expect(w.report!.shim.dex).toBe('classes.dex');
    expect(run('aapt', ['dump', 'xmltree', w.output, 'AndroidManifest.xml'])).not.toContain('hasCode');
  });
});

// apktool-issue2701-4dex.apk is not in the subset: Debian's apktool fails on the unwrapped input too (resource table).
const APKTOOL_SUBSET = ['fixtures/android/sample-minsdk19.apk', 'corpus/fdroid-org.sajeg.fallingblocks_3.apk', 'corpus/androguard-TestActivity_signed_both.apk', 'corpus/fdroid-urzip-badsig.apk', 'corpus/uber-apk-signer-app-third-v1.apk'];

describe.skipIf(missingTools('wrap vs apktool', 'apktool') || !corpusPresent('wrap vs apktool'))('apktool d decodes wrapped APKs', () => {
  it('decodes a subset without error and sees the provider and marker', async () => {
    const paths = APKTOOL_SUBSET.map((p) => (p.startsWith('corpus/') ? join(CORPUS, 'android', p.slice(7)) : join(FIXTURES, '..', p)));
    const env = { ...process.env, HOME: set.dir };
    await Promise.all(paths.map(async (p, i) => {
      const w = set.get(p);
      const out = join(set.dir, `apktool-${i}`);
      await promisify(execFile)('apktool', [`-JDuser.home=${set.dir}`, '-JXX:TieredStopAtLevel=1', '-JXX:+UseSerialGC', 'd', '-f', '-s', '-o', out, w.output], { env, maxBuffer: 64 << 20 });
      const xml = readFileSync(join(out, 'AndroidManifest.xml'), 'utf8');
      expect(xml, p).toContain(`android:name="${SHIM.providerClass}"`);
      expect(xml, p).toContain(`policy-sha256=${w.report!.policy.sha256}`);
    }));
  }, 180_000);
});
