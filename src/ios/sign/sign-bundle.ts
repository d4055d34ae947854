// Signs an .app bundle held in memory (BundleTree), inside-out as codesign --deep and Xcode do: for each
// code bundle, innermost first — its loose dylibs, then (for app-like bundles) Info.plist edits and
// embedded.mobileprovision, then _CodeSignature/CodeResources over every file under the bundle (nested
// bundles already signed), then its main executable with the Info.plist and CodeResources hashes in
// special slots 1 and 3, its entitlements and its designated requirement. planBundleSigning does every
// check first (signing-preflight.ts, entitlements-merge.ts, Mach-O encryption and load-command room), so
// that executeBundleSigning cannot refuse halfway.

import type { X509Certificate } from 'node:crypto';
import { PreflightError, isMamError } from '../../core/errors.js';
import { BundleTree, insideOut, isAppLike, ownPaths, readCodeBundle, type CodeBundle } from '../bundle/bundle-tree.js';
import { readCodeSignature } from '../codesign/read-code-signature.js';
import { isEncrypted, machOImages } from '../macho/macho-facts.js';
import { parseMachOFile } from '../macho/parse-macho.js';
import { setPlistValue } from '../plist/key-path.js';
import { parsePlist, serializePlist } from '../plist/plist.js';
import { plist, type PlistDict } from '../plist/plist-value.js';
import type { ProvisioningProfile } from '../profile/provisioning-profile.js';

/** A profile with the bytes of its file (embedded.mobileprovision is the file itself). */
export type LoadedProfile = ProvisioningProfile & { fileBytes: Uint8Array };
import type { CmsSigningIdentity } from './cms.js';
import { buildCodeResources, serializeCodeResources, type BundleFile } from './code-resources.js';
import { encodeDerEntitlements, entitlementsXml } from './der-entitlements.js';
import { mergeEntitlements } from './entitlements-merge.js';
import { codeDigestsFor, type CodeDigest } from './code-directory-build.js';
import { kSecDesignatedRequirementType, serializeRequirementSet, xcodeDesignatedRequirement, type RequirementExpr } from './requirements.js';
import { assertSignableMachO, signMachO, EMPTY_REQUIREMENT_SET, type SignedSlice } from './sign-macho.js';
import { assertCertificateValid, assertExtensionIds, assignProfiles, renamedBundleId } from './signing-preflight.js';
import { StreamedBundleTree } from './streamed-bundle-tree.js';

export interface BundleSigningIdentity extends CmsSigningIdentity {
  certificateObject: X509Certificate;
}

export interface BundleSigningOptions {
  /** Undefined: ad-hoc. */
  identity?: BundleSigningIdentity;
  profiles: readonly LoadedProfile[];
  /** Entitlements that replace the main app's. */
  entitlements?: PlistDict;
  bundleId?: string;
  dropMissingEntitlements?: boolean;
  now: Date;
}

export interface BundlePlan {
  bundle: CodeBundle;
  bundleId: string;
  profile?: LoadedProfile;
  entitlements?: PlistDict;
  dropped: string[];
}

export interface SignedCodeReport {
  path: string;
  bundleId?: string;
  kind: string;
  profile?: string;
  signer: string;
  slices: SignedSlice[];
  droppedEntitlements?: string[];
}

const CODE_RESOURCES = '_CodeSignature/CodeResources';

function subjectField(cert: X509Certificate, field: string): string | undefined {
  return cert.subject.split('\n').find((l) => l.startsWith(field + '='))?.slice(field.length + 1);
}

function existingEntitlements(tree: BundleTree, path: string): PlistDict | undefined {
  const file = parseMachOFile(tree.read(path), { entry: path });
  const xml = readCodeSignature(machOImages(file)[0]!, { entry: path })?.entitlementsXml;
  if (!xml || xml.trim() === '') return undefined;
  const root = parsePlist(new TextEncoder().encode(xml), { entry: `${path} entitlements` }).root;
  return root.type === 'dict' ? root : undefined;
}

function assertCode(tree: BundleTree, path: string): void {
  const file = parseMachOFile(tree.read(path), { entry: path });
  for (const m of machOImages(file)) {
    if (isEncrypted(m)) throw new PreflightError('MACHO_ENCRYPTED', `${path} is FairPlay-encrypted (cryptid != 0): App Store binaries cannot be re-signed; decrypt it first`, { entry: path });
  }
  assertSignableMachO(file, path);
}

/** Every check, before any byte is written. */
export function planBundleSigning(tree: BundleTree, opts: BundleSigningOptions): BundlePlan[] {
  const app = readCodeBundle(tree, '')!;
  if (!app.executable) {
    throw new PreflightError('IOS_BUNDLE_NO_EXECUTABLE', `${tree.name} has no main executable (CFBundleExecutable names a file that is absent): there is no code to sign`, { entry: 'Info.plist' });
  }
  const order = insideOut(app);
  const idOf = (b: CodeBundle): string => renamedBundleId(b.bundleId, app.bundleId, opts.bundleId);
  assertExtensionIds(app, idOf);
  let profiles = new Map<CodeBundle, LoadedProfile>();
  if (opts.identity) {
    assertCertificateValid(opts.identity.certificateObject, opts.now);
    profiles = assignProfiles(order.filter((b) => b.executable), opts.profiles, opts.identity.certificate, opts.now, idOf);
  }
  return order.map((bundle) => {
    for (const p of looseDylibs(tree, bundle)) assertCode(tree, p);
    if (!bundle.executable) return { bundle, bundleId: idOf(bundle), dropped: [] };
    assertCode(tree, bundle.executable);
    const existing = existingEntitlements(tree, bundle.executable);
    const override = bundle === app ? opts.entitlements : undefined;
    const profile = profiles.get(bundle);
    if (override || !profile || !isAppLike(bundle)) {
      return { bundle, bundleId: idOf(bundle), ...(profile ? { profile } : {}), entitlements: override ?? (isAppLike(bundle) ? existing : undefined), dropped: [] };
    }
    const merged = mergeEntitlements(existing, profile, idOf(bundle), { dropMissing: opts.dropMissingEntitlements, where: `${idOf(bundle)} (${bundle.root || tree.name})` });
    return { bundle, bundleId: idOf(bundle), profile, entitlements: merged.entitlements, dropped: merged.dropped };
  });
}

function designatedRequirement(identifier: string, identity: BundleSigningIdentity | undefined): { blob: Uint8Array; expr?: RequirementExpr } {
  if (!identity) return { blob: EMPTY_REQUIREMENT_SET };
  const expr = xcodeDesignatedRequirement(identifier, subjectField(identity.certificateObject, 'CN') ?? '');
  return { blob: serializeRequirementSet([{ type: kSecDesignatedRequirementType, expr }]), expr };
}

/** The files a bundle's seal covers; a streamed tree's are hashed from the container, not read. */
function bundleFiles(tree: BundleTree, root: string): BundleFile[] {
  return tree.pathsUnder(root).map((p) => {
    const f = tree.files.get(p)!;
    const path = p.slice(root.length);
    if (f.symlinkTarget !== undefined) return { path, isSymlink: true, target: f.symlinkTarget };
    return tree instanceof StreamedBundleTree ? { path, digests: () => tree.digests(p) } : { path, read: () => tree.read(p) };
  });
}

const MACHO_MAGICS = new Set([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xbebafeca]);

/** A bundle's own *.dylib files that are Mach-O; only those are read (a streamed tree reads nothing else). */
function looseDylibs(tree: BundleTree, bundle: CodeBundle): string[] {
  return ownPaths(tree, bundle).filter((p) => {
    if (!p.endsWith('.dylib')) return false;
    const b = tree.files.get(p)?.bytes;
    return !!b && b.length >= 4 && MACHO_MAGICS.has(new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true));
  });
}

function updateInfoPlist(tree: BundleTree, plan: BundlePlan, appId: string, newAppId: string | undefined): void {
  const b = plan.bundle;
  if (!newAppId || plan.bundleId === b.bundleId) return;
  const root = b.info.root;
  setPlistValue(root, 'CFBundleIdentifier', plist.string(plan.bundleId));
  const companion = root.type === 'dict' ? root.entries.get('WKCompanionAppBundleIdentifier') : undefined;
  if (companion?.type === 'string') setPlistValue(root, 'WKCompanionAppBundleIdentifier', plist.string(renamedBundleId(companion.value, appId, newAppId)));
  const ext = root.type === 'dict' ? root.entries.get('NSExtension') : undefined;
  const attrs = ext?.type === 'dict' ? ext.entries.get('NSExtensionAttributes') : undefined;
  const wkApp = attrs?.type === 'dict' ? attrs.entries.get('WKAppBundleIdentifier') : undefined;
  if (wkApp?.type === 'string') setPlistValue(root, ['NSExtension', 'NSExtensionAttributes', 'WKAppBundleIdentifier'], plist.string(renamedBundleId(wkApp.value, appId, newAppId)));
  tree.write(`${b.root}Info.plist`, serializePlist(b.info));
}

function signerName(identity: BundleSigningIdentity | undefined): string {
  return identity ? (subjectField(identity.certificateObject, 'CN') ?? 'unknown') : 'ad-hoc';
}

/** Signs the planned bundles in order, writing into the tree; returns one report per signed binary. */
export function executeBundleSigning(tree: BundleTree, plans: readonly BundlePlan[], opts: BundleSigningOptions): SignedCodeReport[] {
  const reports: SignedCodeReport[] = [];
  const identity = opts.identity;
  const teamId = identity ? subjectField(identity.certificateObject, 'OU') : undefined;
  const app = plans[plans.length - 1]!.bundle;
  const base = { identity, teamId, signingTime: opts.now, style: 'codesign' as const };
  for (const plan of plans) {
    const b = plan.bundle;
    for (const path of looseDylibs(tree, b)) {
      const identifier = path.split('/').pop()!.replace(/\.dylib$/, '');
      const signed = signMachO(tree.read(path), { ...base, identifier, requirements: designatedRequirement(identifier, identity).blob, mainExecutable: false });
      tree.write(path, signed.bytes);
      reports.push({ path, kind: 'dylib', signer: signerName(identity), slices: signed.slices });
    }
    if (!b.executable) continue;
    updateInfoPlist(tree, plan, app.bundleId, opts.bundleId);
    if (plan.profile) tree.write(`${b.root}embedded.mobileprovision`, plan.profile.fileBytes);
    const exe = b.executable.slice(b.root.length);
    const digests = digestsOf(tree.read(b.executable));
    const resources = serializeCodeResources(buildCodeResources({ files: bundleFiles(tree, b.root), mainExecutable: exe, files2Digests: digests.includes('sha1') ? ['sha1', 'sha256'] : ['sha256'] }));
    tree.write(`${b.root}${CODE_RESOURCES}`, resources);
    const ents = plan.entitlements;
    const signed = signMachO(tree.read(b.executable), {
      ...base,
      identifier: plan.bundleId,
      requirements: designatedRequirement(plan.bundleId, identity).blob,
      ...(ents ? { entitlementsXml: entitlementsXml(ents), entitlementsDer: encodeDerEntitlements(ents) } : {}),
      infoPlist: tree.read(`${b.root}Info.plist`),
      codeResources: resources,
      mainExecutable: true,
      allowUnsigned: ents?.entries.get('get-task-allow')?.type === 'boolean' && (ents.entries.get('get-task-allow') as { value: boolean }).value,
    });
    tree.write(b.executable, signed.bytes);
    reports.push({
      path: b.executable, bundleId: plan.bundleId, kind: b.kind, ...(plan.profile ? { profile: plan.profile.name } : {}),
      signer: signerName(identity), slices: signed.slices, ...(plan.dropped.length ? { droppedEntitlements: plan.dropped } : {}),
    });
  }
  return reports;
}

function digestsOf(bytes: Uint8Array): CodeDigest[] {
  try {
    return machOImages(parseMachOFile(bytes)).some((m) => codeDigestsFor(m).includes('sha1')) ? ['sha1', 'sha256'] : ['sha256'];
  } catch (e) {
    if (isMamError(e)) return ['sha256'];
    throw e;
  }
}
