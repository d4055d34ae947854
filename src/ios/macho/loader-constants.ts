// Constants of the Mach-O file format, spelled as XNU spells them in EXTERNAL_HEADERS/mach-o/loader.h,
// mach-o/fat.h and osfmk/mach/machine.h, so that grep works across both code bases.

export const MH_MAGIC = 0xfeedface;
export const MH_CIGAM = 0xcefaedfe;
export const MH_MAGIC_64 = 0xfeedfacf;
export const MH_CIGAM_64 = 0xcffaedfe;
export const FAT_MAGIC = 0xcafebabe;
export const FAT_CIGAM = 0xbebafeca;
export const FAT_MAGIC_64 = 0xcafebabf;
export const FAT_CIGAM_64 = 0xbfbafeca;

/** sizeof(struct mach_header) and sizeof(struct mach_header_64). */
export const MACH_HEADER_SIZE = 28;
export const MACH_HEADER_64_SIZE = 32;
/** sizeof(struct fat_header), sizeof(struct fat_arch), sizeof(struct fat_arch_64). */
export const FAT_HEADER_SIZE = 8;
export const FAT_ARCH_SIZE = 20;
export const FAT_ARCH_64_SIZE = 32;

export const CPU_ARCH_ABI64 = 0x01000000;
export const CPU_ARCH_ABI64_32 = 0x02000000;
export const CPU_TYPE_X86 = 7;
export const CPU_TYPE_X86_64 = CPU_TYPE_X86 | CPU_ARCH_ABI64;
export const CPU_TYPE_ARM = 12;
export const CPU_TYPE_ARM64 = CPU_TYPE_ARM | CPU_ARCH_ABI64;
export const CPU_TYPE_ARM64_32 = CPU_TYPE_ARM | CPU_ARCH_ABI64_32;
export const CPU_TYPE_POWERPC = 18;
export const CPU_TYPE_POWERPC64 = CPU_TYPE_POWERPC | CPU_ARCH_ABI64;

export const CPU_SUBTYPE_MASK = 0xff000000;
export const CPU_SUBTYPE_X86_ALL = 3;
export const CPU_SUBTYPE_X86_64_ALL = 3;
export const CPU_SUBTYPE_X86_64_H = 8;
export const CPU_SUBTYPE_ARM_ALL = 0;
export const CPU_SUBTYPE_ARM_V6 = 6;
export const CPU_SUBTYPE_ARM_V7 = 9;
export const CPU_SUBTYPE_ARM_V7F = 10;
export const CPU_SUBTYPE_ARM_V7S = 11;
export const CPU_SUBTYPE_ARM_V7K = 12;
export const CPU_SUBTYPE_ARM_V8 = 13;
export const CPU_SUBTYPE_ARM64_ALL = 0;
export const CPU_SUBTYPE_ARM64_V8 = 1;
export const CPU_SUBTYPE_ARM64E = 2;
export const CPU_SUBTYPE_ARM64_32_V8 = 1;

export const MH_OBJECT = 0x1;
export const MH_EXECUTE = 0x2;
export const MH_FVMLIB = 0x3;
export const MH_CORE = 0x4;
export const MH_PRELOAD = 0x5;
export const MH_DYLIB = 0x6;
export const MH_DYLINKER = 0x7;
export const MH_BUNDLE = 0x8;
export const MH_DYLIB_STUB = 0x9;
export const MH_DSYM = 0xa;
export const MH_KEXT_BUNDLE = 0xb;
export const MH_FILESET = 0xc;

export const FILETYPE_NAMES: Readonly<Record<number, string>> = {
  [MH_OBJECT]: 'MH_OBJECT',
  [MH_EXECUTE]: 'MH_EXECUTE',
  [MH_FVMLIB]: 'MH_FVMLIB',
  [MH_CORE]: 'MH_CORE',
  [MH_PRELOAD]: 'MH_PRELOAD',
  [MH_DYLIB]: 'MH_DYLIB',
  [MH_DYLINKER]: 'MH_DYLINKER',
  [MH_BUNDLE]: 'MH_BUNDLE',
  [MH_DYLIB_STUB]: 'MH_DYLIB_STUB',
  [MH_DSYM]: 'MH_DSYM',
  [MH_KEXT_BUNDLE]: 'MH_KEXT_BUNDLE',
  [MH_FILESET]: 'MH_FILESET',
};

export const MH_NOUNDEFS = 0x1;
export const MH_DYLDLINK = 0x4;
export const MH_TWOLEVEL = 0x80;
export const MH_PIE = 0x200000;
export const MH_HAS_TLV_DESCRIPTORS = 0x800000;
export const MH_APP_EXTENSION_SAFE = 0x2000000;

export const LC_REQ_DYLD = 0x80000000;
export const LC_SEGMENT = 0x1;
export const LC_SYMTAB = 0x2;
export const LC_THREAD = 0x4;
export const LC_UNIXTHREAD = 0x5;
export const LC_DYSYMTAB = 0xb;
export const LC_LOAD_DYLIB = 0xc;
export const LC_ID_DYLIB = 0xd;
export const LC_LOAD_DYLINKER = 0xe;
export const LC_ID_DYLINKER = 0xf;
export const LC_ROUTINES = 0x11;
export const LC_SUB_FRAMEWORK = 0x12;
export const LC_SUB_CLIENT = 0x14;
export const LC_TWOLEVEL_HINTS = 0x16;
export const LC_LOAD_WEAK_DYLIB = (0x18 | LC_REQ_DYLD) >>> 0;
export const LC_SEGMENT_64 = 0x19;
export const LC_ROUTINES_64 = 0x1a;
export const LC_UUID = 0x1b;
export const LC_RPATH = (0x1c | LC_REQ_DYLD) >>> 0;
export const LC_CODE_SIGNATURE = 0x1d;
export const LC_SEGMENT_SPLIT_INFO = 0x1e;
export const LC_REEXPORT_DYLIB = (0x1f | LC_REQ_DYLD) >>> 0;
export const LC_LAZY_LOAD_DYLIB = 0x20;
export const LC_ENCRYPTION_INFO = 0x21;
export const LC_DYLD_INFO = 0x22;
export const LC_DYLD_INFO_ONLY = (0x22 | LC_REQ_DYLD) >>> 0;
export const LC_LOAD_UPWARD_DYLIB = (0x23 | LC_REQ_DYLD) >>> 0;
export const LC_VERSION_MIN_MACOSX = 0x24;
export const LC_VERSION_MIN_IPHONEOS = 0x25;
export const LC_FUNCTION_STARTS = 0x26;
export const LC_DYLD_ENVIRONMENT = 0x27;
export const LC_MAIN = (0x28 | LC_REQ_DYLD) >>> 0;
export const LC_DATA_IN_CODE = 0x29;
export const LC_SOURCE_VERSION = 0x2a;
export const LC_DYLIB_CODE_SIGN_DRS = 0x2b;
export const LC_ENCRYPTION_INFO_64 = 0x2c;
export const LC_LINKER_OPTION = 0x2d;
export const LC_LINKER_OPTIMIZATION_HINT = 0x2e;
export const LC_VERSION_MIN_TVOS = 0x2f;
export const LC_VERSION_MIN_WATCHOS = 0x30;
export const LC_NOTE = 0x31;
export const LC_BUILD_VERSION = 0x32;
export const LC_DYLD_EXPORTS_TRIE = (0x33 | LC_REQ_DYLD) >>> 0;
export const LC_DYLD_CHAINED_FIXUPS = (0x34 | LC_REQ_DYLD) >>> 0;
export const LC_FILESET_ENTRY = (0x35 | LC_REQ_DYLD) >>> 0;

export const LOAD_COMMAND_NAMES: Readonly<Record<number, string>> = {
  [LC_SEGMENT]: 'LC_SEGMENT',
  [LC_SYMTAB]: 'LC_SYMTAB',
  [LC_THREAD]: 'LC_THREAD',
  [LC_UNIXTHREAD]: 'LC_UNIXTHREAD',
  [LC_DYSYMTAB]: 'LC_DYSYMTAB',
  [LC_LOAD_DYLIB]: 'LC_LOAD_DYLIB',
  [LC_ID_DYLIB]: 'LC_ID_DYLIB',
  [LC_LOAD_DYLINKER]: 'LC_LOAD_DYLINKER',
  [LC_ID_DYLINKER]: 'LC_ID_DYLINKER',
  [LC_ROUTINES]: 'LC_ROUTINES',
  [LC_SUB_FRAMEWORK]: 'LC_SUB_FRAMEWORK',
  [LC_SUB_CLIENT]: 'LC_SUB_CLIENT',
  [LC_TWOLEVEL_HINTS]: 'LC_TWOLEVEL_HINTS',
  [LC_LOAD_WEAK_DYLIB]: 'LC_LOAD_WEAK_DYLIB',
  [LC_SEGMENT_64]: 'LC_SEGMENT_64',
  [LC_ROUTINES_64]: 'LC_ROUTINES_64',
  [LC_UUID]: 'LC_UUID',
  [LC_RPATH]: 'LC_RPATH',
  [LC_CODE_SIGNATURE]: 'LC_CODE_SIGNATURE',
  [LC_SEGMENT_SPLIT_INFO]: 'LC_SEGMENT_SPLIT_INFO',
  [LC_REEXPORT_DYLIB]: 'LC_REEXPORT_DYLIB',
  [LC_LAZY_LOAD_DYLIB]: 'LC_LAZY_LOAD_DYLIB',
  [LC_ENCRYPTION_INFO]: 'LC_ENCRYPTION_INFO',
  [LC_DYLD_INFO]: 'LC_DYLD_INFO',
  [LC_DYLD_INFO_ONLY]: 'LC_DYLD_INFO_ONLY',
  [LC_LOAD_UPWARD_DYLIB]: 'LC_LOAD_UPWARD_DYLIB',
  [LC_VERSION_MIN_MACOSX]: 'LC_VERSION_MIN_MACOSX',
  [LC_VERSION_MIN_IPHONEOS]: 'LC_VERSION_MIN_IPHONEOS',
  [LC_FUNCTION_STARTS]: 'LC_FUNCTION_STARTS',
  [LC_DYLD_ENVIRONMENT]: 'LC_DYLD_ENVIRONMENT',
  [LC_MAIN]: 'LC_MAIN',
  [LC_DATA_IN_CODE]: 'LC_DATA_IN_CODE',
  [LC_SOURCE_VERSION]: 'LC_SOURCE_VERSION',
  [LC_DYLIB_CODE_SIGN_DRS]: 'LC_DYLIB_CODE_SIGN_DRS',
  [LC_ENCRYPTION_INFO_64]: 'LC_ENCRYPTION_INFO_64',
  [LC_LINKER_OPTION]: 'LC_LINKER_OPTION',
  [LC_LINKER_OPTIMIZATION_HINT]: 'LC_LINKER_OPTIMIZATION_HINT',
  [LC_VERSION_MIN_TVOS]: 'LC_VERSION_MIN_TVOS',
  [LC_VERSION_MIN_WATCHOS]: 'LC_VERSION_MIN_WATCHOS',
  [LC_NOTE]: 'LC_NOTE',
  [LC_BUILD_VERSION]: 'LC_BUILD_VERSION',
  [LC_DYLD_EXPORTS_TRIE]: 'LC_DYLD_EXPORTS_TRIE',
  [LC_DYLD_CHAINED_FIXUPS]: 'LC_DYLD_CHAINED_FIXUPS',
  [LC_FILESET_ENTRY]: 'LC_FILESET_ENTRY',
};

export const PLATFORM_MACOS = 1;
export const PLATFORM_IOS = 2;
export const PLATFORM_TVOS = 3;
export const PLATFORM_WATCHOS = 4;
export const PLATFORM_BRIDGEOS = 5;
export const PLATFORM_MACCATALYST = 6;
export const PLATFORM_IOSSIMULATOR = 7;
export const PLATFORM_TVOSSIMULATOR = 8;
export const PLATFORM_WATCHOSSIMULATOR = 9;
export const PLATFORM_DRIVERKIT = 10;
export const PLATFORM_VISIONOS = 11;
export const PLATFORM_VISIONOSSIMULATOR = 12;

export const PLATFORM_NAMES: Readonly<Record<number, string>> = {
  [PLATFORM_MACOS]: 'macos',
  [PLATFORM_IOS]: 'ios',
  [PLATFORM_TVOS]: 'tvos',
  [PLATFORM_WATCHOS]: 'watchos',
  [PLATFORM_BRIDGEOS]: 'bridgeos',
  [PLATFORM_MACCATALYST]: 'maccatalyst',
  [PLATFORM_IOSSIMULATOR]: 'ios-simulator',
  [PLATFORM_TVOSSIMULATOR]: 'tvos-simulator',
  [PLATFORM_WATCHOSSIMULATOR]: 'watchos-simulator',
  [PLATFORM_DRIVERKIT]: 'driverkit',
  [PLATFORM_VISIONOS]: 'visionos',
  [PLATFORM_VISIONOSSIMULATOR]: 'visionos-simulator',
};

/** Section type bits (section.flags & SECTION_TYPE) of sections that occupy no bytes in the file. */
export const SECTION_TYPE = 0x000000ff;
export const S_ZEROFILL = 0x1;
export const S_GB_ZEROFILL = 0xc;
export const S_THREAD_LOCAL_ZEROFILL = 0x12;
