// Reads thin and fat Mach-O files into the lossless model (XNU EXTERNAL_HEADERS/mach-o/loader.h for
// struct mach_header(_64) and load_command, mach-o/fat.h for struct fat_header / fat_arch(_64)).
// Thin headers are little-endian (every iOS and macOS target since Intel); fat headers are big-endian.

import { ByteReader, u32be, u32le } from '../../core/byte-reader.js';
import { MalformedInputError, hex, type ErrorContext } from '../../core/errors.js';
import * as L from './loader-constants.js';
import { parseLoadCommand } from './load-command-parse.js';
import { archName } from './arch.js';
import type { FatArch, FatSlice, LoadCommand, MachHeader, MachO, MachOFile } from './macho-types.js';

/** True when the bytes start with a Mach-O or fat magic (either byte order). */
export function isMachOMagic(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  const be = u32be(bytes, 0);
  if (be === L.FAT_MAGIC || be === L.FAT_MAGIC_64) {
    // Java class files share 0xcafebabe; their next word (version) is far above any plausible arch count.
    return u32be(bytes, 4) > 0 && u32be(bytes, 4) < 0x30;
  }
  const le = u32le(bytes, 0);
  return le === L.MH_MAGIC || le === L.MH_MAGIC_64 || be === L.MH_MAGIC || be === L.MH_MAGIC_64;
}

export function parseMachOFile(bytes: Uint8Array, context: ErrorContext = {}): MachOFile {
  if (bytes.length < 4) {
    throw new MalformedInputError('MACHO_TRUNCATED', `Mach-O: file has ${bytes.length} bytes, needs at least 4 for the magic`, { ...context, offset: 0 });
  }
  const magic = u32be(bytes, 0);
  if (magic === L.FAT_MAGIC || magic === L.FAT_MAGIC_64) return parseFat(bytes, magic, context);
  return { kind: 'thin', macho: parseMachO(bytes, context) };
}

function parseFat(bytes: Uint8Array, magic: number, context: ErrorContext): MachOFile {
  const r = new ByteReader(bytes, 'fat header', { errorCode: 'MACHO_TRUNCATED', context });
  r.skip(4);
  const nfat = r.u32be();
  const is64 = magic === L.FAT_MAGIC_64;
  const archSize = is64 ? L.FAT_ARCH_64_SIZE : L.FAT_ARCH_SIZE;
  if (nfat === 0 || L.FAT_HEADER_SIZE + nfat * archSize > bytes.length) {
    r.fail('MACHO_FAT_ARCH_COUNT_INVALID', `nfat_arch is ${nfat}, expected 1..${Math.floor((bytes.length - L.FAT_HEADER_SIZE) / archSize)} for a ${bytes.length}-byte file`, 4);
  }
  const slices: FatSlice[] = [];
  for (let i = 0; i < nfat; i++) {
    const at = r.pos;
    const arch: FatArch = {
      cputype: r.i32be(),
      cpusubtype: r.i32be(),
      offset: is64 ? r.u64beNumber() : r.u32be(),
      size: is64 ? r.u64beNumber() : r.u32be(),
      align: r.u32be(),
    };
    if (is64) arch.reserved = r.u32be();
    const slice = archName(arch.cputype, arch.cpusubtype);
    if (arch.offset + arch.size > bytes.length || arch.offset < L.FAT_HEADER_SIZE + nfat * archSize) {
      throw new MalformedInputError(
        'MACHO_FAT_SLICE_OUT_OF_BOUNDS',
        `fat arch ${i} (${slice}) spans ${hex(arch.offset)}..${hex(arch.offset + arch.size)}, expected within ${hex(L.FAT_HEADER_SIZE + nfat * archSize)}..${hex(bytes.length)}`,
        { ...context, offset: at, slice },
      );
    }
    const macho = parseMachO(bytes.subarray(arch.offset, arch.offset + arch.size), { ...context, slice }, arch.offset);
    slices.push({ arch, macho });
  }
  return { kind: 'fat', magic, slices, data: bytes };
}

/** Parses one little-endian Mach-O image. `base` is its offset in the enclosing file, for error offsets. */
export function parseMachO(bytes: Uint8Array, context: ErrorContext = {}, base = 0): MachO {
  const r = new ByteReader(bytes, 'mach header', { base, errorCode: 'MACHO_TRUNCATED', context });
  const magic = r.u32le();
  if (magic === L.MH_CIGAM || magic === L.MH_CIGAM_64) {
    r.fail('MACHO_BIG_ENDIAN_UNSUPPORTED', `magic ${hex(u32be(bytes, 0))} is a big-endian Mach-O (PowerPC era); only little-endian images are supported`, 0);
  }
  if (magic !== L.MH_MAGIC && magic !== L.MH_MAGIC_64) {
    r.fail('MACHO_BAD_MAGIC', `magic is ${hex(magic)}, expected ${hex(L.MH_MAGIC_64)} or ${hex(L.MH_MAGIC)} (little-endian) or a fat magic`, 0);
  }
  const is64 = magic === L.MH_MAGIC_64;
  const header: MachHeader = {
    magic, cputype: r.i32le(), cpusubtype: r.i32le(), filetype: r.u32le(), ncmds: r.u32le(), sizeofcmds: r.u32le(), flags: r.u32le(),
  };
  if (is64) header.reserved = r.u32le();
  const slice = context.slice ?? archName(header.cputype, header.cpusubtype);
  const loadCommands = parseLoadCommands(r, header, { ...context, slice });
  return { header, is64, loadCommands, data: bytes };
}

function parseLoadCommands(r: ByteReader, header: MachHeader, context: ErrorContext): LoadCommand[] {
  const start = r.pos;
  const end = start + header.sizeofcmds;
  if (end > r.length) {
    r.fail('MACHO_TRUNCATED', `sizeofcmds ${header.sizeofcmds} runs to ${hex(r.base + end)}, past the end of the image at ${hex(r.base + r.length)}`, 20);
  }
  const out: LoadCommand[] = [];
  for (let i = 0; i < header.ncmds; i++) {
    const at = r.pos;
    if (at + 8 > end) {
      r.fail('MACHO_LOAD_COMMAND_OVERRUN', `load command ${i} of ${header.ncmds} starts at ${hex(r.base + at)} but sizeofcmds ends at ${hex(r.base + end)}`, at);
    }
    const cmdsize = u32le(r.bytes, at + 4);
    if (cmdsize < 8 || cmdsize % 4 !== 0) {
      r.fail('MACHO_CMDSIZE_INVALID', `load command ${i} has cmdsize ${cmdsize}, expected a multiple of 4 and at least 8`, at + 4);
    }
    if (at + cmdsize > end) {
      r.fail('MACHO_LOAD_COMMAND_OVERRUN', `load command ${i} (cmdsize ${cmdsize}) runs to ${hex(r.base + at + cmdsize)}, past the end of sizeofcmds at ${hex(r.base + end)}`, at);
    }
    out.push(parseLoadCommand(r.take(cmdsize), at, context, r.base));
  }
  return out;
}
