// Checks a bundle's resource seal, `_CodeSignature/CodeResources`, against the files on disk, as
// codesign --verify does (Security framework ResourceBuilder / StaticCode::validateResources):
// with `files2` and `rules2` when present (resource version 2), else `files` and `rules`.
//   - every sealed file is present (IOS_RESOURCE_MISSING, unless marked optional) with the sealed
//     digests: hash2 (SHA-256) and hash (SHA-1), or the v1 data (SHA-1) (IOS_RESOURCE_MODIFIED);
//   - a sealed symlink is a symlink to the same target;
//   - nested code entries ({ cdhash, requirement }) match the nested code's own signature;
//   - no file that the rules say must be sealed is left out (IOS_RESOURCE_ADDED).
// The bundle's main executable and its own _CodeSignature/ are sealed by the CodeDirectory, not here.

import { bytesEqual } from '../../core/byte-writer.js';
import { isMamError, type Issue } from '../../core/errors.js';
import { parsePlist } from '../plist/plist.js';
import type { PlistDict, PlistValue } from '../plist/plist-value.js';
import { compileRules } from '../sign/code-resources.js';

export interface SealedFile {
  /** Relative to the bundle root. */
  path: string;
  symlinkTarget?: string;
}

export interface FileDigests {
  sha1: Uint8Array;
  sha256: Uint8Array;
}

export interface NestedCodeFacts {
  /** CDHashes of every code directory of every slice of the nested code's executable. */
  cdHashes: Uint8Array[];
  /** Its designated requirement, as text, when it has an explicit one. */
  requirement?: string;
}

export interface CodeResourcesCheckInput {
  /** The CodeResources bytes. */
  seal: Uint8Array;
  /** Every file of the bundle (nested bundles' files included), paths relative to the bundle root. */
  files: readonly SealedFile[];
  mainExecutable?: string;
  digests(path: string): FileDigests;
  /** The nested code at a path relative to the bundle root (a bundle folder or a loose Mach-O). */
  nestedCode(path: string): NestedCodeFacts | undefined;
  /** Prefixed to paths in issues ("" for the top bundle, "Frameworks/X.framework/" for a nested one). */
  where: string;
}

type Rule = ReturnType<typeof compileRules>[number];

const error = (code: string, message: string, where: string): Issue => ({ code, severity: 'error', message, where });
const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function dictAt(d: PlistDict, key: string): PlistDict | undefined {
  const v = d.entries.get(key);
  return v?.type === 'dict' ? v : undefined;
}

function dataAt(d: PlistDict, key: string): Uint8Array | undefined {
  const v = d.entries.get(key);
  return v?.type === 'data' ? v.value : undefined;
}

/** The rule of highest weight that matches; on equal weight an omitting rule wins (ResourceBuilder). */
function bestRule(rules: readonly Rule[], path: string): Rule | undefined {
  let best: Rule | undefined;
  for (const rule of rules) {
    if (!rule.pattern.test(path)) continue;
    if (!best || rule.weight > best.weight || (rule.weight === best.weight && rule.omit && !best.omit)) best = rule;
  }
  return best;
}

function isOwnedBySignature(path: string, mainExecutable: string | undefined): boolean {
  return path === mainExecutable || path === '_CodeSignature' || path.startsWith('_CodeSignature/');
}

function checkFileEntry(key: string, entry: PlistValue, file: SealedFile, input: CodeResourcesCheckInput): Issue | undefined {
  const where = input.where + key;
  const dict = entry.type === 'dict' ? entry : undefined;
  const symlink = dict?.entries.get('symlink');
  if (symlink?.type === 'string') {
    return file.symlinkTarget === symlink.value ? undefined : error('IOS_RESOURCE_MODIFIED', `sealed as a symlink to ${JSON.stringify(symlink.value)}, found ${file.symlinkTarget === undefined ? 'a regular file' : `a symlink to ${JSON.stringify(file.symlinkTarget)}`}`, where);
  }
  const d = input.digests(file.path);
  const checks: [string, Uint8Array | undefined, Uint8Array][] = dict
    ? [['SHA-256', dataAt(dict, 'hash2'), d.sha256], ['SHA-1', dataAt(dict, 'hash'), d.sha1]]
    : [['SHA-1', entry.type === 'data' ? entry.value : undefined, d.sha1]];
  const present = checks.filter(([, want]) => want);
  if (present.length === 0) return error('IOS_CODE_RESOURCES_MALFORMED', 'sealed entry carries no hash', where);
  const wrong = present.find(([, want, got]) => !bytesEqual(want!, got));
  return wrong ? error('IOS_RESOURCE_MODIFIED', `${wrong[0]} is ${hexOf(wrong[2])}, sealed ${hexOf(wrong[1]!)}`, where) : undefined;
}

function checkNestedEntry(key: string, entry: PlistDict, input: CodeResourcesCheckInput): Issue[] {
  const where = input.where + key;
  const nested = input.nestedCode(key);
  const want = dataAt(entry, 'cdhash');
  if (!nested) return [error('IOS_RESOURCE_MISSING', 'sealed nested code is absent or has no signed executable', where)];
  const out: Issue[] = [];
  if (!want || !nested.cdHashes.some((h) => bytesEqual(h, want))) {
    out.push(error('IOS_NESTED_CODE_MODIFIED', `sealed cdhash ${want ? hexOf(want) : '(none)'} is none of the nested code's CDHashes ${nested.cdHashes.map(hexOf).join(', ')}`, where));
  }
  const req = entry.entries.get('requirement');
  if (req?.type === 'string' && nested.requirement !== undefined && req.value !== nested.requirement) {
    out.push({ code: 'IOS_NESTED_REQUIREMENT_MISMATCH', severity: 'warning', message: `sealed requirement ${JSON.stringify(req.value)} differs from the nested code's designated requirement ${JSON.stringify(nested.requirement)}`, where });
  }
  return out;
}

function readSeal(seal: Uint8Array, where: string): { sealed: PlistDict; rules: Rule[] } | Issue {
  try {
    const root = parsePlist(seal).root;
    if (root.type !== 'dict') return error('IOS_CODE_RESOURCES_MALFORMED', `root is a ${root.type}, expected a dict`, where);
    const v2 = dictAt(root, 'files2');
    const sealed = v2 ?? dictAt(root, 'files');
    const rules = v2 ? dictAt(root, 'rules2') : dictAt(root, 'rules');
    if (!sealed || !rules) return error('IOS_CODE_RESOURCES_MALFORMED', 'expected files2 and rules2, or files and rules', where);
    return { sealed, rules: compileRules(rules) };
  } catch (e) {
    if (!isMamError(e)) throw e;
    return error('IOS_CODE_RESOURCES_MALFORMED', `${e.code}: ${e.message}`, where);
  }
}

export function checkCodeResources(input: CodeResourcesCheckInput): Issue[] {
  const sealWhere = `${input.where}_CodeSignature/CodeResources`;
  const seal = readSeal(input.seal, sealWhere);
  if ('code' in seal) return [seal];
  const byPath = new Map(input.files.map((f) => [f.path, f]));
  const issues: Issue[] = [];
  const nestedKeys: string[] = [];
  for (const [key, entry] of seal.sealed.entries) {
    if (entry.type === 'dict' && entry.entries.has('cdhash')) {
      nestedKeys.push(key);
      issues.push(...checkNestedEntry(key, entry, input));
      continue;
    }
    const file = byPath.get(key);
    const optional = entry.type === 'dict' && entry.entries.get('optional')?.type === 'boolean' && (entry.entries.get('optional') as { value: boolean }).value;
    if (!file) {
      if (!optional) issues.push(error('IOS_RESOURCE_MISSING', 'sealed by CodeResources but not in the bundle', input.where + key));
      continue;
    }
    const issue = checkFileEntry(key, entry, file, input);
    if (issue) issues.push(issue);
  }
  for (const f of input.files) {
    if (isOwnedBySignature(f.path, input.mainExecutable) || seal.sealed.entries.has(f.path)) continue;
    if (nestedKeys.some((k) => f.path.startsWith(k + '/'))) continue;
    const rule = bestRule(seal.rules, f.path);
    if (rule && !rule.omit) issues.push(error('IOS_RESOURCE_ADDED', 'in the bundle but not sealed by CodeResources', input.where + f.path));
  }
  return issues;
}
