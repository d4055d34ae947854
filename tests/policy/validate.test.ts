// Validation against the fixtures: every valid fixture passes, every malformed fixture yields the
// code its file name declares at the path recorded by its generator (fixtures/policy/malformed/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POLICY_DEFAULTS, loadPolicySchema, validatePolicy } from '../../src/policy/policy.js';
import { SchemaInterpreter } from '../../src/policy/schema-interpreter.js';
import { JSON_LEVEL_CODES as JSON_LEVEL, MALFORMED_DIR as MALFORMED, POLICY_DIR as DIR, codeOf, malformedFixtures, malformedWhere as expected, validFixtures } from './policy-fixtures.js';

describe('valid policy fixtures', () => {
  it('there are several', () => expect(validFixtures.length).toBeGreaterThanOrEqual(5));
  it.each(validFixtures)('%s has no issues', (f) => {
    expect(validatePolicy(JSON.parse(readFileSync(join(DIR, f), 'utf8')))).toEqual([]);
  });
});

describe('malformed policy fixtures', () => {
  const schemaLevel = malformedFixtures.filter((f) => !JSON_LEVEL.has(codeOf(f)));
  it('every fixture has a recorded location, and every location a fixture', () => {
    expect(Object.keys(expected).sort()).toEqual(malformedFixtures);
  });
  it.each(schemaLevel)('%s', (f) => {
    const issues = validatePolicy(JSON.parse(readFileSync(join(MALFORMED, f), 'utf8')));
    expect(issues.map((i) => `${i.code} ${i.where}`)).toEqual([`${codeOf(f)} ${expected[f]}`]);
    for (const i of issues) {
      expect(i.severity).toBe('error');
      expect(i.message.length).toBeGreaterThan(10);
    }
  });
});

describe('validatePolicy', () => {
  it('reports every problem, each at its own path', () => {
    const issues = validatePolicy({
      camera: { block: 1, extra: true },
      vpn: { mode: 'outsideAllowedNetworks', allowedNetworks: [{ cidr: '10.0.0.0/8' }, { cidr: '300.0.0.0/8' }, { ssid: 'x', cidr: '::/0' }] },
      passcode: { minLength: 2, timeoutSeconds: 1e6 },
      network: { blockedHosts: ['ok.example', 'bad host'] },
    });
    expect(issues.map((i) => `${i.code} ${i.where}`).sort()).toEqual([
      'POLICY_CIDR $.vpn.allowedNetworks[1].cidr',
      'POLICY_HOST_PATTERN $.network.blockedHosts[1]',
      'POLICY_NETWORK_KIND $.vpn.allowedNetworks[2]',
      'POLICY_RANGE $.passcode.minLength',
      'POLICY_RANGE $.passcode.timeoutSeconds',
      'POLICY_REQUIRED $.schemaVersion',
      'POLICY_TYPE $.camera.block',
      'POLICY_UNKNOWN_FIELD $.camera.extra',
    ]);
  });

  it('names the expected values in its messages', () => {
    const [enumIssue] = validatePolicy({ schemaVersion: 1, compromisedDevice: { action: 'nuke' } });
    expect(enumIssue!.message).toContain('"allow", "warn", "block", "wipe"');
    expect(enumIssue!.message).toContain('"nuke"');
    const [unknown] = validatePolicy({ schemaVersion: 1, passcode: { minLen: 4 } });
    expect(unknown!.message).toContain('minLen');
    expect(unknown!.message).toContain('minLength');
  });

  it('counts string length in code points, as JSON Schema does', () => {
    expect(validatePolicy({ schemaVersion: 1, name: '𝄞'.repeat(200) })).toEqual([]);
    expect(validatePolicy({ schemaVersion: 1, vpn: { mode: 'outsideAllowedNetworks', allowedNetworks: [{ ssid: '🚀'.repeat(32) }] } })).toEqual([]);
  });

  it('treats a "__proto__" field as an unknown field', () => {
    const v = JSON.parse('{"schemaVersion":1,"__proto__":{"camera":{"block":true}}}') as unknown;
    expect(validatePolicy(v).map((i) => i.code)).toEqual(['POLICY_UNKNOWN_FIELD']);
  });
});

describe('the schema file', () => {
  const schema = loadPolicySchema();
  type Node = Record<string, unknown>;
  const fieldNodes = (node: Node, path: string): [string, Node][] => {
    const props = (node['properties'] ?? {}) as Record<string, Node>;
    return Object.entries(props).flatMap(([k, v]) => [[`${path}.${k}`, v] as [string, Node], ...fieldNodes(v, `${path}.${k}`)]);
  };

  it('describes every field, and closes every object', () => {
    const defs = Object.entries(schema['$defs'] as Record<string, Node>).map(([k, v]) => [`#${k}`, v] as [string, Node]);
    const all = [...fieldNodes(schema, '$'), ...defs, ...defs.flatMap(([k, v]) => fieldNodes(v, k))];
    for (const [path, node] of all) {
      if (node['$ref']) continue;
      expect(typeof node['description'], path).toBe('string');
      if (node['type'] === 'object') expect(node['additionalProperties'], path).toBe(false);
    }
  });

  it("declares the same defaults as POLICY_DEFAULTS", () => {
    const props = schema['properties'] as Record<string, Node>;
    for (const [section, fields] of Object.entries(POLICY_DEFAULTS)) {
      const sectionProps = props[section]!['properties'] as Record<string, Node>;
      expect(Object.keys(sectionProps).sort(), section).toEqual(Object.keys(fields).sort());
      for (const [field, value] of Object.entries(fields)) expect(sectionProps[field]!['default'], `${section}.${field}`).toEqual(value);
    }
  });

  it('the interpreter refuses a keyword it does not implement', () => {
    expect(() => new SchemaInterpreter({ type: 'object', properties: { a: { format: 'ipv4' } } })).toThrow(/format/);
    expect(() => new SchemaInterpreter({ oneOf: [true] })).toThrow(/oneOf/);
  });
});
