// Each fixtures/malformed/dex/<CODE>--<what>.bin (written by make.mjs there) fails with <CODE>.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDex } from '../../../src/android/dex/parse.js';
import { MalformedInputError } from '../../../src/core/errors.js';
import { FIXTURES } from '../../helpers/env.js';

const DIR = join(FIXTURES, 'malformed', 'dex');
const files = readdirSync(DIR).filter((f) => f.endsWith('.bin')).sort();

describe('malformed DEX', () => {
  it('has fixtures', () => expect(files.length).toBeGreaterThan(10));
  for (const f of files) {
    const code = f.split('--')[0]!;
    it(`${f} → ${code}`, () => {
      let caught: unknown;
      try {
        parseDex(new Uint8Array(readFileSync(join(DIR, f))));
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(MalformedInputError);
      expect((caught as MalformedInputError).code).toBe(code);
      expect(typeof (caught as MalformedInputError).context.offset).toBe('number');
    });
  }
});
