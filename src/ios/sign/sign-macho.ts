// Signs a thin or fat Mach-O with an embedded code signature (XNU osfmk/kern/cs_blobs.h), in two passes
// as rcodesign does: size the signature generously, lay out a zero placeholder (macho-signature-layout.ts),
// re-parse it, hash the pages below the signature, then build the real blobs and write them into the
// placeholder. SuperBlob order is codesign's: CodeDirectory (slot 0), requirements (2), entitlements (5),
// DER entitlements (7), alternate CodeDirectory (0x1000), CMS wrapper (0x10000). Ad-hoc signatures carry
// CS_ADHOC, the empty requirement set and an empty CMS wrapper. Every slice of a fat file is signed;
// serializeMachOFile moves slices whose size changed to offsets aligned as their fat_arch says.
// Two styles: 'codesign' above, the default and what bundles always get (their main executables bind
// Info.plist and CodeResources in special slots, which a linker signature has none of); and 'linker', the
// CodeDirectory-only signature of ld64/lld -adhoc_codesign (linker-signature.ts), chosen when asked or
// when an ad-hoc re-sign binds nothing and every slice already carries a linker signature: the image then
// keeps the linker's signature size, hence its load commands and every code-slot hash.
// Deterministic: RSA signatures over a fixed signing time give the same bytes.

import { PreflightError, SigningError } from '../../core/errors.js';
import * as C from '../codesign/cs-constants.js';
import { codeDirectoryHash, serializeCodeDirectory } from '../codesign/code-directory.js';
import { layoutSuperBlob, serializeSuperBlob, type SignatureBlob } from '../codesign/superblob.js';
import { archName } from '../macho/arch.js';
import * as L from '../macho/loader-constants.js';
import { machOImages } from '../macho/macho-facts.js';
import { parseMachO, parseMachOFile } from '../macho/parse-macho.js';
import { serializeMachOFile } from '../macho/serialize-macho.js';
import type { MachO, MachOFile } from '../macho/macho-types.js';
import { buildCodeDirectoryCms, type CmsSigningIdentity } from './cms.js';
import {
  buildCodeDirectory, codeDigestsFor, codeDirectorySize, type CodeDigest, type CodeDirectoryParams, type SpecialSlotContents,
} from './code-directory-build.js';
import { hasLinkerSignature, linkerCodeDirectory, linkerSignatureSize, LINKER_SIGNED_FLAGS, serializeLinkerSignature } from './linker-signature.js';
import { layoutSignature, signatureOffset } from './macho-signature-layout.js';

export type SignatureStyle = 'codesign' | 'linker';

export interface MachOSigningOptions {
  /** CodeDirectory identifier (the bundle ID, or a loose binary's name). */
  identifier: string;
  /** Undefined: ad-hoc. */
  identity?: CmsSigningIdentity;
  /** Team ID written into the CodeDirectory (the certificate's OU); none for ad-hoc. */
  teamId?: string;
  /** The requirement set blob (slot 2); default: the empty set. */
  requirements?: Uint8Array;
  /** Entitlements XML plist bytes (slot 5) and DER (slot 7 payload); absent when there are none. */
  entitlementsXml?: Uint8Array;
  entitlementsDer?: Uint8Array;
  infoPlist?: Uint8Array;
  codeResources?: Uint8Array;
  /** The bundle's main executable gets CS_EXECSEG_MAIN_BINARY. */
  mainExecutable: boolean;
  /** get-task-allow entitlement: CS_EXECSEG_ALLOW_UNSIGNED on the main binary, as codesign sets it. */
  allowUnsigned?: boolean;
  /** Injected clock for the CMS signingTime. */
  signingTime: Date;
  /** Force the digests (primary first); default from each slice's minimum OS. */
  digests?: CodeDigest[];
  /** Default: 'linker' for an ad-hoc re-sign of linker-signed slices that binds nothing, else 'codesign'. */
  style?: SignatureStyle;
}

export interface SignedSlice {
  arch: string;
  /** CDHashes (hex, 20 bytes each) of every CodeDirectory, primary first, with their digest names. */
  cdHashes: { digest: CodeDigest; cdHash: string }[];
}

export interface SignedMachO {
  bytes: Uint8Array;
  slices: SignedSlice[];
}

/** The empty requirement set ad-hoc signatures carry: magic, length 12, count 0. */
export const EMPTY_REQUIREMENT_SET = new Uint8Array([0xfa, 0xde, 0x0c, 0x01, 0, 0, 0, 12, 0, 0, 0, 0]);

const EMPTY_CMS_WRAPPER_SIZE = 8;
const CMS_FIXED_ALLOWANCE = 4096;

function blobWrapper(data: Uint8Array): SignatureBlob {
  return { kind: 'blob-wrapper', data };
}

/** A generous size for the whole SuperBlob: exact for everything but the CMS, which gets certificates + 4 KiB. */
function estimateSignatureSize(params: CodeDirectoryParams, opts: MachOSigningOptions, digests: CodeDigest[]): number {
  const blobs = [
    ...digests.map((d) => codeDirectorySize(params, d)),
    (opts.requirements ?? EMPTY_REQUIREMENT_SET).length,
    ...(opts.entitlementsXml ? [8 + opts.entitlementsXml.length] : []),
    ...(opts.entitlementsDer ? [8 + opts.entitlementsDer.length] : []),
    opts.identity
      ? EMPTY_CMS_WRAPPER_SIZE + CMS_FIXED_ALLOWANCE + [opts.identity.certificate, ...opts.identity.chain].reduce((n, c) => n + c.length, 0)
      : EMPTY_CMS_WRAPPER_SIZE,
  ];
  const total = 12 + blobs.length * 8 + blobs.reduce((n, b) => n + b, 0);
  return Math.ceil(total / 16) * 16;
}

function slotParams(macho: MachO, opts: MachOSigningOptions, codeLimit: number): CodeDirectoryParams {
  const special: SpecialSlotContents = {
    infoPlist: opts.infoPlist,
    requirements: opts.requirements ?? EMPTY_REQUIREMENT_SET,
    codeResources: opts.codeResources,
    entitlements: opts.entitlementsXml && wrap(C.CSMAGIC_EMBEDDED_ENTITLEMENTS, opts.entitlementsXml),
    derEntitlements: opts.entitlementsDer && wrap(C.CSMAGIC_EMBEDDED_DER_ENTITLEMENTS, opts.entitlementsDer),
  };
  const main = opts.mainExecutable && macho.header.filetype === L.MH_EXECUTE;
  const execSegFlags = main ? C.CS_EXECSEG_MAIN_BINARY | (opts.allowUnsigned ? C.CS_EXECSEG_ALLOW_UNSIGNED : 0) : 0;
  return {
    identifier: opts.identifier,
    ...(opts.identity && opts.teamId !== undefined ? { teamId: opts.teamId } : {}),
    flags: opts.identity ? 0 : C.CS_ADHOC,
    execSegFlags,
    codeLimit,
    special,
  };
}

function wrap(magic: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic);
  view.setUint32(4, out.length);
  out.set(payload, 8);
  return out;
}

const bindsNothing = (opts: MachOSigningOptions): boolean =>
  !opts.identity && !opts.requirements && !opts.entitlementsXml && !opts.entitlementsDer && !opts.infoPlist && !opts.codeResources;

/** The style for a file's images: the option, checked, or the default rule. */
export function signatureStyleFor(images: readonly MachO[], opts: MachOSigningOptions): SignatureStyle {
  if (opts.style === 'linker') {
    const digests = opts.digests ?? ['sha256'];
    if (!bindsNothing(opts) || digests.length !== 1 || digests[0] !== 'sha256') {
      throw new SigningError('CODESIGN_LINKER_STYLE_CONFLICT', 'a linker-style signature is ad-hoc, SHA-256 only and binds no identity, requirements, entitlements, Info.plist or resources; the options ask for some of these', { entry: opts.identifier });
    }
    return 'linker';
  }
  if (opts.style === 'codesign') return 'codesign';
  return bindsNothing(opts) && opts.digests === undefined && images.every(hasLinkerSignature) ? 'linker' : 'codesign';
}

/** A linker-style signature of one image, sized as ld64.lld sizes it. */
function signLinkerImage(macho: MachO, opts: MachOSigningOptions): { bytes: Uint8Array; slice: SignedSlice } {
  const arch = archName(macho.header.cputype, macho.header.cpusubtype);
  const layout = layoutSignature(macho, linkerSignatureSize(opts.identifier, signatureOffset(macho)));
  const params: CodeDirectoryParams = {
    identifier: opts.identifier,
    flags: LINKER_SIGNED_FLAGS,
    execSegFlags: macho.header.filetype === L.MH_EXECUTE ? C.CS_EXECSEG_MAIN_BINARY : 0,
    codeLimit: layout.dataoff,
    special: {},
  };
  const cd = linkerCodeDirectory(buildCodeDirectory(layout.macho.data, layout.macho, params, 'sha256'));
  const out = layout.macho.data;
  out.set(serializeLinkerSignature(cd, layout.datasize), layout.dataoff);
  const cdHash = Buffer.from(codeDirectoryHash(serializeCodeDirectory(cd), C.CS_HASHTYPE_SHA256)).toString('hex');
  return { bytes: out, slice: { arch, cdHashes: [{ digest: 'sha256', cdHash }] } };
}

/** Signs one image; returns the signed image bytes and its CDHashes. */
export function signMachOImage(macho: MachO, opts: MachOSigningOptions): { bytes: Uint8Array; slice: SignedSlice } {
  if (signatureStyleFor([macho], opts) === 'linker') return signLinkerImage(macho, opts);
  const arch = archName(macho.header.cputype, macho.header.cpusubtype);
  const digests = opts.digests ?? codeDigestsFor(macho);
  const estimate = estimateSignatureSize(slotParams(macho, opts, signatureOffset(macho)), opts, digests);
  const layout = layoutSignature(macho, estimate);
  const image = layout.macho.data;
  const params = slotParams(layout.macho, opts, layout.dataoff);
  const models = digests.map((d) => buildCodeDirectory(image, layout.macho, params, d));
  const cds = models.map(serializeCodeDirectory);
  const blobs: { type: number; blob: SignatureBlob }[] = [
    { type: C.CSSLOT_CODEDIRECTORY, blob: { kind: 'code-directory', codeDirectory: models[0]! } },
    { type: C.CSSLOT_REQUIREMENTS, blob: { kind: 'requirements', raw: params.special.requirements! } },
  ];
  if (params.special.entitlements) blobs.push({ type: C.CSSLOT_ENTITLEMENTS, blob: { kind: 'other', magic: C.CSMAGIC_EMBEDDED_ENTITLEMENTS, raw: params.special.entitlements } });
  if (params.special.derEntitlements) blobs.push({ type: C.CSSLOT_DER_ENTITLEMENTS, blob: { kind: 'other', magic: C.CSMAGIC_EMBEDDED_DER_ENTITLEMENTS, raw: params.special.derEntitlements } });
  models.slice(1).forEach((codeDirectory, i) => blobs.push({ type: C.CSSLOT_ALTERNATE_CODEDIRECTORIES + i, blob: { kind: 'code-directory', codeDirectory } }));
  const cms = opts.identity ? buildCodeDirectoryCms({ codeDirectories: cds, identity: opts.identity, signingTime: opts.signingTime }) : new Uint8Array(0);
  blobs.push({ type: C.CSSLOT_SIGNATURESLOT, blob: blobWrapper(cms) });
  const superBlob = serializeSuperBlob(layoutSuperBlob(C.CSMAGIC_EMBEDDED_SIGNATURE, blobs));
  if (superBlob.length > layout.datasize) {
    throw new SigningError('CODESIGN_SIGNATURE_TOO_LARGE', `the ${arch} signature needs ${superBlob.length} bytes, ${layout.datasize} were reserved`, { slice: arch });
  }
  // The placeholder is ours (layoutSignature allocates it): fill it in place rather than copy the image.
  const out = image;
  out.set(superBlob, layout.dataoff);
  const cdHashes = digests.map((d, i) => ({ digest: d, cdHash: Buffer.from(codeDirectoryHash(cds[i]!, d === 'sha1' ? C.CS_HASHTYPE_SHA1 : C.CS_HASHTYPE_SHA256)).toString('hex') }));
  return { bytes: out, slice: { arch, cdHashes } };
}

/** Signs every image of a parsed file. */
export function signMachOFileModel(file: MachOFile, options: MachOSigningOptions): SignedMachO {
  const opts = { ...options, style: signatureStyleFor(machOImages(file), options) };
  if (file.kind === 'thin') {
    const { bytes, slice } = signMachOImage(file.macho, opts);
    return { bytes, slices: [slice] };
  }
  const signed = file.slices.map((s) => signMachOImage(s.macho, opts));
  // serializeMachO writes the header and load commands from the model: give it the signed image's own.
  const slices = file.slices.map((s, i) => ({ arch: s.arch, macho: parseMachO(signed[i]!.bytes, { slice: archName(s.arch.cputype, s.arch.cpusubtype) }, s.arch.offset) }));
  return { bytes: serializeMachOFile({ ...file, slices }), slices: signed.map((s) => s.slice) };
}

/** Parses, checks and signs a Mach-O file's bytes. */
export function signMachO(bytes: Uint8Array, opts: MachOSigningOptions): SignedMachO {
  return signMachOFileModel(parseMachOFile(bytes, { entry: opts.identifier }), opts);
}

/** The preflight rules of signing, for every image, without signing: encryption and load-command room. */
export function assertSignableMachO(file: MachOFile, path: string): void {
  const images = file.kind === 'thin' ? [file.macho] : file.slices.map((s) => s.macho);
  for (const m of images) {
    try {
      signatureOffset(m);
      layoutSignature(m, 16);
    } catch (e) {
      if (e instanceof PreflightError) throw e.within({ entry: path });
      throw e;
    }
  }
}
