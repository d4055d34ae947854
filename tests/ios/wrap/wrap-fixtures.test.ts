// `mam wrap` on the sample apps in fixtures/ios: with the fixture identity and profiles (one per bundle
// ID), and ad-hoc for the fat (arm64 + x86_64 Simulator) build, each checked by every must-show of
// wrap-outputs.ts plus llvm-objdump's view of the load commands; --dry-run writes nothing; the report
// names every stage with its time.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, MACHO_SIG_ORACLE, havePythonModules, missingTools, runMam } from '../../helpers/env.js';
import { IDENTITY_ARGS, IDENTITY_ENV, POLICY_DEFAULT, POLICY_SAMPLE, SAMPLE_PROFILES, extractApp, tempDir, checkWrapped } from './wrap-helpers.js';
import { objdumpLoadCount, wrapAndCheck } from './wrap-outputs.js';

const skip = missingTools('iOS wrap fixtures', 'unzip', 'openssl', 'llvm-objdump', MACHO_SIG_ORACLE) || !havePythonModules('macholib');
const IOS = join(FIXTURES, 'ios');
const CAMERA = ['NSCameraUsageDescription'];

describe.skipIf(skip)('mam wrap on the fixture apps', () => {
  for (const name of ['Sample.ipa', 'Sample.app.zip']) {
    it(`${name} with the fixture identity and profiles`, () => {
      const out = join(tempDir('fixture'), `wrapped-${name}`);
      const report = wrapAndCheck({ input: join(IOS, name), policy: POLICY_DEFAULT, signArgs: [...IDENTITY_ARGS, ...SAMPLE_PROFILES], env: IDENTITY_ENV, mayAdd: [], mayRemove: CAMERA }, out);
      const check = checkWrapped(extractApp(join(IOS, name)), extractApp(out));
      // the sample declares a camera usage description (fixtures/ios/src/Sample/Info.plist); camera.block removes it
      expect(check.plist.removed).toEqual(CAMERA);
      expect(objdumpLoadCount(join(extractApp(out), 'Sample'))).toBe(1);
      expect(report.executable.slices.map((s) => s.arch)).toEqual(['arm64']);
    });
  }

  it('SampleFat.ipa ad-hoc with the sample policy: both slices load the runtime', () => {
    const out = join(tempDir('fat'), 'SampleFat-wrapped.ipa');
    const report = wrapAndCheck({
      input: join(IOS, 'SampleFat.ipa'), policy: POLICY_SAMPLE, signArgs: ['--adhoc'],
      mayAdd: ['NSFaceIDUsageDescription', 'NSLocationWhenInUseUsageDescription'], mayRemove: CAMERA,
    }, out);
    expect(objdumpLoadCount(join(extractApp(out), 'Sample'))).toBe(2);
    expect(report.executable.slices.map((s) => s.arch).sort()).toEqual(['arm64', 'x86_64']);
  });

  it('--dry-run prints the planned edits and writes nothing', () => {
    const dir = tempDir('dry');
    const r = runMam(['wrap', join(IOS, 'Sample.ipa'), '-o', join(dir, 'out.ipa'), '--policy', POLICY_DEFAULT, '--dry-run']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('nothing was written');
    expect(r.stdout).toContain('LC_LOAD_DYLIB @rpath/libmamruntime.dylib');
    expect(r.stdout).toContain('- NSCameraUsageDescription');
    expect(r.stdout).toContain('+ Frameworks/libmamruntime.dylib');
    expect(readdirSync(dir)).toEqual([]);
  });
});
