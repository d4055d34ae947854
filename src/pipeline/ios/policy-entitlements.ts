// The entitlements a policy needs on iOS (policy/effects.ts: `entitlementsRequired`, refused when the
// app's provisioning profile does not grant them; `entitlementsIfGranted`, added only when it does),
// applied to the main app's signing plan after the signer has merged its own entitlements with its
// profile. Ad-hoc signing has no profile to ask: required ones are added, optional ones are not.

import { PreflightError } from '../../core/errors.js';
import { plist, plistEquals, type PlistValue } from '../../ios/plist/plist-value.js';
import type { BundlePlan, BundleSigningOptions } from '../../ios/sign/sign-bundle.js';
import type { IosEffects } from '../../policy/effects.js';
import type { IosWrapSigning } from './ios-wrap-context.js';

export function signingOptionsOf(signing: IosWrapSigning, now: Date): BundleSigningOptions {
  return {
    ...(signing.identity ? { identity: signing.identity } : {}),
    profiles: signing.profiles,
    ...(signing.entitlements ? { entitlements: signing.entitlements } : {}),
    ...(signing.bundleId ? { bundleId: signing.bundleId } : {}),
    dropMissingEntitlements: signing.dropMissingEntitlements ?? false,
    now,
  };
}

function toPlist(v: unknown): PlistValue {
  if (typeof v === 'boolean') return plist.boolean(v);
  if (typeof v === 'string') return plist.string(v);
  if (typeof v === 'number') return plist.integer(v);
  if (Array.isArray(v)) return plist.array(v.map(toPlist));
  throw new Error(`policy entitlement value of type ${typeof v} has no plist form`);
}

/** Granted: the profile has the key with an equal value, `true` for a boolean, or a covering `*` pattern. */
function granted(value: PlistValue, grant: PlistValue | undefined): boolean {
  if (!grant) return false;
  if (grant.type === 'array' && value.type === 'string') return grant.items.some((g) => granted(value, g));
  if (value.type === 'boolean' && grant.type === 'boolean') return grant.value || !value.value;
  if (value.type === 'string' && grant.type === 'string') return grant.value === value.value || (grant.value.endsWith('*') && value.value.startsWith(grant.value.slice(0, -1)));
  return plistEquals(value, grant);
}

const show = (v: PlistValue): string => (v.type === 'string' ? JSON.stringify(v.value) : v.type === 'boolean' ? String(v.value) : `<${v.type}>`);

/**
 * Adds the policy's entitlements to the app's plan; `changes` gets one line per entitlement added, and
 * `notes` (when given) the optional ones that could not be. Throws IOS_ENTITLEMENT_NOT_GRANTED.
 */
export function applyPolicyEntitlements(plan: BundlePlan, effects: IosEffects, signing: IosWrapSigning, changes: string[], notes?: string[]): void {
  const grants = plan.profile?.entitlements.entries;
  const add = (key: string, value: PlistValue, why: string): void => {
    plan.entitlements ??= plist.dict();
    const before = plan.entitlements.entries.get(key);
    if (before && plistEquals(before, value)) return;
    plan.entitlements.entries.set(key, value);
    changes.push(`+ ${key} = ${show(value)} (${why})`);
  };
  for (const [key, raw] of Object.entries(effects.entitlementsRequired)) {
    const value = toPlist(raw);
    if (signing.identity && !granted(value, grants?.get(key))) {
      throw new PreflightError('IOS_ENTITLEMENT_NOT_GRANTED', `the policy needs entitlement ${key} = ${show(value)}, but profile "${plan.profile?.name ?? '(none)'}" for ${plan.bundleId} does not grant it`, {
        entry: plan.bundleId, hint: 'use a profile whose App ID has that capability, or change the policy',
      });
    }
    add(key, value, 'required by the policy');
  }
  for (const [key, raw] of Object.entries(effects.entitlementsIfGranted)) {
    const value = toPlist(raw);
    if (signing.identity && granted(value, grants?.get(key))) add(key, value, 'the policy asks for it and the profile grants it');
    else notes?.push(`entitlement ${key} = ${show(value)} is not added: ${signing.identity ? `profile "${plan.profile?.name ?? '(none)'}" does not grant it` : 'ad-hoc signing has no profile to grant it'}; the runtime applies the same protection at run time`);
  }
}
