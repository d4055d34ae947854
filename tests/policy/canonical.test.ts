// Canonical bytes and digest against Python's json.dumps(sort_keys=True, separators=(",", ":"),
// ensure_ascii=False) encoded as UTF-8, and sha256sum of those bytes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalPolicyBytes, embeddedPolicy, normalizePolicy, policyDigest, type Policy } from '../../src/policy/policy.js';
import { SYSTEM_PYTHON, missingTools, run } from '../helpers/env.js';
import { POLICY_DIR, validFixtures } from './policy-fixtures.js';

const CANONICAL_SCRIPT = `
import json, sys
docs = json.load(sys.stdin)
json.dump([json.dumps(d, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8").hex() for d in docs], sys.stdout)
`;

const fixtureDocs = validFixtures.map((f) => [f, JSON.parse(readFileSync(join(POLICY_DIR, f), 'utf8')) as Policy] as const);
const tricky = {
  schemaVersion: 1,
  name: 'quote " backslash \\ slash / tab \t newline \n ctrl \u0001\u001f del \u007f ls \u2028 é 𝄞 中',
  zeta: [3, -0, 1e3, { b: null, a: true, B: false, _: [] }],
  Alpha: {},
};
const cases: (readonly [string, unknown])[] = [
  ...fixtureDocs,
  ...fixtureDocs.map(([f, d]) => [`normalized ${f}`, normalizePolicy(d)] as const),
  ['escapes and key order', tricky],
];

describe.skipIf(missingTools('policy canonical bytes', SYSTEM_PYTHON))('canonicalPolicyBytes equals Python json.dumps', () => {
  const expected = JSON.parse(run(SYSTEM_PYTHON, ['-c', CANONICAL_SCRIPT], { input: JSON.stringify(cases.map(([, d]) => d)) })) as string[];
  it.each(cases.map(([name, doc], i) => [name, doc, i] as const))('%s', (_name, doc, i) => {
    expect(Buffer.from(canonicalPolicyBytes(doc)).toString('hex')).toBe(expected[i]);
  });
});

describe.skipIf(missingTools('policy digest', SYSTEM_PYTHON, 'sha256sum'))('policyDigest equals sha256sum of the Python bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mam-policy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const expected = JSON.parse(run(SYSTEM_PYTHON, ['-c', CANONICAL_SCRIPT], { input: JSON.stringify(cases.map(([, d]) => d)) })) as string[];
  it.each(cases.map(([name, doc], i) => [name, doc, i] as const))('%s', (_name, doc, i) => {
    const file = join(dir, `${i}.json`);
    writeFileSync(file, Buffer.from(expected[i]!, 'hex'));
    const sum = run('sha256sum', [file]).split(' ')[0];
    expect(policyDigest(doc)).toBe(sum);
  });
});

describe('canonical form', () => {
  it('does not depend on the order fields were written in', () => {
    const a = { schemaVersion: 1, camera: { block: true }, vpn: { mode: 'always' } } as Policy;
    const b = { vpn: { mode: 'always' }, camera: { block: true }, schemaVersion: 1 } as Policy;
    expect(canonicalPolicyBytes(a)).toEqual(canonicalPolicyBytes(b));
  });
  it('has no trailing newline and no whitespace outside strings', () => {
    const text = new TextDecoder().decode(canonicalPolicyBytes(normalizePolicy({ schemaVersion: 1 })));
    expect(text.endsWith('}')).toBe(true);
    expect(/\s/.test(text)).toBe(false);
  });
  it('refuses values that JSON cannot carry', () => {
    expect(() => canonicalPolicyBytes({ x: Number.NaN })).toThrow(expect.objectContaining({ code: 'POLICY_NOT_JSON' }));
    expect(() => canonicalPolicyBytes({ x: 1n })).toThrow(expect.objectContaining({ code: 'POLICY_NOT_JSON' }));
  });
  it('embeds the normalized policy', () => {
    const p: Policy = { schemaVersion: 1, camera: { block: true } };
    const e = embeddedPolicy(p);
    expect(e.bytes).toEqual(canonicalPolicyBytes(normalizePolicy(p)));
    expect(e.digest).toBe(policyDigest(normalizePolicy(p)));
    expect(embeddedPolicy(normalizePolicy(p))).toEqual(e);
  });
});
