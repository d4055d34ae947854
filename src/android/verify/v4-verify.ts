// APK Signature Scheme v4 verification (source.android.com "APK Signature Scheme v4"; apksig
// V4SchemeVerifier): the .idsig's signature over its signed data, made with the key of its certificate;
// its APK digest equal to a content digest of the v3 (or v2) signer that verified; its Merkle tree,
// recomputed over the whole APK file in 4 KiB blocks.
//
// FORMAT (signed data, little-endian; "LP" = int32 length then bytes):
//   int32 size of all of this; int64 APK file size; int32 hash algorithm; int8 log2 block size;
//   LP salt; LP root hash; LP APK digest; LP certificate; LP additional data

import { bytesEqual, ByteWriter } from '../../core/byte-writer.js';
import type { DataSource } from '../../core/data-source.js';
import { isMamError, type Issue } from '../../core/errors.js';
import { writeLengthPrefixed } from '../sign/length-prefixed.js';
import {
  V4_HASH_ALGORITHM_SHA256, V4_LOG2_BLOCK_SIZE_4096, parseV4SignatureFile, type V4HashingInfo, type V4SigningInfo,
} from '../sign/v4-signature.js';
import { APK_SIGNATURE_SCHEME_V31_BLOCK_ID } from '../sign/signing-block.js';
import type { ContentDigestAlgorithm } from '../sign/signature-algorithms.js';
import { MerkleTreeBuilder } from './merkle-tree.js';
import type { SchemeVerifyResult } from './scheme-verify.js';
import { certificatePublicKey, checkSchemeSignature, parsePublicKey } from './signature-check.js';

export interface V4VerifyResult {
  verified: boolean;
  certificates: Uint8Array[];
  issues: Issue[];
}

export interface V4Inputs {
  source: DataSource;
  idsig: Uint8Array;
  /** The scheme whose digests the main signing info vouches for (v3 when it verified, else v2). */
  scheme?: SchemeVerifyResult;
  /** The v3.1 result, for the signing infos of rotated keys. */
  v31?: SchemeVerifyResult;
  contentDigests(algorithms: ReadonlySet<ContentDigestAlgorithm>): Map<ContentDigestAlgorithm, Uint8Array>;
}

export function verifyV4(inputs: V4Inputs): V4VerifyResult {
  const issues: Issue[] = [];
  const certificates: Uint8Array[] = [];
  const error = (code: string, message: string): V4VerifyResult => {
    issues.push({ code, severity: 'error', message, where: 'v4 signature file' });
    return { verified: false, certificates, issues };
  };
  let file;
  try {
    file = parseV4SignatureFile(inputs.idsig);
  } catch (e) {
    if (!isMamError(e)) throw e;
    return error('APKSIG_V4_MALFORMED', `v4 signature file cannot be read: [${e.code}] ${e.message}`);
  }
  const h = file.hashingInfo;
  if (h.hashAlgorithm !== V4_HASH_ALGORITHM_SHA256 || h.log2BlockSize !== V4_LOG2_BLOCK_SIZE_4096) {
    return error('APKSIG_V4_UNSUPPORTED_HASHING', `hashing is algorithm ${h.hashAlgorithm} over 2^${h.log2BlockSize}-byte blocks, expected SHA-256 (1) over 4096-byte blocks (12)`);
  }
  if (!inputs.scheme?.verified) return error('APKSIG_V4_NO_V2_V3', 'a v4 signature needs a verified v2 or v3 signature, and there is none');
  const infos: [V4SigningInfo, SchemeVerifyResult | undefined, string][] = [[file.signingInfo, inputs.scheme, 'signing info']];
  for (const b of file.signingInfoBlocks) {
    infos.push([b.signingInfo, b.blockId === APK_SIGNATURE_SCHEME_V31_BLOCK_ID ? inputs.v31 : undefined, `signing info for block 0x${b.blockId.toString(16)}`]);
  }
  for (const [info, scheme, what] of infos) {
    const problem = checkSigningInfo(info, h, inputs, scheme);
    if (problem) return error(problem[0], `${what}: ${problem[1]}`);
    certificates.push(info.certificate);
  }
  const tree = new MerkleTreeBuilder();
  inputs.source.forEachChunk((c) => tree.update(c));
  const built = tree.finish();
  if (!bytesEqual(built.rootHash, h.rootHash)) {
    return error('APKSIG_V4_MERKLE_ROOT_MISMATCH', `Merkle root of the APK is ${hex(built.rootHash)}, the v4 signature says ${hex(h.rootHash)}`);
  }
  if (file.merkleTree.length > 0 && !bytesEqual(built.tree, file.merkleTree)) {
    return error('APKSIG_V4_MERKLE_TREE_MISMATCH', 'the Merkle tree stored in the v4 signature file differs from the tree of the APK');
  }
  return { verified: true, certificates, issues };
}

function checkSigningInfo(info: V4SigningInfo, h: V4HashingInfo, inputs: V4Inputs, scheme: SchemeVerifyResult | undefined): [string, string] | undefined {
  const key = parsePublicKey(info.publicKey);
  if (!key) return ['APKSIG_V4_MALFORMED_PUBLIC_KEY', 'public key cannot be parsed'];
  const certKey = certificatePublicKey(info.certificate);
  if (!certKey || !bytesEqual(certKey, key.export({ type: 'spki', format: 'der' }))) return ['APKSIG_V4_PUBLIC_KEY_MISMATCH', 'public key differs from the certificate\'s key'];
  const signed = v4SignedData(inputs.source.size, h, info);
  if (checkSchemeSignature(info.signatureAlgorithmId, key, signed, info.signature) !== 'valid') return ['APKSIG_V4_SIGNATURE_INVALID', 'signature does not verify'];
  if (!scheme?.verified) return ['APKSIG_V4_NO_V2_V3', 'no verified signature scheme block to compare the APK digest with'];
  for (const s of scheme.signers) {
    for (const [alg, claimed] of s.claimedDigests) {
      if (!bytesEqual(claimed, info.apkDigest)) continue;
      const actual = inputs.contentDigests(new Set([alg])).get(alg)!;
      if (bytesEqual(actual, claimed)) return undefined;
    }
  }
  return ['APKSIG_V4_APK_DIGEST_MISMATCH', `APK digest ${hex(info.apkDigest)} is not a verified ${scheme.scheme} content digest of this APK`];
}

/** FORMAT: see the module header. */
export function v4SignedData(fileSize: number, h: V4HashingInfo, info: V4SigningInfo): Uint8Array {
  const body = new ByteWriter().u32le(0).u64le(BigInt(fileSize)).u32le(h.hashAlgorithm).u8(h.log2BlockSize);
  for (const b of [h.salt, h.rootHash, info.apkDigest, info.certificate, info.additionalData]) writeLengthPrefixed(body, b);
  const bytes = body.toBytes();
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(0, bytes.length, true);
  return bytes;
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
