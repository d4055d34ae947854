// Reading and editing values by key path ("CFBundleIdentifier", ["UIBackgroundModes", 0],
// ["Entitlements", "keychain-access-groups"]). Edits keep the order of existing keys; a new key is
// appended at the end of its dict, as Xcode and PlistBuddy do.

import { MalformedInputError, UsageError } from '../../core/errors.js';
import type { PlistDict, PlistValue } from './plist-value.js';

export type PlistKeyPath = string | readonly (string | number)[];

function steps(path: PlistKeyPath): readonly (string | number)[] {
  return typeof path === 'string' ? [path] : path;
}

function child(v: PlistValue | undefined, step: string | number): PlistValue | undefined {
  if (v?.type === 'dict' && typeof step === 'string') return v.entries.get(step);
  if (v?.type === 'array' && typeof step === 'number') return v.items[step];
  return undefined;
}

/** The value at a key path, or undefined when any step is missing or of the wrong kind. */
export function getPlistValue(root: PlistValue, path: PlistKeyPath): PlistValue | undefined {
  let v: PlistValue | undefined = root;
  for (const s of steps(path)) v = child(v, s);
  return v;
}

/** The string at a key path, or undefined when absent or not a string. */
export function getPlistString(root: PlistValue, path: PlistKeyPath): string | undefined {
  const v = getPlistValue(root, path);
  return v?.type === 'string' ? v.value : undefined;
}

function describe(path: readonly (string | number)[], n: number): string {
  return path.slice(0, n).map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('') || '(root)';
}

/**
 * Sets the value at a key path. Missing dicts along a string path are created (appended); replacing a
 * key keeps its position. Throws PLIST_PATH_NOT_CONTAINER when a step crosses a non-container and
 * PLIST_PATH_INDEX_OUT_OF_RANGE for an array index past the end (index = length appends).
 */
export function setPlistValue(root: PlistValue, path: PlistKeyPath, value: PlistValue): void {
  const p = steps(path);
  if (p.length === 0) throw new UsageError('PLIST_PATH_EMPTY', 'cannot replace the root through a key path');
  let v: PlistValue = root;
  for (let i = 0; i < p.length - 1; i++) {
    let next = child(v, p[i]!);
    if (next === undefined && v.type === 'dict' && typeof p[i] === 'string') {
      next = { type: 'dict', entries: new Map() };
      v.entries.set(p[i] as string, next);
    }
    if (next === undefined) throw notContainer(p, i, v);
    v = next;
  }
  const last = p[p.length - 1]!;
  if (v.type === 'dict' && typeof last === 'string') v.entries.set(last, value);
  else if (v.type === 'array' && typeof last === 'number') {
    if (!Number.isInteger(last) || last < 0 || last > v.items.length) {
      throw new UsageError('PLIST_PATH_INDEX_OUT_OF_RANGE', `index ${last} at ${describe(p, p.length - 1)} is outside 0..${v.items.length}`);
    }
    v.items[last] = value;
  } else throw notContainer(p, p.length - 1, v);
}

/** Removes the value at a key path; returns whether something was removed. */
export function deletePlistValue(root: PlistValue, path: PlistKeyPath): boolean {
  const p = steps(path);
  const parent = getPlistValue(root, p.slice(0, -1));
  const last = p[p.length - 1];
  if (parent?.type === 'dict' && typeof last === 'string') return parent.entries.delete(last);
  if (parent?.type === 'array' && typeof last === 'number' && last >= 0 && last < parent.items.length) {
    parent.items.splice(last, 1);
    return true;
  }
  return false;
}

function notContainer(p: readonly (string | number)[], i: number, v: PlistValue): UsageError {
  const want = typeof p[i] === 'number' ? 'an array' : 'a dict';
  return new UsageError('PLIST_PATH_NOT_CONTAINER', `${describe(p, i)} is a ${v.type}, expected ${want} to hold ${JSON.stringify(p[i])}`);
}

/** The root as a dict, or a PLIST_ROOT_NOT_DICT error naming what the document is (Info.plist, entitlements). */
export function asPlistDict(root: PlistValue, what = 'property list'): PlistDict {
  if (root.type !== 'dict') throw new MalformedInputError('PLIST_ROOT_NOT_DICT', `${what} root is a ${root.type}, expected a dict`);
  return root;
}
