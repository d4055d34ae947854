// Constants of Apple's embedded code signature, spelled as XNU spells them in osfmk/kern/cs_blobs.h.
// Every structure in the signature is big-endian.

export const CSMAGIC_REQUIREMENT = 0xfade0c00;
export const CSMAGIC_REQUIREMENTS = 0xfade0c01;
export const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
export const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
export const CSMAGIC_EMBEDDED_SIGNATURE_OLD = 0xfade0b02;
export const CSMAGIC_EMBEDDED_ENTITLEMENTS = 0xfade7171;
export const CSMAGIC_EMBEDDED_DER_ENTITLEMENTS = 0xfade7172;
export const CSMAGIC_DETACHED_SIGNATURE = 0xfade0cc1;
export const CSMAGIC_BLOBWRAPPER = 0xfade0b01;
export const CSMAGIC_EMBEDDED_LAUNCH_CONSTRAINT = 0xfade8181;

export const CSSLOT_CODEDIRECTORY = 0;
export const CSSLOT_INFOSLOT = 1;
export const CSSLOT_REQUIREMENTS = 2;
export const CSSLOT_RESOURCEDIR = 3;
export const CSSLOT_APPLICATION = 4;
export const CSSLOT_ENTITLEMENTS = 5;
export const CSSLOT_DER_ENTITLEMENTS = 7;
export const CSSLOT_LAUNCH_CONSTRAINT_SELF = 8;
export const CSSLOT_LAUNCH_CONSTRAINT_PARENT = 9;
export const CSSLOT_LAUNCH_CONSTRAINT_RESPONSIBLE = 10;
export const CSSLOT_LIBRARY_CONSTRAINT = 11;
export const CSSLOT_ALTERNATE_CODEDIRECTORIES = 0x1000;
export const CSSLOT_ALTERNATE_CODEDIRECTORY_MAX = 5;
export const CSSLOT_ALTERNATE_CODEDIRECTORY_LIMIT = CSSLOT_ALTERNATE_CODEDIRECTORIES + CSSLOT_ALTERNATE_CODEDIRECTORY_MAX;
export const CSSLOT_SIGNATURESLOT = 0x10000;
export const CSSLOT_IDENTIFICATIONSLOT = 0x10001;
export const CSSLOT_TICKETSLOT = 0x10002;

export const CS_SUPPORTSSCATTER = 0x20100;
export const CS_SUPPORTSTEAMID = 0x20200;
export const CS_SUPPORTSCODELIMIT64 = 0x20300;
export const CS_SUPPORTSEXECSEG = 0x20400;
export const CS_SUPPORTSRUNTIME = 0x20500;
export const CS_SUPPORTSLINKAGE = 0x20600;

export const CS_HASHTYPE_SHA1 = 1;
export const CS_HASHTYPE_SHA256 = 2;
export const CS_HASHTYPE_SHA256_TRUNCATED = 3;
export const CS_HASHTYPE_SHA384 = 4;
export const CS_SHA1_LEN = 20;
export const CS_SHA256_LEN = 32;
export const CS_SHA256_TRUNCATED_LEN = 20;
export const CS_CDHASH_LEN = 20;

/** node:crypto digest name and digest length for each CS_HASHTYPE_*. */
export const CS_HASH_ALGORITHMS: Readonly<Record<number, { name: string; size: number }>> = {
  [CS_HASHTYPE_SHA1]: { name: 'sha1', size: CS_SHA1_LEN },
  [CS_HASHTYPE_SHA256]: { name: 'sha256', size: CS_SHA256_LEN },
  [CS_HASHTYPE_SHA256_TRUNCATED]: { name: 'sha256', size: CS_SHA256_TRUNCATED_LEN },
  [CS_HASHTYPE_SHA384]: { name: 'sha384', size: 48 },
};

export const CS_VALID = 0x1;
export const CS_ADHOC = 0x2;
export const CS_GET_TASK_ALLOW = 0x4;
export const CS_HARD = 0x100;
export const CS_KILL = 0x200;
export const CS_RESTRICT = 0x800;
export const CS_ENFORCEMENT = 0x1000;
export const CS_REQUIRE_LV = 0x2000;
export const CS_RUNTIME = 0x10000;
export const CS_LINKER_SIGNED = 0x20000;

export const CS_EXECSEG_MAIN_BINARY = 0x1;
export const CS_EXECSEG_ALLOW_UNSIGNED = 0x10;

/** Apple's CMS signed attributes carrying the CDHashes (plist) and CDHashes2 (DER). */
export const OID_APPLE_CDHASHES_PLIST = '1.2.840.113635.100.9.1';
export const OID_APPLE_CDHASHES2 = '1.2.840.113635.100.9.2';

export const SLOT_NAMES: Readonly<Record<number, string>> = {
  [CSSLOT_CODEDIRECTORY]: 'CSSLOT_CODEDIRECTORY',
  [CSSLOT_INFOSLOT]: 'CSSLOT_INFOSLOT',
  [CSSLOT_REQUIREMENTS]: 'CSSLOT_REQUIREMENTS',
  [CSSLOT_RESOURCEDIR]: 'CSSLOT_RESOURCEDIR',
  [CSSLOT_APPLICATION]: 'CSSLOT_APPLICATION',
  [CSSLOT_ENTITLEMENTS]: 'CSSLOT_ENTITLEMENTS',
  [CSSLOT_DER_ENTITLEMENTS]: 'CSSLOT_DER_ENTITLEMENTS',
  [CSSLOT_SIGNATURESLOT]: 'CSSLOT_SIGNATURESLOT',
};
