import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAM_VERSION } from '../../src/core/version.js';
import { ROOT, runMam } from '../helpers/env.js';

describe('mam CLI basics', () => {
  it('reports the version recorded in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(MAM_VERSION).toBe(pkg.version);
    const r = runMam(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('exits 2 on a usage error and prints no stack trace', () => {
    const r = runMam(['no-such-command']);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
