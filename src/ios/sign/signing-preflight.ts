// Preflight of iOS signing: everything about the identity, the profiles and the bundle IDs that can be
// checked before any byte is written, each refusal with its own code and the facts in the message.
//
// Rules:
// 1. The signing certificate is valid at the injected clock's time (IOS_CERT_EXPIRED,
//    IOS_CERT_NOT_YET_VALID).
// 2. Every bundle that runs as its own process (app, app extension, watch app, app clip) has a profile
//    whose application-identifier covers its bundle ID; an exact App ID beats a wildcard, a longer
//    wildcard stem a shorter one (IOS_NO_PROFILE_FOR_BUNDLE).
// 3. Each chosen profile has not expired (IOS_PROFILE_EXPIRED) and lists the signing certificate among
//    its DeveloperCertificates (IOS_CERT_NOT_IN_PROFILE).
// 4. Each app extension, watch app and app clip has an ID that starts with its containing app's ID and
//    a dot (IOS_EXTENSION_ID_MISMATCH).

import { createHash, type X509Certificate } from 'node:crypto';
import { PreflightError } from '../../core/errors.js';
import type { CodeBundle } from '../bundle/bundle-tree.js';
import { isAppLike } from '../bundle/bundle-tree.js';
import { appIdBundlePattern, profileAllowsBundleId } from '../profile/bundle-id-match.js';
import type { ProvisioningProfile } from '../profile/provisioning-profile.js';

export function assertCertificateValid(cert: X509Certificate, now: Date): void {
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  const subject = cert.subject.replace(/\n/g, ', ');
  if (now.getTime() > to.getTime()) {
    throw new PreflightError('IOS_CERT_EXPIRED', `signing certificate "${subject}" expired on ${to.toISOString()} (now ${now.toISOString()})`, { hint: 'renew the certificate and export a new .p12' });
  }
  if (now.getTime() < from.getTime()) {
    throw new PreflightError('IOS_CERT_NOT_YET_VALID', `signing certificate "${subject}" is valid only from ${from.toISOString()} (now ${now.toISOString()})`);
  }
}

/** How specific a profile's App ID is for ranking: exact first, then the longest wildcard stem. */
function specificity(profile: ProvisioningProfile): number {
  const pattern = appIdBundlePattern(profile.applicationIdentifier ?? '', profile.applicationIdentifierPrefixes);
  return pattern.includes('*') ? pattern.length : Number.MAX_SAFE_INTEGER;
}

export function selectProfile<P extends ProvisioningProfile>(profiles: readonly P[], bundleId: string): P | undefined {
  return profiles.filter((p) => profileAllowsBundleId(p, bundleId)).sort((a, b) => specificity(b) - specificity(a))[0];
}

export function assertProfileUsable(profile: ProvisioningProfile, certDer: Uint8Array, now: Date, where: string): void {
  if (now.getTime() > profile.expirationDate.getTime()) {
    throw new PreflightError('IOS_PROFILE_EXPIRED', `profile "${profile.name}" (${profile.uuid}) for ${where} expired on ${profile.expirationDate.toISOString()} (now ${now.toISOString()})`, { entry: where });
  }
  const sha256 = createHash('sha256').update(certDer).digest('hex');
  if (!profile.developerCertificates.some((c) => c.sha256 === sha256)) {
    const listed = profile.developerCertificates.map((c) => c.subject).join('; ') || 'none';
    throw new PreflightError(
      'IOS_CERT_NOT_IN_PROFILE',
      `profile "${profile.name}" for ${where} does not list the signing certificate (SHA-256 ${sha256}); it lists: ${listed}`,
      { entry: where, hint: 'download a profile that includes this certificate' },
    );
  }
}

/** Picks and checks the profile of every app-like bundle (rules 2 and 3). */
export function assignProfiles<P extends ProvisioningProfile>(bundles: readonly CodeBundle[], profiles: readonly P[], certDer: Uint8Array, now: Date, idOf: (b: CodeBundle) => string): Map<CodeBundle, P> {
  const out = new Map<CodeBundle, P>();
  for (const b of bundles.filter(isAppLike)) {
    const id = idOf(b);
    const where = b.root || 'the app';
    const profile = selectProfile(profiles, id);
    if (!profile) {
      const offered = profiles.map((p) => p.applicationIdentifier ?? '?').join(', ') || 'none';
      throw new PreflightError('IOS_NO_PROFILE_FOR_BUNDLE', `no profile covers bundle ID ${id} (${where}); profiles given: ${offered}`, { entry: where, hint: 'add one with --profile FILE' });
    }
    assertProfileUsable(profile, certDer, now, `${id} (${where})`);
    out.set(b, profile);
  }
  return out;
}

/** Rule 4, over the whole tree. */
export function assertExtensionIds(app: CodeBundle, idOf: (b: CodeBundle) => string): void {
  const walk = (parent: CodeBundle, parentAppId: string): void => {
    for (const n of parent.nested) {
      const isApp = n.kind === 'appex' || n.kind === 'watch-app' || n.kind === 'app-clip';
      if (isApp && !idOf(n).startsWith(parentAppId + '.')) {
        throw new PreflightError('IOS_EXTENSION_ID_MISMATCH', `${n.root} has bundle ID ${idOf(n)}, which does not start with its app's ID ${parentAppId}.`, { entry: n.root });
      }
      walk(n, n.kind === 'watch-app' || n.kind === 'app-clip' ? idOf(n) : parentAppId);
    }
  };
  walk(app, idOf(app));
}

/** The bundle ID after --bundle-id: the app's ID replaced, and every ID that extended it re-prefixed. */
export function renamedBundleId(original: string, oldAppId: string, newAppId: string | undefined): string {
  if (!newAppId) return original;
  if (original === oldAppId) return newAppId;
  return original.startsWith(oldAppId + '.') ? newAppId + original.slice(oldAppId.length) : original;
}
