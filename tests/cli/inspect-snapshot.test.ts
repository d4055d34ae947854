// The JSON form of `mam inspect` is a documented, stable interface (docs/inspect-json.md): these
// snapshots of the committed sample apps fail when its shape or content changes by accident. Update them
// deliberately with `npx vitest run tests/cli/inspect-snapshot.test.ts -u` and document the change.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runMam } from '../helpers/env.js';

const apps = [
  ...readdirSync(join(FIXTURES, 'android')).filter((n) => n.endsWith('.apk')).map((n) => join('android', n)),
  ...readdirSync(join(FIXTURES, 'ios')).filter((n) => n.endsWith('.ipa') || n.endsWith('.app.zip')).map((n) => join('ios', n)),
].sort();

describe('mam inspect --json snapshots of the sample apps', () => {
  it.each(apps)('%s', async (rel) => {
    const r = runMam(['inspect', '--json', join(FIXTURES, rel)]);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { reportVersion: number };
    expect(report.reportVersion).toBe(1);
    await expect(JSON.stringify(report, null, 2) + '\n').toMatchFileSnapshot(`__snapshots__/inspect/${rel.replace('/', '--')}.json`);
  });

  it('text form of the sample APK', async () => {
    const r = runMam(['inspect', join(FIXTURES, 'android', 'sample.apk')]);
    expect(r.status).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot('__snapshots__/inspect/sample.apk.txt');
  });
});
