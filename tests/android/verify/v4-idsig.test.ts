// APK Signature Scheme v4 (.idsig). Oracles: the .idsig files apksig writes (the corpus one, and one
// made here by `apksigner sign --v4-signing-enabled` with a fixture key) for the Merkle tree, and
// `apksigner verify --v4-signature-file` for damaged copies. apksigner 31 reports a v4 signature that
// fails as "Verified using v4 scheme: false" but still says "Verifies" (exit 0); Android's incremental
// installer refuses it, and so does mam. Agreement on damaged .idsig files is therefore judged on the
// v4 scheme status (verified or not), and mam's overall verdict must be "rejects" whenever v4 failed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, corpusPresent, FIXTURES, missingTools, run } from '../../helpers/env.js';
import { merkleTreeOf } from '../../../src/android/verify/merkle-tree.js';
import { parseV4SignatureFile } from '../../../src/android/sign/v4-signature.js';
import { apksignerVerifyAll } from './apksigner-oracle.js';
import { mamVerify } from './mam-verdict.js';

const CORPUS_APK = join(CORPUS, 'android', 'apksig-v31-rsa-2048_2-tgt-10000-dev-release.apk');
const skip = !corpusPresent('v4 verification') || missingTools('v4 verification', 'apksigner');
const dir = mkdtempSync(join(tmpdir(), 'mam-v4-'));
const APK = join(dir, 'signed-v4.apk');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Locate = (b: Buffer, file: ReturnType<typeof parseV4SignatureFile>) => number;
const locate = (field: Uint8Array): Locate => (b) => b.indexOf(Buffer.from(field)) + Math.floor(field.length / 2);
const DAMAGES: [string, Locate][] = [
  ['merkle tree', (b) => b.length - 1],
  ['root hash', (b, f) => locate(f.hashingInfo.rootHash)(b, f)],
  ['apk digest', (b, f) => locate(f.signingInfo.apkDigest)(b, f)],
  ['signature', (b, f) => locate(f.signingInfo.signature)(b, f)],
  ['certificate', (b, f) => locate(f.signingInfo.certificate)(b, f)],
];

describe.skipIf(skip)('v4 (.idsig) verification', () => {
  beforeAll(() => {
    const key = join(FIXTURES, 'keys');
    run('apksigner', ['sign', '--key', join(key, 'rsa2048.pk8'), '--cert', join(key, 'rsa2048.x509.pem'), '--v4-signing-enabled', 'true', '--out', APK, join(FIXTURES, 'android', 'sample.apk')]);
  });

  it.each([CORPUS_APK, APK])('computes the same Merkle tree and root hash as apksig stored beside %s', (apk) => {
    const file = parseV4SignatureFile(new Uint8Array(readFileSync(apk + '.idsig')));
    const tree = merkleTreeOf(new Uint8Array(readFileSync(apk)));
    expect(Buffer.from(tree.rootHash).toString('hex')).toBe(Buffer.from(file.hashingInfo.rootHash).toString('hex'));
    expect(Buffer.compare(Buffer.from(tree.tree), Buffer.from(file.merkleTree))).toBe(0);
  });

  it('agrees with apksigner on the v4 status of the intact and damaged .idsig files', async () => {
    const original = readFileSync(APK + '.idsig');
    const file = parseV4SignatureFile(new Uint8Array(original));
    const idsigs = [APK + '.idsig'];
    for (const [what, at] of DAMAGES) {
      const bytes = Buffer.from(original);
      bytes[at(bytes, file)] ^= 0x01;
      idsigs.push(join(dir, `${what.replace(/ /g, '-')}.idsig`));
      writeFileSync(idsigs[idsigs.length - 1]!, bytes);
    }
    const oracle = await apksignerVerifyAll(idsigs.map((idsig) => ({ apk: APK, idsig })));
    const rows = idsigs.map((idsig, i) => {
      const ours = mamVerify(APK, { idsig });
      const theirsV4 = oracle[i]!.schemes.includes('v4');
      const oursV4 = ours.result?.schemes.v4 === 'verified';
      return { idsig, theirsV4, oursV4, oursVerdict: ours.verifies };
    });
    const agreed = rows.filter((r) => r.theirsV4 === r.oursV4).length;
    console.log(`apksigner agreement (v4 status): ${agreed}/${rows.length}`);
    expect(rows.filter((r) => r.theirsV4 !== r.oursV4)).toEqual([]);
    for (const r of rows) expect(r.oursVerdict).toBe(r.oursV4);
  });

  // apksigner 31 does not know v3.1 and ignores the .idsig's signing info for the rotated v3.1 key;
  // Android 13+ checks it, and so does mam: no oracle verdict here.
  it('rejects a .idsig whose v3.1 signing info signature is damaged', () => {
    const bytes = readFileSync(CORPUS_APK + '.idsig');
    const file = parseV4SignatureFile(new Uint8Array(bytes));
    bytes[locate(file.signingInfoBlocks[0]!.signingInfo.signature)(bytes, file)] ^= 0x01;
    const idsig = join(dir, 'v31-signature.idsig');
    writeFileSync(idsig, bytes);
    const v = mamVerify(CORPUS_APK, { idsig });
    expect(v.verifies).toBe(false);
    expect(v.result!.issues.map((i) => i.code)).toContain('APKSIG_V4_SIGNATURE_INVALID');
  });
});
