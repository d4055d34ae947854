// Reading a policy document: bytes → UTF-8 text → JSON (strict, see json-text.ts) → schema validation.
// Every failure is a MamError with a POLICY_* code; an invalid policy carries all of its issues.
import { readFileSync } from 'node:fs';
import { IoError, MalformedInputError, type Issue } from '../core/errors.js';
import { parseJsonText } from './json-text.js';
import type { Policy } from './model.js';
import { validatePolicy } from './validate.js';

/** A policy document that parsed as JSON but breaks the schema; `issues` lists every problem. */
export class PolicyInvalidError extends MalformedInputError {
  readonly issues: Issue[];

  constructor(issues: Issue[], file?: string) {
    const first = issues[0]!;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    super('POLICY_INVALID', `${first.where ?? '$'}: ${first.message} [${first.code}]${more}`, { file, entry: first.where });
    this.issues = issues;
  }
}

/**
 * Parses and validates policy bytes. Throws MalformedInputError POLICY_ENCODING (not UTF-8),
 * POLICY_JSON_SYNTAX / POLICY_DUPLICATE_KEY (with line and column), or PolicyInvalidError.
 * Returns the policy as written (not normalized).
 */
export function parsePolicy(bytes: Uint8Array, file?: string): Policy {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (e) {
    throw new MalformedInputError('POLICY_ENCODING', `expected UTF-8 text, found bytes that are not valid UTF-8 at offset ${firstInvalidUtf8(bytes)}`, { file, offset: firstInvalidUtf8(bytes) }, { cause: e });
  }
  const value = parseJsonText(text, file);
  const issues = validatePolicy(value);
  if (issues.length) throw new PolicyInvalidError(issues, file);
  return value as Policy;
}

/**
 * Reads and validates a policy file. `bytes` are the file's bytes exactly as read (what to embed is
 * canonicalPolicyBytes(policy), not these). Throws IoError POLICY_UNREADABLE, or as parsePolicy.
 */
export function readPolicyFile(path: string): { policy: Policy; bytes: Uint8Array } {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new IoError('POLICY_UNREADABLE', `cannot read the policy file: ${(e as Error).message}`, { file: path }, { cause: e });
  }
  return { policy: parsePolicy(bytes, path), bytes };
}

/** Offset where the first ill-formed UTF-8 sequence starts. */
function firstInvalidUtf8(b: Uint8Array): number {
  // The longest prefix a streaming decoder accepts (it may end inside a sequence)…
  let lo = 0;
  let hi = b.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  // …then back to the lead byte of the sequence it ends inside, if any.
  let start = lo;
  while (start > 0 && lo - start < 3 && (b[start - 1]! & 0xc0) === 0x80) start--;
  const lead = b[start - 1];
  if (start > 0 && lead !== undefined && lead >= 0xc0) {
    const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (lo - (start - 1) < length) return start - 1;
  }
  return lo;
}
