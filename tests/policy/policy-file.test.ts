// readPolicyFile over every fixture. Positions of JSON syntax errors are checked against Python's
// json.JSONDecodeError (lineno, colno) and encoding errors against UnicodeDecodeError.start.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, IoError, MalformedInputError } from '../../src/core/errors.js';
import { PolicyInvalidError, readPolicyFile } from '../../src/policy/policy.js';
import { SYSTEM_PYTHON, missingTools, run } from '../helpers/env.js';
import { JSON_LEVEL_CODES, MALFORMED_DIR, POLICY_DIR, codeOf, malformedFixtures, malformedWhere, validFixtures } from './policy-fixtures.js';

function thrown(f: () => unknown): MalformedInputError | IoError {
  try {
    f();
  } catch (e) {
    return e as MalformedInputError;
  }
  throw new Error('expected a throw');
}

const PY_POSITIONS = `
import json, sys
out = {}
for f in json.load(sys.stdin):
    raw = open(f, "rb").read()
    try:
        json.loads(raw.decode("utf-8"))
        out[f] = "parsed"
    except UnicodeDecodeError as e:
        out[f] = "offset %d" % e.start
    except json.JSONDecodeError as e:
        out[f] = "line %d, column %d" % (e.lineno, e.colno)
json.dump(out, sys.stdout)
`;

describe('readPolicyFile', () => {
  it.each(validFixtures)('reads %s as written, with its bytes', (f) => {
    const path = join(POLICY_DIR, f);
    const { policy, bytes } = readPolicyFile(path);
    expect(policy).toEqual(JSON.parse(readFileSync(path, 'utf8')));
    expect(Buffer.from(bytes).equals(readFileSync(path))).toBe(true);
  });

  const jsonLevel = malformedFixtures.filter((f) => JSON_LEVEL_CODES.has(codeOf(f)));
  const schemaLevel = malformedFixtures.filter((f) => !JSON_LEVEL_CODES.has(codeOf(f)));

  it.each(jsonLevel)('%s: code and location', (f) => {
    const e = thrown(() => readPolicyFile(join(MALFORMED_DIR, f)));
    expect(e).toBeInstanceOf(MalformedInputError);
    expect(e.code).toBe(codeOf(f));
    expect(e.exitCode).toBe(EXIT.MALFORMED);
    expect(e.context.file).toBe(join(MALFORMED_DIR, f));
    expect(e.message).toContain(malformedWhere[f]);
  });

  it.skipIf(missingTools('policy JSON positions', SYSTEM_PYTHON))('reports the positions Python reports for the same text', () => {
    const files = jsonLevel.filter((f) => codeOf(f) !== 'POLICY_DUPLICATE_KEY').map((f) => join(MALFORMED_DIR, f));
    const python = JSON.parse(run(SYSTEM_PYTHON, ['-c', PY_POSITIONS], { input: JSON.stringify(files) })) as Record<string, string>;
    for (const file of files) {
      const e = thrown(() => readPolicyFile(file));
      expect(e.message, file).toContain(python[file]);
    }
  });

  it.each(schemaLevel)('%s: PolicyInvalidError carrying the issue', (f) => {
    const e = thrown(() => readPolicyFile(join(MALFORMED_DIR, f)));
    expect(e).toBeInstanceOf(PolicyInvalidError);
    expect(e.code).toBe('POLICY_INVALID');
    expect(e.exitCode).toBe(EXIT.MALFORMED);
    expect((e as PolicyInvalidError).issues.map((i) => [i.code, i.where])).toEqual([[codeOf(f), malformedWhere[f]]]);
    expect(e.message).toContain(codeOf(f));
  });

  it('a missing file is an I/O error', () => {
    const e = thrown(() => readPolicyFile(join(POLICY_DIR, 'no-such-policy.json')));
    expect(e).toBeInstanceOf(IoError);
    expect(e.code).toBe('POLICY_UNREADABLE');
    expect(e.exitCode).toBe(EXIT.IO);
  });

  it('a directory is an I/O error', () => {
    expect(thrown(() => readPolicyFile(POLICY_DIR)).code).toBe('POLICY_UNREADABLE');
  });
});
