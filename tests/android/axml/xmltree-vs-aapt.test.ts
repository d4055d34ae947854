// Our rendering of each corpus manifest equals `aapt dump xmltree` line for line, so every string,
// resource ID, typed value and line number we parse agrees with AOSP's parser.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assignedPackageId, parseResourceTable } from '../../../src/android/arsc/resource-table.js';
import { parseAxml } from '../../../src/android/axml/parse.js';
import { renderXmlTree } from '../../../src/android/axml/xmltree.js';
import { FIXTURES, corpusPresent, missingTools, run } from '../../helpers/env.js';
import { corpusApks, label, unzipEntry, unzipRequired } from './corpus-manifests.js';
import { readFileSync } from 'node:fs';

const noTools = missingTools('aapt xmltree parity', 'aapt', 'unzip', 'zip');
const skipCorpus = noTools || !corpusPresent('aapt xmltree parity');

function render(apk: string): string {
  const arsc = unzipEntry(apk, 'resources.arsc');
  const options = arsc ? { assignedPackageId: assignedPackageId(parseResourceTable(arsc)) } : {};
  return renderXmlTree(parseAxml(unzipRequired(apk, 'AndroidManifest.xml')), options);
}

describe.skipIf(skipCorpus)('xmltree rendering equals aapt dump xmltree (corpus)', () => {
  for (const apk of skipCorpus ? [] : corpusApks()) {
    it(label(apk), () => {
      expect(render(apk)).toBe(run('aapt', ['dump', 'xmltree', apk, 'AndroidManifest.xml']));
    });
  }
});

describe.skipIf(noTools)('xmltree rendering equals aapt dump xmltree (generated)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mam-axml-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('renders the valid reference fixture as aapt does', () => {
    const bytes = readFileSync(join(FIXTURES, 'malformed', 'axml', 'valid--reference.axml'));
    writeFileSync(join(dir, 'AndroidManifest.xml'), bytes);
    run('zip', ['-q', '-X', join(dir, 'ref.apk'), 'AndroidManifest.xml'], { cwd: dir });
    expect(renderXmlTree(parseAxml(new Uint8Array(bytes)))).toBe(run('aapt', ['dump', 'xmltree', join(dir, 'ref.apk'), 'AndroidManifest.xml']));
  });
});
