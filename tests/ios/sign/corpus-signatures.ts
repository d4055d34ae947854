// Test helper: unpacks the iOS corpus archives once (with `unzip`, an independent reader) and lists every
// embedded code signature blob of every Mach-O slice, found by a minimal reading of the fat header, the
// load commands and the SuperBlob index written here from XNU loader.h / cs_blobs.h (not our readers).
import { mkdtempSync, readFileSync, readdirSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { corpusFiles, run } from '../../helpers/env.js';

export interface CorpusSlice {
  /** Archive name / path inside the unpacked archive, with the slice index. */
  label: string;
  file: string;
  /** Blobs by slot type (0, 2, 5, 7, 0x1000…, 0x10000), whole blobs with magic and length. */
  blobs: Map<number, Uint8Array>;
}

let unpacked: string | undefined;
/** Directory holding one sub-folder per corpus iOS archive, unpacked. */
export function unpackIosCorpus(): string {
  if (unpacked) return unpacked;
  const dir = mkdtempSync(join(tmpdir(), 'mam-sign-corpus-'));
  for (const f of corpusFiles('ios', '.ipa', '.zip')) {
    const out = join(dir, basename(f));
    run('unzip', ['-qq', '-o', f, '-d', out]);
  }
  unpacked = dir;
  return dir;
}

export function walkFiles(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    const st = lstatSync(p);
    if (st.isDirectory()) out.push(...walkFiles(p));
    else out.push(p);
  }
  return out;
}

const be = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset).getUint32(at, false);
const le = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset).getUint32(at, true);

function slices(d: Uint8Array): Uint8Array[] {
  if (be(d, 0) === 0xcafebabe) {
    const n = be(d, 4);
    return Array.from({ length: n }, (_, i) => d.subarray(be(d, 8 + 20 * i + 8), be(d, 8 + 20 * i + 8) + be(d, 8 + 20 * i + 12)));
  }
  return [d];
}

function superBlob(s: Uint8Array): Uint8Array | undefined {
  const magic = le(s, 0);
  if (magic !== 0xfeedfacf && magic !== 0xfeedface) return undefined;
  let off = magic === 0xfeedfacf ? 32 : 28;
  for (let i = 0, n = le(s, 16); i < n; i++) {
    if (le(s, off) === 0x1d) return s.subarray(le(s, off + 8), le(s, off + 8) + le(s, off + 12));
    off += le(s, off + 4);
  }
  return undefined;
}

let cache: CorpusSlice[] | undefined;
/** Every signed slice of every Mach-O file in the unpacked corpus. */
export function corpusSignedSlices(): CorpusSlice[] {
  if (cache) return cache;
  const root = unpackIosCorpus();
  const out: CorpusSlice[] = [];
  for (const file of walkFiles(root)) {
    if (lstatSync(file).isSymbolicLink() || lstatSync(file).size < 64) continue;
    const d = new Uint8Array(readFileSync(file));
    if (![0xcafebabe, 0xcffaedfe, 0xcefaedfe].includes(be(d, 0))) continue;
    slices(d).forEach((s, i) => {
      const sb = superBlob(s);
      if (!sb) return;
      const blobs = new Map<number, Uint8Array>();
      for (let k = 0, n = be(sb, 8); k < n; k++) {
        const type = be(sb, 12 + 8 * k);
        const off = be(sb, 16 + 8 * k);
        blobs.set(type, sb.subarray(off, off + be(sb, off + 4)));
      }
      out.push({ label: `${relative(root, file)}#${i}`, file, blobs });
    });
  }
  cache = out;
  return out;
}
