import { lstatSync, mkdtempSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPresent, missingTools, run } from '../../helpers/env.js';
import { parsePlist } from '../../../src/ios/plist/plist.js';
import { plistEquals, type PlistDict, type PlistValue } from '../../../src/ios/plist/plist-value.js';
import { buildCodeResources, defaultIosRules, defaultIosRules2, serializeCodeResources, type BundleFile } from '../../../src/ios/sign/code-resources.js';
import { unpackIosCorpus, walkFiles } from './corpus-signatures.js';

const hasCorpus = corpusPresent('CodeResources vs corpus bundles');

function bundleFiles(bundle: string): BundleFile[] {
  return walkFiles(bundle).map((p) => {
    const path = relative(bundle, p);
    return lstatSync(p).isSymbolicLink() ? { path, isSymlink: true, target: readlinkSync(p) } : { path, read: () => new Uint8Array(readFileSync(p)) };
  });
}

const dict = (v: PlistValue | undefined): PlistDict => (v?.type === 'dict' ? v : { type: 'dict', entries: new Map() });

/** Regenerates a bundle's seal with the rules and digest set its real CodeResources uses. */
function regenerate(bundle: string, real: PlistDict): PlistDict {
  const info = dict(parsePlist(new Uint8Array(readFileSync(join(bundle, 'Info.plist')))).root);
  const exe = info.entries.get('CFBundleExecutable');
  const realFiles2 = [...dict(real.entries.get('files2')).entries.values()];
  const has = (k: string): boolean => realFiles2.some((v) => v.type === 'dict' && v.entries.has(k));
  return buildCodeResources({
    files: bundleFiles(bundle),
    mainExecutable: exe?.type === 'string' ? exe.value : undefined,
    rules: dict(real.entries.get('rules')),
    rules2: dict(real.entries.get('rules2')),
    version: real.entries.has('files2') ? 2 : 1,
    files2Digests: [...(has('hash') ? ['sha1' as const] : []), ...(has('hash2') ? ['sha256' as const] : [])],
  });
}

/** Entry-by-entry comparison; entries naming files the corpus snapshot left out (SOURCES.md) are counted apart. */
function compareSeals(bundle: string, real: PlistDict, ours: PlistDict): { entries: number; matched: number; absent: number; mismatches: string[] } {
  const present = walkFiles(bundle).map((p) => relative(bundle, p));
  const out = { entries: 0, matched: 0, absent: 0, mismatches: [] as string[] };
  for (const key of ['files', 'files2']) {
    const r = dict(real.entries.get(key));
    const o = dict(ours.entries.get(key));
    for (const [k, v] of r.entries) {
      if (!present.some((p) => p === k || p.startsWith(k + '/'))) {
        out.absent++;
        continue;
      }
      out.entries++;
      if (o.entries.has(k) && plistEquals(o.entries.get(k)!, v)) out.matched++;
      else out.mismatches.push(`${key}/${k} ${o.entries.has(k) ? 'differs' : 'missing'}`);
    }
    for (const k of o.entries.keys()) if (!r.entries.has(k)) out.mismatches.push(`${key}/${k} extra`);
  }
  return out;
}

describe('CodeResources', () => {
  it.skipIf(!hasCorpus)('regenerates files and files2 of every corpus bundle from its files (the real CodeResources is the oracle)', () => {
    const seals = walkFiles(unpackIosCorpus()).filter((p) => p.endsWith('/_CodeSignature/CodeResources'));
    expect(seals.length).toBeGreaterThan(20);
    const totals = { exact: 0, entries: 0, matched: 0 };
    const differing: string[] = [];
    const incomplete: string[] = [];
    for (const seal of seals) {
      const bundle = dirname(dirname(seal));
      const name = relative(unpackIosCorpus(), bundle);
      const real = dict(parsePlist(new Uint8Array(readFileSync(seal))).root);
      const ours = regenerate(bundle, real);
      const c = compareSeals(bundle, real, ours);
      totals.entries += c.entries;
      totals.matched += c.matched;
      if (c.mismatches.length) differing.push(`${name}: ${c.mismatches.slice(0, 3).join(', ')}`);
      if (c.absent) incomplete.push(`${name} (${c.absent} entries name files absent from the snapshot)`);
      else if (Buffer.compare(serializeCodeResources(ours), readFileSync(seal)) === 0) totals.exact++;
    }
    console.log(
      `CodeResources: ${totals.exact}/${seals.length} bundles byte-identical; ${totals.matched}/${totals.entries} entries of present files equal; ` +
        `differing: ${differing.join('; ') || 'none'}; incomplete snapshots: ${incomplete.join('; ') || 'none'}`,
    );
    expect(differing).toEqual([]);
    expect(totals.exact).toBe(seals.length - incomplete.length);
  });

  it.skipIf(!hasCorpus)('has the default iOS rules and rules2 exactly as modern Xcode writes them', () => {
    const real = dict(parsePlist(new Uint8Array(readFileSync(join(unpackIosCorpus(), 'isign-xcode11-Test.ipa/Payload/IsignTestApp.app/_CodeSignature/CodeResources')))).root);
    expect(plistEquals(defaultIosRules(), real.entries.get('rules')!)).toBe(true);
    expect(plistEquals(defaultIosRules2(), real.entries.get('rules2')!)).toBe(true);
  });

  it.skipIf(missingTools('CodeResources plist oracle', 'plistutil'))('seals optional localized resources, symlinks and nested code, in a plist plistutil reads', () => {
    const files: BundleFile[] = [
      { path: 'App', bytes: Uint8Array.of(1) },
      { path: 'Info.plist', bytes: Uint8Array.of(2) },
      { path: 'en.lproj/Main.strings', bytes: Uint8Array.of(3) },
      { path: 'Base.lproj/Main.nib', bytes: Uint8Array.of(4) },
      { path: 'link', isSymlink: true, target: 'Base.lproj/Main.nib' },
      { path: '_CodeSignature/CodeResources', bytes: Uint8Array.of(5) },
      { path: 'PlugIns/Share.appex/Share', bytes: Uint8Array.of(6) },
    ];
    const rules2 = defaultIosRules2();
    rules2.entries.set('^PlugIns/', { type: 'dict', entries: new Map<string, PlistValue>([['nested', { type: 'boolean', value: true }], ['weight', { type: 'real', value: 10 }]]) });
    const res = buildCodeResources({ files, mainExecutable: 'App', rules2, nested: [{ path: 'PlugIns/Share.appex', cdhash: new Uint8Array(20).fill(7), requirement: 'identifier "x"' }] });
    const file = join(mkdtempSync(join(tmpdir(), 'mam-cr-')), 'CodeResources');
    writeFileSync(file, serializeCodeResources(res));
    const xml = run('plistutil', ['-i', file, '-f', 'xml']);
    expect(xml).toContain('<key>PlugIns/Share.appex</key>');
    const f1 = dict(res.entries.get('files'));
    const f2 = dict(res.entries.get('files2'));
    expect([...f1.entries.keys()]).toEqual(['Base.lproj/Main.nib', 'Info.plist', 'PlugIns/Share.appex/Share', 'en.lproj/Main.strings', 'link']);
    expect([...f2.entries.keys()]).toEqual(['Base.lproj/Main.nib', 'PlugIns/Share.appex', 'en.lproj/Main.strings', 'link']);
    expect(dict(f1.entries.get('en.lproj/Main.strings')).entries.get('optional')).toEqual({ type: 'boolean', value: true });
    expect(dict(f2.entries.get('link')).entries.get('symlink')).toEqual({ type: 'string', value: 'Base.lproj/Main.nib' });
    expect([...dict(f2.entries.get('PlugIns/Share.appex')).entries.keys()]).toEqual(['cdhash', 'requirement']);
  });
});
