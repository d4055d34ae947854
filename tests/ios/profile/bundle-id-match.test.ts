// App ID matching rules (Apple: explicit App IDs match one bundle ID; "TEAM.*" matches any; a
// "TEAM.com.example.*" wildcard matches bundle IDs that start with "com.example.").
import { describe, expect, it } from 'vitest';
import { appIdBundlePattern, profileAllowsBundleId } from '../../../src/ios/profile/bundle-id-match.js';

const profile = (applicationIdentifier: string, prefixes = ['ABCDE12345']) => ({ applicationIdentifier, applicationIdentifierPrefixes: prefixes });

describe('profileAllowsBundleId', () => {
  it('matches explicit App IDs exactly', () => {
    expect(profileAllowsBundleId(profile('ABCDE12345.com.example.app'), 'com.example.app')).toBe(true);
    expect(profileAllowsBundleId(profile('ABCDE12345.com.example.app'), 'com.example.app.ext')).toBe(false);
    expect(profileAllowsBundleId(profile('ABCDE12345.com.example.app'), 'com.example.ap')).toBe(false);
  });

  it('matches TEAM.* against any bundle ID', () => {
    expect(profileAllowsBundleId(profile('ABCDE12345.*'), 'org.anything')).toBe(true);
    expect(profileAllowsBundleId(profile('ABCDE12345.*'), '')).toBe(false);
  });

  it('matches TEAM.com.example.* against IDs below com.example only', () => {
    const p = profile('ABCDE12345.com.example.*');
    expect(profileAllowsBundleId(p, 'com.example.app')).toBe(true);
    expect(profileAllowsBundleId(p, 'com.example.app.watchkitextension')).toBe(true);
    expect(profileAllowsBundleId(p, 'com.example')).toBe(false);
    expect(profileAllowsBundleId(p, 'com.examples.app')).toBe(false);
  });

  it('strips the App ID prefix named by ApplicationIdentifierPrefix, even when it contains a dot', () => {
    expect(appIdBundlePattern('AB.CD.com.x', ['AB.CD'])).toBe('com.x');
    expect(appIdBundlePattern('ABCDE12345.com.x')).toBe('com.x');
  });

  it('allows nothing without an application-identifier', () => {
    expect(profileAllowsBundleId({ applicationIdentifier: undefined, applicationIdentifierPrefixes: [] }, 'a.b')).toBe(false);
  });
});
