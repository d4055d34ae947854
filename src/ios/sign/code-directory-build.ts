// Builds the CodeDirectories of a new signature (XNU osfmk/kern/cs_blobs.h, struct CS_CodeDirectory at
// version 0x20400 = CS_SUPPORTSEXECSEG): code-slot hashes over 4 KiB pages up to codeLimit (the signature
// offset), special-slot hashes of the blobs and bundle files the signature binds, identifier, team ID,
// flags and the executable-segment fields. Which digests a binary needs follows Apple's deployment rule:
// SHA-256 always, plus a SHA-1 CodeDirectory (first, in slot 0) when the binary must run on an OS that
// predates SHA-256 code signatures: iOS/tvOS < 11, watchOS < 4, macOS < 10.11 (Apple DTS, "Signing code
// for older versions of macOS on Apple Silicon"; the corpus agrees: iOS 8/9 apps carry sha1+sha256,
// iOS 11 apps sha256 only).

import { createHash } from 'node:crypto';
import * as C from '../codesign/cs-constants.js';
import { layoutCodeDirectory, serializeCodeDirectory, type CodeDirectory } from '../codesign/code-directory.js';
import * as L from '../macho/loader-constants.js';
import { findCommands, segments } from '../macho/macho-facts.js';
import type { MachO } from '../macho/macho-types.js';

export const CODE_PAGE_SHIFT = 12;
export const CODE_PAGE_SIZE = 1 << CODE_PAGE_SHIFT;
export const SIGNED_CODE_DIRECTORY_VERSION = C.CS_SUPPORTSEXECSEG;

export type CodeDigest = 'sha1' | 'sha256';

const HASH_TYPE: Readonly<Record<CodeDigest, number>> = { sha1: C.CS_HASHTYPE_SHA1, sha256: C.CS_HASHTYPE_SHA256 };

/** Special slots the new signature binds: the bytes whose hash goes into the slot (undefined = zero hash). */
export interface SpecialSlotContents {
  infoPlist?: Uint8Array;
  requirements?: Uint8Array;
  codeResources?: Uint8Array;
  entitlements?: Uint8Array;
  derEntitlements?: Uint8Array;
}

export interface CodeDirectoryParams {
  identifier: string;
  teamId?: string;
  flags: number;
  /** CS_EXECSEG_* flags. */
  execSegFlags: number;
  /** Offset of the signature in the image: hashing stops there. */
  codeLimit: number;
  special: SpecialSlotContents;
}

/** The packed minimum OS version and platform of an image (LC_BUILD_VERSION, else LC_VERSION_MIN_*). */
export function minimumOs(macho: MachO): { platform: number; version: number } | undefined {
  const build = findCommands(macho, 'build-version')[0];
  if (build) return { platform: build.platform, version: build.minos };
  const vmin = findCommands(macho, 'version-min')[0];
  if (!vmin) return undefined;
  const platform: Record<number, number> = {
    [L.LC_VERSION_MIN_IPHONEOS]: L.PLATFORM_IOS,
    [L.LC_VERSION_MIN_MACOSX]: L.PLATFORM_MACOS,
    [L.LC_VERSION_MIN_TVOS]: L.PLATFORM_TVOS,
    [L.LC_VERSION_MIN_WATCHOS]: L.PLATFORM_WATCHOS,
  };
  return { platform: platform[vmin.cmd] ?? 0, version: vmin.version };
}

const packed = (major: number, minor = 0): number => (major << 16) | (minor << 8);

/** First OS version of each platform whose kernel checks SHA-256 CodeDirectories without a SHA-1 one. */
const SHA256_ONLY_SINCE: Readonly<Record<number, number>> = {
  [L.PLATFORM_IOS]: packed(11),
  [L.PLATFORM_IOSSIMULATOR]: packed(11),
  [L.PLATFORM_TVOS]: packed(11),
  [L.PLATFORM_TVOSSIMULATOR]: packed(11),
  [L.PLATFORM_WATCHOS]: packed(4),
  [L.PLATFORM_WATCHOSSIMULATOR]: packed(4),
  [L.PLATFORM_MACOS]: packed(10, 11),
};

/** The CodeDirectory digests for an image, primary first. */
export function codeDigestsFor(macho: MachO): CodeDigest[] {
  const os = minimumOs(macho);
  const since = os && SHA256_ONLY_SINCE[os.platform];
  return since !== undefined && os!.version < since ? ['sha1', 'sha256'] : ['sha256'];
}

/** The __TEXT segment's file range: the executable segment of CS_SUPPORTSEXECSEG. */
export function executableSegment(macho: MachO): { base: bigint; limit: bigint } {
  const text = segments(macho).find((s) => s.segname === '__TEXT');
  return text ? { base: BigInt(text.fileoff), limit: BigInt(text.filesize) } : { base: 0n, limit: 0n };
}

function digest(alg: CodeDigest, bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(alg).update(bytes).digest());
}

/** One hash per 4 KiB page of image[0, codeLimit); the last page may be short. */
export function codePageHashes(image: Uint8Array, codeLimit: number, alg: CodeDigest): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < codeLimit; at += CODE_PAGE_SIZE) out.push(digest(alg, image.subarray(at, Math.min(at + CODE_PAGE_SIZE, codeLimit))));
  return out;
}

/** Special slot hashes, slot 1 first, up to the highest bound slot; unbound slots in between are zero. */
export function specialSlotHashes(special: SpecialSlotContents, alg: CodeDigest): Uint8Array[] {
  const bySlot: [number, Uint8Array | undefined][] = [
    [C.CSSLOT_INFOSLOT, special.infoPlist],
    [C.CSSLOT_REQUIREMENTS, special.requirements],
    [C.CSSLOT_RESOURCEDIR, special.codeResources],
    [C.CSSLOT_ENTITLEMENTS, special.entitlements],
    [C.CSSLOT_DER_ENTITLEMENTS, special.derEntitlements],
  ];
  const highest = Math.max(0, ...bySlot.filter(([, b]) => b).map(([slot]) => slot));
  const size = alg === 'sha1' ? C.CS_SHA1_LEN : C.CS_SHA256_LEN;
  return Array.from({ length: highest }, (_, i) => {
    const bytes = bySlot.find(([slot]) => slot === i + 1)?.[1];
    return bytes ? digest(alg, bytes) : new Uint8Array(size);
  });
}

/** The CodeDirectory model for one digest over an image whose signature area is already laid out. */
export function buildCodeDirectory(image: Uint8Array, macho: MachO, params: CodeDirectoryParams, alg: CodeDigest): CodeDirectory {
  const exec = executableSegment(macho);
  const cd: CodeDirectory = {
    version: SIGNED_CODE_DIRECTORY_VERSION,
    flags: params.flags,
    hashOffset: 0,
    identOffset: 0,
    nSpecialSlots: 0,
    nCodeSlots: 0,
    codeLimit: params.codeLimit,
    hashSize: alg === 'sha1' ? C.CS_SHA1_LEN : C.CS_SHA256_LEN,
    hashType: HASH_TYPE[alg],
    platform: 0,
    pageSize: CODE_PAGE_SHIFT,
    spare2: 0,
    scatterOffset: 0,
    spare3: 0,
    codeLimit64: 0n,
    execSegBase: exec.base,
    execSegLimit: exec.limit,
    execSegFlags: BigInt(params.execSegFlags),
    identifier: params.identifier,
    ...(params.teamId !== undefined ? { teamId: params.teamId } : {}),
    specialSlotHashes: specialSlotHashes(params.special, alg),
    codeSlotHashes: codePageHashes(image, params.codeLimit, alg),
  };
  const laid = layoutCodeDirectory(cd);
  return params.teamId === undefined ? { ...laid, teamOffset: 0 } : laid;
}

/** Serialized CodeDirectory size before hashing (for sizing the signature). */
export function codeDirectorySize(params: Omit<CodeDirectoryParams, 'codeLimit'> & { codeLimit: number }, alg: CodeDigest): number {
  const hashSize = alg === 'sha1' ? C.CS_SHA1_LEN : C.CS_SHA256_LEN;
  const strings = utf8Length(params.identifier) + 1 + (params.teamId !== undefined ? utf8Length(params.teamId) + 1 : 0);
  const nSpecial = specialSlotHashes(params.special, alg).length;
  const nCode = Math.ceil(params.codeLimit / CODE_PAGE_SIZE);
  return 88 + strings + (nSpecial + nCode) * hashSize;
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

export { serializeCodeDirectory };
