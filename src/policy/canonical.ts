// Canonical policy bytes and digest, as docs/policy-spec-draft.md "Embedding and digest" defines them:
// JSON with object keys sorted by UTF-16 code unit, no insignificant whitespace, UTF-8, no trailing
// newline. The wrap embeds these bytes; both runtimes hash them and compare with the recorded digest.
import { createHash } from 'node:crypto';
import { MalformedInputError } from '../core/errors.js';
import { normalizePolicy, type Policy } from './model.js';

/**
 * FORMAT: value  = object | array | string | number | true | false | null
 *         object = "{" [ string ":" value *( "," string ":" value ) ] "}"   (keys sorted, no spaces)
 *         array  = "[" [ value *( "," value ) ] "]"
 * Strings and numbers are written as JSON.stringify writes them.
 */
export function canonicalPolicyBytes(p: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(p, '$'));
}

/** Lowercase hex SHA-256 of the canonical bytes. */
export function policyDigest(p: unknown): string {
  return createHash('sha256').update(canonicalPolicyBytes(p)).digest('hex');
}

/**
 * What the wrap embeds: the canonical bytes of the normalized policy (every default written out, so
 * the runtimes never need their own copy of the defaults), and their digest.
 */
export function embeddedPolicy(p: Policy): { bytes: Uint8Array; digest: string } {
  const bytes = canonicalPolicyBytes(normalizePolicy(p));
  return { bytes, digest: createHash('sha256').update(bytes).digest('hex') };
}

function canonicalJson(v: unknown, path: string): string {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new MalformedInputError('POLICY_NOT_JSON', `${path}: expected a finite number, found ${v}`, { entry: path });
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map((x, i) => canonicalJson(x, `${path}[${i}]`)).join(',')}]`;
  if (typeof v === 'object') {
    // Sorted explicitly: property order in a JS object puts integer-like keys first.
    const keys = Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const rec = v as Record<string, unknown>;
    return `{${keys.filter((k) => rec[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(rec[k], `${path}.${k}`)}`).join(',')}}`;
  }
  throw new MalformedInputError('POLICY_NOT_JSON', `${path}: expected a JSON value, found ${typeof v}`, { entry: path });
}
