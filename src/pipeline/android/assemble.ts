// Stage assemble: the unsigned APK. Entries are written in the input's local-header order; every
// entry the wrap does not change is copied with its compressed bytes untouched (ZipWriter.copyEntry);
// changed entries (the manifest, and on --rewrap the policy and shim) keep their place, compression
// method and date; new entries follow the copied ones, deflated, dated like the newest input entry
// (as the signer dates its v1 files), so the output is the same for the same input. The input's old
// JAR signature files and directory entries are left out: the signer would drop them (apksigner's
// rules), and an --unsigned output must not carry a signature that no longer matches.

import { COMPRESSION_DEFLATED, COMPRESSION_STORED, type ZipEntry } from '../../container/zip-types.js';
import { DOS_DATE_1981_01_01, DOS_TIME_MIDNIGHT, ZipWriter, androidAlignment } from '../../container/zip-writer.js';
import { isDroppedOnResign } from '../../android/sign/apk-signer.js';
import { need, type WrapContext } from './wrap-context.js';

function newestDate(entries: readonly ZipEntry[]): { lastModDate: number; lastModTime: number } {
  let best: { lastModDate: number; lastModTime: number } | undefined;
  for (const e of entries) {
    if (!best || e.lastModDate > best.lastModDate || (e.lastModDate === best.lastModDate && e.lastModTime > best.lastModTime)) {
      best = { lastModDate: e.lastModDate, lastModTime: e.lastModTime };
    }
  }
  return best ?? { lastModDate: DOS_DATE_1981_01_01, lastModTime: DOS_TIME_MIDNIGHT };
}

export function assemble(ctx: WrapContext): void {
  const archive = need(ctx.archive, 'the archive');
  const out = ctx.output.unsigned();
  try {
    const writer = new ZipWriter(out.sink, { alignment: androidAlignment, comment: archive.comment });
    for (const entry of [...archive.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset)) {
      if (isDroppedOnResign(entry)) {
        ctx.removed.push(entry.name);
        continue;
      }
      const replacement = ctx.replacements.get(entry.name);
      if (replacement === undefined) {
        writer.copyEntry(archive, entry);
        continue;
      }
      const method = entry.compressionMethod === COMPRESSION_STORED ? COMPRESSION_STORED : COMPRESSION_DEFLATED;
      writer.addEntry(entry.name, replacement, { method, lastModDate: entry.lastModDate, lastModTime: entry.lastModTime });
    }
    const date = newestDate(archive.entries);
    for (const added of ctx.additions) writer.addEntry(added.name, added.bytes, { method: COMPRESSION_DEFLATED, ...date });
    writer.finish();
  } finally {
    out.close();
  }
  ctx.assembled = out.readBack;
}
