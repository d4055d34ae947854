// Edits of the Mach-O model that add load commands (XNU mach-o/loader.h: struct dylib_command,
// struct rpath_command). A new command goes right after the existing ones, into the zero padding that
// linkers leave before the first section; the file size and every other byte stay the same. Edits return
// a new model and never touch the parsed one. The code signature is invalid afterwards: re-sign.

import { ByteWriter } from '../../core/byte-writer.js';
import { PreflightError, hex } from '../../core/errors.js';
import * as L from './loader-constants.js';
import { archName } from './arch.js';
import { findCommands, isEncrypted, loadCommandRoom, loadCommandsEnd } from './macho-facts.js';
import { parseLoadCommand } from './load-command-parse.js';
import type { DylibCommand, LoadCommand, MachO, MachOFile, RpathCommand } from './macho-types.js';

export type DylibLoadKind = 'LC_LOAD_DYLIB' | 'LC_LOAD_WEAK_DYLIB';

export interface DylibOptions {
  kind?: DylibLoadKind;
  /** Packed xxxx.yy.zz; default 0 (dyld does not check it for load commands). */
  currentVersion?: number;
  compatibilityVersion?: number;
  /** ld64 writes 2 here; kept configurable so output can match a reference binary. */
  timestamp?: number;
}

/** Commands are padded to 8 bytes in 64-bit images and 4 in 32-bit ones (loader.h). */
function pad(size: number, is64: boolean): number {
  const a = is64 ? 8 : 4;
  return Math.ceil(size / a) * a;
}

/** FORMAT: cmd | cmdsize | lc_str offset (24) | timestamp | current_version | compatibility_version | name NUL | zero padding. */
export function encodeDylibCommand(name: string, is64: boolean, opts: DylibOptions = {}): DylibCommand {
  const cmd = opts.kind === 'LC_LOAD_WEAK_DYLIB' ? L.LC_LOAD_WEAK_DYLIB : L.LC_LOAD_DYLIB;
  const nameBytes = new TextEncoder().encode(name);
  const cmdsize = pad(24 + nameBytes.length + 1, is64);
  const w = new ByteWriter(cmdsize);
  w.u32le(cmd).u32le(cmdsize).u32le(24).u32le(opts.timestamp ?? 2).u32le(opts.currentVersion ?? 0).u32le(opts.compatibilityVersion ?? 0);
  w.bytes(nameBytes).zeros(cmdsize - 24 - nameBytes.length);
  return parseLoadCommand(w.toBytes(), 0) as DylibCommand;
}

/** FORMAT: cmd | cmdsize | lc_str offset (12) | path NUL | zero padding. */
export function encodeRpathCommand(path: string, is64: boolean): RpathCommand {
  const pathBytes = new TextEncoder().encode(path);
  const cmdsize = pad(12 + pathBytes.length + 1, is64);
  const w = new ByteWriter(cmdsize);
  w.u32le(L.LC_RPATH).u32le(cmdsize).u32le(12).bytes(pathBytes).zeros(cmdsize - 12 - pathBytes.length);
  return parseLoadCommand(w.toBytes(), 0) as RpathCommand;
}

// Rules:
// 1. The image must not be FairPlay-encrypted (MACHO_ENCRYPTED): its code cannot be re-signed.
// 2. The image must have room between the end of its load commands and its first section's data for
//    `needed` more bytes (MACHO_NO_ROOM_FOR_LOAD_COMMAND, with bytes needed and available).
export function assertRoomForLoadCommand(macho: MachO, needed: number): void {
  const slice = archName(macho.header.cputype, macho.header.cpusubtype);
  if (isEncrypted(macho)) {
    throw new PreflightError('MACHO_ENCRYPTED', `the ${slice} slice is FairPlay-encrypted (cryptid != 0); decrypt it before wrapping`, { slice });
  }
  const room = loadCommandRoom(macho);
  if (room < needed) {
    throw new PreflightError(
      'MACHO_NO_ROOM_FOR_LOAD_COMMAND',
      `the ${slice} slice needs ${needed} bytes after its load commands (at ${hex(loadCommandsEnd(macho))}) but only ${room} are free before its first section`,
      { slice, offset: loadCommandsEnd(macho), hint: 'relink the binary with -headerpad_max_install_names' },
    );
  }
}

/** Appends a command to one image after checking the rules above. */
export function addLoadCommand(macho: MachO, lc: LoadCommand): MachO {
  assertRoomForLoadCommand(macho, lc.cmdsize);
  const placed = { ...lc, offset: loadCommandsEnd(macho) };
  return {
    ...macho,
    header: { ...macho.header, ncmds: macho.header.ncmds + 1, sizeofcmds: macho.header.sizeofcmds + lc.cmdsize },
    loadCommands: [...macho.loadCommands, placed],
  };
}

function mapImages(file: MachOFile, edit: (m: MachO) => MachO): MachOFile {
  if (file.kind === 'thin') return { kind: 'thin', macho: edit(file.macho) };
  return { ...file, slices: file.slices.map((s) => ({ arch: s.arch, macho: edit(s.macho) })) };
}

/** Adds an LC_LOAD_DYLIB (or weak) for `name` to every image; a no-op for images that already load it. */
export function addDylib(file: MachOFile, name: string, opts: DylibOptions = {}): MachOFile {
  return mapImages(file, (m) =>
    findCommands(m, 'dylib').some((c) => c.cmd !== L.LC_ID_DYLIB && c.name === name) ? m : addLoadCommand(m, encodeDylibCommand(name, m.is64, opts)),
  );
}

/** Adds an LC_RPATH to every image; a no-op for images that already have it. */
export function addRpath(file: MachOFile, path: string): MachOFile {
  return mapImages(file, (m) => (findCommands(m, 'rpath').some((c) => c.path === path) ? m : addLoadCommand(m, encodeRpathCommand(path, m.is64))));
}
