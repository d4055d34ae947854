import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, SYSTEM_PYTHON, havePythonModules, runMam, runStatus, skipNotice } from '../helpers/env.js';

const MALFORMED = join(FIXTURES, 'policy', 'malformed');

describe('mam policy', () => {
  it('validates the sample policy and prints its rules and digest', () => {
    const r = runMam(['policy', 'validate', join(FIXTURES, 'policy', 'sample-policy.json')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/valid policy/);
    expect(r.stdout).toMatch(/sha256:[0-9a-f]{64}/);
  });

  it('reports the code of each kind of malformed policy with exit 3, as text and as JSON', () => {
    // One file per code through the CLI (the library test covers every file).
    const all = readdirSync(MALFORMED).filter((f) => f.includes('--') && f.endsWith('.json')).sort();
    expect(all.length).toBeGreaterThan(20);
    const files = [...new Map(all.map((f) => [f.split('--')[0]!, f])).values()];
    for (const f of files) {
      const code = f.split('--')[0]!;
      const r = runMam(['policy', 'validate', join(MALFORMED, f), '--json']);
      expect(r.status, f).toBe(3);
      const out = JSON.parse(r.stdout) as { ok: boolean; issues?: { code: string }[]; error?: { code: string } };
      expect(out.ok, f).toBe(false);
      const codes = out.issues ? out.issues.map((i) => i.code) : [out.error!.code];
      expect(codes, f).toContain(code);
      expect(r.stderr, f).not.toMatch(/\n\s+at /);
    }
  });

  it('writes starter policies that validate, here and in an independent JSON Schema validator', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mam-policy-'));
    for (const preset of ['default', 'strict']) {
      const out = join(dir, `${preset}.json`);
      expect(runMam(['policy', 'init', '--preset', preset, '-o', out]).status).toBe(0);
      expect(runMam(['policy', 'init', '--preset', preset, '-o', out]).status).toBe(7); // exists, no --force
      expect(runMam(['policy', 'validate', out]).status).toBe(0);
      if (!havePythonModules('jsonschema')) {
        skipNotice('policy init vs python3-jsonschema', 'python3-jsonschema not installed');
        continue;
      }
      const schema = join(ROOT, 'schema', 'policy.schema.json');
      const py = `import json,sys,jsonschema\ns=json.load(open(sys.argv[1]));d=json.load(open(sys.argv[2]))\njsonschema.Draft202012Validator(s).validate(d);print("ok")`;
      const r = runStatus(SYSTEM_PYTHON, ['-c', py, schema, out]);
      expect(r.stdout.trim(), r.stderr).toBe('ok');
    }
  });

  it('prints the published schema byte for byte', () => {
    const r = runMam(['policy', 'schema']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(readFileSync(join(ROOT, 'schema', 'policy.schema.json'), 'utf8').trim());
  });
});
