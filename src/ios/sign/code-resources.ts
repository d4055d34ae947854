// `_CodeSignature/CodeResources`: the resource seal of a bundle, as Apple's codesign writes it
// (Security framework ResourceBuilder / resources.cpp; layout checked against the corpus bundles).
// An XML plist { files, files2, rules, rules2 }:
//   files  (v1, `rules`):  path → SHA-1 data, or { hash, optional } for optional resources
//   files2 (v2, `rules2`): path → { hash (SHA-1, only when the signature carries SHA-1), hash2 (SHA-256),
//                          optional? } | { symlink: target } | nested code → { cdhash, requirement };
//                          SHA-1-only signatures (Xcode 6) write plain entries in the v1 form

// Each path takes the matching rule of highest weight; `omit` leaves it out. The main executable and the
// bundle's own _CodeSignature/ are never listed (the CodeDirectory seals them); Info.plist is omitted from
// files2 by the default rules (special slot 1 seals it).

import { SigningError } from '../../core/errors.js';
import { plist, type PlistDict, type PlistValue } from '../plist/plist-value.js';
import { APPLE_XML_PLIST_STYLE, serializeXmlPlist } from '../plist/xml-serialize.js';
import { digestBytes, type ContentDigests } from './streamed-bundle-tree.js';

export interface BundleFile {
  /** Path relative to the bundle root, '/'-separated. */
  path: string;
  bytes?: Uint8Array;
  /** Lazy content, for large files. */
  read?: () => Uint8Array;
  /** SHA-1 and SHA-256 of the content, computed without materializing it (streamed). */
  digests?: () => ContentDigests;
  isSymlink?: boolean;
  /** Symlink target, as stored in the link. */
  target?: string;
}

export interface NestedCode {
  /** Path of the nested bundle or loose Mach-O, relative to the bundle root. */
  path: string;
  cdhash: Uint8Array;
  /** Designated requirement text (requirementToText). */
  requirement: string;
}

export interface CodeResourcesInput {
  files: readonly BundleFile[];
  /** CFBundleExecutable, relative to the bundle root. */
  mainExecutable?: string;
  nested?: readonly NestedCode[];
  rules?: PlistDict;
  rules2?: PlistDict;
  /**
   * Digests of files2 entries: `hash` (SHA-1) is written when the signature has a SHA-1 CodeDirectory,
   * `hash2` (SHA-256) when it has a SHA-256 one. Default: SHA-256 only.
   */
  files2Digests?: readonly ('sha1' | 'sha256')[];
  /** 1: the pre-2013 seal with only `files` and `rules`. Default 2. */
  version?: 1 | 2;
}

const r = (weight: number, flags: { omit?: boolean; optional?: boolean; nested?: boolean } = {}): PlistValue => {
  const d = plist.dict();
  if (flags.nested) d.entries.set('nested', plist.boolean(true));
  if (flags.omit) d.entries.set('omit', plist.boolean(true));
  if (flags.optional) d.entries.set('optional', plist.boolean(true));
  d.entries.set('weight', plist.real(weight));
  return d;
};

/** The iOS rules codesign writes (Xcode 10 and later). */
export function defaultIosRules(): PlistDict {
  return plist.dict([
    ['^.*', plist.boolean(true)],
    ['^.*\\.lproj/', r(1000, { optional: true })],
    ['^.*\\.lproj/locversion.plist$', r(1100, { omit: true })],
    ['^Base\\.lproj/', r(1010)],
    ['^version.plist$', plist.boolean(true)],
  ]);
}

export function defaultIosRules2(): PlistDict {
  return plist.dict([
    ['.*\\.dSYM($|/)', r(11)],
    ['^(.*/)?\\.DS_Store$', r(2000, { omit: true })],
    ['^.*', plist.boolean(true)],
    ['^.*\\.lproj/', r(1000, { optional: true })],
    ['^.*\\.lproj/locversion.plist$', r(1100, { omit: true })],
    ['^Base\\.lproj/', r(1010)],
    ['^Info\\.plist$', r(20, { omit: true })],
    ['^PkgInfo$', r(20, { omit: true })],
    ['^embedded\\.provisionprofile$', r(20)],
    ['^version\\.plist$', r(20)],
  ]);
}

interface Rule {
  pattern: RegExp;
  weight: number;
  omit: boolean;
  optional: boolean;
  nested: boolean;
}

function flag(d: PlistDict, key: string): boolean {
  const v = d.entries.get(key);
  return v?.type === 'boolean' && v.value;
}

/** Rules in dictionary order; a bare `true` has weight 1 (ResourceBuilder's default). */
export function compileRules(rules: PlistDict): Rule[] {
  return [...rules.entries].map(([pattern, v]) => {
    let re: RegExp;
    try {
      re = new RegExp(pattern);
    } catch (e) {
      throw new SigningError('CODE_RESOURCES_BAD_RULE', `resource rule ${JSON.stringify(pattern)} is not a valid regular expression`, {}, { cause: e });
    }
    if (v.type !== 'dict') return { pattern: re, weight: 1, omit: false, optional: false, nested: false };
    const w = v.entries.get('weight');
    const weight = w?.type === 'real' || w?.type === 'integer' ? Number(w.value) : 1;
    return { pattern: re, weight, omit: flag(v, 'omit'), optional: flag(v, 'optional'), nested: flag(v, 'nested') };
  });
}

/** The matching rule of highest weight; on equal weight an omitting rule wins (codesign omits Info.plist
 * under the old rules, where `^` and `^Info\.plist$` both weigh 20). */
function bestRule(rules: readonly Rule[], path: string): Rule | undefined {
  let best: Rule | undefined;
  for (const rule of rules) {
    if (!rule.pattern.test(path)) continue;
    if (!best || rule.weight > best.weight || (rule.weight === best.weight && rule.omit && !best.omit)) best = rule;
  }
  return best;
}

function hashesOf(f: BundleFile): ContentDigests {
  if (f.isSymlink) return digestBytes(new Uint8Array(Buffer.from(f.target ?? '', 'utf8')));
  if (f.digests) return f.digests();
  const b = f.bytes ?? f.read?.();
  if (!b) throw new SigningError('CODE_RESOURCES_NO_CONTENT', `bundle file ${f.path} has neither bytes nor a reader`);
  return digestBytes(b);
}

function sortedDict(entries: Map<string, PlistValue>): PlistDict {
  return plist.dict([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function fileEntry2(f: BundleFile, h: ContentDigests, rule: Rule, digests: readonly string[]): PlistValue {
  if (f.isSymlink) return plist.dict([['symlink', plist.string(f.target ?? '')]]);
  if (digests.length === 1 && digests[0] === 'sha1') return fileEntry1(h, rule);
  const d = plist.dict();
  if (digests.includes('sha1')) d.entries.set('hash', plist.data(h.sha1));
  if (digests.includes('sha256')) d.entries.set('hash2', plist.data(h.sha256));
  if (rule.optional) d.entries.set('optional', plist.boolean(true));
  return d;
}

function fileEntry1(h: ContentDigests, rule: Rule): PlistValue {
  const hash = plist.data(h.sha1);
  return rule.optional ? plist.dict([['hash', hash], ['optional', plist.boolean(true)]]) : hash;
}

const EMPTY_DIGESTS: ContentDigests = { sha1: new Uint8Array(0), sha256: new Uint8Array(0) };

function isSealedBySignature(path: string, mainExecutable: string | undefined): boolean {
  return path === mainExecutable || path === '_CodeSignature' || path.startsWith('_CodeSignature/');
}

/** The CodeResources dictionary for a bundle's files. */
export function buildCodeResources(input: CodeResourcesInput): PlistDict {
  const rules = input.rules ?? defaultIosRules();
  const rules2 = input.rules2 ?? defaultIosRules2();
  const v1 = compileRules(rules);
  const v2 = compileRules(rules2);
  const files = new Map<string, PlistValue>();
  const files2 = new Map<string, PlistValue>();
  const nested = input.nested ?? [];
  for (const f of input.files) {
    if (isSealedBySignature(f.path, input.mainExecutable)) continue;
    const code = nested.find((n) => f.path === n.path || f.path.startsWith(n.path + '/'));
    let hashes: ContentDigests | undefined;
    const h = (): ContentDigests => (hashes ??= hashesOf(f));
    const rule1 = bestRule(v1, f.path);
    if (rule1 && !rule1.omit) files.set(f.path, fileEntry1(h(), rule1));
    const codeRule = code && bestRule(v2, code.path);
    if (code && codeRule?.nested) {
      if (!codeRule.omit) files2.set(code.path, plist.dict([['cdhash', plist.data(code.cdhash)], ['requirement', plist.string(code.requirement)]]));
      continue;
    }
    const rule2 = bestRule(v2, f.path);
    if (rule2 && !rule2.omit) files2.set(f.path, fileEntry2(f, f.isSymlink ? EMPTY_DIGESTS : h(), rule2, input.files2Digests ?? ['sha256']));
  }
  if (input.version === 1) return plist.dict([['files', sortedDict(files)], ['rules', rules]]);
  return plist.dict([
    ['files', sortedDict(files)],
    ['files2', sortedDict(files2)],
    ['rules', rules],
    ['rules2', rules2],
  ]);
}

/** CodeResources as codesign writes the file: XML plist in CFPropertyList's layout. */
export function serializeCodeResources(resources: PlistDict): Uint8Array {
  return serializeXmlPlist(resources, APPLE_XML_PLIST_STYLE);
}
