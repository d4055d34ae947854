// The policy document, v1: types, defaults and normalization. The contract is docs/policy-spec-draft.md
// (shared with the Android and iOS runtimes); the rules are schema/policy.schema.json.

export type CompromisedAction = 'allow' | 'warn' | 'block' | 'wipe';
export type VpnMode = 'off' | 'always' | 'outsideAllowedNetworks';
export type CopyOut = 'allow' | 'block' | 'withinApp';
export type AllowOrBlock = 'allow' | 'block';

/** Exactly one of the two. */
export type AllowedNetwork = { ssid: string; cidr?: never } | { cidr: string; ssid?: never };

/** A policy document as written: every section and field but schemaVersion optional. */
export interface Policy {
  schemaVersion: 1;
  name?: string;
  camera?: { block?: boolean };
  dataAtRest?: { encrypt?: boolean };
  compromisedDevice?: { action?: CompromisedAction; detectInstrumentation?: boolean };
  vpn?: { mode?: VpnMode; allowedNetworks?: AllowedNetwork[] };
  clipboard?: { copyOut?: CopyOut; pasteIn?: AllowOrBlock };
  screenCapture?: { block?: boolean };
  sharing?: { openIn?: AllowOrBlock };
  network?: { blockLoopback?: boolean; blockedHosts?: string[] };
  passcode?: { required?: boolean; minLength?: number; timeoutSeconds?: number; allowBiometrics?: boolean };
}

type Filled<T> = { [K in keyof T]-?: NonNullable<T[K]> };

/** A policy with every section and field present (name stays optional). */
export interface NormalizedPolicy {
  schemaVersion: 1;
  name?: string;
  camera: Filled<NonNullable<Policy['camera']>>;
  dataAtRest: Filled<NonNullable<Policy['dataAtRest']>>;
  compromisedDevice: Filled<NonNullable<Policy['compromisedDevice']>>;
  vpn: Filled<NonNullable<Policy['vpn']>>;
  clipboard: Filled<NonNullable<Policy['clipboard']>>;
  screenCapture: Filled<NonNullable<Policy['screenCapture']>>;
  sharing: Filled<NonNullable<Policy['sharing']>>;
  network: Filled<NonNullable<Policy['network']>>;
  passcode: Filled<NonNullable<Policy['passcode']>>;
}

export type PolicySection = Exclude<keyof NormalizedPolicy, 'schemaVersion' | 'name'>;

/** The defaults of docs/policy-spec-draft.md (a test checks them against the schema's `default`s). */
export const POLICY_DEFAULTS: Omit<NormalizedPolicy, 'schemaVersion' | 'name'> = {
  camera: { block: false },
  dataAtRest: { encrypt: false },
  compromisedDevice: { action: 'allow', detectInstrumentation: true },
  vpn: { mode: 'off', allowedNetworks: [] },
  clipboard: { copyOut: 'allow', pasteIn: 'allow' },
  screenCapture: { block: false },
  sharing: { openIn: 'allow' },
  network: { blockLoopback: false, blockedHosts: [] },
  passcode: { required: false, minLength: 6, timeoutSeconds: 300, allowBiometrics: true },
};

export const POLICY_SECTIONS = Object.keys(POLICY_DEFAULTS) as PolicySection[];

/** Fills every absent section and field with its default. Expects a valid policy; returns copies. */
export function normalizePolicy(p: Policy): NormalizedPolicy {
  const out = { schemaVersion: 1, ...(p.name !== undefined ? { name: p.name } : {}) } as NormalizedPolicy;
  for (const section of POLICY_SECTIONS) {
    const given = (p[section] ?? {}) as Record<string, unknown>;
    const filled: Record<string, unknown> = {};
    for (const [field, dflt] of Object.entries(POLICY_DEFAULTS[section])) {
      const v = given[field] ?? dflt;
      filled[field] = Array.isArray(v) ? v.map((x: unknown) => (typeof x === 'object' && x !== null ? { ...x } : x)) : v;
    }
    (out as unknown as Record<string, unknown>)[section] = filled;
  }
  return out;
}
