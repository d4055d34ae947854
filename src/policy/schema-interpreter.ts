// A small interpreter of the JSON Schema (draft 2020-12, json-schema.org "Core" and "Validation"
// specifications) keywords that schema/policy.schema.json uses, so that the published schema is the
// only statement of the rules and the validator cannot drift from it. Any other keyword in the schema
// is refused when the schema is loaded, rather than silently ignored.
//
// Each failing keyword becomes one Issue with the JSON path of the offending value (for `required`,
// the path of the missing field). Codes: the keyword's default code below, replaced by the nearest
// enclosing `x-mam-code` annotation, except for `type` and unknown-field failures, which keep theirs.
import type { Issue } from '../core/errors.js';
import { memberPath } from './json-text.js';

export type SchemaNode = boolean | { readonly [keyword: string]: unknown };

const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'default', 'examples', '$defs', 'x-mam-code']);
const ASSERTIONS = new Set(['type', 'const', 'enum', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'required']);
const APPLICATORS = new Set(['$ref', 'properties', 'additionalProperties', 'items', 'if', 'then', 'else', 'allOf']);

const DEFAULT_CODES: Record<string, string> = {
  type: 'POLICY_TYPE',
  const: 'POLICY_ENUM',
  enum: 'POLICY_ENUM',
  minimum: 'POLICY_RANGE',
  maximum: 'POLICY_RANGE',
  minLength: 'POLICY_LENGTH',
  maxLength: 'POLICY_LENGTH',
  pattern: 'POLICY_PATTERN',
  minItems: 'POLICY_LENGTH',
  maxItems: 'POLICY_LENGTH',
  minProperties: 'POLICY_LENGTH',
  maxProperties: 'POLICY_LENGTH',
  required: 'POLICY_REQUIRED',
  additionalProperties: 'POLICY_UNKNOWN_FIELD',
};
const CODES_NOT_OVERRIDDEN = new Set(['type', 'additionalProperties']);

type Obj = { readonly [k: string]: unknown };

interface Scope {
  /** The `x-mam-code` in force and the subschema that set it. */
  code?: string;
  codeTitle?: string;
}

export class SchemaInterpreter {
  constructor(private readonly root: Obj) {
    assertSupported(root, '#');
  }

  validate(value: unknown): Issue[] {
    const out: Issue[] = [];
    this.evaluate(this.root, value, '$', {}, out);
    return out;
  }

  private evaluate(schema: SchemaNode, value: unknown, path: string, scope: Scope, out: Issue[]): void {
    if (schema === true) return;
    if (schema === false) {
      out.push(this.issue('additionalProperties', path, 'no value is allowed here', scope));
      return;
    }
    const s = schema;
    const inner: Scope = typeof s['x-mam-code'] === 'string' ? { code: s['x-mam-code'], codeTitle: str(s['title']) } : scope;
    if (s['$ref'] !== undefined) this.evaluate(this.resolve(String(s['$ref'])), value, path, inner, out);
    if (s['type'] !== undefined && !hasType(value, String(s['type']))) {
      out.push(this.issue('type', path, `expected ${article(String(s['type']))}, found ${describe(value)}`, inner));
      return;
    }
    this.checkValue(s, value, path, inner, out);
    if (isObject(value)) this.checkObject(s, value, path, inner, out);
    if (Array.isArray(value)) this.checkArray(s, value, path, inner, out);
    if (s['allOf'] !== undefined) for (const sub of s['allOf'] as SchemaNode[]) this.evaluate(sub, value, path, inner, out);
    if (s['if'] !== undefined) {
      const probe: Issue[] = [];
      this.evaluate(s['if'] as SchemaNode, value, path, inner, probe);
      const branch = probe.length === 0 ? s['then'] : s['else'];
      if (branch !== undefined) this.evaluate(branch as SchemaNode, value, path, inner, out);
    }
  }

  private checkValue(s: Obj, value: unknown, path: string, scope: Scope, out: Issue[]): void {
    if ('const' in s && !jsonEqual(value, s['const'])) {
      out.push(this.issue('const', path, `expected ${JSON.stringify(s['const'])}, found ${describe(value)}`, scope));
    }
    if (Array.isArray(s['enum']) && !s['enum'].some((e) => jsonEqual(value, e))) {
      out.push(this.issue('enum', path, `expected one of ${s['enum'].map((e) => JSON.stringify(e)).join(', ')}; found ${describe(value)}`, scope));
    }
    if (typeof value === 'number') {
      if (typeof s['minimum'] === 'number' && value < s['minimum']) out.push(this.issue('minimum', path, `expected at least ${s['minimum']}, found ${value}`, scope));
      if (typeof s['maximum'] === 'number' && value > s['maximum']) out.push(this.issue('maximum', path, `expected at most ${s['maximum']}, found ${value}`, scope));
    }
    if (typeof value === 'string') this.checkString(s, value, path, scope, out);
  }

  private checkString(s: Obj, value: string, path: string, scope: Scope, out: Issue[]): void {
    const length = [...value].length;
    if (typeof s['minLength'] === 'number' && length < s['minLength']) out.push(this.issue('minLength', path, `expected at least ${plural(s['minLength'], 'character')}, found ${length}`, scope));
    if (typeof s['maxLength'] === 'number' && length > s['maxLength']) out.push(this.issue('maxLength', path, `expected at most ${plural(s['maxLength'], 'character')}, found ${length}`, scope));
    if (typeof s['pattern'] === 'string' && !compilePattern(s['pattern']).test(value)) {
      const expected = str(s['title']) ?? `a string matching /${s['pattern']}/`;
      out.push(this.issue('pattern', path, `expected ${expected}, found ${JSON.stringify(value)}`, { code: scope.code }));
    }
  }

  private checkObject(s: Obj, value: Obj, path: string, scope: Scope, out: Issue[]): void {
    const properties = (s['properties'] ?? {}) as Record<string, SchemaNode>;
    for (const name of (s['required'] ?? []) as string[]) {
      if (!Object.hasOwn(value, name)) out.push(this.issue('required', `${path}${memberPath(name)}`, `required field ${JSON.stringify(name)} is missing`, scope));
    }
    let unknown = 0;
    for (const [name, v] of Object.entries(value)) {
      const at = `${path}${memberPath(name)}`;
      if (Object.hasOwn(properties, name)) this.evaluate(properties[name]!, v, at, scope, out);
      else if (s['additionalProperties'] === false) {
        unknown++;
        const known = Object.keys(properties);
        out.push(this.issue('additionalProperties', at, `unknown field ${JSON.stringify(name)}; expected ${known.length ? 'one of ' + known.join(', ') : 'no fields'}`, scope));
      } else if (s['additionalProperties'] !== undefined) this.evaluate(s['additionalProperties'] as SchemaNode, v, at, scope, out);
    }
    // An unknown field is reported once, as such, not again as a wrong field count.
    if (unknown > 0) return;
    const count = Object.keys(value).length;
    const names = Object.keys(properties).join(', ');
    if (typeof s['minProperties'] === 'number' && count < s['minProperties']) out.push(this.issue('minProperties', path, `expected at least ${plural(s['minProperties'], 'field')} (of ${names}), found ${count}`, scope));
    if (typeof s['maxProperties'] === 'number' && count > s['maxProperties']) out.push(this.issue('maxProperties', path, `expected at most ${plural(s['maxProperties'], 'field')} (of ${names}), found ${count}`, scope));
  }

  private checkArray(s: Obj, value: readonly unknown[], path: string, scope: Scope, out: Issue[]): void {
    if (typeof s['minItems'] === 'number' && value.length < s['minItems']) out.push(this.issue('minItems', path, `expected at least ${plural(s['minItems'], 'item')}, found ${value.length}`, scope));
    if (typeof s['maxItems'] === 'number' && value.length > s['maxItems']) out.push(this.issue('maxItems', path, `expected at most ${plural(s['maxItems'], 'item')}, found ${value.length}`, scope));
    if (s['items'] !== undefined) value.forEach((item, i) => this.evaluate(s['items'] as SchemaNode, item, `${path}[${i}]`, scope, out));
  }

  private resolve(ref: string): SchemaNode {
    if (!ref.startsWith('#/')) throw new Error(`policy schema: only local $ref is supported, found ${ref}`);
    let node: unknown = this.root;
    for (const step of ref.slice(2).split('/')) {
      node = isObject(node) ? node[step.replaceAll('~1', '/').replaceAll('~0', '~')] : undefined;
    }
    if (node === undefined) throw new Error(`policy schema: $ref ${ref} does not resolve`);
    return node as SchemaNode;
  }

  private issue(keyword: string, where: string, message: string, scope: Scope): Issue {
    const overridden = scope.code !== undefined && !CODES_NOT_OVERRIDDEN.has(keyword);
    const code = overridden ? scope.code! : DEFAULT_CODES[keyword]!;
    const why = overridden && scope.codeTitle && keyword !== 'pattern' ? ` (${scope.codeTitle})` : '';
    return { code, severity: 'error', message: message + why, where };
  }
}

/** Refuses schemas that use a keyword this interpreter does not implement. */
function assertSupported(node: unknown, at: string): void {
  if (typeof node === 'boolean') return;
  if (!isObject(node)) throw new Error(`policy schema: ${at} is not a schema`);
  for (const [k, v] of Object.entries(node)) {
    if (!ANNOTATIONS.has(k) && !ASSERTIONS.has(k) && !APPLICATORS.has(k)) throw new Error(`policy schema: keyword ${k} at ${at} is not supported by the interpreter`);
    if (k === 'properties' || k === '$defs') for (const [name, sub] of Object.entries(v as Obj)) assertSupported(sub, `${at}/${k}/${name}`);
    else if (k === 'allOf') (v as unknown[]).forEach((sub, i) => assertSupported(sub, `${at}/allOf/${i}`));
    else if (['items', 'if', 'then', 'else', 'additionalProperties'].includes(k)) assertSupported(v, `${at}/${k}`);
  }
  if (typeof node['type'] === 'string' && !TYPES.has(node['type'])) throw new Error(`policy schema: type ${node['type']} at ${at} is not supported`);
}

const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean', 'null']);

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object': return isObject(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    default: return value === null;
  }
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return a === b;
}

const patterns = new Map<string, RegExp>();
/** ECMA-262 regular expression, with the `u` flag as JSON Schema asks. */
function compilePattern(p: string): RegExp {
  let re = patterns.get(p);
  if (!re) patterns.set(p, (re = new RegExp(p, 'u')));
  return re;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v);
  if (typeof v === 'number') return Number.isInteger(v) ? `${v}` : `the number ${v}`;
  return String(v);
}

function article(type: string): string {
  return type === 'object' || type === 'array' || type === 'integer' ? `an ${type}` : `a ${type}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
