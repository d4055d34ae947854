// The policy area's public face: the policy document v1 (docs/policy-spec-draft.md, rules in
// schema/policy.schema.json) — its types, reading and validation, defaults, canonical bytes and digest,
// starter presets and the human description. What each policy changes per platform is in effects.ts.
export * from './model.js';
export { validatePolicy, loadPolicySchema, POLICY_SCHEMA_PATH } from './validate.js';
export { canonicalPolicyBytes, embeddedPolicy, policyDigest } from './canonical.js';
export { parsePolicy, readPolicyFile, PolicyInvalidError } from './policy-file.js';
export { starterPolicy, STARTER_PRESETS, type StarterPreset } from './starter.js';
export { describePolicy } from './describe.js';
