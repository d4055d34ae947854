// Per-platform effects. Oracle for Android: the platform's own permission declarations in
// framework-res.apk (Debian android-framework-res), read with aapt — every permission we add or remove
// must exist, none may be signature-level, and each "dangerous" one must come with a note for the report.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { androidEffects, androidWrapperMetaValue, iosEffects } from '../../src/policy/effects.js';
import { starterPolicy, type Policy } from '../../src/policy/policy.js';
import { missingTools, run, skipNotice } from '../helpers/env.js';
import { POLICY_DIR, validFixtures } from './policy-fixtures.js';

const FRAMEWORK_RES = '/usr/share/android-framework-res/framework-res.apk';
const read = (f: string): Policy => JSON.parse(readFileSync(join(POLICY_DIR, f), 'utf8')) as Policy;
const policies: [string, Policy][] = [
  ...validFixtures.map((f) => [f, read(f)] as [string, Policy]),
  ['ssid only', { schemaVersion: 1, vpn: { mode: 'outsideAllowedNetworks', allowedNetworks: [{ ssid: 'Corp' }] } }],
  ['cidr only', { schemaVersion: 1, vpn: { mode: 'outsideAllowedNetworks', allowedNetworks: [{ cidr: '10.0.0.0/8' }] } }],
];

/** name → protectionLevel from the platform manifest. */
function platformPermissions(): Map<string, number> {
  const tree = run('aapt', ['dump', 'xmltree', FRAMEWORK_RES, 'AndroidManifest.xml']);
  const out = new Map<string, number>();
  for (const block of tree.split(/E: permission \(/).slice(1)) {
    const body = block.split(/\n\s*E: /)[0]!;
    const name = /android:name\([^)]*\)="([^"]+)"/.exec(body)?.[1];
    const level = /android:protectionLevel\([^)]*\)=\(type 0x11\)0x([0-9a-f]+)/.exec(body)?.[1];
    if (name) out.set(name, level ? parseInt(level, 16) : 0);
  }
  return out;
}

const noFrameworkRes = !existsSync(FRAMEWORK_RES);
if (noFrameworkRes) skipNotice('policy Android permission oracle', `${FRAMEWORK_RES} is absent (apt-get install android-framework-res)`);

describe.skipIf(noFrameworkRes || missingTools('policy Android permission oracle', 'aapt'))('Android permissions against framework-res.apk', () => {
  const platform = noFrameworkRes ? new Map<string, number>() : platformPermissions();
  it('the oracle read the platform manifest', () => expect(platform.size).toBeGreaterThan(100));
  it.each(policies)('%s', (_name, p) => {
    const fx = androidEffects(p);
    for (const perm of [...fx.permissionsToAdd, ...fx.permissionsToRemove]) {
      expect(platform.has(perm), perm).toBe(true);
      const base = platform.get(perm)! & 0xf;
      expect(base === 2 || base === 3, `${perm} is signature-level`).toBe(false);
      if (base === 1 && fx.permissionsToAdd.includes(perm)) expect(fx.notes.some((n) => /permission/.test(n)), `${perm} is dangerous`).toBe(true);
    }
  });
});

describe('androidEffects', () => {
  it('a policy that restricts nothing changes nothing', () => {
    expect(androidEffects({ schemaVersion: 1 })).toEqual({ permissionsToAdd: [], permissionsToRemove: [], cameraFeaturesNotRequired: false, hookGroups: [], notes: [] });
  });
  it('the sample policy', () => {
    const fx = androidEffects(read('sample-policy.json'));
    expect(fx.permissionsToRemove).toEqual(['android.permission.CAMERA']);
    expect(fx.cameraFeaturesNotRequired).toBe(true);
    expect(fx.permissionsToAdd).toEqual([...fx.permissionsToAdd].sort());
    expect(fx.permissionsToAdd).toEqual(expect.arrayContaining(['android.permission.ACCESS_NETWORK_STATE', 'android.permission.ACCESS_WIFI_STATE', 'android.permission.USE_BIOMETRIC']));
    expect(fx.hookGroups).toEqual(['camera', 'file-encryption', 'network', 'clipboard', 'sharing']);
  });
  it('CIDR-only allowed networks need no Wi-Fi or location permission', () => {
    const fx = androidEffects({ schemaVersion: 1, vpn: { mode: 'outsideAllowedNetworks', allowedNetworks: [{ cidr: '10.0.0.0/8' }] } });
    expect(fx.permissionsToAdd).toEqual(['android.permission.ACCESS_NETWORK_STATE']);
  });
  it('screen capture is enforced without call-site hooks on Android', () => {
    expect(androidEffects({ schemaVersion: 1, screenCapture: { block: true } }).hookGroups).toEqual([]);
  });
  it('the wrapper meta-data value has the spec shape', () => {
    expect(androidWrapperMetaValue('0.1.0', 'ab'.repeat(32))).toMatch(/^mam 0\.1\.0; policy-sha256=[0-9a-f]{64}$/);
  });
});

describe('iosEffects', () => {
  it('a policy that restricts nothing changes nothing', () => {
    expect(iosEffects({ schemaVersion: 1 })).toEqual({ infoPlistKeysToRemove: [], infoPlistStringsIfAbsent: {}, entitlementsRequired: {}, entitlementsIfGranted: {}, hookGroups: [], notes: [] });
  });
  it('the strict starter', () => {
    const fx = iosEffects(starterPolicy('strict'));
    expect(fx.infoPlistKeysToRemove).toEqual(['NSCameraUsageDescription']);
    expect(fx.infoPlistStringsIfAbsent).toEqual({});
    expect(fx.entitlementsIfGranted).toEqual({ 'com.apple.developer.default-data-protection': 'NSFileProtectionComplete' });
    expect(fx.hookGroups).toEqual(['camera', 'file-encryption', 'network', 'clipboard', 'sharing', 'screen-capture']);
  });
  it('SSID networks need the Wi-Fi information entitlement and a location usage string', () => {
    const fx = iosEffects(read('sample-policy.json'));
    expect(fx.entitlementsRequired).toEqual({ 'com.apple.developer.networking.wifi-info': true });
    expect(Object.keys(fx.infoPlistStringsIfAbsent).sort()).toEqual(['NSFaceIDUsageDescription', 'NSLocationWhenInUseUsageDescription']);
  });
});
