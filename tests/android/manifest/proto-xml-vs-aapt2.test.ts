// parseProtoXml on the manifests of the corpus app bundles agrees with `aapt2 dump xmltree` (which
// reads proto XML from a zip that also holds a resources.pb): every element name and every attribute's
// name, resource ID and source value, in order; and the summary finds what aapt2 shows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summarizeManifest } from '../../../src/android/manifest/summarize.js';
import { parseProtoXml, protoXmlElementView, type ProtoXmlNode } from '../../../src/android/proto-xml/parse-proto-xml.js';
import { corpusPresent, missingTools, run } from '../../helpers/env.js';
import { corpusBundles, label, unzipRequired } from '../axml/corpus-manifests.js';

const skip = missingTools('proto XML vs aapt2', 'aapt2', 'unzip', 'zip') || !corpusPresent('proto XML vs aapt2');

/** Lines "E: name" and "A: name(0xid)=… (Raw: "…")" reduced to comparable tuples. */
function fromAapt2(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const e = /^\s*E: (\S+) \(line=\d+\)$/.exec(line);
    if (e) out.push(`E ${e[1]}`);
    const a = /^\s*A: (?:.*:)?([^:(=]+)(?:\((0x[0-9a-f]{8})\))?=.*\(Raw: "(.*)"\)$/.exec(line);
    if (a) out.push(`A ${a[1]} ${a[2] ?? '0x00000000'} ${a[3]}`);
  }
  return out;
}

function fromOurs(n: ProtoXmlNode, out: string[] = []): string[] {
  if (n.kind !== 'element') return out;
  out.push(`E ${n.namespaceUri ? `${n.namespaceUri}:` : ''}${n.name}`);
  for (const a of n.attributes) out.push(`A ${a.name} 0x${a.resourceId.toString(16).padStart(8, '0')} ${a.value}`);
  for (const c of n.children) fromOurs(c, out);
  return out;
}

describe.skipIf(skip)('proto XML manifests of app bundles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mam-protoxml-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  for (const aab of skip ? [] : corpusBundles()) {
    it(label(aab), () => {
      const bytes = unzipRequired(aab, 'base/manifest/AndroidManifest.xml');
      const sub = mkdtempSync(join(dir, 'b-'));
      writeFileSync(join(sub, 'AndroidManifest.xml'), bytes);
      writeFileSync(join(sub, 'resources.pb'), new Uint8Array(0));
      run('zip', ['-q', '-X', 'p.apk', 'AndroidManifest.xml', 'resources.pb'], { cwd: sub });
      const dump = run('aapt2', ['dump', 'xmltree', '--file', 'AndroidManifest.xml', join(sub, 'p.apk')]);
      const root = parseProtoXml(bytes);
      expect(fromOurs(root)).toEqual(fromAapt2(dump));
      expect(root.kind).toBe('element');
      if (root.kind !== 'element') return;
      const s = summarizeManifest(protoXmlElementView(root));
      expect(s.package).toBe(/A: package="([^"]*)"/.exec(dump)?.[1]);
      expect(String(s.versionCode)).toBe(/versionCode\(0x0101021b\)=\S+ \(Raw: "([^"]*)"\)/.exec(dump)?.[1]);
      expect(s.launcherActivity).toBeDefined();
    });
  }
});
