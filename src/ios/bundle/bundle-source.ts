// One view of an .app bundle's files, whether it sits in an IPA (Payload/X.app/…), a zipped .app
// (X.app/…) or a folder on disk. Paths are relative to the .app root, '/'-separated.

import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { IoError, MalformedInputError } from '../../core/errors.js';
import type { ZipArchive, ZipEntry } from '../../container/zip-types.js';

export interface BundleFile {
  path: string;
  /** Set for symbolic links: the link's target. */
  symlinkTarget?: string;
  size: number;
}

export interface BundleSource {
  /** The bundle folder's name, e.g. "Sample.app". */
  readonly name: string;
  /** The folder that holds the bundle in the container ("Payload/Sample.app/", "Sample.app/", or the path). */
  readonly location: string;
  /** Every regular file and symlink, sorted by path. */
  files(): BundleFile[];
  has(path: string): boolean;
  read(path: string, maxBytes?: number): Uint8Array;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const MAX_READ = 1 << 30;

/** The .app inside an IPA or a zipped .app. */
export function zipBundleSource(archive: ZipArchive, kind: 'ipa' | 'app-zip'): BundleSource {
  const re = kind === 'ipa' ? /^(Payload\/[^/]+\.app\/)/ : /^([^/]+\.app\/)/;
  const prefixes = new Set<string>();
  for (const e of archive.entries) {
    const m = re.exec(e.name);
    if (m && !e.name.startsWith('__MACOSX/')) prefixes.add(m[1]!);
  }
  if (prefixes.size !== 1) {
    throw new MalformedInputError(
      prefixes.size === 0 ? 'IPA_NO_APP' : 'IPA_SEVERAL_APPS',
      prefixes.size === 0 ? 'no .app bundle found in the archive' : `expected one .app bundle, found ${prefixes.size}: ${[...prefixes].join(', ')}`,
      {},
    );
  }
  const [prefix] = prefixes as Set<string>;
  const byPath = new Map<string, ZipEntry>();
  for (const e of archive.entries) {
    if (e.isDirectory || !e.name.startsWith(prefix!) || e.name.length === prefix!.length) continue;
    byPath.set(e.name.slice(prefix!.length), e);
  }
  const isLink = (e: ZipEntry): boolean => (e.versionMadeBy >> 8) === 3 && ((e.externalAttributes >>> 16) & S_IFMT) === S_IFLNK;
  return {
    name: prefix!.split('/').at(-2)!,
    location: prefix!,
    files: () =>
      [...byPath.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([path, e]) => (isLink(e) ? { path, size: e.uncompressedSize, symlinkTarget: new TextDecoder().decode(archive.readEntry(e, 4096)) } : { path, size: e.uncompressedSize })),
    has: (path) => byPath.has(path),
    read: (path, maxBytes = MAX_READ) => {
      const e = byPath.get(path);
      if (!e) throw new MalformedInputError('BUNDLE_FILE_MISSING', `${path} is not in the bundle`, { entry: prefix + path });
      return archive.readEntry(e, maxBytes);
    },
  };
}

/** An .app folder on disk. */
export function directoryBundleSource(dir: string): BundleSource {
  const files: BundleFile[] = [];
  const walk = (rel: string): void => {
    for (const n of readdirSync(join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${n}` : n;
      const st = lstatSync(join(dir, r));
      if (st.isSymbolicLink()) files.push({ path: r, size: st.size, symlinkTarget: readlinkSync(join(dir, r)) });
      else if (st.isDirectory()) walk(r);
      else if (st.isFile()) files.push({ path: r, size: st.size });
    }
  };
  walk('');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const set = new Set(files.map((f) => f.path));
  return {
    name: basename(dir.replace(/\/+$/, '')),
    location: dir,
    files: () => files,
    has: (path) => set.has(path),
    read: (path) => {
      try {
        return new Uint8Array(readFileSync(join(dir, path)));
      } catch (e) {
        throw new IoError('INPUT_UNREADABLE', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code}`, { file: join(dir, path) }, { cause: e });
      }
    },
  };
}

/** Nested code bundles directly inside a bundle, as the signing order needs them. */
export const NESTED_BUNDLE_PATTERNS: readonly RegExp[] = [
  /^Frameworks\/[^/]+\.framework\/$/,
  /^PlugIns\/[^/]+\.(appex|xctest|bundle)\/$/,
  /^Extensions\/[^/]+\.appex\/$/,
  /^Watch\/[^/]+\.app\/$/,
  /^AppClips\/[^/]+\.app\/$/,
];

/** The relative folders of nested bundles directly inside `root` ('' for the top), sorted. */
export function nestedBundleFolders(files: readonly BundleFile[], root: string): string[] {
  const found = new Set<string>();
  for (const f of files) {
    if (!f.path.startsWith(root)) continue;
    const parts = f.path.slice(root.length).split('/');
    if (parts.length < 3) continue;
    const folder = `${parts[0]}/${parts[1]}/`;
    if (NESTED_BUNDLE_PATTERNS.some((re) => re.test(folder))) found.add(root + folder);
  }
  return [...found].sort();
}
