// The v4 signature file (.idsig) reader, on the corpus pair (APK + .idsig): apksigner accepts the pair
// with --v4-signature-file, and the fields we read must be the ones it checked: the certificate it
// prints, the content digest of the v3/v3.1 signers, and a Merkle tree / root hash that SHA-256 over the
// APK's 4 KiB blocks reproduces.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BytesSource } from '../../../src/core/data-source.js';
import { openZip } from '../../../src/container/zip-reader.js';
import { readApkSignatureSummary } from '../../../src/android/sign/signature-summary.js';
import { decodeSigningBlock, type DecodedSigningBlock } from '../../../src/android/sign/signing-block-schemes.js';
import { APK_SIGNATURE_SCHEME_V31_BLOCK_ID, findSigningBlock } from '../../../src/android/sign/signing-block.js';
import { parseV4SignatureFile, serializeV4SignatureFile, V4_HASH_ALGORITHM_SHA256 } from '../../../src/android/sign/v4-signature.js';
import { CORPUS, corpusPresent, missingTools } from '../../helpers/env.js';
import { apksignerVerify, sha256Hex, type ApksignerResult } from './oracles.js';

const APK = join(CORPUS, 'android', 'apksig-v31-rsa-2048_2-tgt-10000-dev-release.apk');
const IDSIG = `${APK}.idsig`;
const present = corpusPresent('v4 signature file reader') && existsSync(IDSIG);

/** fs-verity style Merkle tree over 4 KiB blocks, levels stored top first; returns [tree, root]. */
function merkleTree(data: Uint8Array): [Buffer, Buffer] {
  const BLOCK = 4096;
  const hashBlocks = (bytes: Uint8Array): Buffer => {
    const out: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += BLOCK) {
      const block = Buffer.alloc(BLOCK);
      block.set(bytes.subarray(at, Math.min(at + BLOCK, bytes.length)));
      out.push(createHash('sha256').update(block).digest());
    }
    const level = Buffer.concat(out);
    const padded = Buffer.alloc(Math.ceil(level.length / BLOCK) * BLOCK);
    level.copy(padded);
    return padded;
  };
  const levels: Buffer[] = [];
  let level = hashBlocks(data);
  levels.push(level);
  while (level.length > BLOCK) {
    level = hashBlocks(level);
    levels.push(level);
  }
  const root = createHash('sha256').update(level.subarray(0, BLOCK)).digest();
  return [Buffer.concat(levels.reverse()), root];
}

describe.skipIf(!present)('v4 signature file (.idsig)', () => {
  const apk = present ? new Uint8Array(readFileSync(APK)) : new Uint8Array();
  const idsig = present ? new Uint8Array(readFileSync(IDSIG)) : new Uint8Array();
  let block: DecodedSigningBlock;
  beforeAll(() => {
    block = decodeSigningBlock(findSigningBlock(openZip(new BytesSource(apk)))!);
  });

  it('serializes back to the identical bytes', () => {
    expect(Buffer.from(serializeV4SignatureFile(parseV4SignatureFile(idsig))).equals(Buffer.from(idsig))).toBe(true);
  });

  it('has a Merkle tree and root hash that SHA-256 over the APK reproduces', () => {
    const v4 = parseV4SignatureFile(idsig);
    expect(v4.hashingInfo.hashAlgorithm).toBe(V4_HASH_ALGORITHM_SHA256);
    expect(v4.hashingInfo.log2BlockSize).toBe(12);
    expect(v4.hashingInfo.salt.length).toBe(0);
    const [tree, root] = merkleTree(apk);
    expect(Buffer.from(v4.merkleTree).equals(tree)).toBe(true);
    expect(Buffer.from(v4.hashingInfo.rootHash).toString('hex')).toBe(root.toString('hex'));
  });

  it('signs the content digests of the v3 and v3.1 signers', () => {
    const v4 = parseV4SignatureFile(idsig);
    const digests = (b: typeof block.v3): string[] => b!.signers.flatMap((s) => s.signedData.digests.map((d) => sha256Hex(d.digest)));
    expect(digests(block.v3)).toContain(sha256Hex(v4.signingInfo.apkDigest));
    expect(v4.signingInfoBlocks.map((b) => b.blockId)).toEqual([APK_SIGNATURE_SCHEME_V31_BLOCK_ID]);
    expect(digests(block.v31)).toContain(sha256Hex(v4.signingInfoBlocks[0]!.signingInfo.apkDigest));
    expect(sha256Hex(v4.signingInfoBlocks[0]!.signingInfo.certificate)).toBe(sha256Hex(block.v31!.signers[0]!.signedData.certificates[0]!));
  });

  describe.skipIf(missingTools('v4 vs apksigner', 'apksigner'))('vs apksigner --v4-signature-file', () => {
    let a: ApksignerResult;
    beforeAll(async () => {
      a = await apksignerVerify(APK, ['--v4-signature-file', IDSIG]);
    });

    it('apksigner verifies v4 and prints the certificate we read from the .idsig', () => {
      expect(a.verified.v4).toBe(true);
      const s = readApkSignatureSummary(openZip(new BytesSource(apk)), { idsig });
      expect(s.schemes.v4).toBe(true);
      const v4 = s.signers.filter((x) => x.scheme === 'v4').map((x) => x.certSha256);
      expect(v4).toEqual(a.signerSha256);
    });
  });
});
