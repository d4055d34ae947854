// Signs an APK in one pass, after apksig's ApkSigner + DefaultApkSignerEngine: entries are copied in
// local-header order with their compressed bytes untouched (stored data re-aligned by the writer),
// the old signatures are dropped (the JAR signature files; the APK Signing Block is never copied),
// v1 files are added when v1 is on, the ZIP entries are padded to a page, and the v2/v3 content
// digests are computed from the bytes as they are written. Then the Signing Block, the central
// directory and the EOCD follow. Pure over its DataSink: no file system here.
//
// Rules, as apksigner (decided from its source and checked against Debian's apksigner 0.9):
// 1. Directory entries are dropped: apksig's isJarEntryDigestNeededInManifest is false for them and
//    its output policy is SKIP; Android never needs them.
// 2. MANIFEST.MF, *.SF, *.RSA, *.DSA, *.EC and SIG-* directly in META-INF/ are dropped whether v1 is
//    on or off; with v1 on, the main section of the input's MANIFEST.MF is kept in the new one.
// 3. New entries take the newest date and time found among the input's entries (no clock needed).
// 4. The EOCD comment of the input is kept.

import type { KeyObject } from 'node:crypto';
import { parseAxml } from '../axml/parse.js';
import { summarizeManifest } from '../manifest/summarize.js';
import type { DataSink } from '../../core/data-sink.js';
import { MalformedInputError, PreflightError, isMamError } from '../../core/errors.js';
import { DOS_DATE_1981_01_01, DOS_TIME_MIDNIGHT, ZipWriter } from '../../container/zip-writer.js';
import type { ZipArchive, ZipEntry } from '../../container/zip-types.js';
import { ChunkedDigester, DigestingSink, type ChunkedDigestAlgorithm } from './content-digest.js';
import { isJarSignatureFile } from './jar-signature.js';
import { APK_SIGNATURE_SCHEME_V2_BLOCK_ID, APK_SIGNATURE_SCHEME_V3_BLOCK_ID } from './signing-block.js';
import { buildSigningBlock, paddingBeforeSigningBlock } from './signing-block-writer.js';
import {
  V3_MAX_SDK_UNBOUNDED,
  chooseSchemeAlgorithm,
  chooseV1Algorithm,
  parseMinSdk,
  selectSchemes,
  type SchemeOverrides,
  type SchemeSelection,
  type SignerKeyAlgorithm,
} from './signer-algorithms.js';
import { buildV2SchemeBlock, buildV3SchemeBlock, type SchemeSignerInput } from './v2v3-signer-block.js';
import { digestingArchive, type V1EntryDigests } from './v1-entry-digests.js';
import { writeV1Signature } from './v1-signer.js';

export const ANDROID_MANIFEST = 'AndroidManifest.xml';
export const DEFAULT_LIB_PAGE_ALIGNMENT = 16384;
const STORED_ALIGNMENT = 4;
const MAX_MANIFEST_BYTES = 16 << 20;

export interface ApkSigningKey {
  privateKey: KeyObject;
  /** DER certificates, the signer's first. */
  certificates: readonly Uint8Array[];
  /** SubjectPublicKeyInfo DER of the first certificate. */
  publicKey: Uint8Array;
  keyAlgorithm: SignerKeyAlgorithm;
  keySize: number;
  /** v1 file base name before sanitising (apksigner: the key alias, or the key file's name). */
  signerName?: string;
}

export interface SignApkOptions {
  schemes?: SchemeOverrides;
  /** Overrides the manifest's min SDK (apksigner --min-sdk-version). */
  minSdk?: number;
  /** apksigner --max-sdk-version: schemes the range never reaches are left off. */
  maxSdk?: number;
  /** Alignment of stored .so data (apksigner --lib-page-alignment). */
  libPageAlignment?: number;
}

export interface SignApkResult {
  minSdk: number;
  schemes: SchemeSelection;
  /** v1 signer file base name (META-INF/<name>.SF), when v1 is on. */
  v1SignerName?: string;
  v1DigestAlgorithm?: string;
  /** The JAR digests MANIFEST.MF lists, taken from the bytes copied into the output (for the self-check). */
  v1EntryDigests?: V1EntryDigests;
  /** v2/v3 signature algorithm ID. */
  signatureAlgorithmId?: number;
  contentDigests: Map<ChunkedDigestAlgorithm, Uint8Array>;
  entriesCopied: number;
  entriesDropped: string[];
  signingBlockOffset: number;
  signingBlockSize: number;
  size: number;
}

/** The min SDK the binary manifest declares (uses-sdk minSdkVersion), undefined when it declares none. */
export function readDeclaredMinSdk(archive: ZipArchive): number | undefined {
  const entry = archive.getEntry(ANDROID_MANIFEST);
  if (!entry) throw new PreflightError('SIGN_NOT_AN_APK', `the archive has no ${ANDROID_MANIFEST}; expected an APK`, {});
  try {
    const declared = summarizeManifest(parseAxml(archive.readEntry(entry, MAX_MANIFEST_BYTES))).minSdk;
    return declared === undefined ? undefined : parseMinSdk(declared);
  } catch (e) {
    if (isMamError(e)) throw e.within({ entry: ANDROID_MANIFEST });
    throw e;
  }
}

/** The min SDK apksigner signs for: the declared one, else 1. */
export function readApkMinSdk(archive: ZipArchive): number {
  return readDeclaredMinSdk(archive) ?? 1;
}

function newestTimestamp(entries: readonly ZipEntry[]): { lastModDate: number; lastModTime: number } {
  let best = { lastModDate: -1, lastModTime: -1 };
  for (const e of entries) {
    if (e.lastModDate > best.lastModDate || (e.lastModDate === best.lastModDate && e.lastModTime > best.lastModTime)) {
      best = { lastModDate: e.lastModDate, lastModTime: e.lastModTime };
    }
  }
  return best.lastModDate < 0 ? { lastModDate: DOS_DATE_1981_01_01, lastModTime: DOS_TIME_MIDNIGHT } : best;
}

export function isDroppedOnResign(entry: ZipEntry): boolean {
  return entry.isDirectory || isJarSignatureFile(entry.name);
}

/** Writes the signed APK to `sink` (which must be empty). */
export function signApk(archive: ZipArchive, sink: DataSink, key: ApkSigningKey, options: SignApkOptions = {}): SignApkResult {
  if (sink.position !== 0) throw new Error('signApk: the sink must be empty');
  const minSdk = options.minSdk ?? readApkMinSdk(archive);
  const schemes = selectSchemes(minSdk, options.schemes, options.maxSdk);
  if (!schemes.v1 && !schemes.v2 && !schemes.v3) {
    throw new PreflightError('SIGN_NO_SCHEME', 'every signature scheme is turned off; enable at least one of v1, v2, v3', {});
  }
  const algorithm = chooseSchemeAlgorithm(key);
  const digestAlgorithms: ChunkedDigestAlgorithm[] = schemes.v2 || schemes.v3 ? [algorithm.contentDigest as ChunkedDigestAlgorithm] : [];
  const digester = new ChunkedDigester(digestAlgorithms);
  const out = new DigestingSink(sink, digester);
  const libAlignment = options.libPageAlignment ?? DEFAULT_LIB_PAGE_ALIGNMENT;
  const writer = new ZipWriter(out, { alignment: (name) => (name.endsWith('.so') ? libAlignment : STORED_ALIGNMENT), comment: archive.comment });

  const ordered = [...archive.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  const kept = ordered.filter((e) => !isDroppedOnResign(e));
  // With v1 on, each entry's JAR digest is taken in the read that copies it (v1-entry-digests.ts).
  const computed: V1EntryDigests | undefined = schemes.v1 ? { hash: chooseV1Algorithm(key, minSdk).hash, digests: new Map() } : undefined;
  const copySource = computed ? digestingArchive(archive, computed) : archive;
  for (const e of kept) writer.copyEntry(copySource, e);
  const schemeIds = [...(schemes.v2 ? [2] : []), ...(schemes.v3 ? [3] : [])];
  const v1 = schemes.v1 ? writeV1Signature(archive, kept, writer, key, minSdk, schemeIds, newestTimestamp(archive.entries), computed) : undefined;

  const finished = writer.finishEntries();
  const padding = digestAlgorithms.length > 0 ? paddingBeforeSigningBlock(finished.entriesEnd) : 0;
  if (padding > 0) out.write(new Uint8Array(padding));
  const signingBlockOffset = finished.entriesEnd + padding;
  const eocdForDigest = finished.buildEocd(signingBlockOffset);
  if (eocdForDigest.length !== 22 + archive.comment.length) {
    throw new PreflightError('SIGN_ZIP64_UNSUPPORTED', 'the signed APK would need zip64 records (over 65535 entries or 4 GiB), which Android does not install', {});
  }
  digester.endSection();
  digester.update(finished.centralDirectory);
  digester.endSection();
  digester.update(eocdForDigest);
  const contentDigests = digester.digest();

  const pairs: { id: number; value: Uint8Array }[] = [];
  if (schemes.v2 || schemes.v3) {
    const input: SchemeSignerInput = {
      algorithm,
      contentDigest: contentDigests.get(algorithm.contentDigest as ChunkedDigestAlgorithm)!,
      certificates: key.certificates,
      publicKey: key.publicKey,
      privateKey: key.privateKey,
    };
    if (schemes.v2) pairs.push({ id: APK_SIGNATURE_SCHEME_V2_BLOCK_ID, value: buildV2SchemeBlock(input, schemes.v3) });
    if (schemes.v3) pairs.push({ id: APK_SIGNATURE_SCHEME_V3_BLOCK_ID, value: buildV3SchemeBlock(input, algorithm.minSdkVersion, V3_MAX_SDK_UNBOUNDED) });
  }
  const block = pairs.length > 0 ? buildSigningBlock(pairs) : new Uint8Array(0);
  sink.write(block);
  sink.write(finished.centralDirectory);
  sink.write(finished.buildEocd(signingBlockOffset + block.length));
  return {
    minSdk,
    schemes,
    ...(v1 ? { v1SignerName: v1.signerName, v1DigestAlgorithm: v1.digest, v1EntryDigests: v1.entryDigests } : {}),
    ...(pairs.length > 0 ? { signatureAlgorithmId: algorithm.id } : {}),
    contentDigests,
    entriesCopied: kept.length,
    entriesDropped: ordered.filter(isDroppedOnResign).map((e) => e.name),
    signingBlockOffset,
    signingBlockSize: block.length,
    size: sink.position,
  };
}

/** Refuses inputs apksigner refuses before it writes anything. */
export function assertSignableApk(archive: ZipArchive): void {
  if (archive.firstLocalHeaderOffset !== 0) {
    throw new PreflightError('SIGN_DATA_BEFORE_ENTRIES', `${archive.firstLocalHeaderOffset} bytes precede the first ZIP entry; expected the first local header at offset 0`, { offset: 0 });
  }
  if (!archive.getEntry(ANDROID_MANIFEST)) throw new PreflightError('SIGN_NOT_AN_APK', `the archive has no ${ANDROID_MANIFEST}; expected an APK`, {});
  if (archive.isZip64) throw new MalformedInputError('SIGN_ZIP64_UNSUPPORTED', 'the APK uses zip64 records, which Android does not install', { offset: archive.eocdOffset });
}
