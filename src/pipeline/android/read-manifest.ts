// Stage readManifest: the binary AndroidManifest.xml parsed into the lossless model and summarized.
// A manifest that does not parse (AXML_* codes) or has no <manifest> root stops the wrap here.

import { MalformedInputError } from '../../core/errors.js';
import { parseAxml } from '../../android/axml/parse.js';
import { manifestElement } from '../../android/manifest/edits.js';
import { summarizeManifest } from '../../android/manifest/summarize.js';
import { ANDROID_MANIFEST } from '../../android/sign/apk-signer.js';
import { need, type WrapContext } from './wrap-context.js';

/** A manifest larger than this is not a manifest (the largest real ones are a few hundred KiB). */
export const MAX_MANIFEST_BYTES = 16 << 20;

export function readManifest(ctx: WrapContext): void {
  const archive = need(ctx.archive, 'the archive');
  const entry = archive.getEntry(ANDROID_MANIFEST)!;
  try {
    const doc = parseAxml(archive.readEntry(entry, MAX_MANIFEST_BYTES));
    manifestElement(doc);
    const summary = summarizeManifest(doc);
    if (!summary.package) throw new MalformedInputError('WRAP_MANIFEST_NO_PACKAGE', '<manifest> has no package attribute; the bootstrap provider authority needs it', {});
    ctx.manifest = { doc, summary, method: entry.compressionMethod, lastModDate: entry.lastModDate, lastModTime: entry.lastModTime };
  } catch (e) {
    if (e instanceof MalformedInputError) throw e.within({ entry: ANDROID_MANIFEST });
    throw e;
  }
}
