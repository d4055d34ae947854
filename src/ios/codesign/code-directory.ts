// struct CS_CodeDirectory (XNU osfmk/kern/cs_blobs.h), big-endian, with the fields each version adds:
// 0x20100 scatter, 0x20200 team ID, 0x20300 codeLimit64, 0x20400 exec segment, 0x20500 runtime and
// pre-encrypt hashes, 0x20600 linkage. parseCodeDirectory and serializeCodeDirectory are symmetric: the
// model keeps the offsets it was read with, the serializer writes every part at its offset, and
// layoutCodeDirectory computes fresh offsets after an edit. Scatter vectors, pre-encrypt hashes and linkage
// data are not modelled (none of the signatures we read carry them); the round-trip tests would notice.

import { createHash } from 'node:crypto';
import { ByteReader } from '../../core/byte-reader.js';
import { ByteWriter } from '../../core/byte-writer.js';
import { MalformedInputError, hex, type ErrorContext } from '../../core/errors.js';
import * as C from './cs-constants.js';

export interface CodeDirectory {
  version: number;
  flags: number;
  hashOffset: number;
  identOffset: number;
  nSpecialSlots: number;
  nCodeSlots: number;
  codeLimit: number;
  hashSize: number;
  hashType: number;
  platform: number;
  /** log2 of the page size; 0 means one page covering codeLimit. */
  pageSize: number;
  spare2: number;
  scatterOffset?: number;
  teamOffset?: number;
  spare3?: number;
  codeLimit64?: bigint;
  execSegBase?: bigint;
  execSegLimit?: bigint;
  execSegFlags?: bigint;
  runtime?: number;
  preEncryptOffset?: number;
  linkageHashType?: number;
  linkageApplicationType?: number;
  linkageApplicationSubType?: number;
  linkageOffset?: number;
  linkageSize?: number;
  identifier: string;
  teamId?: string;
  /** specialSlotHashes[i] is the hash of special slot i + 1 (CSSLOT_INFOSLOT first); stored at hashOffset - (i + 1) * hashSize. */
  specialSlotHashes: Uint8Array[];
  codeSlotHashes: Uint8Array[];
}

const CD_ERROR = 'CODESIGN_CODE_DIRECTORY_TRUNCATED';

/** Size of the fixed header for a version (offset at which variable data may start). */
export function codeDirectoryHeaderSize(version: number): number {
  if (version >= C.CS_SUPPORTSLINKAGE) return 108;
  if (version >= C.CS_SUPPORTSRUNTIME) return 96;
  if (version >= C.CS_SUPPORTSEXECSEG) return 88;
  if (version >= C.CS_SUPPORTSCODELIMIT64) return 64;
  if (version >= C.CS_SUPPORTSTEAMID) return 52;
  if (version >= C.CS_SUPPORTSSCATTER) return 48;
  return 44;
}

export function parseCodeDirectory(bytes: Uint8Array, context: ErrorContext = {}, base = 0): CodeDirectory {
  const r = new ByteReader(bytes, 'code directory', { base, errorCode: CD_ERROR, context });
  const magic = r.u32be();
  if (magic !== C.CSMAGIC_CODEDIRECTORY) r.fail('CODESIGN_BAD_MAGIC', `magic is ${hex(magic)}, expected ${hex(C.CSMAGIC_CODEDIRECTORY)}`, 0);
  const length = r.u32be();
  if (length !== bytes.length) r.fail(CD_ERROR, `length field is ${length}, blob has ${bytes.length} bytes`, 4);
  const cd: CodeDirectory = {
    version: r.u32be(), flags: r.u32be(), hashOffset: r.u32be(), identOffset: r.u32be(), nSpecialSlots: r.u32be(),
    nCodeSlots: r.u32be(), codeLimit: r.u32be(), hashSize: r.u8(), hashType: r.u8(), platform: r.u8(), pageSize: r.u8(),
    spare2: r.u32be(), identifier: '', specialSlotHashes: [], codeSlotHashes: [],
  };
  const v = cd.version;
  if (v >= C.CS_SUPPORTSSCATTER) cd.scatterOffset = r.u32be();
  if (v >= C.CS_SUPPORTSTEAMID) cd.teamOffset = r.u32be();
  if (v >= C.CS_SUPPORTSCODELIMIT64) {
    cd.spare3 = r.u32be();
    cd.codeLimit64 = r.u64be();
  }
  if (v >= C.CS_SUPPORTSEXECSEG) {
    cd.execSegBase = r.u64be();
    cd.execSegLimit = r.u64be();
    cd.execSegFlags = r.u64be();
  }
  if (v >= C.CS_SUPPORTSRUNTIME) {
    cd.runtime = r.u32be();
    cd.preEncryptOffset = r.u32be();
  }
  if (v >= C.CS_SUPPORTSLINKAGE) {
    cd.linkageHashType = r.u8();
    cd.linkageApplicationType = r.u8();
    cd.linkageApplicationSubType = r.u16be();
    cd.linkageOffset = r.u32be();
    cd.linkageSize = r.u32be();
  }
  cd.identifier = r.cstringAt(cd.identOffset);
  if (cd.teamOffset) cd.teamId = r.cstringAt(cd.teamOffset);
  const hashesAt = (at: number, n: number): Uint8Array[] => {
    r.need(n * cd.hashSize, at);
    return Array.from({ length: n }, (_, i) => r.at(at + i * cd.hashSize, cd.hashSize));
  };
  if (cd.hashOffset < cd.nSpecialSlots * cd.hashSize) {
    r.fail(CD_ERROR, `hashOffset ${cd.hashOffset} leaves no room for ${cd.nSpecialSlots} special slots of ${cd.hashSize} bytes`, 8);
  }
  cd.specialSlotHashes = hashesAt(cd.hashOffset - cd.nSpecialSlots * cd.hashSize, cd.nSpecialSlots).reverse();
  cd.codeSlotHashes = hashesAt(cd.hashOffset, cd.nCodeSlots);
  return cd;
}

/**
 * Canonical offsets for a new or edited code directory: identifier right after the header, then the team
 * ID, then the special and code slot hashes (the layout Apple's codesign writes; ld64.lld instead aligns
 * hashOffset to 16, which the parsed offsets preserve).
 */
export function layoutCodeDirectory(cd: CodeDirectory): CodeDirectory {
  const identOffset = codeDirectoryHeaderSize(cd.version);
  const identLength = utf8(cd.identifier).length + 1;
  const teamOffset = cd.teamId !== undefined ? identOffset + identLength : 0;
  const stringsEnd = identOffset + identLength + (cd.teamId !== undefined ? utf8(cd.teamId).length + 1 : 0);
  const hashOffset = stringsEnd + cd.specialSlotHashes.length * cd.hashSize;
  return {
    ...cd,
    identOffset,
    hashOffset,
    nSpecialSlots: cd.specialSlotHashes.length,
    nCodeSlots: cd.codeSlotHashes.length,
    ...(cd.version >= C.CS_SUPPORTSTEAMID ? { teamOffset } : {}),
  };
}

/**
 * FORMAT: header (fields by version) | identifier NUL at identOffset | team ID NUL at teamOffset |
 * special slot hashes (slot n … 1) ending at hashOffset | code slot hashes; gaps are zero.
 */
export function serializeCodeDirectory(cd: CodeDirectory): Uint8Array {
  const ident = utf8(cd.identifier + '\0');
  const team = cd.teamId !== undefined ? utf8(cd.teamId + '\0') : new Uint8Array(0);
  const specialStart = cd.hashOffset - cd.specialSlotHashes.length * cd.hashSize;
  const length = cd.hashOffset + cd.codeSlotHashes.length * cd.hashSize;
  const headerSize = codeDirectoryHeaderSize(cd.version);
  const fits =
    cd.identOffset >= headerSize && cd.identOffset + ident.length <= specialStart &&
    (cd.teamId === undefined || (!!cd.teamOffset && cd.teamOffset >= headerSize && cd.teamOffset + team.length <= specialStart &&
      (cd.teamOffset >= cd.identOffset + ident.length || cd.teamOffset + team.length <= cd.identOffset)));
  if (!fits || cd.nSpecialSlots !== cd.specialSlotHashes.length || cd.nCodeSlots !== cd.codeSlotHashes.length) {
    throw new MalformedInputError('CODESIGN_CODE_DIRECTORY_LAYOUT', `code directory offsets (ident ${cd.identOffset}, team ${cd.teamOffset ?? 0}, hashes ${cd.hashOffset}) or slot counts do not fit its contents; run layoutCodeDirectory after an edit`);
  }
  const w = new ByteWriter(length);
  w.u32be(C.CSMAGIC_CODEDIRECTORY).u32be(length).u32be(cd.version).u32be(cd.flags).u32be(cd.hashOffset).u32be(cd.identOffset);
  w.u32be(cd.nSpecialSlots).u32be(cd.nCodeSlots).u32be(cd.codeLimit);
  w.u8(cd.hashSize).u8(cd.hashType).u8(cd.platform).u8(cd.pageSize).u32be(cd.spare2);
  const v = cd.version;
  if (v >= C.CS_SUPPORTSSCATTER) w.u32be(cd.scatterOffset ?? 0);
  if (v >= C.CS_SUPPORTSTEAMID) w.u32be(cd.teamOffset ?? 0);
  if (v >= C.CS_SUPPORTSCODELIMIT64) w.u32be(cd.spare3 ?? 0).u64be(cd.codeLimit64 ?? 0n);
  if (v >= C.CS_SUPPORTSEXECSEG) w.u64be(cd.execSegBase ?? 0n).u64be(cd.execSegLimit ?? 0n).u64be(cd.execSegFlags ?? 0n);
  if (v >= C.CS_SUPPORTSRUNTIME) w.u32be(cd.runtime ?? 0).u32be(cd.preEncryptOffset ?? 0);
  if (v >= C.CS_SUPPORTSLINKAGE) {
    w.u8(cd.linkageHashType ?? 0).u8(cd.linkageApplicationType ?? 0).u16be(cd.linkageApplicationSubType ?? 0);
    w.u32be(cd.linkageOffset ?? 0).u32be(cd.linkageSize ?? 0);
  }
  const out = new Uint8Array(length);
  out.set(w.toBytes(), 0);
  out.set(ident, cd.identOffset);
  if (cd.teamId !== undefined) out.set(team, cd.teamOffset!);
  [...cd.specialSlotHashes].reverse().forEach((h, i) => out.set(h, specialStart + i * cd.hashSize));
  cd.codeSlotHashes.forEach((h, i) => out.set(h, cd.hashOffset + i * cd.hashSize));
  return out;
}

function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** The CDHash: the code directory blob's hash (by its own hashType), truncated to CS_CDHASH_LEN bytes. */
export function codeDirectoryHash(blob: Uint8Array, hashType: number): Uint8Array {
  const alg = C.CS_HASH_ALGORITHMS[hashType];
  if (!alg) throw new MalformedInputError('CODESIGN_UNKNOWN_HASH_TYPE', `code directory: hashType is ${hashType}, expected 1..4 (CS_HASHTYPE_*)`);
  return new Uint8Array(createHash(alg.name).update(blob).digest().subarray(0, C.CS_CDHASH_LEN));
}

/** The full (untruncated) hash of the code directory blob, as CDHashes2 carries it. */
export function codeDirectoryFullHash(blob: Uint8Array, hashType: number): Uint8Array {
  const alg = C.CS_HASH_ALGORITHMS[hashType];
  if (!alg) throw new MalformedInputError('CODESIGN_UNKNOWN_HASH_TYPE', `code directory: hashType is ${hashType}, expected 1..4 (CS_HASHTYPE_*)`);
  return new Uint8Array(createHash(alg.name).update(blob).digest());
}
