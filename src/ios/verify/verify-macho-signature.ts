// Verifies the embedded code signature of every slice of one Mach-O file, as the kernel and installd
// check it (XNU osfmk/kern/cs_blobs.h, bsd/kern/ubc_subr.c): every CodeDirectory's code-slot hashes over
// the pages up to codeLimit, codeLimit at LC_CODE_SIGNATURE, the special slots against the bytes they
// bind (Info.plist, requirements, CodeResources, entitlements XML and DER), alternate CodeDirectories
// consistent with the primary, and the CMS signature over the CodeDirectories as encoded. Returns
// issues; never throws for a bad or unreadable signature.

import { createHash } from 'node:crypto';
import { bytesEqual } from '../../core/byte-writer.js';
import { isMamError, type Issue, type Severity } from '../../core/errors.js';
import type { CertificateFacts } from '../../core/x509.js';
import { codeSignatureCommand, machOImages, segments } from '../macho/macho-facts.js';
import { archName } from '../macho/arch.js';
import { parseMachOFile } from '../macho/parse-macho.js';
import type { MachO } from '../macho/macho-types.js';
import type { CodeDirectory } from '../codesign/code-directory.js';
import * as C from '../codesign/cs-constants.js';
import { codeSignatureBytes, readCodeSignature, type CodeSignatureInfo } from '../codesign/read-code-signature.js';
import { checkCmsOverCodeDirectory } from '../sign/cms-verify.js';

/** What the main executable of a bundle binds through its special slots (absent for loose code). */
export interface SignatureBindings {
  /** The bundle's Info.plist; loose code binds its own __TEXT,__info_plist section instead, if any. */
  infoPlist?: Uint8Array;
  codeResources?: Uint8Array;
}

export interface IosSliceResult {
  arch: string;
  identifier?: string;
  teamId?: string;
  /** Hex CDHash of each CodeDirectory, primary first. */
  cdHashes: string[];
  /** Hash type of each CodeDirectory ("sha1", "sha256", …), primary first. */
  hashTypes: string[];
  /** The CMS signer's certificate, absent for ad-hoc signatures. */
  signer?: CertificateFacts;
  adhoc: boolean;
}

/** What a slice's signature says about itself, for the bundle-level checks (profile, nested code). */
export interface SliceSignature {
  result: IosSliceResult;
  entitlementsXml?: Uint8Array;
  derEntitlements?: Uint8Array;
  signerDer?: Uint8Array;
  certificates: Uint8Array[];
  designatedRequirements?: Uint8Array;
  cdHashBytes: Uint8Array[];
}

export interface MachOSignatureCheck {
  slices: SliceSignature[];
  issues: Issue[];
}

const SLOT_CODES: Readonly<Record<number, { code: string; what: string }>> = {
  [C.CSSLOT_INFOSLOT]: { code: 'IOS_INFO_PLIST_MODIFIED', what: 'Info.plist' },
  [C.CSSLOT_REQUIREMENTS]: { code: 'IOS_REQUIREMENTS_MODIFIED', what: 'the requirements blob' },
  [C.CSSLOT_RESOURCEDIR]: { code: 'IOS_CODE_RESOURCES_MODIFIED', what: '_CodeSignature/CodeResources' },
  [C.CSSLOT_ENTITLEMENTS]: { code: 'IOS_ENTITLEMENTS_MODIFIED', what: 'the entitlements blob' },
  [C.CSSLOT_DER_ENTITLEMENTS]: { code: 'IOS_ENTITLEMENTS_MODIFIED', what: 'the DER entitlements blob' },
};

const HASH_NAMES: Readonly<Record<number, string>> = { 1: 'sha1', 2: 'sha256', 3: 'sha256-truncated', 4: 'sha384' };

class IssueList {
  readonly items: Issue[] = [];
  constructor(private readonly where: string) {}
  add(code: string, severity: Severity, message: string): void {
    if (!this.items.some((i) => i.code === code && i.message === message)) this.items.push({ code, severity, message, where: this.where });
  }
}

const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function slotHash(cd: CodeDirectory, bytes: Uint8Array): Uint8Array {
  const alg = C.CS_HASH_ALGORITHMS[cd.hashType]!;
  return new Uint8Array(createHash(alg.name).update(bytes).digest().subarray(0, cd.hashSize));
}

const isZero = (b: Uint8Array | undefined): boolean => !b || b.every((x) => x === 0);

/** Indexes of the code pages whose hash differs from the slot, and the slot count codeLimit needs. */
function badPages(data: Uint8Array, cd: CodeDirectory): number[] {
  const page = cd.pageSize ? 2 ** cd.pageSize : cd.codeLimit;
  const bad: number[] = [];
  cd.codeSlotHashes.forEach((want, i) => {
    const start = i * page;
    const end = Math.min(start + page, cd.codeLimit);
    if (end > data.length || start > end || !bytesEqual(slotHash(cd, data.subarray(start, end)), want)) bad.push(i);
  });
  return bad;
}

function expectedSlotCount(cd: CodeDirectory): number {
  if (cd.codeLimit === 0) return 0;
  return cd.pageSize ? Math.ceil(cd.codeLimit / 2 ** cd.pageSize) : 1;
}

/** Raw blobs of the SuperBlob by slot, magic and length included (what special slots hash). */
function rawBlobs(macho: MachO, sig: CodeSignatureInfo): Map<number, Uint8Array> {
  const bytes = codeSignatureBytes(macho)!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Map(sig.superBlob.entries.map((e) => [e.type, bytes.subarray(e.offset, e.offset + view.getUint32(e.offset + 4, false))]));
}

function checkCodeDirectory(macho: MachO, cd: CodeDirectory, label: string, blobs: Map<number, Uint8Array>, bind: SignatureBindings, out: IssueList): void {
  const sigAt = codeSignatureCommand(macho)!.dataoff;
  if (cd.codeLimit !== sigAt) {
    out.add('IOS_CODE_LIMIT_MISMATCH', 'error', `${label} codeLimit is ${cd.codeLimit}, expected the LC_CODE_SIGNATURE offset ${sigAt}: ${cd.codeLimit < sigAt ? `bytes ${cd.codeLimit}..${sigAt} are not sealed` : 'it reaches into the signature'}`);
  }
  if (cd.nCodeSlots !== expectedSlotCount(cd)) {
    out.add('IOS_CODE_SLOT_COUNT', 'error', `${label} has ${cd.nCodeSlots} code slots, codeLimit ${cd.codeLimit} needs ${expectedSlotCount(cd)}`);
  }
  const bad = badPages(macho.data, cd);
  if (bad.length) {
    const page = cd.pageSize ? 2 ** cd.pageSize : cd.codeLimit;
    const shown = bad.slice(0, 8).map((i) => `${i} (0x${(i * page).toString(16)})`).join(', ');
    out.add('IOS_PAGE_HASH_MISMATCH', 'error', `${bad.length} of ${cd.nCodeSlots} code page(s) differ from their ${label} hash: page ${shown}${bad.length > 8 ? ', …' : ''}`);
  }
  const bound: [number, Uint8Array | undefined][] = [
    [C.CSSLOT_INFOSLOT, bind.infoPlist],
    [C.CSSLOT_REQUIREMENTS, blobs.get(C.CSSLOT_REQUIREMENTS)],
    [C.CSSLOT_RESOURCEDIR, bind.codeResources],
    [C.CSSLOT_ENTITLEMENTS, blobs.get(C.CSSLOT_ENTITLEMENTS)],
    [C.CSSLOT_DER_ENTITLEMENTS, blobs.get(C.CSSLOT_DER_ENTITLEMENTS)],
  ];
  for (const [slot, bytes] of bound) checkSpecialSlot(cd, label, slot, bytes, out);
}

function checkSpecialSlot(cd: CodeDirectory, label: string, slot: number, bytes: Uint8Array | undefined, out: IssueList): void {
  const { code, what } = SLOT_CODES[slot]!;
  const want = cd.specialSlotHashes[slot - 1];
  if (isZero(want)) {
    const isBlob = slot === C.CSSLOT_REQUIREMENTS || slot === C.CSSLOT_ENTITLEMENTS || slot === C.CSSLOT_DER_ENTITLEMENTS;
    if (bytes && isBlob) out.add(code, 'error', `${what} is in the signature but ${label} special slot ${slot} does not seal it`);
    if (bytes && slot === C.CSSLOT_RESOURCEDIR) out.add('IOS_CODE_RESOURCES_UNBOUND', 'error', `_CodeSignature/CodeResources exists but ${label} special slot 3 does not seal it`);
    if (bytes && slot === C.CSSLOT_INFOSLOT) out.add('IOS_INFO_PLIST_UNBOUND', 'warning', `Info.plist exists but ${label} special slot 1 does not seal it`);
    return;
  }
  if (!bytes) {
    out.add(code, 'error', `${label} special slot ${slot} seals ${what} (${hexOf(want!)}), which is absent`);
    return;
  }
  const got = slotHash(cd, bytes);
  if (!bytesEqual(got, want!)) out.add(code, 'error', `${what} hashes to ${hexOf(got)}, ${label} special slot ${slot} holds ${hexOf(want!)}`);
}

function checkAlternates(sig: CodeSignatureInfo, out: IssueList): void {
  const [primary, ...alternates] = sig.codeDirectories.map((c) => c.codeDirectory);
  for (const alt of alternates) {
    const diffs = (['identifier', 'teamId', 'codeLimit', 'flags', 'pageSize', 'nCodeSlots', 'execSegBase', 'execSegLimit', 'execSegFlags'] as const).filter((k) => alt[k] !== primary![k]);
    if (diffs.length) {
      out.add('IOS_ALTERNATE_CD_MISMATCH', 'error', `alternate ${HASH_NAMES[alt.hashType]} code directory differs from the primary in ${diffs.map((k) => `${k} (${String(alt[k])} vs ${String(primary![k])})`).join(', ')}`);
    }
  }
}

function checkCms(sig: CodeSignatureInfo, out: IssueList): { signer?: CertificateFacts; signerDer?: Uint8Array; certificates: Uint8Array[] } {
  if (!sig.cms || sig.cms.length === 0) return { certificates: [] };
  const cms = checkCmsOverCodeDirectory(sig.cms, sig.codeDirectories.map((c) => c.blob));
  for (const i of cms.issues) if (i.severity !== 'info') out.add(i.code, i.severity, i.message);
  if (sig.codeDirectories.length > 1 && sig.cmsInfo && !sig.cmsInfo.cdHashesPlist && !sig.cmsInfo.cdHashes2) {
    out.add('IOS_CDHASHES_ABSENT', 'error', `the CMS signature carries no CDHashes attribute, so the ${sig.codeDirectories.length - 1} alternate code directory(ies) are not signed`);
  }
  return { signer: cms.signer, signerDer: sig.cmsInfo?.signer?.der, certificates: cms.certificates };
}

/** The __TEXT,__info_plist section, which codesign binds as the Info.plist of a loose Mach-O. */
function embeddedInfoPlist(macho: MachO): Uint8Array | undefined {
  for (const seg of segments(macho)) {
    const s = seg.sections.find((x) => x.segname === '__TEXT' && x.sectname === '__info_plist');
    if (s && s.offset + Number(s.size) <= macho.data.length) return macho.data.subarray(s.offset, s.offset + Number(s.size));
  }
  return undefined;
}

function checkSlice(macho: MachO, arch: string, bind: SignatureBindings, out: IssueList): SliceSignature | undefined {
  const sig = readCodeSignature(macho);
  if (!sig) {
    out.add('IOS_UNSIGNED', 'error', `slice ${arch} has no LC_CODE_SIGNATURE`);
    return undefined;
  }
  if (sig.codeDirectories.length === 0) {
    out.add('IOS_UNSIGNED', 'error', `slice ${arch} has a signature without a code directory`);
    return undefined;
  }
  const blobs = rawBlobs(macho, sig);
  const sliceBind = bind.infoPlist ? bind : { ...bind, infoPlist: embeddedInfoPlist(macho) };
  for (const c of sig.codeDirectories) {
    if (!C.CS_HASH_ALGORITHMS[c.codeDirectory.hashType]) {
      out.add('IOS_UNKNOWN_HASH_TYPE', 'error', `code directory in slot ${c.slot} has hashType ${c.codeDirectory.hashType}`);
      continue;
    }
    checkCodeDirectory(macho, c.codeDirectory, `${arch} ${HASH_NAMES[c.codeDirectory.hashType]} code directory`, blobs, sliceBind, out);
  }
  checkAlternates(sig, out);
  const cms = checkCms(sig, out);
  const primary = sig.codeDirectories[0]!.codeDirectory;
  const requirements = blobs.get(C.CSSLOT_REQUIREMENTS);
  return {
    result: {
      arch,
      identifier: primary.identifier,
      ...(primary.teamId ? { teamId: primary.teamId } : {}),
      cdHashes: sig.codeDirectories.map((c) => hexOf(c.cdHash)),
      hashTypes: sig.codeDirectories.map((c) => HASH_NAMES[c.codeDirectory.hashType] ?? String(c.codeDirectory.hashType)),
      ...(cms.signer ? { signer: cms.signer } : {}),
      adhoc: sig.adhoc,
    },
    entitlementsXml: blobs.get(C.CSSLOT_ENTITLEMENTS)?.subarray(8),
    derEntitlements: sig.derEntitlements,
    signerDer: cms.signerDer,
    certificates: cms.certificates,
    designatedRequirements: requirements,
    cdHashBytes: sig.codeDirectories.map((c) => c.cdHash),
  };
}

/** The filetype of a Mach-O (of its first slice when fat), or undefined when the bytes are not one. */
export function machOFileType(bytes: Uint8Array): number | undefined {
  if (bytes.length < 16) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const be = v.getUint32(0, false);
  if (be === 0xcafebabe || be === 0xcafebabf) {
    const n = v.getUint32(4, false);
    if (n === 0 || n >= 0x30) return undefined;
    const off = be === 0xcafebabe ? v.getUint32(16, false) : Number(v.getBigUint64(16, false));
    return off + 16 <= bytes.length ? machOFileType(bytes.subarray(off)) : undefined;
  }
  const le = v.getUint32(0, true);
  return le === 0xfeedface || le === 0xfeedfacf ? v.getUint32(12, true) : undefined;
}

/** Every slice's signature checked; `where` names the binary in issues. */
export function checkMachOSignature(bytes: Uint8Array, where: string, bind: SignatureBindings = {}): MachOSignatureCheck {
  const issues = new IssueList(where);
  const slices: SliceSignature[] = [];
  let images: MachO[];
  try {
    images = machOImages(parseMachOFile(bytes, { entry: where }));
  } catch (e) {
    if (!isMamError(e)) throw e;
    issues.add('IOS_MACHO_MALFORMED', 'error', `${e.code}: ${e.message}`);
    return { slices, issues: issues.items };
  }
  for (const macho of images) {
    const arch = archName(macho.header.cputype, macho.header.cpusubtype);
    try {
      const s = checkSlice(macho, arch, bind, issues);
      if (s) slices.push(s);
    } catch (e) {
      if (!isMamError(e)) throw e;
      issues.add('IOS_SIGNATURE_MALFORMED', 'error', `slice ${arch}: ${e.code}: ${e.message}`);
    }
  }
  return { slices, issues: issues.items };
}
