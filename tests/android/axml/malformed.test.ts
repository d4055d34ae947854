// Each fixtures/malformed/axml/<CODE>--<what>.bin (written by make.mjs there) fails with <CODE>.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MalformedInputError } from '../../../src/core/errors.js';
import { parseAxml } from '../../../src/android/axml/parse.js';
import { FIXTURES } from '../../helpers/env.js';

const DIR = join(FIXTURES, 'malformed', 'axml');
const files = readdirSync(DIR).filter((f) => f.endsWith('.bin')).sort();

describe('malformed binary XML', () => {
  it('has fixtures', () => expect(files.length).toBeGreaterThan(10));
  for (const f of files) {
    const code = f.split('--')[0]!;
    it(`${f} → ${code}`, () => {
      const bytes = new Uint8Array(readFileSync(join(DIR, f)));
      let caught: unknown;
      try {
        parseAxml(bytes);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(MalformedInputError);
      const err = caught as MalformedInputError;
      expect(err.code).toBe(code);
      expect(typeof err.context.offset).toBe('number');
    });
  }
});
