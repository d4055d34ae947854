// The committed Android runtime artifact (runtime-shims/android): its recorded hash, a byte-exact rebuild
// from the smali sources, the DEX checksum (dexdump -c), disassembly (baksmali), and the hooks table
// checked against the method table that dexdump reads out of the DEX.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, missingTools, run } from '../helpers/env.js';

const SHIM = join(ROOT, 'runtime-shims', 'android');
const DEX = join(SHIM, 'mam-runtime.dex');

interface ShimManifest {
  dex: { file: string; sha256: string; size: number; smali: string; api: number };
  providerClass: string;
  hooks: string;
}
interface MethodRef { class: string; name: string; descriptor: string }
interface Hook {
  group: 'camera' | 'file-encryption' | 'network';
  kind: 'invoke-static-redirect' | 'constructor-factory';
  target: MethodRef & { invoke: 'static' | 'virtual' | 'direct' | 'interface' };
  replacement: MethodRef;
}

const manifest = JSON.parse(readFileSync(join(SHIM, 'shim-manifest.json'), 'utf8')) as ShimManifest;
const hooks = (JSON.parse(readFileSync(join(SHIM, manifest.hooks), 'utf8')) as { hooks: Hook[] }).hooks;
const scratch = mkdtempSync(join(tmpdir(), 'mam-dex-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** "Lcom/x/Y;" + name + descriptor -> access flags, from `dexdump` (one entry per defined method). */
function dexdumpMethods(dex: string): Map<string, number> {
  const out = new Map<string, number>();
  let cls = '';
  let name = '';
  let type = '';
  for (const line of run('dexdump', [dex]).split('\n')) {
    const c = /^\s*Class descriptor\s*: '(.*)'/.exec(line);
    if (c) cls = c[1]!;
    const n = /^\s*name\s*: '(.*)'/.exec(line);
    if (n) name = n[1]!;
    const t = /^\s*type\s*: '(.*)'/.exec(line);
    if (t) type = t[1]!;
    const a = /^\s*access\s*: 0x([0-9a-f]+)/.exec(line);
    if (a && type.startsWith('(')) out.set(`${cls}->${name}${type}`, parseInt(a[1]!, 16));
  }
  return out;
}

/** The descriptor a replacement must have for its target (receiver first; constructors return the class). */
function expectedReplacementDescriptor(h: Hook): string {
  const args = h.target.descriptor.slice(1, h.target.descriptor.indexOf(')'));
  const ret = h.target.descriptor.slice(h.target.descriptor.indexOf(')') + 1);
  if (h.kind === 'constructor-factory') return `(${args})${h.target.class}`;
  if (h.target.invoke === 'static') return h.target.descriptor;
  return `(${h.target.class}${args})${ret}`;
}

const ACC_PUBLIC = 0x1;
const ACC_STATIC = 0x8;

describe('committed Android runtime DEX', () => {
  it('matches the SHA-256 and size recorded in shim-manifest.json', () => {
    const bytes = readFileSync(DEX);
    expect(manifest.dex.file).toBe('mam-runtime.dex');
    expect(bytes.length).toBe(manifest.dex.size);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(manifest.dex.sha256);
  });

  it.skipIf(missingTools('android shim rebuild', 'smali'))('is rebuilt byte for byte from its smali sources', () => {
    const out = join(scratch, 'rebuild');
    run('sh', [join(SHIM, 'build.sh'), out]);
    expect(Buffer.compare(readFileSync(join(out, 'mam-runtime.dex')), readFileSync(DEX))).toBe(0);
    expect(readFileSync(join(out, 'shim-manifest.json'), 'utf8')).toBe(readFileSync(join(SHIM, 'shim-manifest.json'), 'utf8'));
  });

  it.skipIf(missingTools('dexdump checksum', 'dexdump'))('passes dexdump -c (Adler-32 checksum)', () => {
    expect(run('dexdump', ['-c', DEX])).toContain('Checksum verified');
  });

  it.skipIf(missingTools('baksmali disassembly', 'baksmali'))('disassembles with baksmali into one file per class', () => {
    const out = join(scratch, 'baksmali');
    run('baksmali', ['d', '-o', out, DEX]);
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const n of readdirSync(d)) (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : files.push(n));
    };
    walk(out);
    const sources = readdirSync(join(SHIM, 'smali', 'com', 'mam', 'runtime')).filter((n) => n.endsWith('.smali'));
    expect(files.sort()).toEqual(sources.sort());
    const bootstrap = readFileSync(join(out, 'com', 'mam', 'runtime', 'Bootstrap.smali'), 'utf8');
    expect(bootstrap).toContain('.super Landroid/content/ContentProvider;');
    expect(bootstrap).toMatch(/\.method public onCreate\(\)Z/);
  });

  it.skipIf(missingTools('dexdump method table', 'dexdump'))('declares the provider class named in the manifest', () => {
    const dump = run('dexdump', [DEX]);
    const descriptor = `L${manifest.providerClass.replace(/\./g, '/')};`;
    const block = dump.slice(dump.indexOf(`Class descriptor  : '${descriptor}'`));
    expect(block).toMatch(/^[^\n]*\n[^\n]*\n\s*Superclass\s*: 'Landroid\/content\/ContentProvider;'/);
  });
});

describe('hooks.json', () => {
  it('lists camera, file-encryption and network hooks, each target once', () => {
    expect(new Set(hooks.map((h) => h.group))).toEqual(new Set(['camera', 'file-encryption', 'network']));
    const targets = hooks.map((h) => `${h.target.class}->${h.target.name}${h.target.descriptor}`);
    expect(new Set(targets).size).toBe(targets.length);
    for (const h of hooks) {
      expect(h.kind === 'constructor-factory').toBe(h.target.name === '<init>');
      if (h.kind === 'constructor-factory') expect(h.target.invoke).toBe('direct');
    }
  });

  it('gives each replacement the target descriptor with the receiver first (constructors: the class returned)', () => {
    for (const h of hooks) expect(h.replacement.descriptor, `${h.target.class}->${h.target.name}`).toBe(expectedReplacementDescriptor(h));
  });

  it.skipIf(missingTools('hooks vs DEX method table', 'dexdump'))('names only public static methods that the DEX defines', () => {
    const methods = dexdumpMethods(DEX);
    for (const h of hooks) {
      const key = `${h.replacement.class}->${h.replacement.name}${h.replacement.descriptor}`;
      const flags = methods.get(key);
      expect(flags, key).toBeDefined();
      expect(flags! & (ACC_PUBLIC | ACC_STATIC), key).toBe(ACC_PUBLIC | ACC_STATIC);
    }
  });
});
