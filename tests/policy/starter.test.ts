// Starter presets (fixtures/policy/default.json and strict.json are generated from them by
// fixtures/policy/generate-starters.ts), normalization and the human description.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POLICY_DEFAULTS, POLICY_SECTIONS, STARTER_PRESETS, describePolicy, loadPolicySchema, normalizePolicy, starterPolicy, validatePolicy, type Policy } from '../../src/policy/policy.js';
import { POLICY_DIR } from './policy-fixtures.js';

const read = (f: string): Policy => JSON.parse(readFileSync(join(POLICY_DIR, f), 'utf8')) as Policy;

describe('starterPolicy', () => {
  it.each(STARTER_PRESETS)('%s equals its committed fixture and is valid', (preset) => {
    expect(starterPolicy(preset)).toEqual(read(`${preset}.json`));
    expect(validatePolicy(starterPolicy(preset))).toEqual([]);
  });

  it.each(STARTER_PRESETS)('%s names every section and field, so users see every setting', (preset) => {
    expect(normalizePolicy(starterPolicy(preset))).toEqual(starterPolicy(preset));
  });

  it('default turns the four mission policies on without locking users out', () => {
    const p = normalizePolicy(starterPolicy('default'));
    expect([p.camera.block, p.dataAtRest.encrypt, p.compromisedDevice.action, p.vpn.mode]).toEqual([true, true, 'warn', 'off']);
  });

  it('strict takes the strictest action the schema allows for each protection', () => {
    const schema = loadPolicySchema() as { properties: Record<string, { properties: Record<string, { enum?: string[] }> }> };
    const p = normalizePolicy(starterPolicy('strict'));
    expect(schema.properties['compromisedDevice']!.properties['action']!.enum).toContain(p.compromisedDevice.action);
    expect(p.compromisedDevice.action).toBe('wipe');
    expect(p.vpn.mode).toBe('always');
    expect([p.clipboard.copyOut, p.clipboard.pasteIn, p.sharing.openIn]).toEqual(['block', 'block', 'block']);
    expect([p.camera.block, p.dataAtRest.encrypt, p.screenCapture.block, p.network.blockLoopback, p.passcode.required]).toEqual([true, true, true, true, true]);
    // Every section differs from its default: nothing is left off.
    for (const s of POLICY_SECTIONS) expect(p[s], s).not.toEqual(POLICY_DEFAULTS[s]);
  });
});

describe('normalizePolicy', () => {
  it('fills an empty policy with the defaults', () => {
    expect(normalizePolicy({ schemaVersion: 1 })).toEqual({ schemaVersion: 1, ...POLICY_DEFAULTS });
  });
  it('keeps what is written and fills the rest of the section', () => {
    const n = normalizePolicy({ schemaVersion: 1, name: 'x', passcode: { required: true, minLength: 10 } });
    expect(n.name).toBe('x');
    expect(n.passcode).toEqual({ ...POLICY_DEFAULTS.passcode, required: true, minLength: 10 });
  });
  it('returns copies: editing the result changes neither the input nor the defaults', () => {
    const input: Policy = { schemaVersion: 1, network: { blockedHosts: ['a.example'] } };
    const n = normalizePolicy(input);
    n.network.blockedHosts.push('b.example');
    n.vpn.allowedNetworks.push({ ssid: 'x' });
    expect(input.network!.blockedHosts).toEqual(['a.example']);
    expect(POLICY_DEFAULTS.vpn.allowedNetworks).toEqual([]);
  });
  it.each(['sample-policy.json', 'edge-values.json', 'minimal.json'])('normalized %s is still valid', (f) => {
    expect(validatePolicy(normalizePolicy(read(f)))).toEqual([]);
  });
});

describe('describePolicy', () => {
  it('has one line per section', () => {
    expect(describePolicy({ schemaVersion: 1 })).toHaveLength(POLICY_SECTIONS.length);
  });
  it('states the sample policy rules', () => {
    const text = describePolicy(read('sample-policy.json')).join('\n');
    for (const s of ['Camera: blocked', 'encrypted', 'block the app', '"CorpWiFi"', '10.0.0.0/8', 'only within the app', '*.tracker.example', 'at least 6 characters', '300 s']) expect(text).toContain(s);
  });
  it('an empty policy restricts nothing', () => {
    const text = describePolicy({ schemaVersion: 1 }).join('\n');
    expect(text).not.toMatch(/\bblocked\b(?! host)|required,|encrypted \(/);
  });
});
