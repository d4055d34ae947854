// The iOS runtime's SHA-256 and policy reader (runtime-shims/ios/src/core, built for this machine).
// Oracles: the FIPS 180-2 example digests and node:crypto for SHA-256; src/policy (parsePolicy +
// normalizePolicy + canonicalPolicyBytes) for every fixture in fixtures/policy; the error code in each
// fixtures/policy/malformed file name and the JSON path in its expected.json.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalPolicyBytes, embeddedPolicy, normalizePolicy, parsePolicy } from '../../src/policy/policy.js';
import { FIXTURES } from '../helpers/env.js';
import { buildRunner, hostCompiler, prng, runRunner } from './host-runner.js';

const POLICY_DIR = join(FIXTURES, 'policy');
const MALFORMED_DIR = join(POLICY_DIR, 'malformed');
const valid = readdirSync(POLICY_DIR).filter((f) => f.endsWith('.json')).sort();
const malformed = readdirSync(MALFORMED_DIR).filter((f) => f.includes('--') && f.endsWith('.json')).sort();
const expectedWhere = JSON.parse(readFileSync(join(MALFORMED_DIR, 'expected.json'), 'utf8')) as Record<string, string>;

const cc = hostCompiler();
let runner = '';
const work = mkdtempSync(join(tmpdir(), 'mam-ios-policy-'));
const file = (name: string, bytes: Uint8Array | string): string => {
  const p = join(work, name);
  writeFileSync(p, bytes);
  return p;
};
/** "line L, column C" of a byte offset in UTF-8 text, columns in code points (as src/policy reports). */
const lineColumn = (bytes: Uint8Array, offset: number): string => {
  const before = new TextDecoder().decode(bytes.subarray(0, offset));
  const lines = before.split('\n');
  return `line ${lines.length}, column ${[...lines[lines.length - 1]!].length + 1}`;
};
const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

beforeAll(() => {
  if (cc) runner = buildRunner(cc);
});

describe.skipIf(!cc)('SHA-256', () => {
  // FIPS 180-2, appendix B.1-B.3 (and the empty message).
  const NIST: [string, string][] = [
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
    ['a'.repeat(1_000_000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ];
  it.each(NIST.map(([m, d], i) => [i, m, d] as const))('NIST vector %i', (_i, message, digest) => {
    expect(runRunner(runner, ['sha256', '-'], message).stdout.trim()).toBe(digest);
  });

  it('agrees with node:crypto on 100 messages: every length around the padding boundaries, and random ones up to 4200 bytes', () => {
    const rnd = prng(7);
    const sizes = [0, 1, ...Array.from({ length: 12 }, (_, i) => 50 + i), ...Array.from({ length: 12 }, (_, i) => 114 + i), 127, 128, 129, ...Array.from({ length: 71 }, () => Math.floor(rnd() * 4200))];
    for (const size of sizes) {
      const b = Uint8Array.from({ length: size }, () => Math.floor(rnd() * 256));
      expect(runRunner(runner, ['sha256', '-'], b).stdout.trim(), `size ${size}`).toBe(sha256(b));
    }
  });
});

describe.skipIf(!cc)('policy reader', () => {
  it.each(valid)('%s reads to the same normalized policy as src/policy, in canonical bytes', (name) => {
    const bytes = readFileSync(join(POLICY_DIR, name));
    const expected = normalizePolicy(parsePolicy(bytes));
    const out = runRunner(runner, ['policy', join(POLICY_DIR, name)]).stdout;
    expect(out.startsWith('OK ')).toBe(true);
    const dumped = out.slice(3).trimEnd();
    expect(JSON.parse(dumped)).toEqual(expected);
    expect(dumped).toBe(Buffer.from(canonicalPolicyBytes(expected)).toString('utf8'));
  });

  it.each(valid)('%s: the embedded (canonical, normalized) bytes read back to themselves', (name) => {
    const { bytes } = embeddedPolicy(parsePolicy(readFileSync(join(POLICY_DIR, name))));
    const out = runRunner(runner, ['policy', file(`embedded-${name}`, bytes)]).stdout;
    expect(out.slice(3).trimEnd()).toBe(Buffer.from(bytes).toString('utf8'));
  });

  it.each(malformed)('%s is rejected with the code of its file name and the path of expected.json', (name) => {
    const code = name.split('--')[0]!;
    const bytes = readFileSync(join(MALFORMED_DIR, name));
    const [verdict, got, offset, where] = runRunner(runner, ['policy', join(MALFORMED_DIR, name)]).stdout.trim().split(' ');
    expect(verdict).toBe('REJECT');
    expect(got).toBe(code);
    const want = expectedWhere[name];
    if (want?.startsWith('offset ')) expect(`offset ${offset}`).toBe(want);
    else if (want?.startsWith('line ')) expect(lineColumn(bytes, Number(offset))).toBe(want);
    else if (want !== undefined) expect(where).toBe(want);
  });

  it('rejects what src/policy rejects in strings, numbers and nesting', () => {
    const cases = [
      '{"schemaVersion":1,"name":"tab\there"}',
      '{"schemaVersion":1,"name":"bad \\x escape"}',
      '{"schemaVersion":1e}',
      '{"schemaVersion":01}',
      '{"schemaVersion":1,}',
      '{"schemaVersion":1} x',
      '[' .repeat(70) + ']'.repeat(70),
      '{"schemaVersion":1.5}',
      '{"schemaVersion":1,"passcode":{"minLength":6.0001}}',
      '{"schemaVersion":1,"passcode":{"minLength":1e400}}',
      '{"schemaVersion":1,"network":{"blockedHosts":["a..b"]}}',
      '{"schemaVersion":1,"vpn":{"mode":"outsideAllowedNetworks","allowedNetworks":[{"cidr":"1:2:3:4:5:6:7:8:9/64"}]}}',
      '\uFEFF\uFEFF\uFEFF{"schemaVersion":1}',
    ];
    for (const text of cases) {
      let code = 'OK';
      try {
        parsePolicy(new TextEncoder().encode(text));
      } catch (e) {
        const err = e as { code: string; issues?: { code: string }[] };
        code = err.issues ? err.issues[0]!.code : err.code;
      }
      const out = runRunner(runner, ['policy', file('case.json', text)]).stdout.trim().split(' ');
      expect(out[0] === 'OK' ? 'OK' : out[1], text).toBe(code);
    }
  });

  it('accepts what src/policy accepts (escapes, surrogate pairs, a byte order mark, 1.0 as an integer)', () => {
    const cases = [
      '\uFEFF{"schemaVersion":1}',
      '{"schemaVersion":1.0,"passcode":{"minLength":1.6e1,"timeoutSeconds":-0}}',
      '{"schemaVersion":1,"name":"\\u00e9\\ud834\\udd1e \\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u0001 \\ud800 lone"}',
      ' \r\n\t{ "schemaVersion" : 1 , "camera" : { } } \n',
    ];
    for (const text of cases) {
      const expected = normalizePolicy(parsePolicy(new TextEncoder().encode(text)));
      const out = runRunner(runner, ['policy', file('ok.json', text)]).stdout;
      expect(out.startsWith('OK '), text).toBe(true);
      expect(out.slice(3).trimEnd()).toBe(Buffer.from(canonicalPolicyBytes(expected)).toString('utf8'));
    }
  });
});

describe.skipIf(!cc)('policy check at launch (fail closed)', () => {
  const { bytes, digest } = embeddedPolicy(parsePolicy(readFileSync(join(POLICY_DIR, 'sample-policy.json'))));
  const check = (path: string, hex: string): string => runRunner(runner, ['check', path, hex]).stdout.trim();

  it('lets an intact policy through, with the digest in either case', () => {
    const p = file('intact.json', bytes);
    expect(check(p, digest)).toBe('OK');
    expect(check(p, digest.toUpperCase())).toBe('OK');
  });

  it('blocks a missing file, a missing or malformed digest, and any altered byte', () => {
    expect(check('none', digest)).toBe('FILE_MISSING');
    expect(check(file('p.json', bytes), 'none')).toBe('DIGEST_MISSING');
    expect(check(file('p.json', bytes), digest.slice(1))).toBe('DIGEST_MALFORMED');
    expect(check(file('p.json', bytes), 'g' + digest.slice(1))).toBe('DIGEST_MALFORMED');
    const rnd = prng(11);
    for (let i = 0; i < 20; i++) {
      const altered = Uint8Array.from(bytes);
      altered[Math.floor(rnd() * altered.length)] ^= 1 << Math.floor(rnd() * 8);
      expect(check(file('altered.json', altered), digest)).toBe('DIGEST_MISMATCH');
    }
    expect(check(file('trailing.json', Buffer.concat([bytes, Buffer.from('\n')])), digest)).toBe('DIGEST_MISMATCH');
  });

  it('blocks an intact digest over an invalid policy', () => {
    const bad = new TextEncoder().encode('{"schemaVersion":2}');
    expect(check(file('bad.json', bad), sha256(bad))).toBe('INVALID POLICY_VERSION');
  });
});
