// The policy fixture lists shared by the policy tests (fixtures/policy/, fixtures/policy/malformed/).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../helpers/env.js';

export const POLICY_DIR = join(FIXTURES, 'policy');
export const MALFORMED_DIR = join(POLICY_DIR, 'malformed');
/** Codes raised while reading bytes and JSON text, before the schema is consulted. */
export const JSON_LEVEL_CODES = new Set(['POLICY_JSON_SYNTAX', 'POLICY_DUPLICATE_KEY', 'POLICY_ENCODING']);

export const validFixtures = readdirSync(POLICY_DIR).filter((f) => f.endsWith('.json')).sort();
export const malformedFixtures = readdirSync(MALFORMED_DIR).filter((f) => f.includes('--')).sort();
/** Where each malformed fixture is wrong, recorded by its generator. */
export const malformedWhere = JSON.parse(readFileSync(join(MALFORMED_DIR, 'expected.json'), 'utf8')) as Record<string, string>;
export const codeOf = (file: string): string => file.slice(0, file.indexOf('--'));
