// The signer's check of its own output (`mam sign` and `mam wrap` for IPAs), cheaper than `mam verify`
// and as strong for what the signer did. Why a file need not be re-hashed: an entry the writer copied
// with ZipWriter.copyEntry carries the input's compressed bytes, CRC and sizes unchanged, and the signer
// already inflated those very bytes (CRC-checked by the reader) through SHA-1 and SHA-256 to build the
// CodeResources that seals them. Re-hashing it would compare the seal with the digests it was built
// from. So, for a file the signer left unchanged and hashed, the digests it computed stand in for the
// output's bytes, provided the output's central directory holds the entry with the same method, CRC
// and sizes as the input entry that was hashed (otherwise the file is read and hashed as usual).
// Everything else is checked as `mam verify` checks it (verify-bundle.ts): every Mach-O the signer
// wrote (page hashes, special slots bound to the Info.plist and CodeResources read back from the
// output, CMS), every Mach-O found by file type, every CodeResources against the output's file list
// (every sealed file present, nothing unsealed added), nested code and profiles.

import { FileSource } from '../../core/data-source.js';
import { isMamError } from '../../core/errors.js';
import { openZip } from '../../container/zip-reader.js';
import type { ZipArchive, ZipEntry } from '../../container/zip-types.js';
import { zipBundleSource } from '../bundle/bundle-source.js';
import { verifyIosBundle, type IosVerifyOptions, type IosVerifyResult, type KnownFileFacts } from './verify-bundle.js';

/** The facts the signer holds about its input. */
export interface SignedFromZip {
  input: ZipArchive;
  /** The .app's folder in both archives ("Payload/X.app/"). */
  location: string;
  /** Digests hashed from the input for a file left unchanged (undefined: not hashed, or changed);
   * `fat` marks a fat header whose file type was not read. */
  inputFacts(path: string): (KnownFileFacts & { fat?: true }) | undefined;
}

function sameEntry(a: ZipEntry, b: ZipEntry): boolean {
  return a.compressionMethod === b.compressionMethod && a.crc32 === b.crc32 && a.compressedSize === b.compressedSize && a.uncompressedSize === b.uncompressedSize;
}

/** Verifies a signed IPA or zipped .app at `output`, taking the signer's digests for verbatim copies. */
export function verifySignedZip(output: string, kind: 'ipa' | 'app-zip', signed: SignedFromZip, opts: IosVerifyOptions = {}): IosVerifyResult {
  const file = FileSource.open(output);
  try {
    const archive = openZip(file, { file: output });
    const knownFacts = (path: string): KnownFileFacts | undefined => {
      const facts = signed.inputFacts(path);
      if (!facts || facts.fat) return undefined;
      const out = archive.getEntry(signed.location + path);
      const input = signed.input.getEntry(signed.location + path);
      if (!out || !input || !sameEntry(out, input)) return undefined;
      return { sha1: facts.sha1, sha256: facts.sha256, ...(facts.filetype !== undefined ? { filetype: facts.filetype } : {}) };
    };
    return verifyIosBundle(zipBundleSource(archive, kind), { ...opts, knownFacts });
  } catch (e) {
    if (isMamError(e)) e.within({ file: output });
    throw e;
  } finally {
    file.close();
  }
}
