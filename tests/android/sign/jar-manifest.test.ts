// JAR manifest / signature file parsing: section boundaries (which v1 digests cover byte for byte),
// continuation lines, and the three newline conventions. Literal inputs written from the JAR File
// Specification's grammar; the corpus-wide check against apksigner is in corpus-signers.test.ts.
import { describe, expect, it } from 'vitest';
import { entrySectionsByName, getAttribute, parseJarManifest, sectionBytes } from '../../../src/android/sign/jar-manifest.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array): string => new TextDecoder().decode(b);

describe('parseJarManifest', () => {
  it('splits the main section and entry sections, each including its terminating empty line', () => {
    const src = 'Manifest-Version: 1.0\r\nCreated-By: test\r\n\r\nName: a.txt\r\nSHA-256-Digest: AAAA\r\n\r\nName: b/c.dex\r\nSHA1-Digest: BBBB\r\n\r\n';
    const m = parseJarManifest(enc(src));
    expect(text(sectionBytes(m, m.main))).toBe('Manifest-Version: 1.0\r\nCreated-By: test\r\n\r\n');
    expect(m.entries.map((e) => e.name)).toEqual(['a.txt', 'b/c.dex']);
    expect(text(sectionBytes(m, m.entries[0]!))).toBe('Name: a.txt\r\nSHA-256-Digest: AAAA\r\n\r\n');
    expect(text(sectionBytes(m, m.entries[1]!))).toBe('Name: b/c.dex\r\nSHA1-Digest: BBBB\r\n\r\n');
    expect(getAttribute(m.main, 'created-by')).toBe('test');
    expect(getAttribute(m.entries[1]!, 'SHA1-DIGEST')).toBe('BBBB');
  });

  it('joins continuation lines (a leading space) and keeps the wrapped bytes in the section', () => {
    const longName = 'res/drawable-xxxhdpi-v4/abc_scrubber_control_to_pressed_mtrl_005.png';
    const wrapped = `Name: ${longName.slice(0, 64)}\r\n ${longName.slice(64)}\r\nSHA1-Digest: xyz\r\n\r\n`;
    const m = parseJarManifest(enc(`Manifest-Version: 1.0\r\n\r\n${wrapped}`));
    expect(m.entries[0]!.name).toBe(longName);
    expect(text(sectionBytes(m, m.entries[0]!))).toBe(wrapped);
  });

  it('accepts LF and lone CR newlines and a last section without an empty line', () => {
    const m = parseJarManifest(enc('Manifest-Version: 1.0\n\nName: x\rSHA-256-Digest: q\r\rName: y\nSHA-256-Digest: r'));
    expect(m.entries.map((e) => [e.name, getAttribute(e, 'SHA-256-Digest')])).toEqual([
      ['x', 'q'],
      ['y', 'r'],
    ]);
    expect(text(sectionBytes(m, m.entries[0]!))).toBe('Name: x\rSHA-256-Digest: q\r\r');
    expect(text(sectionBytes(m, m.entries[1]!))).toBe('Name: y\nSHA-256-Digest: r');
  });

  it('skips extra empty lines between sections without counting them in either section', () => {
    const m = parseJarManifest(enc('A: 1\r\n\r\n\r\n\r\nName: z\r\nB: 2\r\n\r\n'));
    expect(text(sectionBytes(m, m.main))).toBe('A: 1\r\n\r\n');
    expect(m.entries[0]!.offset).toBe('A: 1\r\n\r\n\r\n\r\n'.length);
    expect(text(sectionBytes(m, m.entries[0]!))).toBe('Name: z\r\nB: 2\r\n\r\n');
  });

  it('decodes UTF-8 names, keeps the first of duplicate sections, and handles an empty file', () => {
    const m = parseJarManifest(enc('Manifest-Version: 1.0\r\n\r\nName: é.txt\r\nX: 1\r\n\r\nName: é.txt\r\nX: 2\r\n\r\n'));
    expect(m.entries).toHaveLength(2);
    expect(getAttribute(entrySectionsByName(m).get('é.txt')!, 'X')).toBe('1');
    const empty = parseJarManifest(new Uint8Array());
    expect(empty.main.attributes).toEqual([]);
    expect(empty.entries).toEqual([]);
  });
});
