// Android 11 refuses an APK that targets API 30+ with only a v1 signature. The sample targets 34: signed
// v1-only (by apksigner, which allows it) it must be rejected by both verifiers, and `mam sign` refuses to
// write such an output; signed v1+v2 it must pass both.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, missingTools, runMam, runStatus } from '../../helpers/env.js';
import { mamVerify } from './mam-verdict.js';

const work = mkdtempSync(join(tmpdir(), 'mam-target-sdk-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const KEY = ['--ks', join(FIXTURES, 'keys', 'rsa2048.jks'), '--ks-pass', 'pass:android'];

describe.skipIf(missingTools('target SDK scheme rule', 'apksigner'))('signature scheme required by the target SDK', () => {
  for (const [label, flags, accepted] of [
    ['v1 only', ['--v1-signing-enabled', 'true', '--v2-signing-enabled', 'false', '--v3-signing-enabled', 'false'], false],
    ['v1 + v2', ['--v1-signing-enabled', 'true', '--v2-signing-enabled', 'true', '--v3-signing-enabled', 'false'], true],
  ] as const) {
    it(`${label}: mam and apksigner agree (${accepted ? 'accept' : 'reject'})`, () => {
      const out = join(work, `${label.replace(/\W+/g, '-')}.apk`);
      const input = join(FIXTURES, 'android', 'sample-unsigned.apk');
      const signed = runMam(['sign', input, '-o', out, ...KEY, ...flags]);
      if (!accepted) {
        expect(signed.status, signed.stderr).toBe(6);
        expect(signed.stderr).toContain('APKSIG_V2_REQUIRED_FOR_TARGET_SDK');
        expect(existsSync(out)).toBe(false);
        const a = runStatus('apksigner', ['sign', ...KEY, '--ks-key-alias', 'mam', '--v4-signing-enabled', 'false', ...flags, '--out', out, input]);
        expect(a.status, a.stderr).toBe(0);
      } else expect(signed.status, signed.stderr).toBe(0);
      const oracle = runStatus('apksigner', ['verify', out]);
      expect(oracle.status === 0, oracle.stdout + oracle.stderr).toBe(accepted);
      const ours = mamVerify(out);
      expect(ours.verifies).toBe(accepted);
      if (!accepted) expect(ours.result?.issues.map((i) => i.code)).toContain('APKSIG_V2_REQUIRED_FOR_TARGET_SDK');
    });
  }
});
