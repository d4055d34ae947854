// Entry names: CP437 decoding checked against Python's cp437 codec (through zipfile, which decodes
// names without the UTF-8 flag that way), and the safety rules.
import { describe, expect, it } from 'vitest';
import { MamError } from '../../src/core/errors.js';
import { assertSafeEntryName, decodeCp437, decodeEntryName } from '../../src/container/zip-names.js';
import { SYSTEM_PYTHON, havePythonModules, run } from '../helpers/env.js';

describe('entry names', () => {
  it.skipIf(!havePythonModules('codecs'))('decodes all 256 CP437 bytes as python does', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const py = JSON.parse(run(SYSTEM_PYTHON, ['-c', 'import json; print(json.dumps(bytes(range(256)).decode("cp437")))'])) as string;
    expect(decodeCp437(all)).toBe(py);
  });

  it('decodes UTF-8 when flag bit 11 is set', () => {
    const raw = new TextEncoder().encode('résumé.txt');
    expect(decodeEntryName(raw, 0x800)).toBe('résumé.txt');
    expect(decodeEntryName(raw, 0)).not.toBe('résumé.txt');
  });

  it.each([
    ['/abs', 'ZIP_UNSAFE_NAME_ABSOLUTE'],
    ['c:evil', 'ZIP_UNSAFE_NAME_ABSOLUTE'],
    ['a/../../b', 'ZIP_UNSAFE_NAME_DOTDOT'],
    ['..', 'ZIP_UNSAFE_NAME_DOTDOT'],
    ['a\\b', 'ZIP_UNSAFE_NAME_BACKSLASH'],
    ['a\0b', 'ZIP_UNSAFE_NAME_NUL'],
    ['', 'ZIP_UNSAFE_NAME_EMPTY'],
  ])('refuses %j with %s', (name, code) => {
    try {
      assertSafeEntryName(name, new TextEncoder().encode(name), 0);
      expect.unreachable();
    } catch (e) {
      expect((e as MamError).code).toBe(code);
    }
  });

  it.each(['a..b/c', '...', 'res/$x.xml', 'dir/', 'Payload/A.app/Info.plist'])('accepts %j', (name) => {
    expect(() => assertSafeEntryName(name, new TextEncoder().encode(name), 0)).not.toThrow();
  });
});
