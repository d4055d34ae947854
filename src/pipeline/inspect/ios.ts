// `mam inspect` for iOS inputs: an IPA, a zipped .app or an .app folder. Walks the main bundle and its
// nested code bundles (frameworks, extensions, watch apps, app clips, test bundles).

import { isMamError, type Issue } from '../../core/errors.js';
import type { ZipArchive } from '../../container/zip-types.js';
import { directoryBundleSource, nestedBundleFolders, zipBundleSource, type BundleFile, type BundleSource } from '../../ios/bundle/bundle-source.js';
import { parseMachOFile } from '../../ios/macho/parse-macho.js';
import { machOFacts, machOImages } from '../../ios/macho/macho-facts.js';
import { readCodeSignature } from '../../ios/codesign/read-code-signature.js';
import { CS_HASHTYPE_SHA1, CS_HASHTYPE_SHA256, CS_HASHTYPE_SHA256_TRUNCATED, CS_HASHTYPE_SHA384 } from '../../ios/codesign/cs-constants.js';
import { parsePlist } from '../../ios/plist/plist.js';
import type { PlistDict, PlistValue } from '../../ios/plist/plist-value.js';
import { parseProvisioningProfile } from '../../ios/profile/provisioning-profile.js';
import { IOS_WRAPPER_PLIST_KEY } from '../../policy/effects.js';

const HASH_NAMES: Record<number, string> = {
  [CS_HASHTYPE_SHA1]: 'sha1',
  [CS_HASHTYPE_SHA256]: 'sha256',
  [CS_HASHTYPE_SHA256_TRUNCATED]: 'sha256-truncated',
  [CS_HASHTYPE_SHA384]: 'sha384',
};
const MAX_BINARY = 1 << 30;

export interface SignatureReport {
  identifier: string;
  teamId: string | null;
  adhoc: boolean;
  hashTypes: string[];
  cdHashes: string[];
  signer: { subject: string; sha256: string; sha1: string } | null;
  entitlements: unknown;
}

export interface SliceReport {
  arch: string;
  filetype: string;
  pie: boolean;
  encrypted: boolean;
  platform: string | null;
  minOS: string | null;
  installName: string | null;
  linkedDylibs: string[];
  rpaths: string[];
  loadCommandRoom: number;
  signature: SignatureReport | null;
}

export interface BinaryReport {
  path: string;
  fat: boolean;
  slices: SliceReport[];
}

export interface ProfileReport {
  name: string;
  uuid: string;
  teamIds: string[];
  applicationIdentifier: string | null;
  created: string;
  expires: string;
  platforms: string[];
  devices: number | 'all' | null;
  developerCertificates: { subject: string; sha256: string; sha1: string }[];
  entitlements: unknown;
}

export interface BundleReport {
  /** Folder inside the app ('' for the main app). */
  path: string;
  name: string;
  bundleId: string | null;
  shortVersion: string | null;
  version: string | null;
  minimumOS: string | null;
  platforms: string[];
  infoPlistFormat: 'xml' | 'binary' | null;
  executable: BinaryReport | null;
  /** Loose dylibs directly in Frameworks/ (Swift runtime libraries and the like). */
  dylibs: BinaryReport[];
  profile: ProfileReport | null;
  sealed: boolean;
  wrapped: { mamVersion: string | null; policySha256: string | null } | null;
  nested: BundleReport[];
  issues: Issue[];
}

export interface IosReport {
  app: BundleReport;
}

export function inspectIosInput(input: { kind: 'ipa' | 'app-zip'; archive: ZipArchive } | { kind: 'app-dir'; path: string }): IosReport {
  const source = input.kind === 'app-dir' ? directoryBundleSource(input.path) : zipBundleSource(input.archive, input.kind);
  return { app: inspectBundle(source, source.files(), '') };
}

function inspectBundle(source: BundleSource, files: BundleFile[], root: string): BundleReport {
  const issues: Issue[] = [];
  const name = root ? root.split('/').at(-2)! : source.name;
  const info = readInfoPlist(source, root, issues);
  const dict = info?.root.type === 'dict' ? info.root : undefined;
  const str = (k: string): string | null => {
    const v = dict?.entries.get(k);
    return v?.type === 'string' ? v.value : null;
  };
  const executableName = str('CFBundleExecutable');
  const executablePath = executableName ? `${root}${executableName}` : null;
  // A framework's executable may live at Versions/Current/… on macOS; iOS bundles are flat.
  let executable: BinaryReport | null = null;
  if (executablePath && source.has(executablePath)) executable = inspectBinary(source, executablePath, issues);
  else if (dict) issues.push({ code: 'BUNDLE_NO_EXECUTABLE', severity: 'error', message: `CFBundleExecutable ${executableName ?? '(not set)'} is not in the bundle`, where: root || '.' });

  const dylibs = files
    .filter((f) => f.path.startsWith(`${root}Frameworks/`) && f.path.endsWith('.dylib') && !f.path.slice(root.length + 11).includes('/') && !f.symlinkTarget)
    .map((f) => inspectBinary(source, f.path, issues))
    .filter((b): b is BinaryReport => b !== null);

  return {
    path: root,
    name,
    bundleId: str('CFBundleIdentifier'),
    shortVersion: str('CFBundleShortVersionString'),
    version: str('CFBundleVersion'),
    minimumOS: str('MinimumOSVersion') ?? str('LSMinimumSystemVersion'),
    platforms: stringArray(dict?.entries.get('CFBundleSupportedPlatforms')),
    infoPlistFormat: info?.format ?? null,
    executable,
    dylibs,
    profile: readProfile(source, root, issues),
    sealed: source.has(`${root}_CodeSignature/CodeResources`),
    wrapped: wrapperMarker(dict),
    nested: nestedBundleFolders(files, root).map((folder) => inspectBundle(source, files, folder)),
    issues,
  };
}

function readInfoPlist(source: BundleSource, root: string, issues: Issue[]): ReturnType<typeof parsePlist> | undefined {
  const path = `${root}Info.plist`;
  if (!source.has(path)) {
    issues.push({ code: 'BUNDLE_NO_INFO_PLIST', severity: 'error', message: 'Info.plist is missing', where: path });
    return undefined;
  }
  try {
    return parsePlist(source.read(path, 16 << 20), { entry: path });
  } catch (e) {
    if (!isMamError(e)) throw e;
    issues.push({ code: e.code, severity: 'error', message: e.message, where: path });
    return undefined;
  }
}

function inspectBinary(source: BundleSource, path: string, issues: Issue[]): BinaryReport | null {
  const bytes = source.read(path, MAX_BINARY);
  try {
    const file = parseMachOFile(bytes, { entry: path });
    return { path, fat: file.kind === 'fat', slices: machOImages(file).map((m) => sliceReport(m, path)) };
  } catch (e) {
    if (!isMamError(e)) throw e;
    issues.push({ code: e.code, severity: 'error', message: e.message, where: path });
    return null;
  }
}

function sliceReport(macho: Parameters<typeof machOFacts>[0], path: string): SliceReport {
  const f = machOFacts(macho);
  const sig = readCodeSignature(macho, { entry: path, slice: f.arch });
  let signature: SignatureReport | null = null;
  if (sig) {
    const primary = sig.codeDirectories[0]?.codeDirectory;
    signature = {
      identifier: primary?.identifier ?? '',
      teamId: primary?.teamId ?? null,
      adhoc: sig.adhoc,
      hashTypes: sig.codeDirectories.map((c) => HASH_NAMES[c.codeDirectory.hashType] ?? `hash(${c.codeDirectory.hashType})`),
      cdHashes: sig.codeDirectories.map((c) => Buffer.from(c.cdHash).toString('hex')),
      signer: sig.cmsInfo?.signer ? { subject: sig.cmsInfo.signer.subject, sha256: sig.cmsInfo.signer.sha256, sha1: sig.cmsInfo.signer.sha1 } : null,
      entitlements: sig.entitlementsXml ? entitlementsJson(sig.entitlementsXml) : null,
    };
  }
  return {
    arch: f.arch,
    filetype: f.filetype,
    pie: f.pie,
    encrypted: f.encrypted,
    platform: f.platform ?? null,
    minOS: f.minOS ?? null,
    installName: f.installName ?? null,
    linkedDylibs: f.dylibs.map((d) => d.name),
    rpaths: f.rpaths,
    loadCommandRoom: f.loadCommandRoom,
    signature,
  };
}

function entitlementsJson(xml: string): unknown {
  try {
    return plistToJson(parsePlist(new TextEncoder().encode(xml)).root);
  } catch (e) {
    if (!isMamError(e)) throw e;
    return { unreadable: e.message };
  }
}

function readProfile(source: BundleSource, root: string, issues: Issue[]): ProfileReport | null {
  const path = `${root}embedded.mobileprovision`;
  if (!source.has(path)) return null;
  try {
    const p = parseProvisioningProfile(source.read(path, 16 << 20));
    return {
      name: p.name,
      uuid: p.uuid,
      teamIds: p.teamIdentifiers,
      applicationIdentifier: p.applicationIdentifier ?? null,
      created: p.creationDate.toISOString(),
      expires: p.expirationDate.toISOString(),
      platforms: p.platforms,
      devices: p.provisionsAllDevices ? 'all' : p.deviceCount ?? null,
      developerCertificates: p.developerCertificates.map((c) => ({ subject: c.subject, sha256: c.sha256, sha1: c.sha1 })),
      entitlements: plistToJson(p.entitlements),
    };
  } catch (e) {
    if (!isMamError(e)) throw e;
    issues.push({ code: e.code, severity: 'error', message: e.message, where: path });
    return null;
  }
}

function wrapperMarker(dict: PlistDict | undefined): BundleReport['wrapped'] {
  const v = dict?.entries.get(IOS_WRAPPER_PLIST_KEY);
  if (!v) return null;
  const d = v.type === 'dict' ? v.entries : new Map<string, PlistValue>();
  const s = (k: string): string | null => {
    const x = d.get(k);
    return x?.type === 'string' ? x.value : null;
  };
  return { mamVersion: s('Version'), policySha256: s('PolicySHA256') };
}

function stringArray(v: PlistValue | undefined): string[] {
  return v?.type === 'array' ? v.items.flatMap((x) => (x.type === 'string' ? [x.value] : [])) : [];
}

/** A plist value as plain JSON: integers as numbers when safe, data as base64, dates as ISO text. */
export function plistToJson(v: PlistValue): unknown {
  switch (v.type) {
    case 'dict':
      return Object.fromEntries([...v.entries].map(([k, x]) => [k, plistToJson(x)]));
    case 'array':
      return v.items.map(plistToJson);
    case 'integer':
    case 'uid':
      return v.value >= BigInt(Number.MIN_SAFE_INTEGER) && v.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v.value) : v.value.toString();
    case 'data':
      return { data: Buffer.from(v.value).toString('base64') };
    case 'date':
      return new Date(978307200000 + v.absoluteTime * 1000).toISOString();
    default:
      return v.value;
  }
}
