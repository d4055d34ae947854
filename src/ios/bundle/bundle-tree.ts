// An .app bundle held in memory for signing: every file's bytes (or symlink target) by path relative to
// the .app root, and the tree of code bundles inside it (frameworks, plug-ins, app extensions, watch
// apps, app clips), each with its Info.plist facts. Edits record which paths changed so that the writer
// copies every other entry verbatim.

import { MalformedInputError, isMamError } from '../../core/errors.js';
import { getPlistString } from '../plist/key-path.js';
import { parsePlist, type PlistDocument } from '../plist/plist.js';
import { nestedBundleFolders, type BundleSource } from './bundle-source.js';

export interface TreeFile {
  path: string;
  bytes?: Uint8Array;
  symlinkTarget?: string;
}

export type CodeBundleKind = 'app' | 'appex' | 'framework' | 'xctest' | 'bundle' | 'watch-app' | 'app-clip';

export interface CodeBundle {
  /** Folder relative to the .app root, '' for the app itself, else ending in '/'. */
  root: string;
  kind: CodeBundleKind;
  info: PlistDocument;
  bundleId: string;
  /** Path of CFBundleExecutable relative to the .app root, when the bundle has code. */
  executable?: string;
  nested: CodeBundle[];
}

export class BundleTree {
  readonly files = new Map<string, TreeFile>();
  readonly changed = new Set<string>();

  constructor(readonly name: string) {}

  static fromSource(source: BundleSource): BundleTree {
    const tree = new BundleTree(source.name);
    for (const f of source.files()) {
      tree.files.set(f.path, f.symlinkTarget !== undefined ? { path: f.path, symlinkTarget: f.symlinkTarget } : { path: f.path, bytes: source.read(f.path) });
    }
    return tree;
  }

  read(path: string): Uint8Array {
    const f = this.files.get(path);
    if (!f?.bytes) throw new MalformedInputError('BUNDLE_FILE_MISSING', `${path} is not a regular file in ${this.name}`, { entry: path });
    return f.bytes;
  }

  write(path: string, bytes: Uint8Array): void {
    this.files.set(path, { path, bytes });
    this.changed.add(path);
  }

  /** Paths under `root` (all of them for ''), sorted. */
  pathsUnder(root: string): string[] {
    return [...this.files.keys()].filter((p) => p.startsWith(root)).sort();
  }
}

function kindOf(root: string): CodeBundleKind {
  if (root === '') return 'app';
  if (root.endsWith('.framework/')) return 'framework';
  if (root.endsWith('.appex/')) return 'appex';
  if (root.endsWith('.xctest/')) return 'xctest';
  if (/(^|\/)Watch\/[^/]+\.app\/$/.test(root)) return 'watch-app';
  if (/(^|\/)AppClips\/[^/]+\.app\/$/.test(root)) return 'app-clip';
  return 'bundle';
}

function readInfo(tree: BundleTree, root: string): PlistDocument | undefined {
  const path = `${root}Info.plist`;
  if (!tree.files.get(path)?.bytes) return undefined;
  try {
    return parsePlist(tree.read(path), { entry: path });
  } catch (e) {
    if (isMamError(e)) throw e.within({ entry: path });
    throw e;
  }
}

/** The code bundle at `root` and everything nested in it; undefined for a folder without Info.plist. */
export function readCodeBundle(tree: BundleTree, root: string): CodeBundle | undefined {
  const info = readInfo(tree, root);
  if (!info) {
    if (root === '') throw new MalformedInputError('IOS_BUNDLE_NO_INFO_PLIST', `${tree.name} has no Info.plist`, { entry: 'Info.plist' });
    return undefined;
  }
  const exeName = getPlistString(info.root, 'CFBundleExecutable');
  const executable = exeName && tree.files.get(root + exeName)?.bytes ? root + exeName : undefined;
  const listing = tree.pathsUnder(root).map((path) => ({ path, size: 0 }));
  const nested = nestedBundleFolders(listing, root)
    .map((folder) => readCodeBundle(tree, folder))
    .filter((b): b is CodeBundle => b !== undefined);
  return { root, kind: kindOf(root), info, bundleId: getPlistString(info.root, 'CFBundleIdentifier') ?? '', ...(executable ? { executable } : {}), nested };
}

/** Bundles in signing order: the innermost first, the app last. */
export function insideOut(bundle: CodeBundle): CodeBundle[] {
  return [...bundle.nested.flatMap(insideOut), bundle];
}

/** Bundles that run as their own process and so need a profile and entitlements. */
export function isAppLike(b: CodeBundle): boolean {
  return b.kind === 'app' || b.kind === 'appex' || b.kind === 'watch-app' || b.kind === 'app-clip';
}

/** Files of `bundle` that are not inside one of its nested bundles. */
export function ownPaths(tree: BundleTree, bundle: CodeBundle): string[] {
  return tree.pathsUnder(bundle.root).filter((p) => !bundle.nested.some((n) => p.startsWith(n.root)));
}

const MACHO_MAGICS = new Set([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe]);

/** Loose Mach-O libraries of a bundle (Frameworks/*.dylib and any other *.dylib it holds directly). */
export function looseDylibs(tree: BundleTree, bundle: CodeBundle): string[] {
  return ownPaths(tree, bundle).filter((p) => {
    const b = tree.files.get(p)?.bytes;
    if (!p.endsWith('.dylib') || !b || b.length < 4) return false;
    const magic = new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
    return MACHO_MAGICS.has(magic) || magic === 0xbebafeca;
  });
}
