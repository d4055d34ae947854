// Architecture names for (cputype, cpusubtype) pairs, as Apple's tools print them (osfmk/mach/machine.h,
// and the names lipo and llvm-objdump use).

import * as L from './loader-constants.js';

const ARM_SUBTYPES: Readonly<Record<number, string>> = {
  [L.CPU_SUBTYPE_ARM_ALL]: 'arm',
  [L.CPU_SUBTYPE_ARM_V6]: 'armv6',
  [L.CPU_SUBTYPE_ARM_V7]: 'armv7',
  [L.CPU_SUBTYPE_ARM_V7F]: 'armv7f',
  [L.CPU_SUBTYPE_ARM_V7S]: 'armv7s',
  [L.CPU_SUBTYPE_ARM_V7K]: 'armv7k',
  [L.CPU_SUBTYPE_ARM_V8]: 'armv8',
};

export function archName(cputype: number, cpusubtype: number): string {
  const sub = cpusubtype & ~L.CPU_SUBTYPE_MASK;
  switch (cputype) {
    case L.CPU_TYPE_ARM64:
      return sub === L.CPU_SUBTYPE_ARM64E ? 'arm64e' : 'arm64';
    case L.CPU_TYPE_ARM64_32:
      return 'arm64_32';
    case L.CPU_TYPE_ARM:
      return ARM_SUBTYPES[sub] ?? `arm(subtype ${sub})`;
    case L.CPU_TYPE_X86_64:
      return sub === L.CPU_SUBTYPE_X86_64_H ? 'x86_64h' : 'x86_64';
    case L.CPU_TYPE_X86:
      return 'i386';
    case L.CPU_TYPE_POWERPC:
      return 'ppc';
    case L.CPU_TYPE_POWERPC64:
      return 'ppc64';
    default:
      return `cputype(${cputype})`;
  }
}
