// Adds a v1 (JAR) signature to an APK being written ("JAR File Specification", "Signed JAR File";
// apksig V1SchemeSigner): the digest of every copied entry's uncompressed bytes goes into a new
// MANIFEST.MF, the .SF signs the manifest and its sections, and the PKCS#7 block signs the .SF.
// The three files are appended after the copied entries, deflated, dated like the newest input entry.

import type { ZipWriter } from '../../container/zip-writer.js';
import type { ZipArchive, ZipEntry } from '../../container/zip-types.js';
import { parseJarManifest, type JarManifest } from './jar-manifest.js';
import { MANIFEST_ENTRY_NAME, META_INF } from './jar-signature.js';
import type { ApkSigningKey } from './apk-signer.js';
import { chooseV1Algorithm } from './signer-algorithms.js';
import { buildV1SignatureBlock } from './v1-signature-block.js';
import { completeDigests, type V1EntryDigests } from './v1-entry-digests.js';
import { generateManifest, generateSignatureFile, safeSignerName } from './v1-manifest-writer.js';

const MAX_MANIFEST_BYTES = 64 << 20;

export interface V1SignatureResult {
  signerName: string;
  digest: string;
  /** Entry names of the files written. */
  files: string[];
  /** The digests MANIFEST.MF lists, of the copied entries' uncompressed bytes. */
  entryDigests: V1EntryDigests;
}

function readSourceManifest(archive: ZipArchive): JarManifest | undefined {
  const entry = archive.getEntry(MANIFEST_ENTRY_NAME);
  return entry ? parseJarManifest(archive.readEntry(entry, MAX_MANIFEST_BYTES)) : undefined;
}

/**
 * Writes MANIFEST.MF, <NAME>.SF and <NAME>.RSA|.EC for the `entries` already copied to `writer`.
 * `schemeIds` are the APK Signature Schemes applied as well (for X-Android-APK-Signed). `computed`
 * holds the digests taken while copying (v1-entry-digests.ts); entries it lacks are read again.
 */
export function writeV1Signature(
  archive: ZipArchive,
  entries: readonly ZipEntry[],
  writer: ZipWriter,
  key: ApkSigningKey,
  minSdk: number,
  schemeIds: readonly number[],
  timestamp: { lastModDate: number; lastModTime: number },
  computed?: V1EntryDigests,
): V1SignatureResult {
  const v1 = chooseV1Algorithm(key, minSdk);
  const digests = completeDigests(archive, entries, computed?.hash === v1.hash ? computed : { hash: v1.hash, digests: new Map() });
  const manifest = generateManifest(v1.digest, digests, readSourceManifest(archive));
  const signatureFile = generateSignatureFile(v1.digest, manifest, schemeIds);
  const block = buildV1SignatureBlock({ signatureFile, privateKey: key.privateKey, keyAlgorithm: key.keyAlgorithm, v1, certificates: key.certificates });
  const signerName = safeSignerName(key.signerName ?? 'CERT');
  const files = [MANIFEST_ENTRY_NAME, `${META_INF}${signerName}.SF`, `${META_INF}${signerName}.${key.keyAlgorithm === 'RSA' ? 'RSA' : 'EC'}`];
  const contents = [manifest.bytes, signatureFile, block];
  files.forEach((name, i) => writer.addEntry(name, contents[i]!, timestamp));
  return { signerName, digest: v1.digest, files, entryDigests: { hash: v1.hash, digests } };
}
