// Facts derived from a parsed Mach-O image: what kind of image it is, for which platform and OS, what it
// links, and how much room is left for one more load command (XNU mach-o/loader.h).

import * as L from './loader-constants.js';
import { archName } from './arch.js';
import type { DylibCommand, LinkeditDataCommand, LoadCommand, MachO, MachOFile, SegmentCommand } from './macho-types.js';

export interface LinkedDylib {
  /** LC_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB, … as named in loader.h. */
  command: string;
  name: string;
  currentVersion: string;
  compatibilityVersion: string;
}

export interface MachOFacts {
  arch: string;
  filetype: string;
  flags: number;
  pie: boolean;
  platform?: string;
  minOS?: string;
  sdk?: string;
  installName?: string;
  dylibs: LinkedDylib[];
  rpaths: string[];
  uuid?: string;
  encrypted: boolean;
  codeSignature?: { dataoff: number; datasize: number };
  loadCommandRoom: number;
}

const VERSION_MIN_PLATFORM: Readonly<Record<number, number>> = {
  [L.LC_VERSION_MIN_IPHONEOS]: L.PLATFORM_IOS,
  [L.LC_VERSION_MIN_MACOSX]: L.PLATFORM_MACOS,
  [L.LC_VERSION_MIN_TVOS]: L.PLATFORM_TVOS,
  [L.LC_VERSION_MIN_WATCHOS]: L.PLATFORM_WATCHOS,
};

/** Every image of a file: the thin image, or each fat slice in order. */
export function machOImages(file: MachOFile): MachO[] {
  return file.kind === 'thin' ? [file.macho] : file.slices.map((s) => s.macho);
}

/** X.Y.Z from a version packed as xxxx.yy.zz nibbles (loader.h: dylib versions, minos, sdk). */
export function formatPackedVersion(v: number): string {
  const parts = [v >>> 16, (v >>> 8) & 0xff, v & 0xff];
  return parts.join('.');
}

export function uuidString(bytes: Uint8Array): string {
  const h = Buffer.from(bytes).toString('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function findCommands<K extends LoadCommand['kind']>(macho: MachO, kind: K): Extract<LoadCommand, { kind: K }>[] {
  return macho.loadCommands.filter((c): c is Extract<LoadCommand, { kind: K }> => c.kind === kind);
}

export function codeSignatureCommand(macho: MachO): LinkeditDataCommand | undefined {
  return findCommands(macho, 'linkedit-data').find((c) => c.cmd === L.LC_CODE_SIGNATURE);
}

export function segments(macho: MachO): SegmentCommand[] {
  return findCommands(macho, 'segment');
}

/** Header size + sizeofcmds: where the load commands end. */
export function loadCommandsEnd(macho: MachO): number {
  return (macho.is64 ? L.MACH_HEADER_64_SIZE : L.MACH_HEADER_SIZE) + macho.header.sizeofcmds;
}

/** File offset of the first section that has bytes in the file (zero-fill sections have none). */
export function firstSectionFileOffset(macho: MachO): number | undefined {
  let first: number | undefined;
  for (const seg of segments(macho)) {
    for (const s of seg.sections) {
      const type = s.flags & L.SECTION_TYPE;
      if (type === L.S_ZEROFILL || type === L.S_GB_ZEROFILL || type === L.S_THREAD_LOCAL_ZEROFILL) continue;
      if (s.offset === 0 || s.size === 0n) continue;
      if (first === undefined || s.offset < first) first = s.offset;
    }
  }
  return first;
}

/** Free bytes between the end of the load commands and the first section's data in the file. */
export function loadCommandRoom(macho: MachO): number {
  const limit = firstSectionFileOffset(macho) ?? macho.data.length;
  return limit - loadCommandsEnd(macho);
}

export function isEncrypted(macho: MachO): boolean {
  return findCommands(macho, 'encryption-info').some((c) => c.cryptid !== 0);
}

export function linkedDylibs(macho: MachO): LinkedDylib[] {
  return findCommands(macho, 'dylib')
    .filter((c) => c.cmd !== L.LC_ID_DYLIB)
    .map((c: DylibCommand) => ({
      command: L.LOAD_COMMAND_NAMES[c.cmd] ?? String(c.cmd),
      name: c.name,
      currentVersion: formatPackedVersion(c.currentVersion),
      compatibilityVersion: formatPackedVersion(c.compatibilityVersion),
    }));
}

function platformFacts(macho: MachO): Pick<MachOFacts, 'platform' | 'minOS' | 'sdk'> {
  const build = findCommands(macho, 'build-version')[0];
  if (build) {
    return {
      platform: L.PLATFORM_NAMES[build.platform] ?? `platform(${build.platform})`,
      minOS: formatPackedVersion(build.minos),
      sdk: formatPackedVersion(build.sdk),
    };
  }
  const vmin = findCommands(macho, 'version-min')[0];
  if (!vmin) return {};
  const platform = VERSION_MIN_PLATFORM[vmin.cmd]!;
  return { platform: L.PLATFORM_NAMES[platform], minOS: formatPackedVersion(vmin.version), sdk: formatPackedVersion(vmin.sdk) };
}

export function machOFacts(macho: MachO): MachOFacts {
  const h = macho.header;
  const id = findCommands(macho, 'dylib').find((c) => c.cmd === L.LC_ID_DYLIB);
  const uuid = findCommands(macho, 'uuid')[0];
  const sig = codeSignatureCommand(macho);
  return {
    arch: archName(h.cputype, h.cpusubtype),
    filetype: L.FILETYPE_NAMES[h.filetype] ?? `filetype(${h.filetype})`,
    flags: h.flags,
    pie: (h.flags & L.MH_PIE) !== 0,
    ...platformFacts(macho),
    ...(id ? { installName: id.name } : {}),
    dylibs: linkedDylibs(macho),
    rpaths: findCommands(macho, 'rpath').map((c) => c.path),
    ...(uuid ? { uuid: uuidString(uuid.uuid) } : {}),
    encrypted: isEncrypted(macho),
    ...(sig ? { codeSignature: { dataoff: sig.dataoff, datasize: sig.datasize } } : {}),
    loadCommandRoom: loadCommandRoom(macho),
  };
}
