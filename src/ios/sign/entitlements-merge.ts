// The entitlements a re-signed bundle gets: its existing ones (from its current signature) with the
// team prefix rewritten to the new team, checked against what the bundle's provisioning profile grants,
// plus the identity entitlements the profile dictates (application-identifier,
// com.apple.developer.team-identifier, get-task-allow). A value is granted when the profile has the key
// with an equal value, or a string pattern ending in `*` that covers it (Apple's wildcard form, e.g.
// keychain-access-groups "TEAMID.*"), or `true` for a boolean. Anything else is refused
// (IOS_ENTITLEMENT_NOT_GRANTED) unless the caller asks to drop what is not granted.

import { PreflightError } from '../../core/errors.js';
import { plist, plistEquals, type PlistDict, type PlistValue } from '../plist/plist-value.js';
import type { ProvisioningProfile } from '../profile/provisioning-profile.js';

export const IDENTITY_ENTITLEMENTS = ['application-identifier', 'com.apple.developer.team-identifier', 'get-task-allow'] as const;

export interface MergedEntitlements {
  entitlements: PlistDict;
  /** Keys left out because the profile does not grant them (only with dropMissing). */
  dropped: string[];
}

/** The App ID prefix of a profile (usually the team ID). */
export function profileAppIdPrefix(profile: ProvisioningProfile): string {
  return profile.applicationIdentifierPrefixes[0] ?? profile.teamIdentifiers[0] ?? (profile.applicationIdentifier ?? '').split('.')[0]!;
}

function rewritePrefix(v: PlistValue, from: string | undefined, to: string): PlistValue {
  if (!from || from === to) return v;
  if (v.type === 'string') return v.value.startsWith(from + '.') ? plist.string(to + v.value.slice(from.length)) : v;
  if (v.type === 'array') return plist.array(v.items.map((x) => rewritePrefix(x, from, to)));
  return v;
}

function stringGranted(value: string, grant: PlistValue): boolean {
  if (grant.type === 'array') return grant.items.some((g) => stringGranted(value, g));
  if (grant.type !== 'string') return false;
  if (grant.value === value) return true;
  return grant.value.endsWith('*') && value.startsWith(grant.value.slice(0, -1));
}

function valueGranted(value: PlistValue, grant: PlistValue): boolean {
  if (value.type === 'string') return stringGranted(value.value, grant);
  if (value.type === 'array') return value.items.every((item) => valueGranted(item, grant));
  if (value.type === 'boolean') return (grant.type === 'boolean' && (grant.value || !value.value));
  return plistEquals(value, grant);
}

/** The old team prefix: the part of the existing application-identifier before its first dot. */
function existingPrefix(existing: PlistDict | undefined): string | undefined {
  const appId = existing?.entries.get('application-identifier');
  return appId?.type === 'string' && appId.value.includes('.') ? appId.value.slice(0, appId.value.indexOf('.')) : undefined;
}

export function mergeEntitlements(
  existing: PlistDict | undefined,
  profile: ProvisioningProfile,
  bundleId: string,
  opts: { dropMissing?: boolean; where?: string } = {},
): MergedEntitlements {
  const prefix = profileAppIdPrefix(profile);
  const oldPrefix = existingPrefix(existing);
  const granted = profile.entitlements.entries;
  const out = plist.dict([['application-identifier', plist.string(`${prefix}.${bundleId}`)]]);
  const team = granted.get('com.apple.developer.team-identifier') ?? (profile.teamIdentifiers[0] ? plist.string(profile.teamIdentifiers[0]) : undefined);
  if (team) out.entries.set('com.apple.developer.team-identifier', team);
  const taskAllow = granted.get('get-task-allow');
  if (taskAllow) out.entries.set('get-task-allow', taskAllow);
  const dropped: string[] = [];
  for (const [key, raw] of existing?.entries ?? []) {
    if ((IDENTITY_ENTITLEMENTS as readonly string[]).includes(key)) continue;
    const value = rewritePrefix(raw, oldPrefix, prefix);
    const grant = granted.get(key);
    if (grant && valueGranted(value, grant)) {
      out.entries.set(key, value);
      continue;
    }
    if (opts.dropMissing) {
      dropped.push(key);
      continue;
    }
    throw new PreflightError(
      'IOS_ENTITLEMENT_NOT_GRANTED',
      `${opts.where ?? bundleId} has entitlement ${key} = ${describe(value)}, but profile "${profile.name}" ${grant ? `grants only ${describe(grant)}` : 'does not grant it'}`,
      { entry: opts.where, hint: 'use a profile that grants it, or --drop-missing-entitlements' },
    );
  }
  return { entitlements: out, dropped };
}

function describe(v: PlistValue): string {
  switch (v.type) {
    case 'string':
      return JSON.stringify(v.value);
    case 'boolean':
      return String(v.value);
    case 'integer':
      return String(v.value);
    case 'array':
      return `[${v.items.map(describe).join(', ')}]`;
    default:
      return `<${v.type}>`;
  }
}
