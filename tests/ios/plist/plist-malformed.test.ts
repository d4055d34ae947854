// Every fixture in fixtures/malformed/plist is refused with the MalformedInputError code its file name
// starts with (<CODE>--<what>.bin), with an offset in the error context; none may crash the parser.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MalformedInputError } from '../../../src/core/errors.js';
import { parsePlist } from '../../../src/ios/plist/plist.js';
import { FIXTURES } from '../../helpers/env.js';

const DIR = join(FIXTURES, 'malformed', 'plist');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.bin')).sort();

describe('malformed property lists', () => {
  it('has fixtures (run node fixtures/malformed/plist/make.mjs)', () => {
    expect(FILES.length).toBeGreaterThan(25);
  });

  it.each(FILES)('%s', (file) => {
    const code = file.split('--')[0]!;
    let caught: unknown;
    try {
      parsePlist(readFileSync(join(DIR, file)), { entry: file });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MalformedInputError);
    const err = caught as MalformedInputError;
    expect(`${err.code}: ${err.message}`).toMatch(new RegExp(`^${code}: `));
    expect(typeof err.context.offset).toBe('number');
  });
});
