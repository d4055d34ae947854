// `mam verify` for iOS inputs: an IPA (Payload/X.app/…), a zipped .app (X.app/…) or an .app folder,
// opened as one bundle view and verified by src/ios/verify. The kind comes from detect-kind.ts.

import { FileSource } from '../core/data-source.js';
import { isMamError } from '../core/errors.js';
import { openZip } from '../container/zip-reader.js';
import { directoryBundleSource, zipBundleSource } from '../ios/bundle/bundle-source.js';
import { verifyIosBundle, type IosVerifyOptions, type IosVerifyResult } from '../ios/verify/verify-bundle.js';

export type IosInputKind = 'ipa' | 'app-zip' | 'app-dir';

export interface IosVerifyReport {
  kind: IosInputKind;
  file: string;
  result: IosVerifyResult;
}

export function isIosKind(kind: string): kind is IosInputKind {
  return kind === 'ipa' || kind === 'app-zip' || kind === 'app-dir';
}

export function verifyIosPath(path: string, kind: IosInputKind, opts: IosVerifyOptions = {}): IosVerifyReport {
  if (kind === 'app-dir') return { kind, file: path, result: verifyIosBundle(directoryBundleSource(path), opts) };
  const source = FileSource.open(path);
  try {
    const archive = openZip(source, { file: path });
    return { kind, file: path, result: verifyIosBundle(zipBundleSource(archive, kind), opts) };
  } catch (e) {
    if (isMamError(e)) e.within({ file: path });
    throw e;
  } finally {
    source.close();
  }
}
