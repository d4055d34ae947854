// APK Signing Block container and v2/v3 signer parsing on hand-written bytes laid out from the
// specification's grammar (source.android.com "APK Signature Scheme v2" / "v3"), with round trips.
import { describe, expect, it } from 'vitest';
import { parseSchemeBlock } from '../../../src/android/sign/scheme-block.js';
import { decodeSigningBlock } from '../../../src/android/sign/signing-block-schemes.js';
import {
  APK_SIGNATURE_SCHEME_V2_BLOCK_ID,
  VERITY_PADDING_BLOCK_ID,
  parseSigningBlock,
  serializeSigningBlock,
  signingBlockIdName,
} from '../../../src/android/sign/signing-block.js';
import { findSignatureAlgorithm, signatureAlgorithmName } from '../../../src/android/sign/signature-algorithms.js';
import { STAMP_TIME_ATTR_ID, parseSourceStamp } from '../../../src/android/sign/source-stamp.js';
import { PROOF_OF_ROTATION_ATTR_ID, STRIPPING_PROTECTION_ATTR_ID, parseSigningCertificateLineage, serializeSigningCertificateLineage } from '../../../src/android/sign/additional-attributes.js';

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/[\s|]/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const MAGIC_HEX = Buffer.from('APK Sig Block 42').toString('hex');

describe('APK Signing Block container', () => {
  // size = 16 (pair) + 24 (footer) = 40 = 0x28; pair: uint64 length 8, id 0x01020304, value aabbccdd
  const block = hex(`2800000000000000 | 0800000000000000 04030201 aabbccdd | 2800000000000000 ${MAGIC_HEX}`);

  it('parses the size fields, pairs and magic, with file offsets', () => {
    const b = parseSigningBlock(block, 0x1000);
    expect(b.offset).toBe(0x1000);
    expect(b.pairs).toEqual([{ id: 0x01020304, value: hex('aabbccdd'), offset: 0x1008 }]);
    expect(toHex(serializeSigningBlock(b.pairs))).toBe(toHex(block));
  });

  it('keeps pair order, duplicates and unknown IDs', () => {
    const pairs = [
      { id: VERITY_PADDING_BLOCK_ID, value: new Uint8Array(7) },
      { id: 0xdeadbeef, value: hex('01') },
      { id: 0xdeadbeef, value: hex('02') },
    ];
    const bytes = serializeSigningBlock(pairs);
    expect(parseSigningBlock(bytes).pairs.map((p) => [p.id, toHex(p.value)])).toEqual(pairs.map((p) => [p.id, toHex(p.value)]));
    expect(decodeSigningBlock(parseSigningBlock(bytes))).toMatchObject({ verityPaddingBytes: 7, otherIds: [0xdeadbeef, 0xdeadbeef], errors: [] });
    expect(signingBlockIdName(0xdeadbeef)).toBe('unknown (0xdeadbeef)');
  });

  it('reports the offset of an overrunning pair', () => {
    const bad = hex(`2800000000000000 | 0900000000000000 04030201 aabbccdd | 2800000000000000 ${MAGIC_HEX}`);
    expect(() => parseSigningBlock(bad, 0x200)).toThrow(expect.objectContaining({ code: 'APKSIG_PAIR_OVERRUN', context: expect.objectContaining({ offset: 0x208 }) }));
  });
});

describe('v2 and v3 signer blocks', () => {
  const lp = (h: string): string => {
    const b = hex(h);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(b.length);
    return len.toString('hex') + toHex(b);
  };
  const u32 = (v: number): string => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    return b.toString('hex');
  };
  const digests = lp(lp(u32(0x0103) + lp('11'.repeat(32))));
  const certs = lp(lp('3003020101'));
  const attrs = lp(lp(u32(STRIPPING_PROTECTION_ATTR_ID) + u32(3)));
  const signatures = lp(lp(u32(0x0201) + lp('22'.repeat(8))));
  const publicKey = lp('33'.repeat(4));

  it('reads a v2 signer: digests, certificates, attributes, trailing bytes, signatures, public key', () => {
    const signedData = digests + certs + attrs + u32(0);
    const value = hex(lp(lp(lp(signedData) + signatures + publicKey)));
    const [s] = parseSchemeBlock(value, 'v2', 100).signers;
    expect(s!.offset).toBe(104);
    expect(toHex(s!.signedData.bytes)).toBe(signedData);
    expect(s!.signedData.digests.map((d) => [d.algorithmId, toHex(d.digest)])).toEqual([[0x0103, '11'.repeat(32)]]);
    expect(s!.signedData.certificates.map(toHex)).toEqual(['3003020101']);
    expect(s!.signedData.trailing).toEqual(hex('00000000'));
    expect(s!.attributes.strippingProtectionScheme).toBe(3);
    expect(s!.signatures.map((x) => [x.algorithmId, toHex(x.signature)])).toEqual([[0x0201, '22'.repeat(8)]]);
    expect(toHex(s!.publicKey)).toBe('33333333');
    expect(s!.minSdkVersion).toBeUndefined();
  });

  it('reads v3 SDK ranges inside and outside the signed data', () => {
    const signedData = digests + certs + u32(24) + u32(0x7fffffff) + lp('');
    const value = hex(lp(lp(lp(signedData) + u32(28) + u32(0x7fffffff) + signatures + publicKey)));
    const [s] = parseSchemeBlock(value, 'v3').signers;
    expect([s!.signedData.minSdkVersion, s!.signedData.maxSdkVersion, s!.minSdkVersion, s!.maxSdkVersion]).toEqual([24, 0x7fffffff, 28, 0x7fffffff]);
    expect(s!.signedData.trailing.length).toBe(0);
  });

  it('reads and re-encodes a proof-of-rotation lineage', () => {
    const node = (cert: string, alg: number, flags: number, parentAlg: number, sig: string): string => lp(lp(lp(cert) + u32(alg)) + u32(flags) + u32(parentAlg) + lp(sig));
    const lineageHex = u32(1) + node('aa01', 0x0103, 31, 0, '') + node('bb02', 0x0103, 31, 0x0103, 'cc'.repeat(4));
    const lineage = parseSigningCertificateLineage(hex(lineageHex));
    expect(lineage.version).toBe(1);
    expect(lineage.nodes.map((n) => [toHex(n.certificate), n.signatureAlgorithmId, n.flags, n.parentSignatureAlgorithmId, toHex(n.signature)])).toEqual([
      ['aa01', 0x0103, 31, 0, ''],
      ['bb02', 0x0103, 31, 0x0103, 'cccccccc'],
    ]);
    expect(toHex(serializeSigningCertificateLineage(lineage))).toBe(lineageHex);
    const signedData = digests + certs + u32(28) + u32(0x7fffffff) + lp(lp(u32(PROOF_OF_ROTATION_ATTR_ID) + lineageHex));
    const value = hex(lp(lp(lp(signedData) + u32(28) + u32(0x7fffffff) + signatures + publicKey)));
    expect(parseSchemeBlock(value, 'v3').signers[0]!.attributes.lineage?.nodes).toHaveLength(2);
  });

  it('keeps a broken scheme as an error next to a good one', () => {
    const good = { id: APK_SIGNATURE_SCHEME_V2_BLOCK_ID, value: hex(lp(lp(lp(digests + certs + lp('')) + signatures + publicKey))) };
    const broken = { id: 0xf05368c0, value: hex(lp(lp('00'))) };
    const d = decodeSigningBlock(parseSigningBlock(serializeSigningBlock([good, broken])));
    expect(d.v2?.signers).toHaveLength(1);
    expect(d.v3).toBeUndefined();
    expect(d.errors.map((e) => [e.scheme, e.error.code])).toEqual([['v3', 'APKSIG_TRUNCATED']]);
  });
});

describe('signature algorithm IDs', () => {
  it('names the IDs the specification defines', () => {
    expect(signatureAlgorithmName(0x0101)).toBe('RSASSA-PSS-with-SHA2-256');
    expect(signatureAlgorithmName(0x0103)).toBe('RSASSA-PKCS1-v1_5-with-SHA2-256');
    expect(signatureAlgorithmName(0x0201)).toBe('ECDSA-with-SHA2-256');
    expect(signatureAlgorithmName(0x0301)).toBe('DSA-with-SHA2-256');
    expect(findSignatureAlgorithm(0x0423)).toMatchObject({ keyAlgorithm: 'EC', contentDigest: 'VERITY_CHUNKED_SHA256' });
    expect(signatureAlgorithmName(0x0999)).toBe('unknown (0x0999)');
  });
});

describe('source stamp blocks', () => {
  const lp = (b: Buffer): Buffer => Buffer.concat([u32b(b.length), b]);
  const u32b = (v: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    return b;
  };
  const sigs = lp(lp(Buffer.concat([u32b(0x0103), lp(Buffer.from('abcd', 'hex'))])));
  const cert = lp(Buffer.from('3003020101', 'hex'));

  it('reads a v1 stamp: certificate and signatures over the v2 digest', () => {
    const stamp = parseSourceStamp(lp(Buffer.concat([cert, sigs])), 1);
    expect(toHex(stamp.certificate)).toBe('3003020101');
    expect(stamp.signedSchemes.map((s) => [s.schemeId, s.signatures.map((x) => [x.algorithmId, toHex(x.signature)])])).toEqual([[2, [[0x0103, 'abcd']]]]);
  });

  it('reads a v2 stamp: per-scheme signatures and signed stamp attributes', () => {
    const schemes = lp(Buffer.concat([lp(Buffer.concat([u32b(2), sigs])), lp(Buffer.concat([u32b(3), sigs]))]));
    const attrs = lp(lp(lp(Buffer.concat([u32b(STAMP_TIME_ATTR_ID), Buffer.from('0100000000000000', 'hex')]))));
    const stamp = parseSourceStamp(lp(Buffer.concat([cert, schemes, attrs, sigs])), 2);
    expect(stamp.signedSchemes.map((s) => s.schemeId)).toEqual([2, 3]);
    expect(stamp.attributes?.attributes.map((a) => [a.id, toHex(a.value)])).toEqual([[STAMP_TIME_ATTR_ID, '0100000000000000']]);
    expect(stamp.attributes?.signatures).toHaveLength(1);
  });
});
