// `mam wrap` on every iOS app of the shared corpus, ad-hoc: what each app must give is decided from its
// own facts (app_facts.py: plistlib + macholib), not from mam. Wrappable apps pass every must-show of
// wrap-outputs.ts; the others are refused with the code their facts call for, leaving no output.

import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFiles, corpusPresent, havePythonModules, missingTools } from '../../helpers/env.js';
import { POLICY_DEFAULT, appFacts, expectedRefusal, extractApp, tempDir } from './wrap-helpers.js';
import { expectRefusal, wrapAndCheck } from './wrap-outputs.js';

const skip = !corpusPresent('iOS wrap corpus sweep') || missingTools('iOS wrap corpus sweep', 'unzip', 'openssl') || !havePythonModules('macholib');
const inputs = corpusFiles('ios', '.ipa', '.app.zip');

describe.skipIf(skip)('mam wrap on the iOS corpus (ad-hoc, default policy)', () => {
  it('finds the corpus apps', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(10);
  });

  for (const input of inputs) {
    const name = basename(input);
    it(name, () => {
      const refusal = expectedRefusal(appFacts(extractApp(input)));
      const dir = tempDir('corpus');
      const out = join(dir, name);
      if (refusal) {
        expectRefusal(['wrap', input, '-o', out, '--policy', POLICY_DEFAULT, '--adhoc'], refusal, 4, dir);
        return;
      }
      const report = wrapAndCheck({ input, policy: POLICY_DEFAULT, signArgs: ['--adhoc'], mayAdd: [], mayRemove: ['NSCameraUsageDescription'] }, out);
      expect(report.stages.map((s) => s.stage)).toEqual(['openBundle', 'preflight', 'patchExecutable', 'addRuntimeFiles', 'editInfoPlist', 'planSigning', 'sign', 'writeOutput', 'verifyOutput', 'commit']);
    });
  }
});
