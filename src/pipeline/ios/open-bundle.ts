// Stage openBundle: the input (an IPA, a zipped .app or an .app folder, detected from its content) read
// into memory as a BundleTree, with the main bundle's Info.plist and code-bundle tree. Nothing is written.

import { FileSource } from '../../core/data-source.js';
import { PreflightError, UsageError } from '../../core/errors.js';
import { openZip } from '../../container/zip-reader.js';
import { directoryBundleSource, zipBundleSource } from '../../ios/bundle/bundle-source.js';
import { BundleTree, readCodeBundle } from '../../ios/bundle/bundle-tree.js';
import { parseMachOFile } from '../../ios/macho/parse-macho.js';
import { detectKind } from '../detect-kind.js';
import { isIosKind, type IosInputKind } from '../verify-ios.js';
import type { IosWrapContext, OpenedBundle } from './ios-wrap-context.js';

export function openIosInput(input: string, known?: IosInputKind): OpenedBundle {
  const kind = known ?? detectKind(input);
  if (!isIosKind(kind)) throw new UsageError('IOS_WRAP_NOT_IOS', `${input} is an ${kind}, not an IPA or .app`, { file: input });
  if (kind === 'app-dir') return { kind, source: directoryBundleSource(input), close: () => undefined };
  const file = FileSource.open(input);
  try {
    const archive = openZip(file, { file: input });
    return { kind, archive, source: zipBundleSource(archive, kind), close: () => file.close() };
  } catch (e) {
    file.close();
    throw e;
  }
}

export function openBundle(ctx: IosWrapContext): void {
  ctx.opened = openIosInput(ctx.input);
  const tree = BundleTree.fromSource(ctx.opened.source);
  ctx.tree = tree;
  ctx.app = readCodeBundle(tree, '');
  const exe = ctx.app!.executable;
  // Rule 1 of preflight, here because every later rule reads the executable.
  if (!exe) {
    throw new PreflightError('IOS_BUNDLE_NO_EXECUTABLE', `${tree.name} has no main executable (CFBundleExecutable names a file that is absent): there is nothing to inject the runtime into`, {
      entry: 'Info.plist',
    });
  }
  ctx.executable = { path: exe, file: parseMachOFile(tree.read(exe), { entry: exe }) };
}
