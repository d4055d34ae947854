// Stage preflight: everything that can refuse the wrap is checked here, before any edit and before a
// byte is written. Each refusal has its own code and says what it found.
//
// Rules (rule 1, a main executable, is checked by openBundle, which needs it to go on):
// 2. The runtime mam ships hashes to the SHA-256 its manifest records, and reads its policy and marker
//    where this mam writes them (IOS_SHIM_HASH_MISMATCH, IOS_SHIM_MANIFEST_MISMATCH; ios-shim.ts).
// 3. No slice of the main executable is FairPlay-encrypted (MACHO_ENCRYPTED): its code cannot be
//    re-signed, and the injected command would be refused by the kernel anyway.
// 4. At least one slice is an arm64 iOS device slice, which can load the arm64 runtime. A Simulator
//    build (x86_64, i386, arm64 for the iOS Simulator) or another platform is refused with
//    IOS_UNSUPPORTED_PLATFORM naming each slice's platform; a device build without arm64 (armv7 only)
//    with IOS_UNSUPPORTED_ARCH. Other slices of a fat binary that has an arm64 device slice get the load
//    command too (see patch-executable.ts: they fail closed).
// 5. Every slice is position-independent (IOS_NOT_PIE): iOS refuses to launch a non-PIE executable
//    built for iOS 4.3 or later, and such a binary was not made by a current toolchain.
// 6. The app is not wrapped already (IOS_ALREADY_WRAPPED: the MAMWrapper marker, the policy file, the
//    runtime dylib or its load command is there), unless --rewrap, which replaces runtime, policy and marker.
// 7. Every slice has room after its load commands, before its first section, for the commands the wrap
//    adds: LC_LOAD_DYLIB, LC_RPATH when missing, LC_CODE_SIGNATURE when unsigned
//    (MACHO_NO_ROOM_FOR_LOAD_COMMAND, with bytes needed and available).
// 8. A way to sign was chosen (IOS_WRAP_NO_SIGNING), unless --dry-run; then the signer's own preflight
//    (certificate validity, one valid profile per app-like bundle, entitlements the profiles grant,
//    extension IDs, every nested binary signable) and the entitlements the policy needs
//    (IOS_ENTITLEMENT_NOT_GRANTED when the main app's profile does not grant them).

import { PreflightError, UsageError } from '../../core/errors.js';
import * as L from '../../ios/macho/loader-constants.js';
import { archName } from '../../ios/macho/arch.js';
import { assertRoomForLoadCommand, encodeDylibCommand, encodeRpathCommand } from '../../ios/macho/load-command-edit.js';
import { codeSignatureCommand, findCommands, isEncrypted, machOFacts, machOImages } from '../../ios/macho/macho-facts.js';
import type { MachO } from '../../ios/macho/macho-types.js';
import { planBundleSigning } from '../../ios/sign/sign-bundle.js';
import { LINKEDIT_DATA_COMMAND_SIZE } from '../../ios/sign/macho-signature-layout.js';
import { embeddedPolicy } from '../../policy/canonical.js';
import { IOS_POLICY_FILE, IOS_WRAPPER_PLIST_KEY, iosEffects } from '../../policy/effects.js';
import { readIosShim, type IosShim } from './ios-shim.js';
import { need, type IosWrapContext } from './ios-wrap-context.js';
import { applyPolicyEntitlements, signingOptionsOf } from './policy-entitlements.js';

export interface SliceClass {
  arch: string;
  platform: string | null;
  /** An arm64 slice for iOS devices: it can load the runtime. */
  deviceArm64: boolean;
  simulator: boolean;
}

/** x86 slices are Simulator slices whatever their version command says (iOS never ran on x86). */
export function classifySlice(m: MachO): SliceClass {
  const facts = machOFacts(m);
  const x86 = m.header.cputype === L.CPU_TYPE_X86 || m.header.cputype === L.CPU_TYPE_X86_64;
  const platform = facts.platform ?? null;
  const iosOrUnknown = platform === null || platform === 'ios';
  const simulator = platform === 'ios-simulator' || (x86 && iosOrUnknown);
  const deviceArm64 = m.header.cputype === L.CPU_TYPE_ARM64 && iosOrUnknown;
  return { arch: facts.arch, platform: simulator ? 'ios-simulator' : platform, deviceArm64, simulator };
}

function assertNotEncrypted(images: MachO[], path: string): void {
  for (const m of images) {
    if (!isEncrypted(m)) continue;
    const slice = archName(m.header.cputype, m.header.cpusubtype);
    const enc = findCommands(m, 'encryption-info')[0]!;
    throw new PreflightError('MACHO_ENCRYPTED', `the ${slice} slice of ${path} is FairPlay-encrypted (cryptid ${enc.cryptid}, expected 0): App Store binaries cannot be re-signed or patched; use a decrypted build`, {
      entry: path, slice, offset: enc.offset,
    });
  }
}

function assertDevicePlatform(images: MachO[], path: string): void {
  const classes = images.map(classifySlice);
  if (classes.some((c) => c.deviceArm64)) return;
  const listed = classes.map((c) => `${c.arch} (${c.platform ?? 'unknown platform'})`).join(', ');
  if (classes.every((c) => c.simulator) || classes.some((c) => c.platform !== null && c.platform !== 'ios')) {
    throw new PreflightError('IOS_UNSUPPORTED_PLATFORM', `${path} has slices ${listed}, expected an arm64 slice for iOS devices: the runtime is an arm64 iOS device library and cannot load into this build`, {
      entry: path, hint: 'wrap a device build (Xcode: Any iOS Device, arm64), not a Simulator build',
    });
  }
  throw new PreflightError('IOS_UNSUPPORTED_ARCH', `${path} has slices ${listed}, expected an arm64 slice: the runtime is built for arm64 only (iOS 14 or later), which 32-bit code cannot load`, {
    entry: path, hint: 'rebuild the app for arm64',
  });
}

function assertPie(images: MachO[], path: string): void {
  for (const m of images) {
    if ((m.header.flags & L.MH_PIE) !== 0) continue;
    const f = machOFacts(m);
    throw new PreflightError('IOS_NOT_PIE', `the ${f.arch} slice of ${path} (${f.filetype}) lacks MH_PIE (flags 0x${m.header.flags.toString(16)}): iOS does not launch a non-position-independent executable`, {
      entry: path, slice: f.arch, hint: 'relink without -no_pie',
    });
  }
}

/** Evidence of an earlier wrap, or undefined. */
function previousWrap(ctx: IosWrapContext, shim: IosShim): string | undefined {
  const tree = need(ctx.tree, 'the bundle');
  const info = need(ctx.app, 'the app').info.root;
  if (info.type === 'dict' && info.entries.has(IOS_WRAPPER_PLIST_KEY)) return `its Info.plist has the ${IOS_WRAPPER_PLIST_KEY} marker`;
  if (tree.files.has(IOS_POLICY_FILE)) return `it holds ${IOS_POLICY_FILE}`;
  if (tree.files.has(shim.bundlePath)) return `it holds ${shim.bundlePath}`;
  const exe = need(ctx.executable, 'the executable');
  if (machOImages(exe.file).some((m) => findCommands(m, 'dylib').some((c) => c.cmd !== L.LC_ID_DYLIB && c.name === shim.installName))) {
    return `its executable loads ${shim.installName}`;
  }
  return undefined;
}

function assertNotWrapped(ctx: IosWrapContext, shim: IosShim): void {
  const found = previousWrap(ctx, shim);
  if (found && ctx.options.rewrap) ctx.previousWrap = found;
  if (!found || ctx.options.rewrap) return;
  throw new PreflightError('IOS_ALREADY_WRAPPED', `the app is already wrapped: ${found}`, {
    hint: 'wrap the original app, or pass --rewrap to replace the runtime, the policy and the marker',
  });
}

/** Bytes of load commands the wrap (and the signer, for an unsigned slice) adds to an image. */
export function bytesNeeded(m: MachO, shim: IosShim): number {
  const loads = findCommands(m, 'dylib').some((c) => c.cmd !== L.LC_ID_DYLIB && c.name === shim.installName);
  const hasRpath = findCommands(m, 'rpath').some((c) => c.path === shim.rpath);
  return (loads ? 0 : encodeDylibCommand(shim.installName, m.is64).cmdsize)
    + (hasRpath ? 0 : encodeRpathCommand(shim.rpath, m.is64).cmdsize)
    + (codeSignatureCommand(m) ? 0 : LINKEDIT_DATA_COMMAND_SIZE);
}

function assertRoom(images: MachO[], path: string, shim: IosShim): void {
  for (const m of images) {
    try {
      assertRoomForLoadCommand(m, bytesNeeded(m, shim));
    } catch (e) {
      if (e instanceof PreflightError) throw e.within({ entry: path });
      throw e;
    }
  }
}

function assertSigning(ctx: IosWrapContext): void {
  const signing = ctx.options.signing;
  if (signing === undefined) {
    if (ctx.options.dryRun) return;
    throw new UsageError('IOS_WRAP_NO_SIGNING', 'no way to sign was given: an unsigned iOS app does not install', {
      hint: 'give --p12 FILE --p12-pass SPEC with --profile FILE (one per bundle ID), or --adhoc',
    });
  }
  const tree = need(ctx.tree, 'the bundle');
  const plans = planBundleSigning(tree, signingOptionsOf(signing, ctx.options.now));
  applyPolicyEntitlements(plans.at(-1)!, need(ctx.effects, 'the policy effects'), signing, []);
}

export function preflight(ctx: IosWrapContext): void {
  const shim = readIosShim(ctx.options.shimDir);
  ctx.shim = shim;
  const policy = embeddedPolicy(ctx.options.policy);
  ctx.policy = { ...policy, name: ctx.options.policy.name ?? null };
  ctx.effects = iosEffects(ctx.options.policy);
  const exe = need(ctx.executable, 'the executable');
  const images = machOImages(exe.file);
  assertNotEncrypted(images, exe.path);
  assertDevicePlatform(images, exe.path);
  assertPie(images, exe.path);
  assertNotWrapped(ctx, shim);
  assertRoom(images, exe.path, shim);
  assertSigning(ctx);
}
