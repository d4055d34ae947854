// Decodes one Mach-O load command from its raw bytes (XNU EXTERNAL_HEADERS/mach-o/loader.h). All fields
// are little-endian; commands we do not know stay `kind: 'raw'`.

import { ByteReader, u32le } from '../../core/byte-reader.js';
import { hex, type ErrorContext } from '../../core/errors.js';
import * as L from './loader-constants.js';
import type { LoadCommand, Section, SegmentCommand } from './macho-types.js';

const DYLIB_CMDS = new Set([
  L.LC_LOAD_DYLIB, L.LC_LOAD_WEAK_DYLIB, L.LC_REEXPORT_DYLIB, L.LC_LAZY_LOAD_DYLIB, L.LC_LOAD_UPWARD_DYLIB, L.LC_ID_DYLIB,
]);
const DYLINKER_CMDS = new Set([L.LC_ID_DYLINKER, L.LC_LOAD_DYLINKER, L.LC_DYLD_ENVIRONMENT]);
const LINKEDIT_DATA_CMDS = new Set([
  L.LC_CODE_SIGNATURE, L.LC_SEGMENT_SPLIT_INFO, L.LC_FUNCTION_STARTS, L.LC_DATA_IN_CODE, L.LC_DYLIB_CODE_SIGN_DRS,
  L.LC_LINKER_OPTIMIZATION_HINT, L.LC_DYLD_EXPORTS_TRIE, L.LC_DYLD_CHAINED_FIXUPS,
]);
const VERSION_MIN_CMDS = new Set([
  L.LC_VERSION_MIN_MACOSX, L.LC_VERSION_MIN_IPHONEOS, L.LC_VERSION_MIN_TVOS, L.LC_VERSION_MIN_WATCHOS,
]);

export function loadCommandName(cmd: number): string {
  return L.LOAD_COMMAND_NAMES[cmd] ?? `LC_${hex(cmd)}`;
}

/** Decodes `raw` (exactly cmdsize bytes) found at `offset` in its slice; `sliceBase` places errors in the file. */
export function parseLoadCommand(raw: Uint8Array, offset: number, context: ErrorContext = {}, sliceBase = 0): LoadCommand {
  const r = new ByteReader(raw, raw.length >= 8 ? loadCommandName(u32le(raw, 0)) : 'load command', {
    base: sliceBase + offset,
    errorCode: 'MACHO_LOAD_COMMAND_TRUNCATED',
    context,
  });
  const cmd = r.u32le();
  const cmdsize = r.u32le();
  const base = { cmd, cmdsize, offset, raw };
  if (cmd === L.LC_SEGMENT || cmd === L.LC_SEGMENT_64) return parseSegment(r, base, cmd === L.LC_SEGMENT_64);
  if (DYLIB_CMDS.has(cmd)) {
    const nameOffset = r.u32le();
    return {
      ...base, kind: 'dylib', nameOffset, name: lcStr(r, nameOffset),
      timestamp: r.u32le(), currentVersion: r.u32le(), compatibilityVersion: r.u32le(),
    };
  }
  if (DYLINKER_CMDS.has(cmd)) {
    const nameOffset = r.u32le();
    return { ...base, kind: 'dylinker', nameOffset, name: lcStr(r, nameOffset) };
  }
  if (cmd === L.LC_RPATH) {
    const pathOffset = r.u32le();
    return { ...base, kind: 'rpath', pathOffset, path: lcStr(r, pathOffset) };
  }
  if (cmd === L.LC_ENCRYPTION_INFO || cmd === L.LC_ENCRYPTION_INFO_64) {
    const fields = { cryptoff: r.u32le(), cryptsize: r.u32le(), cryptid: r.u32le() };
    return cmd === L.LC_ENCRYPTION_INFO_64
      ? { ...base, kind: 'encryption-info', ...fields, pad: r.u32le() }
      : { ...base, kind: 'encryption-info', ...fields };
  }
  if (LINKEDIT_DATA_CMDS.has(cmd)) return { ...base, kind: 'linkedit-data', dataoff: r.u32le(), datasize: r.u32le() };
  if (cmd === L.LC_MAIN) return { ...base, kind: 'main', entryoff: r.u64le(), stacksize: r.u64le() };
  if (cmd === L.LC_UUID) return { ...base, kind: 'uuid', uuid: r.take(16) };
  if (cmd === L.LC_BUILD_VERSION) return parseBuildVersion(r, base);
  if (VERSION_MIN_CMDS.has(cmd)) return { ...base, kind: 'version-min', version: r.u32le(), sdk: r.u32le() };
  if (cmd === L.LC_DYLD_INFO || cmd === L.LC_DYLD_INFO_ONLY) {
    return {
      ...base, kind: 'dyld-info',
      rebaseOff: r.u32le(), rebaseSize: r.u32le(), bindOff: r.u32le(), bindSize: r.u32le(),
      weakBindOff: r.u32le(), weakBindSize: r.u32le(), lazyBindOff: r.u32le(), lazyBindSize: r.u32le(),
      exportOff: r.u32le(), exportSize: r.u32le(),
    };
  }
  if (cmd === L.LC_SYMTAB) {
    return { ...base, kind: 'symtab', symoff: r.u32le(), nsyms: r.u32le(), stroff: r.u32le(), strsize: r.u32le() };
  }
  if (cmd === L.LC_DYSYMTAB) return parseDysymtab(r, base);
  if (cmd === L.LC_SOURCE_VERSION) return { ...base, kind: 'source-version', version: r.u64le() };
  return { ...base, kind: 'raw' };
}

/** union lc_str: an offset from the start of the command to a NUL-terminated string inside it. */
function lcStr(r: ByteReader, at: number): string {
  if (at < 8 || at >= r.length) {
    r.fail('MACHO_LC_STR_OUT_OF_BOUNDS', `string offset ${at} is outside the command (8..${r.length - 1})`, 8);
  }
  return r.cstringAt(at);
}

function fixedName(r: ByteReader): string {
  const at = r.pos;
  r.skip(16);
  return r.cstringAt(at, 16);
}

function parseSegment(r: ByteReader, base: { cmd: number; cmdsize: number; offset: number; raw: Uint8Array }, is64: boolean): SegmentCommand {
  const segname = fixedName(r);
  const vmaddr = is64 ? r.u64le() : BigInt(r.u32le());
  const vmsize = is64 ? r.u64le() : BigInt(r.u32le());
  const fileoff = is64 ? r.u64leNumber() : r.u32le();
  const filesize = is64 ? r.u64leNumber() : r.u32le();
  const maxprot = r.u32le();
  const initprot = r.u32le();
  const nsects = r.u32le();
  const flags = r.u32le();
  const sectSize = is64 ? 80 : 68;
  if (r.remaining < nsects * sectSize) {
    r.fail('MACHO_SECTION_COUNT_OVERRUN', `${nsects} sections need ${nsects * sectSize} bytes but the command has ${r.remaining} left`);
  }
  const sections: Section[] = [];
  for (let i = 0; i < nsects; i++) sections.push(parseSection(r, is64));
  return { ...base, kind: 'segment', is64, segname, vmaddr, vmsize, fileoff, filesize, maxprot, initprot, nsects, flags, sections };
}

function parseSection(r: ByteReader, is64: boolean): Section {
  const sectname = fixedName(r);
  const segname = fixedName(r);
  const addr = is64 ? r.u64le() : BigInt(r.u32le());
  const size = is64 ? r.u64le() : BigInt(r.u32le());
  const s: Section = {
    sectname, segname, addr, size,
    offset: r.u32le(), align: r.u32le(), reloff: r.u32le(), nreloc: r.u32le(), flags: r.u32le(),
    reserved1: r.u32le(), reserved2: r.u32le(),
  };
  if (is64) s.reserved3 = r.u32le();
  return s;
}

function parseBuildVersion(r: ByteReader, base: { cmd: number; cmdsize: number; offset: number; raw: Uint8Array }): LoadCommand {
  const platform = r.u32le();
  const minos = r.u32le();
  const sdk = r.u32le();
  const ntools = r.u32le();
  if (r.remaining < ntools * 8) {
    r.fail('MACHO_LOAD_COMMAND_TRUNCATED', `${ntools} build tools need ${ntools * 8} bytes but the command has ${r.remaining} left`);
  }
  const tools = [];
  for (let i = 0; i < ntools; i++) tools.push({ tool: r.u32le(), version: r.u32le() });
  return { ...base, kind: 'build-version', platform, minos, sdk, tools };
}

function parseDysymtab(r: ByteReader, base: { cmd: number; cmdsize: number; offset: number; raw: Uint8Array }): LoadCommand {
  const f = () => r.u32le();
  return {
    ...base, kind: 'dysymtab',
    fields: {
      ilocalsym: f(), nlocalsym: f(), iextdefsym: f(), nextdefsym: f(), iundefsym: f(), nundefsym: f(),
      tocoff: f(), ntoc: f(), modtaboff: f(), nmodtab: f(), extrefsymoff: f(), nextrefsyms: f(),
      indirectsymoff: f(), nindirectsyms: f(), extreloff: f(), nextrel: f(), locreloff: f(), nlocrel: f(),
    },
  };
}
