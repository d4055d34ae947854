// What kind of app an input is, decided from its content, never from its file name extension:
// - apk      zip with AndroidManifest.xml at the root (the binary manifest, AOSP PackageParser)
// - aab      zip with BundleConfig.pb and base/manifest/AndroidManifest.xml (bundletool's layout)
// - apks     zip with toc.pb (bundletool build-apks) or several .apk entries (splits/…, standalones/…)
// - xapk     zip with manifest.json and .apk entries at the root (APKPure's split-set container)
// - ipa      zip with Payload/<name>.app/…
// - app-zip  zip whose top level is a single <name>.app/ folder holding Info.plist (__MACOSX/ ignored)
// - app-dir  a directory named *.app holding Info.plist
// - apk-dir  a directory holding .apk files (an extracted split set)

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { FileSource } from '../core/data-source.js';
import { IoError, MalformedInputError, isMamError } from '../core/errors.js';
import { openZip } from '../container/zip-reader.js';

export type InputKind = 'apk' | 'aab' | 'apks' | 'xapk' | 'ipa' | 'app-zip' | 'app-dir' | 'apk-dir';

const MACOS_METADATA = '__MACOSX/';

/** The kind of a zip from its entry names, or undefined when no rule matches. */
export function detectArchiveKind(names: readonly string[]): InputKind | undefined {
  const set = new Set(names);
  const apks = names.filter((n) => n.endsWith('.apk') && !n.endsWith('/'));
  if (set.has('BundleConfig.pb') && set.has('base/manifest/AndroidManifest.xml')) return 'aab';
  if (set.has('AndroidManifest.xml')) return 'apk';
  if (set.has('manifest.json') && apks.some((n) => !n.includes('/'))) return 'xapk';
  if (set.has('toc.pb') || apks.length >= 2) return 'apks';
  if (names.some((n) => /^Payload\/[^/]+\.app\/./.test(n))) return 'ipa';
  const meaningful = names.filter((n) => !n.startsWith(MACOS_METADATA));
  const tops = new Set(meaningful.map((n) => n.split('/')[0]!));
  const [top] = tops;
  if (tops.size === 1 && top!.endsWith('.app') && set.has(`${top}/Info.plist`)) return 'app-zip';
  return undefined;
}

/**
 * With `allowUnknownZip`, a readable zip that is no app gives undefined instead of UNKNOWN_INPUT_KIND,
 * so that a caller can first look for damaged entries.
 */
export function detectKind(path: string): InputKind;
export function detectKind(path: string, opts: { allowUnknownZip: true }): InputKind | undefined;
export function detectKind(path: string, opts: { allowUnknownZip?: boolean } = {}): InputKind | undefined {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new IoError('INPUT_NOT_FOUND', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: path }, { cause: e });
  }
  return st.isDirectory() ? detectDirectoryKind(path) : detectFileKind(path, opts.allowUnknownZip ?? false);
}

function detectDirectoryKind(path: string): InputKind {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed.endsWith('.app') && existsSync(join(trimmed, 'Info.plist'))) return 'app-dir';
  const children = readdirSync(path);
  const apks = children.filter((n) => n.endsWith('.apk') && statSync(join(path, n)).isFile());
  if (apks.length > 0) return 'apk-dir';
  const shown = children.slice(0, 8).join(', ') + (children.length > 8 ? ', …' : '');
  throw new MalformedInputError(
    'UNKNOWN_INPUT_KIND',
    `directory ${basename(trimmed)} is neither an .app bundle with Info.plist nor a folder of .apk files; it holds ${children.length} entries${children.length ? `: ${shown}` : ''}`,
    { file: path, hint: 'expected an .apk, .aab, .apks, .xapk, .ipa, a zipped .app, an .app folder or a folder of split APKs' },
  );
}

function detectFileKind(path: string, allowUnknownZip: boolean): InputKind | undefined {
  const source = FileSource.open(path);
  try {
    let names: string[];
    try {
      names = openZip(source, { file: path }).entries.map((e) => e.name);
    } catch (e) {
      // A file that starts like a zip but has no readable end record is a damaged zip, not another kind.
      if (isMamError(e) && e.code === 'ZIP_NO_EOCD' && !startsLikeZip(source)) {
        throw new MalformedInputError('UNKNOWN_INPUT_KIND', `${basename(path)} is not a zip archive: ${describeMagic(source)}`, { file: path }, { cause: e });
      }
      throw e;
    }
    const kind = detectArchiveKind(names);
    if (kind || allowUnknownZip) return kind;
    throw new MalformedInputError('UNKNOWN_INPUT_KIND', `${basename(path)} is a zip archive but not an app: ${describeNames(names)}`, {
      file: path,
      hint: 'expected AndroidManifest.xml, base/manifest/AndroidManifest.xml + BundleConfig.pb, toc.pb or .apk entries, Payload/<name>.app/, or <name>.app/Info.plist',
    });
  } finally {
    source.close();
  }
}

function describeNames(names: readonly string[]): string {
  if (names.length === 0) return 'it has no entries';
  const tops = [...new Set(names.map((n) => (n.includes('/') ? n.slice(0, n.indexOf('/') + 1) : n)))];
  return `${names.length} entries, top level ${tops.slice(0, 8).join(', ')}${tops.length > 8 ? ', …' : ''}`;
}

const MAGICS: [number[], string][] = [
  [[0x64, 0x65, 0x78, 0x0a], 'a DEX file'],
  [[0xcf, 0xfa, 0xed, 0xfe], 'a 64-bit Mach-O file'],
  [[0xce, 0xfa, 0xed, 0xfe], 'a 32-bit Mach-O file'],
  [[0xca, 0xfe, 0xba, 0xbe], 'a universal (fat) Mach-O or Java class file'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an ELF file'],
  [[0x62, 0x70, 0x6c, 0x69], 'a binary plist'],
  [[0x03, 0x00, 0x08, 0x00], 'an Android binary XML file'],
];

function describeMagic(source: FileSource): string {
  if (source.size === 0) return 'the file is empty';
  const head = source.read(0, Math.min(8, source.size));
  const known = MAGICS.find(([m]) => m.every((b, i) => head[i] === b));
  const hexBytes = [...head].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `${source.size} bytes starting ${hexBytes}${known ? ` (${known[1]})` : ''}, no end of central directory record`;
}

function startsLikeZip(source: FileSource): boolean {
  if (source.size < 4) return false;
  const b = source.read(0, 4);
  return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}
