// The linker-style ad-hoc signature that ld64 and ld64.lld write with -adhoc_codesign (XNU
// osfmk/kern/cs_blobs.h: CS_LINKER_SIGNED). Its shape, from lld/MachO/SyntheticSections.cpp
// (CodeSignatureSection) and checked byte for byte against ld64.lld-14 output:
//   SuperBlob (magic, length = the whole reservation, count 1) | one BlobIndex (CSSLOT_CODEDIRECTORY)
//   | zero pad to 8 bytes → the CodeDirectory at offset 24: version 0x20400, flags CS_ADHOC |
//   CS_LINKER_SIGNED, no special slots, no team ID, SHA-256 over 4 KiB pages, identifier at 88 followed
//   by NULs up to the next 16-byte boundary of the signature, code-slot hashes to the end.
// The signature's size is therefore align16(24 + 88 + identifier + 1) + 32 × pages: a function of the
// identifier and the code limit alone, which is what lets a re-signed image keep the linker's load
// commands (LC_CODE_SIGNATURE.datasize, __LINKEDIT's sizes) and so its page-0 hash.

import { isMamError } from '../../core/errors.js';
import { serializeCodeDirectory, type CodeDirectory } from '../codesign/code-directory.js';
import * as C from '../codesign/cs-constants.js';
import { readCodeSignature } from '../codesign/read-code-signature.js';
import type { MachO } from '../macho/macho-types.js';
import { CODE_PAGE_SIZE } from './code-directory-build.js';

/** sizeof(CS_SuperBlob) + sizeof(CS_BlobIndex), rounded up to 8: where the CodeDirectory starts. */
export const LINKER_BLOB_HEADERS_SIZE = 24;
/** sizeof(CS_CodeDirectory) up to execSegFlags (version 0x20400). */
const CODE_DIRECTORY_HEADER_SIZE = 88;
const SHA256_SIZE = 32;
const SUPERBLOB_HEADER_SIZE = 12;

export const LINKER_SIGNED_FLAGS = C.CS_ADHOC | C.CS_LINKER_SIGNED;

const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/** Bytes before the code-slot hashes: headers and the NUL-padded identifier. */
function allHeadersSize(identifier: string): number {
  return align16(LINKER_BLOB_HEADERS_SIZE + CODE_DIRECTORY_HEADER_SIZE + new TextEncoder().encode(identifier).length + 1);
}

/** The signature size ld64.lld reserves for `identifier` and a code limit (the signature's offset). */
export function linkerSignatureSize(identifier: string, codeLimit: number): number {
  return allHeadersSize(identifier) + Math.ceil(codeLimit / CODE_PAGE_SIZE) * SHA256_SIZE;
}

/** Whether the image's current primary CodeDirectory is linker-signed (an unreadable signature is not). */
export function hasLinkerSignature(macho: MachO): boolean {
  try {
    const primary = readCodeSignature(macho)?.codeDirectories[0]?.codeDirectory;
    return primary !== undefined && (primary.flags & C.CS_LINKER_SIGNED) !== 0;
  } catch (e) {
    if (isMamError(e)) return false;
    throw e;
  }
}

/** The CodeDirectory with the linker's hash offset (identifier padding) applied. */
export function linkerCodeDirectory(cd: CodeDirectory): CodeDirectory {
  return { ...cd, identOffset: CODE_DIRECTORY_HEADER_SIZE, hashOffset: allHeadersSize(cd.identifier) - LINKER_BLOB_HEADERS_SIZE, teamOffset: 0 };
}

/** FORMAT: magic | length | count 1 | (type 0, offset 24) | 4 zero bytes | CodeDirectory; `datasize` bytes in all. */
export function serializeLinkerSignature(cd: CodeDirectory, datasize: number): Uint8Array {
  const cdBytes = serializeCodeDirectory(cd);
  const out = new Uint8Array(datasize);
  const view = new DataView(out.buffer);
  view.setUint32(0, C.CSMAGIC_EMBEDDED_SIGNATURE);
  view.setUint32(4, datasize);
  view.setUint32(8, 1);
  view.setUint32(SUPERBLOB_HEADER_SIZE, C.CSSLOT_CODEDIRECTORY);
  view.setUint32(SUPERBLOB_HEADER_SIZE + 4, LINKER_BLOB_HEADERS_SIZE);
  out.set(cdBytes, LINKER_BLOB_HEADERS_SIZE);
  return out;
}
