// Consistency of a bundle's embedded.mobileprovision with the code it ships with, as installd checks it
// before it installs an app (Apple's "Provisioning profile" and "Entitlements" developer documentation):
//   - the profile's App ID covers the bundle ID (IOS_PROFILE_BUNDLE_MISMATCH, error);
//   - the signing team is one of the profile's teams (IOS_PROFILE_TEAM_MISMATCH, error);
//   - the signer certificate is one of its DeveloperCertificates (IOS_CERT_NOT_IN_PROFILE, error);
//   - every entitlement the executable claims is granted by the profile (IOS_ENTITLEMENT_NOT_IN_PROFILE,
//     error: the device refuses such an app with "invalid entitlements");
//   - validity dates (IOS_PROFILE_EXPIRED / IOS_PROFILE_NOT_YET_VALID, warnings only: re-signing old
//     apps is the use case, so whether `mam verify` passes depends on the signature holding, not on
//     the calendar).
// A profile grants a value when it holds the same value, a string with a trailing "*" that prefixes it,
// an array containing a granting item (every item of an array value must be granted), or `true` for a
// boolean; a `false` boolean asks for nothing.

import { isMamError, type Issue } from '../../core/errors.js';
import { digestHex } from '../../core/x509.js';
import { profileAllowsBundleId } from '../profile/bundle-id-match.js';
import { parseProvisioningProfile, type ProvisioningProfile } from '../profile/provisioning-profile.js';
import { plistEquals, type PlistDict, type PlistValue } from '../plist/plist-value.js';

export interface IosProfileSummary {
  name: string;
  uuid: string;
  teamIdentifiers: string[];
  applicationIdentifier?: string;
  expirationDate: string;
  expired: boolean;
}

export interface ProfileCheckInput {
  profile: Uint8Array;
  bundleId?: string;
  teamId?: string;
  entitlements?: PlistDict;
  signerDer?: Uint8Array;
  now: Date;
  /** The profile's path, for issues. */
  where: string;
}

function wildcardGrants(pattern: string, value: string): boolean {
  return pattern === value || (pattern.endsWith('*') && value.startsWith(pattern.slice(0, -1)));
}

export function profileGrants(granted: PlistValue | undefined, value: PlistValue): boolean {
  if (value.type === 'boolean' && !value.value) return true;
  if (!granted) return false;
  if (value.type === 'array') return value.items.every((item) => profileGrants(granted, item));
  if (granted.type === 'array') return granted.items.some((g) => profileGrants(g, value));
  if (granted.type === 'string' && value.type === 'string') return wildcardGrants(granted.value, value.value);
  if (granted.type === 'boolean' && value.type === 'boolean') return granted.value || !value.value;
  return plistEquals(granted, value);
}

function describe(v: PlistValue): string {
  switch (v.type) {
    case 'string':
      return JSON.stringify(v.value);
    case 'boolean':
    case 'integer':
      return String(v.value);
    case 'array':
      return `[${v.items.map(describe).join(', ')}]`;
    default:
      return `a ${v.type}`;
  }
}

function checkEntitlements(p: ProvisioningProfile, entitlements: PlistDict, where: string): Issue[] {
  const out: Issue[] = [];
  for (const [key, value] of entitlements.entries) {
    const granted = p.entitlements.entries.get(key);
    if (profileGrants(granted, value)) continue;
    out.push({
      code: 'IOS_ENTITLEMENT_NOT_IN_PROFILE',
      severity: 'error',
      message: `entitlement ${key} = ${describe(value)} is not granted by profile "${p.name}" (${granted ? `it grants ${describe(granted)}` : 'it does not list it'})`,
      where,
    });
  }
  return out;
}

function checkDates(p: ProvisioningProfile, now: Date, where: string): Issue[] {
  if (now > p.expirationDate) {
    return [{ code: 'IOS_PROFILE_EXPIRED', severity: 'warning', message: `profile "${p.name}" expired on ${p.expirationDate.toISOString()}; the app will not install until it is re-signed with a current profile`, where }];
  }
  if (now < p.creationDate) {
    return [{ code: 'IOS_PROFILE_NOT_YET_VALID', severity: 'warning', message: `profile "${p.name}" is valid from ${p.creationDate.toISOString()}`, where }];
  }
  return [];
}

export function checkEmbeddedProfile(input: ProfileCheckInput): { issues: Issue[]; summary?: IosProfileSummary } {
  const { where } = input;
  let p: ProvisioningProfile;
  try {
    p = parseProvisioningProfile(input.profile);
  } catch (e) {
    if (!isMamError(e)) throw e;
    return { issues: [{ code: 'IOS_PROFILE_UNREADABLE', severity: 'error', message: `${e.code}: ${e.message}`, where }] };
  }
  const issues: Issue[] = [...checkDates(p, input.now, where)];
  if (input.bundleId !== undefined && !profileAllowsBundleId(p, input.bundleId)) {
    issues.push({ code: 'IOS_PROFILE_BUNDLE_MISMATCH', severity: 'error', message: `bundle ID ${input.bundleId} is not covered by the profile's application identifier ${p.applicationIdentifier ?? '(none)'}`, where });
  }
  if (input.teamId !== undefined && !p.teamIdentifiers.includes(input.teamId)) {
    issues.push({ code: 'IOS_PROFILE_TEAM_MISMATCH', severity: 'error', message: `the code is signed for team ${input.teamId}, the profile is for ${p.teamIdentifiers.join(', ') || 'no team'}`, where });
  }
  if (input.signerDer) {
    const sha256 = digestHex('sha256', input.signerDer);
    if (!p.developerCertificates.some((c) => c.sha256 === sha256)) {
      issues.push({ code: 'IOS_CERT_NOT_IN_PROFILE', severity: 'error', message: `the signing certificate (SHA-256 ${sha256}) is not among the profile's ${p.developerCertificates.length} developer certificate(s)`, where });
    }
  }
  if (input.entitlements) issues.push(...checkEntitlements(p, input.entitlements, where));
  const summary: IosProfileSummary = {
    name: p.name,
    uuid: p.uuid,
    teamIdentifiers: p.teamIdentifiers,
    ...(p.applicationIdentifier ? { applicationIdentifier: p.applicationIdentifier } : {}),
    expirationDate: p.expirationDate.toISOString(),
    expired: input.now > p.expirationDate,
  };
  return { issues, summary };
}
