// `mam verify` for iOS: every slice of every Mach-O in every bundle of an .app (main executables, loose
// dylibs, nested frameworks, plug-ins, extensions, watch apps, recursively), each bundle's resource seal
// against its files, nested code, and each app-like bundle's embedded profile against its code.
// Verification returns coded issues; `verified` means no issue of severity error. Warnings (expired
// profile or certificate, ad-hoc signature, identifier differing from the bundle ID) do not fail it:
// they do not break the signature, and re-signing old apps is the use case.

import { createHash, type X509Certificate } from 'node:crypto';
import { isMamError, type Issue } from '../../core/errors.js';
import { nestedBundleFolders, type BundleFile, type BundleSource } from '../bundle/bundle-source.js';
import { MH_BUNDLE, MH_DYLIB, MH_EXECUTE } from '../macho/loader-constants.js';
import { parsePlist } from '../plist/plist.js';
import type { PlistDict } from '../plist/plist-value.js';
import { decodeDerEntitlements } from '../sign/der-entitlements.js';
import { requirementToText } from '../sign/requirement-text.js';
import { kSecDesignatedRequirementType, parseRequirementSet } from '../sign/requirements.js';
import { chainsToTrustedRoot } from './cert-chain.js';
import { checkCodeResources, type FileDigests, type NestedCodeFacts } from './verify-code-resources.js';
import { checkMachOSignature, machOFileType, type IosSliceResult, type SliceSignature } from './verify-macho-signature.js';
import { checkEmbeddedProfile, type IosProfileSummary } from './verify-profile.js';

export interface IosVerifyOptions {
  /** The clock for profile and certificate validity (default: now). */
  now?: Date;
  /** When given, every CMS signer must chain to one of these (IOS_CERT_UNTRUSTED otherwise). */
  trustedRoots?: X509Certificate[];
  /**
   * Digests (and Mach-O file type) that the caller vouches for, so that the file is not re-read: the
   * signer's self-check (verify-signed-output.ts) for files it copied verbatim after hashing them.
   * `mam verify` passes none and reads every file.
   */
  knownFacts?: (path: string) => KnownFileFacts | undefined;
}

export interface KnownFileFacts extends FileDigests {
  filetype?: number;
}

export interface IosBinaryResult {
  /** Relative to the top bundle. */
  path: string;
  slices: IosSliceResult[];
}

export interface IosBundleResult {
  /** "App.app" for the top bundle, "App.app/Frameworks/X.framework" for a nested one. */
  path: string;
  bundleId?: string;
  executable?: string;
  sealed: boolean;
  profile?: IosProfileSummary;
  binaries: IosBinaryResult[];
}

export interface IosVerifyResult {
  verified: boolean;
  bundles: IosBundleResult[];
  issues: Issue[];
}

const CODE_FILETYPES = new Set([MH_EXECUTE, MH_DYLIB, MH_BUNDLE]);
const SEAL = '_CodeSignature/CodeResources';
const APP_LIKE = /(^|\.app\/|\.appex\/)$/;

interface FileFacts extends FileDigests {
  filetype?: number;
}

interface Binary {
  path: string;
  slices: SliceSignature[];
}

/** Bundle roots ('' for the top, 'Frameworks/X.framework/' …), from the nesting patterns and from seals. */
export function bundleRoots(files: readonly BundleFile[]): string[] {
  const roots = new Set<string>(['']);
  const queue = [''];
  while (queue.length) {
    for (const n of nestedBundleFolders(files, queue.pop()!)) {
      if (!roots.has(n)) {
        roots.add(n);
        queue.push(n);
      }
    }
  }
  for (const f of files) if (f.path.endsWith('/' + SEAL)) roots.add(f.path.slice(0, -SEAL.length));
  return [...roots].sort();
}

class BundleVerifier {
  private readonly files: BundleFile[];
  private readonly roots: string[];
  private readonly facts = new Map<string, FileFacts>();
  private readonly binaries = new Map<string, Binary>();
  readonly issues: Issue[] = [];
  private readonly now: Date;

  constructor(private readonly source: BundleSource, private readonly opts: IosVerifyOptions) {
    this.files = source.files();
    this.roots = bundleRoots(this.files);
    this.now = opts.now ?? new Date();
  }

  run(): IosVerifyResult {
    const bundles = this.roots.map((root) => this.verifyCode(root));
    this.roots.forEach((root, i) => this.verifySeal(root, bundles[i]!));
    this.roots.forEach((root, i) => this.verifyProfile(root, bundles[i]!));
    return { verified: !this.issues.some((i) => i.severity === 'error'), bundles, issues: this.issues };
  }

  private owner(path: string): string {
    return this.roots.filter((r) => path.startsWith(r)).reduce((a, b) => (b.length > a.length ? b : a), '');
  }

  private factsOf(path: string): FileFacts {
    let f = this.facts.get(path);
    if (!f) {
      f = this.opts.knownFacts?.(path) ?? this.readFacts(path);
      this.facts.set(path, f);
    }
    return f;
  }

  private readFacts(path: string): FileFacts {
    const bytes = this.source.read(path);
    return {
      sha1: new Uint8Array(createHash('sha1').update(bytes).digest()),
      sha256: new Uint8Array(createHash('sha256').update(bytes).digest()),
      filetype: machOFileType(bytes),
    };
  }

  private readOptional(path: string): Uint8Array | undefined {
    return this.source.has(path) ? this.source.read(path) : undefined;
  }

  private error(code: string, message: string, where: string): void {
    this.issues.push({ code, severity: 'error', message, where });
  }

  private infoPlist(root: string, bytes: Uint8Array | undefined): PlistDict | undefined {
    if (!bytes) {
      this.error('IOS_INFO_PLIST_MISSING', 'the bundle has no Info.plist', root + 'Info.plist');
      return undefined;
    }
    try {
      const doc = parsePlist(bytes);
      if (doc.root.type === 'dict') return doc.root;
      this.error('IOS_INFO_PLIST_MALFORMED', `root is a ${doc.root.type}, expected a dict`, root + 'Info.plist');
    } catch (e) {
      if (!isMamError(e)) throw e;
      this.error('IOS_INFO_PLIST_MALFORMED', `${e.code}: ${e.message}`, root + 'Info.plist');
    }
    return undefined;
  }

  private verifyCode(root: string): IosBundleResult {
    const infoBytes = this.readOptional(root + 'Info.plist');
    const info = this.infoPlist(root, infoBytes);
    const str = (k: string): string | undefined => {
      const v = info?.entries.get(k);
      return v?.type === 'string' ? v.value : undefined;
    };
    const bundleId = str('CFBundleIdentifier');
    const executable = str('CFBundleExecutable');
    const result: IosBundleResult = {
      path: this.source.name + (root ? '/' + root.slice(0, -1) : ''),
      ...(bundleId ? { bundleId } : {}),
      ...(executable ? { executable } : {}),
      sealed: this.source.has(root + SEAL),
      binaries: [],
    };
    const main = executable !== undefined ? root + executable : undefined;
    if (main && this.source.has(main)) {
      this.verifyBinary(main, { infoPlist: infoBytes, codeResources: this.readOptional(root + SEAL) }, result, bundleId);
    } else if (info) {
      this.error('IOS_MAIN_EXECUTABLE_MISSING', executable ? `CFBundleExecutable ${executable} is not in the bundle` : 'Info.plist names no CFBundleExecutable', root || this.source.name);
    }
    for (const f of this.files) {
      if (f.path === main || f.symlinkTarget !== undefined || this.owner(f.path) !== root || f.size < 16) continue;
      const type = this.factsOf(f.path).filetype;
      if (type !== undefined && CODE_FILETYPES.has(type)) this.verifyBinary(f.path, {}, result);
    }
    return result;
  }

  private verifyBinary(path: string, bind: { infoPlist?: Uint8Array; codeResources?: Uint8Array }, bundle: IosBundleResult, bundleId?: string): void {
    const check = checkMachOSignature(this.source.read(path), path, bind);
    this.issues.push(...check.issues);
    this.binaries.set(path, { path, slices: check.slices });
    bundle.binaries.push({ path, slices: check.slices.map((s) => s.result) });
    for (const s of check.slices) this.checkSigner(path, s);
    if (check.slices.some((s) => s.result.adhoc)) {
      this.issues.push({ code: 'IOS_ADHOC', severity: 'warning', message: 'ad-hoc signature: no signing identity (runs only on the Simulator, or once re-signed)', where: path });
    }
    const ids = [...new Set(check.slices.map((s) => s.result.identifier))];
    if (bundleId !== undefined && ids.some((id) => id !== bundleId)) {
      this.issues.push({ code: 'IOS_IDENTIFIER_MISMATCH', severity: 'warning', message: `signed with identifier ${ids.join(', ')}, the bundle ID is ${bundleId}`, where: path });
    }
  }

  private checkSigner(path: string, s: SliceSignature): void {
    const signer = s.result.signer;
    if (!signer || !s.signerDer) return;
    if (new Date(signer.notAfter) < this.now) {
      this.addOnce({ code: 'IOS_CERT_EXPIRED', severity: 'warning', message: `signer ${signer.subject} expired on ${signer.notAfter}`, where: path });
    }
    if (this.opts.trustedRoots && !chainsToTrustedRoot(s.signerDer, s.certificates, this.opts.trustedRoots)) {
      this.addOnce({ code: 'IOS_CERT_UNTRUSTED', severity: 'error', message: `signer ${signer.subject} does not chain to a trusted root`, where: path });
    }
  }

  private addOnce(issue: Issue): void {
    if (!this.issues.some((i) => i.code === issue.code && i.where === issue.where && i.message === issue.message)) this.issues.push(issue);
  }

  private nestedCode(root: string, key: string): NestedCodeFacts | undefined {
    const abs = root + key;
    let binary = this.binaries.get(abs);
    if (!binary && this.roots.includes(abs + '/')) {
      binary = [...this.binaries.values()].find((b) => this.owner(b.path) === abs + '/' && b.path.split('/').length === abs.split('/').length + 1);
    }
    if (!binary || binary.slices.length === 0) return undefined;
    return { cdHashes: binary.slices.flatMap((s) => s.cdHashBytes), requirement: designatedRequirement(binary.slices[0]!) };
  }

  private verifySeal(root: string, bundle: IosBundleResult): void {
    const seal = this.readOptional(root + SEAL);
    if (!seal) {
      if (bundle.binaries.length > 0 && bundle.executable) this.error('IOS_NOT_SEALED', 'the bundle has no _CodeSignature/CodeResources: its resources are not sealed, and iOS refuses to install it', root || this.source.name);
      return;
    }
    const files = this.files.filter((f) => f.path.startsWith(root)).map((f) => ({ path: f.path.slice(root.length), ...(f.symlinkTarget !== undefined ? { symlinkTarget: f.symlinkTarget } : {}) }));
    this.issues.push(
      ...checkCodeResources({
        seal,
        files,
        mainExecutable: bundle.executable,
        digests: (p) => this.factsOf(root + p),
        nestedCode: (p) => this.nestedCode(root, p),
        where: root,
      }),
    );
  }

  private verifyProfile(root: string, bundle: IosBundleResult): void {
    const main = bundle.executable !== undefined ? this.binaries.get(root + bundle.executable) : undefined;
    const slice = main?.slices[0];
    const profileBytes = this.readOptional(root + 'embedded.mobileprovision');
    const where = root + 'embedded.mobileprovision';
    if (!profileBytes) {
      if (APP_LIKE.test(root) && slice && !slice.result.adhoc) {
        this.issues.push({ code: 'IOS_PROFILE_MISSING', severity: 'warning', message: 'the app is signed with an identity but embeds no provisioning profile (App Store builds only)', where });
      }
      return;
    }
    if (!slice) return;
    const { issues, summary } = checkEmbeddedProfile({
      profile: profileBytes,
      bundleId: bundle.bundleId,
      teamId: slice.result.teamId,
      entitlements: this.entitlements(slice, root + (bundle.executable ?? '')),
      signerDer: slice.signerDer,
      now: this.now,
      where,
    });
    this.issues.push(...issues);
    if (summary) bundle.profile = summary;
  }

  private entitlements(s: SliceSignature, where: string): PlistDict | undefined {
    try {
      if (s.entitlementsXml) {
        const root = parsePlist(s.entitlementsXml).root;
        return root.type === 'dict' ? root : undefined;
      }
      return s.derEntitlements ? decodeDerEntitlements(s.derEntitlements) : undefined;
    } catch (e) {
      if (!isMamError(e)) throw e;
      this.error('IOS_ENTITLEMENTS_UNREADABLE', `${e.code}: ${e.message}`, where);
      return undefined;
    }
  }
}

function designatedRequirement(s: SliceSignature): string | undefined {
  if (!s.designatedRequirements) return undefined;
  try {
    const dr = parseRequirementSet(s.designatedRequirements).find((e) => e.type === kSecDesignatedRequirementType);
    return dr ? requirementToText(dr.expr) : undefined;
  } catch (e) {
    if (!isMamError(e)) throw e;
    return undefined;
  }
}

export function verifyIosBundle(source: BundleSource, opts: IosVerifyOptions = {}): IosVerifyResult {
  return new BundleVerifier(source, opts).run();
}
