// Every embedded.mobileprovision in the iOS corpus against openssl and plistlib: the signed content
// equals what `openssl cms -verify -noverify` extracts; every field equals plistlib's reading of that
// plist; developer-certificate digests equal `openssl x509 -fingerprint`; the signer certificate is the
// one openssl names with -signer; and the bundle that carries the profile is allowed by it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCmsSignedData } from '../../../src/ios/profile/cms-signed-data.js';
import { parseProvisioningProfile } from '../../../src/ios/profile/provisioning-profile.js';
import { profileAllowsBundleId } from '../../../src/ios/profile/bundle-id-match.js';
import { parsePlist } from '../../../src/ios/plist/plist.js';
import { getPlistString } from '../../../src/ios/plist/key-path.js';
import { corpusPresent, havePythonModules, missingTools, run, skipNotice } from '../../helpers/env.js';
import { collectCorpusPlists, plistlibParse, toTyped, type Typed } from '../plist/plist-oracle.js';

const noPython = !havePythonModules('plistlib');
if (noPython) skipNotice('profile corpus tests', '/usr/bin/python3 with plistlib is missing');
const skip = !corpusPresent('profile corpus tests') || noPython || missingTools('profile corpus tests', 'unzip', 'openssl');

function opensslFingerprint(args: string[], algorithm: 'sha1' | 'sha256'): string {
  const out = run('openssl', ['x509', ...args, '-noout', '-fingerprint', `-${algorithm}`]);
  return out.trim().split('=')[1]!.replace(/:/g, '').toLowerCase();
}

function typedField(root: Typed, key: string): Typed | undefined {
  return root.t === 'dict' ? root.v.find(([k]) => k === key)?.[1] : undefined;
}

describe.skipIf(skip)('provisioning profiles of the iOS corpus', () => {
  const { profiles, dir } = skip ? { profiles: [], dir: '' } : collectCorpusPlists();
  const oracle = profiles.length ? plistlibParse(profiles.map((p) => `${p}.payload.plist`)) : {};
  const work = mkdtempSync(join(tmpdir(), 'mam-profile-'));
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('finds the profiles', () => {
    expect(profiles.length).toBeGreaterThanOrEqual(12);
  });

  it.each(profiles.map((p) => [p.slice(dir.length + 1), p]))('%s', (_name, path) => {
    const bytes = readFileSync(path);
    const payload = readFileSync(`${path}.payload.plist`);
    expect(Buffer.from(parseCmsSignedData(bytes).content).equals(payload)).toBe(true);

    const profile = parseProvisioningProfile(bytes);
    const expected = oracle[`${path}.payload.plist`]!;
    expect(expected.ok).toBe(true);
    const root = (expected as { value: Typed }).value;
    const str = (k: string): string | undefined => (typedField(root, k) as { v: string } | undefined)?.v;
    const strs = (k: string): string[] => ((typedField(root, k)?.v ?? []) as Typed[]).map((x) => x.v as string);
    const date = (k: string): number => Number(str(k)) / 1000 + Date.UTC(2001, 0, 1);
    expect(profile.name).toBe(str('Name'));
    expect(profile.uuid).toBe(str('UUID'));
    expect(profile.teamIdentifiers).toEqual(strs('TeamIdentifier'));
    expect(profile.teamName).toBe(str('TeamName'));
    expect(profile.appIdName).toBe(str('AppIDName'));
    expect(profile.applicationIdentifierPrefixes).toEqual(strs('ApplicationIdentifierPrefix'));
    expect(profile.platforms).toEqual(strs('Platform'));
    expect(profile.creationDate.getTime()).toBe(date('CreationDate'));
    expect(profile.expirationDate.getTime()).toBe(date('ExpirationDate'));
    expect(JSON.stringify(toTyped(profile.entitlements))).toBe(JSON.stringify(typedField(root, 'Entitlements')));
    const appId = typedField(typedField(root, 'Entitlements')!, 'application-identifier');
    expect(profile.applicationIdentifier).toBe(appId?.v);
    const devices = typedField(root, 'ProvisionedDevices');
    expect(profile.deviceCount).toBe(devices ? (devices.v as Typed[]).length : undefined);
    expect(profile.provisionsAllDevices).toBe(typedField(root, 'ProvisionsAllDevices')?.v === true);

    const certs = (typedField(root, 'DeveloperCertificates')?.v ?? []) as Typed[];
    expect(profile.developerCertificates.length).toBe(certs.length);
    profile.developerCertificates.forEach((c, i) => {
      const der = join(work, `${basename(dirname(path))}-${i}.der`);
      writeFileSync(der, Buffer.from(certs[i]!.v as string, 'hex'));
      expect(c.sha256).toBe(opensslFingerprint(['-inform', 'DER', '-in', der], 'sha256'));
      expect(c.sha1).toBe(opensslFingerprint(['-inform', 'DER', '-in', der], 'sha1'));
      expect(c.subject).toContain('CN=');
    });

    const signerPem = join(work, `${basename(dirname(path))}-signer.pem`);
    run('openssl', ['cms', '-verify', '-noverify', '-inform', 'DER', '-in', path, '-signer', signerPem, '-out', '/dev/null']);
    expect(profile.signer?.sha256).toBe(opensslFingerprint(['-in', signerPem], 'sha256'));
    const subject = run('openssl', ['x509', '-in', signerPem, '-noout', '-subject', '-nameopt', 'RFC2253']).trim().replace(/^subject=/, '');
    expect(profile.signer?.subject.replace(/, /g, ',')).toBe(subject);

    const info = parsePlist(readFileSync(join(dirname(path), 'Info.plist'))).root;
    const bundleId = getPlistString(info, 'CFBundleIdentifier')!;
    expect(profileAllowsBundleId(profile, bundleId), `${profile.applicationIdentifier} vs ${bundleId}`).toBe(true);
  });
});
