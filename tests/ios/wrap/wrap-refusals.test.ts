// Refusals of `mam wrap` for iOS: each exits with its code and leaves no output (not even a temporary
// file). The inputs are copies of the sample app (an .app folder, so the app-dir form is covered too)
// whose executable gets a tiny byte edit made here with a DataView walk of loader.h's structures, not with
// mam's parser: cryptid set to 1, MH_PIE cleared, the header padding filled by one long LC_RPATH.

import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, havePythonModules, missingTools, runMam } from '../../helpers/env.js';
import { PreflightError } from '../../../src/core/errors.js';
import { wrapIosPath } from '../../../src/pipeline/wrap-ios.js';
import { parsePolicy } from '../../../src/policy/policy-file.js';
import {
  IDENTITY_ARGS, IDENTITY_ENV, POLICY_DEFAULT, POLICY_SAMPLE, SAMPLE_PROFILES, SHIM_DIR, SHIM_MANIFEST, checkWrapped, extractApp, tempDir,
} from './wrap-helpers.js';
import { expectRefusal } from './wrap-outputs.js';

const skip = missingTools('iOS wrap refusals', 'unzip') || !havePythonModules('macholib');
const SAMPLE = join(FIXTURES, 'ios', 'Sample.ipa');

const LC_ENCRYPTION_INFO_64 = 0x2c;
const LC_SEGMENT_64 = 0x19;
const LC_RPATH = 0x8000001c;
const MH_PIE = 0x200000;
const S_ZEROFILL_TYPES = [0x1, 0xc, 0x12];

/** A copy of the sample .app whose executable `edit` changes; returns the .app folder. */
function patchedSample(edit: (b: Uint8Array, v: DataView) => Uint8Array | void): string {
  const app = join(tempDir('in'), 'Sample.app');
  cpSync(extractApp(SAMPLE), app, { recursive: true });
  const exe = join(app, 'Sample');
  const bytes = new Uint8Array(readFileSync(exe));
  const v = new DataView(bytes.buffer);
  expect(v.getUint32(0, true)).toBe(0xfeedfacf);
  writeFileSync(exe, edit(bytes, v) ?? bytes);
  return app;
}

function commands(v: DataView): { cmd: number; offset: number; size: number }[] {
  const out = [];
  let off = 32;
  for (let i = 0; i < v.getUint32(16, true); i++) {
    out.push({ cmd: v.getUint32(off, true), offset: off, size: v.getUint32(off + 4, true) });
    off += v.getUint32(off + 4, true);
  }
  return out;
}

/** File offset of the first non-empty, non-zerofill section (section_64: offset at +48, flags at +64). */
function firstSectionOffset(v: DataView): number {
  let first = Infinity;
  for (const c of commands(v).filter((x) => x.cmd === LC_SEGMENT_64)) {
    for (let s = 0; s < v.getUint32(c.offset + 64, true); s++) {
      const sec = c.offset + 72 + s * 80;
      const size = v.getBigUint64(sec + 40, true);
      const offset = v.getUint32(sec + 48, true);
      if (size > 0n && offset > 0 && !S_ZEROFILL_TYPES.includes(v.getUint32(sec + 64, true) & 0xff)) first = Math.min(first, offset);
    }
  }
  return first;
}

const align8 = (n: number): number => Math.ceil(n / 8) * 8;
const DYLIB_COMMAND_SIZE = align8(24 + SHIM_MANIFEST.dylib.installName.length + 1);

describe.skipIf(skip)('mam wrap refusals leave nothing behind', () => {
  it('encrypted executable (cryptid 1): MACHO_ENCRYPTED', () => {
    const app = patchedSample((_, v) => {
      const enc = commands(v).find((c) => c.cmd === LC_ENCRYPTION_INFO_64)!;
      v.setUint32(enc.offset + 16, 1, true);
    });
    const out = tempDir('out');
    expectRefusal(['wrap', app, '-o', join(out, 'W.app'), '--policy', POLICY_DEFAULT, '--adhoc'], 'MACHO_ENCRYPTED', 4, out);
  });

  it('executable without MH_PIE: IOS_NOT_PIE', () => {
    const app = patchedSample((_, v) => v.setUint32(24, v.getUint32(24, true) & ~MH_PIE, true));
    const out = tempDir('out');
    expectRefusal(['wrap', app, '-o', join(out, 'W.app'), '--policy', POLICY_DEFAULT, '--adhoc'], 'IOS_NOT_PIE', 4, out);
  });

  it('no room for the load command: MACHO_NO_ROOM_FOR_LOAD_COMMAND with bytes needed and available', () => {
    let left = 0;
    const app = patchedSample((bytes, v) => {
      const end = 32 + v.getUint32(20, true);
      const room = firstSectionOffset(v) - end;
      const size = align8(room - 40) - 8;
      left = room - size;
      const path = new TextEncoder().encode('@executable_path/' + 'p'.repeat(size - 12 - 18));
      v.setUint32(end, LC_RPATH, true);
      v.setUint32(end + 4, size, true);
      v.setUint32(end + 8, 12, true);
      bytes.set(path, end + 12);
      v.setUint32(16, v.getUint32(16, true) + 1, true);
      v.setUint32(20, v.getUint32(20, true) + size, true);
    });
    expect(left).toBeLessThan(DYLIB_COMMAND_SIZE);
    const out = tempDir('out');
    const err = expectRefusal(['wrap', app, '-o', join(out, 'W.app'), '--policy', POLICY_DEFAULT, '--adhoc'], 'MACHO_NO_ROOM_FOR_LOAD_COMMAND', 4, out);
    expect(err).toContain(`needs ${DYLIB_COMMAND_SIZE} bytes`);
    expect(err).toContain(`only ${left} are free`);
  });

  it('already wrapped: IOS_ALREADY_WRAPPED, and --rewrap replaces policy and marker without a second load command', () => {
    const dir = tempDir('twice');
    const first = join(dir, 'once.ipa');
    expect(runMam(['wrap', SAMPLE, '-o', first, '--policy', POLICY_DEFAULT, '--adhoc']).status).toBe(0);
    const out = tempDir('out');
    expectRefusal(['wrap', first, '-o', join(out, 'twice.ipa'), '--policy', POLICY_DEFAULT, '--adhoc'], 'IOS_ALREADY_WRAPPED', 4, out);
    const second = join(out, 'twice.ipa');
    const r = runMam(['wrap', first, '-o', second, '--policy', POLICY_SAMPLE, '--adhoc', '--rewrap', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const check = checkWrapped(extractApp(first), extractApp(second));
    expect(check.slices[0]!.loadDylibs.filter((n) => n === SHIM_MANIFEST.dylib.installName)).toHaveLength(1);
    expect(check.slices[0]!.loadDylibs).toEqual(check.origSlices[0]!.loadDylibs);
    expect(check.plist.changed).toEqual(['MAMWrapper']);
    expect(check.marker?.PolicySHA256).toBe(check.policySha256);
    expect(check.dylib.ok, check.dylib.why).toBe(true);
  });

  it('a policy entitlement the profile does not grant: IOS_ENTITLEMENT_NOT_GRANTED', () => {
    const out = tempDir('out');
    const err = expectRefusal(['wrap', SAMPLE, '-o', join(out, 'w.ipa'), '--policy', POLICY_SAMPLE, ...IDENTITY_ARGS, ...SAMPLE_PROFILES], 'IOS_ENTITLEMENT_NOT_GRANTED', 4, out, IDENTITY_ENV);
    expect(err).toContain('com.apple.developer.networking.wifi-info');
  });

  it('no way to sign: IOS_WRAP_NO_SIGNING (usage, exit 2)', () => {
    const out = tempDir('out');
    expectRefusal(['wrap', SAMPLE, '-o', join(out, 'w.ipa'), '--policy', POLICY_DEFAULT], 'IOS_WRAP_NO_SIGNING', 2, out);
  });

  it('a runtime whose hash differs from its manifest: IOS_SHIM_HASH_MISMATCH', () => {
    const shimDir = tempDir('shim');
    cpSync(SHIM_DIR, shimDir, { recursive: true });
    const dylib = join(shimDir, SHIM_MANIFEST.dylib.file);
    const bytes = new Uint8Array(readFileSync(dylib));
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(dylib, bytes);
    const out = tempDir('out');
    const policy = parsePolicy(readFileSync(POLICY_DEFAULT));
    let caught: unknown;
    try {
      wrapIosPath(SAMPLE, join(out, 'w.ipa'), { policy, shimDir, now: new Date(), signing: { profiles: [] } });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PreflightError);
    expect((caught as PreflightError).code).toBe('IOS_SHIM_HASH_MISMATCH');
    expect(readdirSync(out)).toEqual([]);
  });
});
