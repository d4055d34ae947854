// The hook rules as data: runtime-shims/android/hooks.json (written with the Android runtime; see its
// README.md) read into typed rules. "invoke-static-redirect" sends calls of a framework method to a
// static shim method that takes the receiver first; "constructor-factory" replaces `new-instance T` +
// `invoke-direct T.<init>` with a static factory returning T.

import { MalformedInputError } from '../../core/errors.js';
import type { MethodRef } from './edit-references.js';

export const HOOKS_BAD_TABLE = 'HOOKS_BAD_TABLE';

export type HookKind = 'invoke-static-redirect' | 'constructor-factory';
export type HookInvoke = 'static' | 'virtual' | 'interface' | 'direct';

export interface HookRule {
  group: string;
  kind: HookKind;
  target: MethodRef & { invoke: HookInvoke };
  replacement: MethodRef;
}

export interface HookTable {
  schemaVersion: 1;
  /** File name of the runtime DEX the replacements live in. */
  dex: string;
  hooks: HookRule[];
}

const KINDS: readonly HookKind[] = ['invoke-static-redirect', 'constructor-factory'];
const INVOKES: readonly HookInvoke[] = ['static', 'virtual', 'interface', 'direct'];

function fail(message: string, where: string): never {
  throw new MalformedInputError(HOOKS_BAD_TABLE, `hooks.json ${where}: ${message}`, { entry: 'hooks.json' });
}

function str(o: Record<string, unknown>, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string' || !v) fail(`expected a non-empty string "${key}", found ${JSON.stringify(v)}`, where);
  return v;
}

function methodRef(v: unknown, where: string): MethodRef & Record<string, unknown> {
  if (!v || typeof v !== 'object') fail('expected an object', where);
  const o = v as Record<string, unknown>;
  const ref = { ...o, class: str(o, 'class', where), name: str(o, 'name', where), descriptor: str(o, 'descriptor', where) };
  if (!/^L[^;]+;$/.test(ref.class)) fail(`expected a class descriptor "Lpkg/Name;", found "${ref.class}"`, where);
  if (!/^\([^)]*\)\S+$/.test(ref.descriptor)) fail(`expected a method descriptor, found "${ref.descriptor}"`, where);
  return ref;
}

/** Validates the parsed JSON of hooks.json. */
export function parseHookTable(json: unknown): HookTable {
  if (!json || typeof json !== 'object') fail('expected an object', 'root');
  const o = json as Record<string, unknown>;
  if (o.schemaVersion !== 1) fail(`expected schemaVersion 1, found ${JSON.stringify(o.schemaVersion)}`, 'root');
  if (!Array.isArray(o.hooks)) fail('expected an array "hooks"', 'root');
  const hooks = o.hooks.map((h: unknown, i: number): HookRule => {
    const where = `hooks[${i}]`;
    if (!h || typeof h !== 'object') fail('expected an object', where);
    const r = h as Record<string, unknown>;
    const kind = str(r, 'kind', where) as HookKind;
    if (!KINDS.includes(kind)) fail(`unknown kind "${kind}" (expected ${KINDS.join(' or ')})`, where);
    const target = methodRef(r.target, `${where}.target`);
    const invoke = str(target, 'invoke', `${where}.target`) as HookInvoke;
    if (!INVOKES.includes(invoke)) fail(`unknown invoke "${invoke}"`, `${where}.target`);
    const replacement = methodRef(r.replacement, `${where}.replacement`);
    assertShape(kind, target, invoke, replacement, where);
    return {
      group: str(r, 'group', where), kind,
      target: { class: target.class, name: target.name, descriptor: target.descriptor, invoke },
      replacement: { class: replacement.class, name: replacement.name, descriptor: replacement.descriptor },
    };
  });
  return { schemaVersion: 1, dex: typeof o.dex === 'string' ? o.dex : 'mam-runtime.dex', hooks };
}

/** The replacement's descriptor must be the target's with the receiver first (or the factory's). */
function assertShape(kind: HookKind, target: MethodRef, invoke: HookInvoke, replacement: MethodRef, where: string): void {
  const params = target.descriptor.slice(1, target.descriptor.indexOf(')'));
  const ret = target.descriptor.slice(target.descriptor.indexOf(')') + 1);
  let expected: string;
  if (kind === 'constructor-factory') {
    if (target.name !== '<init>' || invoke !== 'direct' || ret !== 'V') fail('a constructor-factory target must be an invoke-direct <init> returning V', where);
    expected = `(${params})${target.class}`;
  } else {
    expected = invoke === 'static' ? target.descriptor : `(${target.class}${params})${ret}`;
  }
  if (kind === 'constructor-factory' ? replacement.descriptor.slice(0, replacement.descriptor.indexOf(')') + 1) !== expected.slice(0, expected.indexOf(')') + 1) : replacement.descriptor !== expected) {
    fail(`replacement descriptor ${replacement.descriptor} does not fit target ${target.class}->${target.name}${target.descriptor} (expected ${expected})`, where);
  }
}

/** The rules of the given groups, in table order. */
export function selectHooks(table: HookTable, groups: readonly string[]): HookRule[] {
  return table.hooks.filter((h) => groups.includes(h.group));
}

export function hookGroups(table: HookTable): string[] {
  return [...new Set(table.hooks.map((h) => h.group))];
}

export function refText(ref: MethodRef): string {
  return `${ref.class}->${ref.name}${ref.descriptor}`;
}
