// Whether a provisioning profile's App ID covers a bundle identifier. The App ID is the
// `application-identifier` entitlement: "<prefix>.<bundle id pattern>", where the pattern is an exact
// bundle ID, "*" (any bundle ID) or "<stem>.*" (any bundle ID that starts with "<stem>."), as Apple's
// developer documentation describes explicit and wildcard App IDs.

import type { ProvisioningProfile } from './provisioning-profile.js';

/** The bundle-ID part of an application identifier, after its team/App ID prefix. */
export function appIdBundlePattern(applicationIdentifier: string, prefixes: readonly string[] = []): string {
  const prefix = prefixes.find((p) => applicationIdentifier.startsWith(p + '.'));
  if (prefix) return applicationIdentifier.slice(prefix.length + 1);
  const dot = applicationIdentifier.indexOf('.');
  return dot < 0 ? applicationIdentifier : applicationIdentifier.slice(dot + 1);
}

export function bundleIdMatchesPattern(pattern: string, bundleId: string): boolean {
  if (pattern === '*') return bundleId.length > 0;
  if (pattern.endsWith('.*')) {
    const stem = pattern.slice(0, -1);
    return bundleId.startsWith(stem) && bundleId.length > stem.length;
  }
  return pattern === bundleId;
}

export function profileAllowsBundleId(profile: Pick<ProvisioningProfile, 'applicationIdentifier' | 'applicationIdentifierPrefixes'>, bundleId: string): boolean {
  if (!profile.applicationIdentifier) return false;
  return bundleIdMatchesPattern(appIdBundlePattern(profile.applicationIdentifier, profile.applicationIdentifierPrefixes), bundleId);
}
