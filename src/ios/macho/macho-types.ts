// The lossless Mach-O model (XNU EXTERNAL_HEADERS/mach-o/loader.h and fat.h). Every load command keeps
// its raw bytes, which the serializer writes back; decoded fields are read-only views of those bytes.
// Edits replace a command with a freshly encoded one (see load-command-encode.ts), never patch fields.

export interface MachHeader {
  magic: number;
  cputype: number;
  cpusubtype: number;
  filetype: number;
  ncmds: number;
  sizeofcmds: number;
  flags: number;
  /** Only in mach_header_64. */
  reserved?: number;
}

export interface Section {
  sectname: string;
  segname: string;
  addr: bigint;
  size: bigint;
  offset: number;
  align: number;
  reloff: number;
  nreloc: number;
  flags: number;
  reserved1: number;
  reserved2: number;
  /** Only in section_64. */
  reserved3?: number;
}

interface CommandBase {
  cmd: number;
  cmdsize: number;
  /** Offset of the command within its slice (as parsed; 0 for commands built by an edit). */
  offset: number;
  /** The command's bytes, cmdsize long, exactly as they are (or will be) in the file. */
  raw: Uint8Array;
}

export interface SegmentCommand extends CommandBase {
  kind: 'segment';
  is64: boolean;
  segname: string;
  vmaddr: bigint;
  vmsize: bigint;
  fileoff: number;
  filesize: number;
  maxprot: number;
  initprot: number;
  nsects: number;
  flags: number;
  sections: Section[];
}

/** LC_LOAD_DYLIB, LC_LOAD_WEAK_DYLIB, LC_REEXPORT_DYLIB, LC_LAZY_LOAD_DYLIB, LC_LOAD_UPWARD_DYLIB, LC_ID_DYLIB. */
export interface DylibCommand extends CommandBase {
  kind: 'dylib';
  name: string;
  nameOffset: number;
  timestamp: number;
  currentVersion: number;
  compatibilityVersion: number;
}

/** LC_ID_DYLINKER, LC_LOAD_DYLINKER, LC_DYLD_ENVIRONMENT. */
export interface DylinkerCommand extends CommandBase {
  kind: 'dylinker';
  name: string;
  nameOffset: number;
}

export interface RpathCommand extends CommandBase {
  kind: 'rpath';
  path: string;
  pathOffset: number;
}

/** LC_ENCRYPTION_INFO and LC_ENCRYPTION_INFO_64. */
export interface EncryptionInfoCommand extends CommandBase {
  kind: 'encryption-info';
  cryptoff: number;
  cryptsize: number;
  cryptid: number;
  /** Only in encryption_info_command_64. */
  pad?: number;
}

/** struct linkedit_data_command: LC_CODE_SIGNATURE, LC_FUNCTION_STARTS, LC_DATA_IN_CODE, LC_DYLD_CHAINED_FIXUPS… */
export interface LinkeditDataCommand extends CommandBase {
  kind: 'linkedit-data';
  dataoff: number;
  datasize: number;
}

export interface EntryPointCommand extends CommandBase {
  kind: 'main';
  entryoff: bigint;
  stacksize: bigint;
}

export interface UuidCommand extends CommandBase {
  kind: 'uuid';
  uuid: Uint8Array;
}

export interface BuildToolVersion {
  tool: number;
  version: number;
}

export interface BuildVersionCommand extends CommandBase {
  kind: 'build-version';
  platform: number;
  minos: number;
  sdk: number;
  tools: BuildToolVersion[];
}

/** LC_VERSION_MIN_IPHONEOS, _MACOSX, _TVOS, _WATCHOS. */
export interface VersionMinCommand extends CommandBase {
  kind: 'version-min';
  version: number;
  sdk: number;
}

/** LC_DYLD_INFO and LC_DYLD_INFO_ONLY. */
export interface DyldInfoCommand extends CommandBase {
  kind: 'dyld-info';
  rebaseOff: number;
  rebaseSize: number;
  bindOff: number;
  bindSize: number;
  weakBindOff: number;
  weakBindSize: number;
  lazyBindOff: number;
  lazyBindSize: number;
  exportOff: number;
  exportSize: number;
}

export interface SymtabCommand extends CommandBase {
  kind: 'symtab';
  symoff: number;
  nsyms: number;
  stroff: number;
  strsize: number;
}

/** struct dysymtab_command: eighteen uint32 fields, in loader.h order. */
export interface DysymtabCommand extends CommandBase {
  kind: 'dysymtab';
  fields: {
    ilocalsym: number; nlocalsym: number; iextdefsym: number; nextdefsym: number; iundefsym: number;
    nundefsym: number; tocoff: number; ntoc: number; modtaboff: number; nmodtab: number;
    extrefsymoff: number; nextrefsyms: number; indirectsymoff: number; nindirectsyms: number;
    extreloff: number; nextrel: number; locreloff: number; nlocrel: number;
  };
}

export interface SourceVersionCommand extends CommandBase {
  kind: 'source-version';
  /** A.B.C.D.E packed as 24.10.10.10.10 bits. */
  version: bigint;
}

/** Any command we do not decode: only cmd, cmdsize and the raw bytes. */
export interface RawCommand extends CommandBase {
  kind: 'raw';
}

export type LoadCommand =
  | SegmentCommand
  | DylibCommand
  | DylinkerCommand
  | RpathCommand
  | EncryptionInfoCommand
  | LinkeditDataCommand
  | EntryPointCommand
  | UuidCommand
  | BuildVersionCommand
  | VersionMinCommand
  | DyldInfoCommand
  | SymtabCommand
  | DysymtabCommand
  | SourceVersionCommand
  | RawCommand;

/** One Mach-O image (a thin file, or one slice of a fat file). */
export interface MachO {
  header: MachHeader;
  is64: boolean;
  loadCommands: LoadCommand[];
  /**
   * The image's bytes as parsed. Serializing writes the header and load commands over a copy of these,
   * so everything after the load commands (padding, sections, __LINKEDIT) is kept as is.
   */
  data: Uint8Array;
}

export interface FatArch {
  cputype: number;
  cpusubtype: number;
  offset: number;
  size: number;
  align: number;
  /** Only in fat_arch_64. */
  reserved?: number;
}

export interface FatSlice {
  arch: FatArch;
  macho: MachO;
}

export type MachOFile =
  | { kind: 'thin'; macho: MachO }
  | {
      kind: 'fat';
      magic: number;
      slices: FatSlice[];
      /** The whole fat file as parsed, so gaps between slices survive a round trip. */
      data: Uint8Array;
    };
