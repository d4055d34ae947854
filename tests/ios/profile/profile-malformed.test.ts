// Every fixture in fixtures/malformed/profile is refused with the code its file name starts with.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MalformedInputError } from '../../../src/core/errors.js';
import { parseProvisioningProfile } from '../../../src/ios/profile/provisioning-profile.js';
import { FIXTURES } from '../../helpers/env.js';

const DIR = join(FIXTURES, 'malformed', 'profile');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.bin')).sort();

describe('malformed provisioning profiles', () => {
  it('has fixtures (run node fixtures/malformed/profile/make.mjs)', () => {
    expect(FILES.length).toBeGreaterThan(10);
  });

  it.each(FILES)('%s', (file) => {
    const code = file.split('--')[0]!;
    let caught: unknown;
    try {
      parseProvisioningProfile(readFileSync(join(DIR, file)));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MalformedInputError);
    expect(`${(caught as MalformedInputError).code}: ${(caught as Error).message}`).toMatch(new RegExp(`^${code}: `));
  });
});
