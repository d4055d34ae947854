// Finds and reads the embedded code signature of one Mach-O image: the SuperBlob at LC_CODE_SIGNATURE
// (XNU mach-o/loader.h, osfmk/kern/cs_blobs.h), with the facts callers ask for: the primary and alternate
// code directories with their CDHashes, entitlements, requirements, and the CMS signer.

import { u32be } from '../../core/byte-reader.js';
import { hex, MalformedInputError, type ErrorContext } from '../../core/errors.js';
import { codeSignatureCommand } from '../macho/macho-facts.js';
import type { MachO } from '../macho/macho-types.js';
import { codeDirectoryHash, type CodeDirectory } from './code-directory.js';
import { parseCmsSignature, type CmsSignatureInfo } from './cms-signature.js';
import * as C from './cs-constants.js';
import { parseSuperBlob, type SuperBlob } from './superblob.js';

export interface CodeDirectoryInfo {
  slot: number;
  codeDirectory: CodeDirectory;
  /** The blob's bytes as they are in the signature (what the CDHash is computed over). */
  blob: Uint8Array;
  cdHash: Uint8Array;
}

export interface CodeSignatureInfo {
  superBlob: SuperBlob;
  /** The primary code directory first (CSSLOT_CODEDIRECTORY), then the alternates. */
  codeDirectories: CodeDirectoryInfo[];
  entitlementsXml?: string;
  derEntitlements?: Uint8Array;
  requirements?: Uint8Array;
  /** The CMS blob; absent, or empty, for ad-hoc signatures. */
  cms?: Uint8Array;
  cmsInfo?: CmsSignatureInfo;
  /** CS_ADHOC set on the primary code directory, or no non-empty CMS blob. */
  adhoc: boolean;
}

/** The LC_CODE_SIGNATURE bytes of an image, or undefined when it is unsigned. */
export function codeSignatureBytes(macho: MachO, context: ErrorContext = {}): Uint8Array | undefined {
  const lc = codeSignatureCommand(macho);
  if (!lc) return undefined;
  if (lc.dataoff + lc.datasize > macho.data.length) {
    throw new MalformedInputError(
      'CODESIGN_OUT_OF_BOUNDS',
      `LC_CODE_SIGNATURE spans ${hex(lc.dataoff)}..${hex(lc.dataoff + lc.datasize)}, past the image end ${hex(macho.data.length)}`,
      { ...context, offset: lc.offset + 8 },
    );
  }
  return macho.data.subarray(lc.dataoff, lc.dataoff + lc.datasize);
}

export function readCodeSignature(macho: MachO, context: ErrorContext = {}): CodeSignatureInfo | undefined {
  const bytes = codeSignatureBytes(macho, context);
  if (!bytes) return undefined;
  const dataoff = codeSignatureCommand(macho)!.dataoff;
  const superBlob = parseSuperBlob(bytes, context, dataoff);
  const info: CodeSignatureInfo = { superBlob, codeDirectories: [], adhoc: false };
  for (const e of superBlob.entries) {
    const b = e.blob;
    if (b.kind === 'code-directory') {
      const blob = bytes.subarray(e.offset, e.offset + u32be(bytes, e.offset + 4));
      info.codeDirectories.push({ slot: e.type, codeDirectory: b.codeDirectory, blob, cdHash: codeDirectoryHash(blob, b.codeDirectory.hashType) });
    } else if (b.kind === 'entitlements') info.entitlementsXml = b.xml;
    else if (b.kind === 'der-entitlements') info.derEntitlements = b.der;
    else if (b.kind === 'requirements') info.requirements = b.raw;
    else if (b.kind === 'blob-wrapper' && e.type === C.CSSLOT_SIGNATURESLOT) info.cms = b.data;
  }
  info.codeDirectories.sort((a, b) => a.slot - b.slot);
  if (info.cms && info.cms.length > 0) info.cmsInfo = parseCmsSignature(info.cms, context, dataoff);
  const primary = info.codeDirectories[0]?.codeDirectory;
  info.adhoc = ((primary?.flags ?? 0) & C.CS_ADHOC) !== 0 || !info.cmsInfo;
  return info;
}
