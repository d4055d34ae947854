// Stage patchExecutable: every slice of the main executable gets `LC_LOAD_DYLIB @rpath/libmamruntime.dylib`
// and, when it has none yet, `LC_RPATH @executable_path/Frameworks` (XNU mach-o/loader.h: struct
// dylib_command, struct rpath_command), written into the padding after the existing load commands; the
// file size and every other byte stay the same (load-command-edit.ts). The old code signature is
// now invalid; the sign stage replaces it.
//
// Load order. The new command is appended after the existing dylib commands, never inserted before
// them: dyld's binding opcodes name libraries by ordinal (their 1-based position among the dylib
// commands), so inserting would rebind every imported symbol to the wrong library. dyld runs
// initializers bottom-up — each library's dependencies first, then the libraries in load-command order,
// the main executable last. The runtime depends only on system libraries, so its initializer runs after
// the initializers of the app's own embedded libraries and frameworks (and their +load methods) but
// before main() and UIApplicationMain: it swizzles before any of the app's own code runs except such
// initializers, and fails closed (blocking screen) if anything is wrong with its policy.
//
// Slices other than arm64 (armv7 beside arm64, an x86_64 Simulator slice in a mixed build) get the
// command too: they cannot load the arm64-only runtime, so on the devices that would pick them the app
// does not start at all — fail closed rather than run unprotected. The report says so.

import * as L from '../../ios/macho/loader-constants.js';
import { addDylib, addRpath } from '../../ios/macho/load-command-edit.js';
import { findCommands, loadCommandRoom, machOImages } from '../../ios/macho/macho-facts.js';
import type { MachO } from '../../ios/macho/macho-types.js';
import { serializeMachOFile } from '../../ios/macho/serialize-macho.js';
import { classifySlice } from './ios-preflight.js';
import { need, type IosWrapContext, type SliceEdit } from './ios-wrap-context.js';

const dylibCommands = (m: MachO) => findCommands(m, 'dylib').filter((c) => c.cmd !== L.LC_ID_DYLIB);

function sliceEdit(before: MachO, after: MachO, installName: string): SliceEdit {
  const added = after.loadCommands.slice(before.loadCommands.length).map((c) => {
    const name = L.LOAD_COMMAND_NAMES[c.cmd] ?? `cmd 0x${c.cmd.toString(16)}`;
    return c.kind === 'dylib' ? `${name} ${c.name}` : c.kind === 'rpath' ? `${name} ${c.path}` : name;
  });
  const dylibs = dylibCommands(after);
  const cls = classifySlice(before);
  return {
    arch: cls.arch,
    platform: cls.platform,
    added,
    roomBefore: loadCommandRoom(before),
    roomAfter: loadCommandRoom(after),
    dylibOrdinal: dylibs.findIndex((c) => c.name === installName) + 1,
    dylibCount: dylibs.length,
  };
}

export function patchExecutable(ctx: IosWrapContext): void {
  const shim = need(ctx.shim, 'the runtime');
  const exe = need(ctx.executable, 'the executable');
  const patched = addRpath(addDylib(exe.file, shim.installName), shim.rpath);
  const before = machOImages(exe.file);
  const after = machOImages(patched);
  ctx.slices = before.map((m, i) => sliceEdit(m, after[i]!, shim.installName));
  const bytes = serializeMachOFile(patched);
  need(ctx.tree, 'the bundle').write(exe.path, bytes);
  ctx.executable = { path: exe.path, file: patched };
  const others = ctx.slices.filter((_, i) => !classifySlice(before[i]!).deviceArm64);
  if (others.length) {
    ctx.notes.push(`the ${others.map((s) => `${s.arch} (${s.platform ?? 'unknown platform'})`).join(', ')} slice(s) cannot load the arm64 runtime: where they would be chosen the app will not start (fail closed)`);
  }
}
