// Policy validation, driven by the published schema (schema/policy.schema.json) through the
// interpreter in schema-interpreter.ts: the schema file is the single statement of the rules.
//
// Codes (Issue.code), each with the JSON path of the offending value in Issue.where:
//   POLICY_UNKNOWN_FIELD            a field the schema does not define (never ignored)
//   POLICY_TYPE                     wrong JSON type (string for boolean, 6.5 for an integer, …)
//   POLICY_REQUIRED                 a required field is missing (schemaVersion)
//   POLICY_VERSION                  schemaVersion is not 1
//   POLICY_ENUM                     a value outside its enumeration
//   POLICY_RANGE                    an integer outside its range
//   POLICY_LENGTH                   a string or list too short or too long
//   POLICY_NETWORK_KIND             an allowed network without exactly one of ssid / cidr
//   POLICY_SSID                     an SSID that is empty or longer than 32 characters
//   POLICY_CIDR                     a malformed CIDR network
//   POLICY_HOST_PATTERN             a malformed host pattern
//   POLICY_VPN_NO_ALLOWED_NETWORKS  vpn.mode outsideAllowedNetworks with no allowed network
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IoError, type Issue } from '../core/errors.js';
import { SchemaInterpreter } from './schema-interpreter.js';

// src/policy/ and dist/policy/ are both two levels below the package root.
const SCHEMA_URL = new URL('../../schema/policy.schema.json', import.meta.url);

/** Absolute path of the published policy schema. */
export const POLICY_SCHEMA_PATH = fileURLToPath(SCHEMA_URL);

let cached: { schema: Record<string, unknown>; interpreter: SchemaInterpreter } | undefined;

/** The published JSON Schema (draft 2020-12) of policy v1, read once from the package. */
export function loadPolicySchema(): Record<string, unknown> {
  return load().schema;
}

/** Every problem in a candidate policy document; an empty list means it is a valid policy v1. */
export function validatePolicy(value: unknown): Issue[] {
  return load().interpreter.validate(value);
}

function load(): NonNullable<typeof cached> {
  if (cached) return cached;
  let text: string;
  try {
    text = readFileSync(SCHEMA_URL, 'utf8');
  } catch (e) {
    throw new IoError('POLICY_SCHEMA_UNREADABLE', `cannot read the policy schema: ${(e as Error).message}`, { file: POLICY_SCHEMA_PATH, hint: 'the mam installation is incomplete; reinstall it' }, { cause: e });
  }
  const schema = JSON.parse(text) as Record<string, unknown>;
  cached = { schema, interpreter: new SchemaInterpreter(schema) };
  return cached;
}
