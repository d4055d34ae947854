// Every refusal of iOS signing: its code, the facts in its message, and no output file (nor temporary
// file) left behind. Inputs that need a defect are made here from the fixture app (unzip, then one
// change with Python's plistlib or one added load command) and signed as .app folders.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, SYSTEM_PYTHON, corpusPresent, CORPUS } from '../../helpers/env.js';
import { isMamError } from '../../../src/core/errors.js';
import { addLoadCommand, addRpath } from '../../../src/ios/macho/load-command-edit.js';
import { parseLoadCommand } from '../../../src/ios/macho/load-command-parse.js';
import { parseMachOFile } from '../../../src/ios/macho/parse-macho.js';
import { serializeMachOFile } from '../../../src/ios/macho/serialize-macho.js';
import { plist } from '../../../src/ios/plist/plist-value.js';
import { signIosFile, type IosSignFileOptions } from '../../../src/pipeline/sign-ios.js';
import { extractApp, identityFrom, NOW, profiles, tempDir } from './signer-env.js';

const SAMPLE = join(FIXTURES, 'ios', 'Sample.ipa');
const identity = identityFrom('ios-dev.p12');
const bothProfiles = (): IosSignFileOptions['profiles'] => profiles('sample.mobileprovision', 'sample-share.mobileprovision');

function expectRefusal(input: string, opts: IosSignFileOptions, code: string, ...facts: string[]): void {
  const outDir = tempDir('refused');
  const out = join(outDir, input.endsWith('.app') ? 'Out.app' : 'out.ipa');
  let caught: unknown;
  try {
    signIosFile(input, out, opts);
  } catch (e) {
    caught = e;
  }
  expect(isMamError(caught), String(caught)).toBe(true);
  const err = caught as { code: string; message: string };
  expect(err.code, err.message).toBe(code);
  for (const f of facts) expect(err.message).toContain(f);
  expect(readdirSync(outDir)).toEqual([]);
  expect(existsSync(out)).toBe(false);
}

function setInfoKey(plistPath: string, key: string, value: string): void {
  execFileSync(SYSTEM_PYTHON, ['-c', 'import plistlib,sys; p=sys.argv[1]; d=plistlib.load(open(p,"rb")); d[sys.argv[2]]=sys.argv[3]; plistlib.dump(d,open(p,"wb"),fmt=plistlib.FMT_BINARY)', plistPath, key, value]);
}

function editExecutable(app: string, edit: (bytes: Uint8Array) => Uint8Array): void {
  const exe = join(app, 'Sample');
  writeFileSync(exe, edit(new Uint8Array(readFileSync(exe))));
}

describe('iOS signing preflight', () => {
  it('IOS_CERT_EXPIRED: the identity expired before the clock', () => {
    expectRefusal(SAMPLE, { identity: identityFrom('ios-expired.p12'), profiles: bothProfiles(), now: NOW }, 'IOS_CERT_EXPIRED', 'Fixture Expired', '2001-01-01');
  });

  it('IOS_CERT_NOT_YET_VALID: the clock is before the certificate', () => {
    expectRefusal(SAMPLE, { identity, profiles: bothProfiles(), now: new Date('2020-01-01T00:00:00Z') }, 'IOS_CERT_NOT_YET_VALID', 'Fixture Test', '2020-01-01');
  });

  it('IOS_PROFILE_EXPIRED: the only profile for the app expired', () => {
    expectRefusal(SAMPLE, { identity, profiles: profiles('expired.mobileprovision', 'sample-share.mobileprovision'), now: NOW }, 'IOS_PROFILE_EXPIRED', 'com.example.mam.sample', '2021-01-01');
  });

  it('IOS_CERT_NOT_IN_PROFILE: the profile lists another developer certificate', () => {
    const other = identityFrom('rsa4096.p12', 'android');
    expectRefusal(SAMPLE, { identity: other, profiles: bothProfiles(), now: NOW }, 'IOS_CERT_NOT_IN_PROFILE', 'does not list the signing certificate', 'Fixture Test');
  });

  it('IOS_NO_PROFILE_FOR_BUNDLE: the app extension has no profile', () => {
    expectRefusal(SAMPLE, { identity, profiles: profiles('sample.mobileprovision'), now: NOW }, 'IOS_NO_PROFILE_FOR_BUNDLE', 'com.example.mam.sample.share', 'PlugIns/SampleShare.appex/');
  });

  it("IOS_EXTENSION_ID_MISMATCH: an extension ID without the app's prefix", () => {
    const app = extractApp(SAMPLE);
    setInfoKey(join(app, 'PlugIns/SampleShare.appex/Info.plist'), 'CFBundleIdentifier', 'org.elsewhere.share');
    expectRefusal(app, { identity, profiles: profiles('wildcard.mobileprovision'), now: NOW }, 'IOS_EXTENSION_ID_MISMATCH', 'org.elsewhere.share', 'com.example.mam.sample.');
  });

  it('IOS_ENTITLEMENT_NOT_GRANTED: an entitlement the profile does not grant (and dropped on request)', () => {
    const dir = tempDir('ents');
    const withIcloud = join(dir, 'icloud.ipa');
    const entitlements = plist.dict([['com.apple.developer.icloud-services', plist.array([plist.string('CloudKit')])]]);
    signIosFile(SAMPLE, withIcloud, { profiles: [], entitlements, now: NOW });
    expectRefusal(withIcloud, { identity, profiles: bothProfiles(), now: NOW }, 'IOS_ENTITLEMENT_NOT_GRANTED', 'com.apple.developer.icloud-services', 'MAM Sample');
    const r = signIosFile(withIcloud, join(dir, 'dropped.ipa'), { identity, profiles: bothProfiles(), dropMissingEntitlements: true, now: NOW });
    expect(r.signed.at(-1)!.droppedEntitlements).toEqual(['com.apple.developer.icloud-services']);
  });

  it('MACHO_ENCRYPTED: a FairPlay-encrypted main executable', () => {
    const app = extractApp(SAMPLE);
    editExecutable(app, (bytes) => {
      const file = parseMachOFile(bytes);
      if (file.kind !== 'thin') throw new Error('expected thin');
      const raw = new Uint8Array(24);
      new DataView(raw.buffer).setUint32(0, 0x2c, true);
      new DataView(raw.buffer).setUint32(4, 24, true);
      new DataView(raw.buffer).setUint32(16, 1, true);
      return serializeMachOFile({ kind: 'thin', macho: addLoadCommand(file.macho, parseLoadCommand(raw, 0)) });
    });
    expectRefusal(app, { identity, profiles: bothProfiles(), now: NOW }, 'MACHO_ENCRYPTED', 'FairPlay');
  });

  it('MACHO_NO_ROOM_FOR_LOAD_COMMAND: an unsigned executable with no room for LC_CODE_SIGNATURE', () => {
    const app = extractApp(SAMPLE);
    const hello = new Uint8Array(readFileSync(join(FIXTURES, 'ios', 'bin', 'hello-x86_64-sim')));
    // hello-x86_64-sim has 40 free bytes after its load commands; a 32-byte LC_RPATH leaves 8 (< 16).
    writeFileSync(join(app, 'Sample'), serializeMachOFile(addRpath(parseMachOFile(hello), '@loader_path/abcdef')));
    expectRefusal(app, { profiles: [], now: NOW }, 'MACHO_NO_ROOM_FOR_LOAD_COMMAND', 'needs 16 bytes', 'only 8');
  });

  it.skipIf(!corpusPresent('fake IPA refusal'))('IOS_BUNDLE_NO_EXECUTABLE: the corpus IPA that holds only an Info.plist', () => {
    expectRefusal(join(CORPUS, 'ios', 'fdroid-fake-IpaApp_1000000000001.ipa'), { profiles: [], now: NOW }, 'IOS_BUNDLE_NO_EXECUTABLE', 'IpaApp.app');
  });
});

