// Independent oracles for the schema and the validator:
// - python3-jsonschema (Draft202012Validator) checks that schema/policy.schema.json is a valid draft
//   2020-12 schema, and must agree with validatePolicy on accept/reject of every fixture, valid and
//   malformed, with its error locations consistent with ours;
// - Python's ipaddress module decides which CIDR strings are networks (sweep of generated strings).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memberPath } from '../../src/policy/json-text.js';
import { POLICY_SCHEMA_PATH, validatePolicy } from '../../src/policy/policy.js';
import { SYSTEM_PYTHON, havePythonModules, run, skipNotice } from '../helpers/env.js';
import { MALFORMED_DIR, POLICY_DIR, malformedFixtures, validFixtures } from './policy-fixtures.js';

const JSON_LEVEL = /^POLICY_(JSON_SYNTAX|DUPLICATE_KEY|ENCODING)--/;
const noJsonschema = !havePythonModules('jsonschema');
if (noJsonschema) skipNotice('policy schema oracle', 'python3-jsonschema is not installed (apt-get install python3-jsonschema)');

function python(script: string, input: unknown): unknown {
  return JSON.parse(run(SYSTEM_PYTHON, ['-c', script], { input: JSON.stringify(input) }));
}

const JSONSCHEMA_SCRIPT = `
import json, sys
from jsonschema import Draft202012Validator
req = json.load(sys.stdin)
schema = json.load(open(req["schema"], encoding="utf-8"))
Draft202012Validator.check_schema(schema)
v = Draft202012Validator(schema)
out = {}
for f in req["files"]:
    doc = json.load(open(f, encoding="utf-8"))
    out[f] = [list(e.absolute_path) for e in v.iter_errors(doc)]
json.dump(out, sys.stdout)
`;

const toPath = (parts: (string | number)[]): string => '$' + parts.map((p) => (typeof p === 'number' ? `[${p}]` : memberPath(p))).join('');

describe.skipIf(noJsonschema)('python3-jsonschema agrees with validatePolicy', () => {
  const files = [
    ...validFixtures.map((f) => join(POLICY_DIR, f)),
    ...malformedFixtures.filter((f) => !JSON_LEVEL.test(f)).map((f) => join(MALFORMED_DIR, f)),
  ];
  const oracle = noJsonschema ? {} : (python(JSONSCHEMA_SCRIPT, { schema: POLICY_SCHEMA_PATH, files }) as Record<string, (string | number)[][]>);

  it('the schema is valid draft 2020-12 (check_schema passed) and every fixture was judged', () => {
    expect(Object.keys(oracle).sort()).toEqual([...files].sort());
  });

  it.each(files.map((f) => [f.slice(f.indexOf('policy/')), f]))('%s', (_name, file) => {
    const ours = validatePolicy(JSON.parse(readFileSync(file, 'utf8'))).map((i) => i.where!);
    const theirs = oracle[file]!.map(toPath);
    expect(ours.length === 0, 'accept/reject').toBe(theirs.length === 0);
    // jsonschema reports required/unknown fields at the parent object: its paths are prefixes of ours.
    for (const w of ours) expect(theirs.some((t) => w === t || w.startsWith(t + '.') || w.startsWith(t + '[')), w).toBe(true);
  });
});

const IPADDRESS_SCRIPT = `
import ipaddress, json, re, sys
out = []
for s in json.load(sys.stdin):
    try:
        ipaddress.ip_network(s, strict=False)
        ok = True
    except ValueError:
        ok = False
    out.append(ok)
json.dump(out, sys.stdout)
`;

/** Deterministic candidates: well-formed and broken IPv4/IPv6 networks. */
function cidrCandidates(count: number): string[] {
  let seed = 0x2545f491;
  const rnd = (n: number): number => {
    seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const hex = (): string => {
    const digits = rnd(10) === 0 ? 5 : 1 + rnd(4);
    let s = '';
    for (let i = 0; i < digits; i++) s += '0123456789abcdefABCDEF'[rnd(22)]!;
    return rnd(50) === 0 ? s + 'g' : s;
  };
  const octet = (): string => (rnd(12) === 0 ? '0' + rnd(100) : String(rnd(12) === 0 ? 250 + rnd(10) : rnd(256)));
  const v4 = (): string => Array.from({ length: rnd(15) === 0 ? 3 + rnd(3) * (rnd(2) ? 1 : 0) + 2 * rnd(2) : 4 }, octet).join('.');
  const v6 = (): string => {
    const n = rnd(10) === 0 ? 7 + rnd(3) : 8;
    const groups = Array.from({ length: n }, hex);
    if (rnd(4) === 0) groups.splice(n - 2, 2, v4());
    const text = groups.join(':');
    if (rnd(3) === 0) return text;
    const parts = text.split(':');
    const start = rnd(parts.length + 1);
    const len = rnd(parts.length - start + 1);
    const out = [...parts.slice(0, start), '', ...parts.slice(start + len)].join(':').replace(/^:(?!:)/, '::').replace(/(?<!:):$/, '::');
    return rnd(30) === 0 ? out.replace('::', ':::') : out;
  };
  const prefix = (max: number): string => {
    const r = rnd(20);
    if (r === 0) return '';
    if (r === 1) return '/0' + rnd(10);
    if (r === 2) return '/' + (max + 1 + rnd(5));
    if (r === 3) return '/-1';
    return '/' + rnd(max + 1);
  };
  return Array.from({ length: count }, () => (rnd(2) ? v4() + prefix(32) : v6() + prefix(128)));
}

describe.skipIf(!havePythonModules('ipaddress'))('CIDR shape agrees with Python ipaddress', () => {
  it('on 4000 generated networks', () => {
    const candidates = [...new Set(cidrCandidates(4000))];
    const parses = python(IPADDRESS_SCRIPT, candidates) as boolean[];
    // The policy shape is stricter than ip_network() in documented ways: the /prefix is required and
    // written without leading zeros. (ip_network also accepts a bare address or a netmask after "/".)
    const shapeOk = (s: string): boolean => /\/(0|[1-9][0-9]*)$/.test(s);
    const mismatches: string[] = [];
    candidates.forEach((s, i) => {
      const oracle = parses[i]! && shapeOk(s);
      const ours = !validatePolicy({ schemaVersion: 1, vpn: { mode: 'outsideAllowedNetworks', allowedNetworks: [{ cidr: s }] } }).some((x) => x.code === 'POLICY_CIDR');
      if (oracle !== ours) mismatches.push(`${s}: ipaddress ${oracle}, ours ${ours}`);
    });
    expect(mismatches).toEqual([]);
    const accepted = parses.filter(Boolean).length;
    expect(accepted).toBeGreaterThan(candidates.length / 4);
    expect(accepted).toBeLessThan(candidates.length * 0.9);
  });
});
