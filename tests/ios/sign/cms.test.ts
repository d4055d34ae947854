import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, SYSTEM_PYTHON, corpusPresent, missingTools, run, runStatus, ROOT } from '../../helpers/env.js';
import { parseAsn1, asn1Content, asn1Encoded, decodeOid } from '../../../src/core/asn1.js';
import { buildCodeDirectoryCms, type CmsSigningIdentity } from '../../../src/ios/sign/cms.js';
import { checkCmsOverCodeDirectory, verifyCmsOverCodeDirectory } from '../../../src/ios/sign/cms-verify.js';
import { buildSignedAttributes } from '../../../src/ios/sign/cms-attributes.js';
import { corpusSignedSlices, type CorpusSlice } from './corpus-signatures.js';

const KEYS = join(FIXTURES, 'keys');
const tmp = mkdtempSync(join(tmpdir(), 'mam-cms-'));
const noOpenssl = missingTools('CMS interop', 'openssl');
const hasCorpus = corpusPresent('CMS vs corpus signatures');

function pemBlocks(text: string, label: string): Uint8Array[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  return [...text.matchAll(re)].map((m) => new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
}

/** The identity of a PKCS#12, extracted with openssl (the keystore loader is another engineer's area). */
function p12Identity(file: string, pass: string): CmsSigningIdentity {
  const args = ['pkcs12', '-in', join(KEYS, file), '-passin', `pass:${pass}`];
  const leaf = pemBlocks(run('openssl', [...args, '-clcerts', '-nokeys']), 'CERTIFICATE')[0]!;
  const chain = pemBlocks(run('openssl', [...args, '-cacerts', '-nokeys']), 'CERTIFICATE');
  const keyPem = run('openssl', [...args, '-nocerts', '-nodes']);
  const privateKey: KeyObject = createPrivateKey(keyPem.slice(keyPem.indexOf('-----BEGIN')));
  return { privateKey, certificate: leaf, chain };
}

function write(name: string, bytes: Uint8Array): string {
  const p = join(tmp, name);
  writeFileSync(p, bytes);
  return p;
}

function opensslVerify(cms: Uint8Array, cd: Uint8Array, caFile: string): { status: number; stdout: string; stderr: string } {
  return runStatus('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', write('sig.der', cms), '-content', write('cd.bin', cd), '-CAfile', caFile, '-purpose', 'any', '-out', '/dev/null']);
}

function corpusCodeDirectories(s: CorpusSlice): Uint8Array[] {
  return [...s.blobs.entries()].filter(([t]) => t === 0 || (t >= 0x1000 && t < 0x1005)).sort(([a], [b]) => a - b).map(([, b]) => b);
}

const signedCorpus = (): CorpusSlice[] => corpusSignedSlices().filter((s) => (s.blobs.get(0x10000)?.length ?? 0) > 8);
const T0 = new Date('2025-03-04T05:06:07Z');

describe('CMS over CodeDirectories', () => {
  it.skipIf(noOpenssl || !hasCorpus)('builds a CMS that openssl cms -verify accepts with the fixture CA (RSA, one and two CodeDirectories)', () => {
    const id = p12Identity('ios-dev.p12', 'fixture');
    for (const s of [signedCorpus().find((x) => corpusCodeDirectories(x).length === 1)!, signedCorpus().find((x) => corpusCodeDirectories(x).length === 2)!]) {
      const cds = corpusCodeDirectories(s);
      const cms = buildCodeDirectoryCms({ codeDirectories: cds, identity: id, signingTime: T0 });
      const r = opensslVerify(cms, cds[0]!, join(KEYS, 'ios-ca.crt'));
      expect(r.stderr, s.label).toMatch(/Verification successful/);
      const mine = checkCmsOverCodeDirectory(cms, cds);
      expect(mine.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(mine.attributesInDerOrder).toBe(true);
      expect(mine.signer?.subject).toContain('CN=Apple Development: Fixture Test (ABCDE12345)');
      expect(mine.signingTime).toBe('250304050607Z');
    }
  });

  it.skipIf(noOpenssl || !hasCorpus)('carries the five signed attributes, in DER order, as openssl asn1parse reads them', () => {
    const id = p12Identity('ios-dev.p12', 'fixture');
    const cds = corpusCodeDirectories(signedCorpus().find((x) => corpusCodeDirectories(x).length === 2)!);
    const cms = buildCodeDirectoryCms({ codeDirectories: cds, identity: id, signingTime: T0 });
    const out = run('openssl', ['asn1parse', '-inform', 'DER', '-in', write('a.der', cms)]);
    const oids = [...out.matchAll(/OBJECT\s+:(\S+)/g)].map((m) => m[1]!);
    const attrOids = oids.filter((o) => ['contentType', 'signingTime', 'messageDigest', '1.2.840.113635.100.9.1', '1.2.840.113635.100.9.2'].includes(o));
    expect(attrOids).toEqual(['contentType', 'signingTime', 'messageDigest', '1.2.840.113635.100.9.2', '1.2.840.113635.100.9.1']);
    expect(oids.filter((o) => o === 'sha256').length).toBeGreaterThanOrEqual(3);
    expect(oids).toContain('sha1');
    expect(oids).toContain('sha256WithRSAEncryption');
  });

  it.skipIf(noOpenssl || !hasCorpus)('is deterministic for RSA: same inputs, same bytes; another time, other bytes', () => {
    const id = p12Identity('ios-dev.p12', 'fixture');
    const cds = corpusCodeDirectories(signedCorpus()[0]!);
    const a = buildCodeDirectoryCms({ codeDirectories: cds, identity: id, signingTime: T0 });
    const b = buildCodeDirectoryCms({ codeDirectories: cds, identity: id, signingTime: new Date(T0) });
    const c = buildCodeDirectoryCms({ codeDirectories: cds, identity: id, signingTime: new Date('2060-01-01T00:00:00Z') });
    expect(Buffer.compare(a, b)).toBe(0);
    expect(Buffer.compare(a, c)).not.toBe(0);
    expect(run('openssl', ['asn1parse', '-inform', 'DER', '-in', write('c.der', c)])).toContain('GENERALIZEDTIME   :20600101000000Z');
  });

  it.skipIf(noOpenssl || !hasCorpus)('signs with ECDSA P-256 and P-384 keys that openssl verifies', () => {
    const cds = corpusCodeDirectories(signedCorpus()[0]!);
    for (const p12 of ['ec-p256.p12', 'ec-p384.p12']) {
      const id = p12Identity(p12, 'android');
      const cms = buildCodeDirectoryCms({ codeDirectories: cds, identity: id, signingTime: T0 });
      const ca = write(`${p12}.crt`, Buffer.from(`-----BEGIN CERTIFICATE-----\n${Buffer.from(id.certificate).toString('base64')}\n-----END CERTIFICATE-----\n`));
      expect(opensslVerify(cms, cds[0]!, ca).stderr, p12).toMatch(/Verification successful/);
      expect(verifyCmsOverCodeDirectory(cms, cds).filter((i) => i.severity === 'error')).toEqual([]);
    }
  });

  it.skipIf(noOpenssl || !hasCorpus)('reports a changed CodeDirectory and a changed signature', () => {
    const id = p12Identity('ios-dev.p12', 'fixture');
    const cds = corpusCodeDirectories(signedCorpus().find((x) => corpusCodeDirectories(x).length === 2)!);
    const cms = buildCodeDirectoryCms({ codeDirectories: cds, identity: id, signingTime: T0 });
    const changed = cds.map((c) => c.slice());
    changed[0]![changed[0]!.length - 1]! ^= 1;
    changed[1]![changed[1]!.length - 1]! ^= 1;
    const codes = verifyCmsOverCodeDirectory(cms, changed).map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['CMS_MESSAGE_DIGEST_MISMATCH', 'CMS_CDHASHES_MISMATCH', 'CMS_CDHASHES2_MISMATCH']));
    expect(opensslVerify(cms, changed[0]!, join(KEYS, 'ios-ca.crt')).status).not.toBe(0);
    const badSig = cms.slice();
    badSig[badSig.length - 5]! ^= 0xff;
    expect(verifyCmsOverCodeDirectory(badSig, cds).map((i) => i.code)).toContain('CMS_SIGNATURE_INVALID');
  });

  it.skipIf(!hasCorpus)('writes the CDHashes and CDHashes2 attribute values exactly as codesign did in every corpus signature', () => {
    for (const s of signedCorpus()) {
      const cms = s.blobs.get(0x10000)!.subarray(8);
      const cds = corpusCodeDirectories(s);
      const root = parseAsn1(cms);
      const signerInfo = root.children[1]!.children[0]!.children.at(-1)!.children[0]!;
      const attrs = signerInfo.children.find((c) => c.tagClass === 2 && c.tag === 0)!;
      if (!attrs) continue;
      const digestName = ({ '1.3.14.3.2.26': 'sha1', '2.16.840.1.101.3.4.2.1': 'sha256' } as Record<string, string>)[decodeOid(asn1Content(cms, signerInfo.children[2]!.children[0]!))];
      // Values of each attribute, as a sorted list: codesign does not always write SET OF values in DER order.
      const values = (bytes: Uint8Array, a: ReturnType<typeof parseAsn1>): [string, string] => [
        decodeOid(asn1Content(bytes, a.children[0]!)),
        a.children[1]!.children.map((v) => Buffer.from(asn1Encoded(bytes, v)).toString('hex')).sort().join(','),
      ];
      const real = new Map(attrs.children.map((a) => values(cms, a)));
      const ours = new Map(buildSignedAttributes({ codeDirectories: cds, signingTime: T0, digestName }).map((a) => values(a, parseAsn1(a))));
      for (const oid of ['1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4', '1.2.840.113635.100.9.1', '1.2.840.113635.100.9.2']) {
        if (real.has(oid)) expect(ours.get(oid), `${s.label} ${oid}`).toBe(real.get(oid));
      }
    }
  });

  it.skipIf(noOpenssl || !hasCorpus || missingTools('python oracle', SYSTEM_PYTHON))(
    'accepts every genuine corpus signature, including those openssl rejects for non-DER attribute order (verify_macho_sig.py is the oracle)',
    () => {
      const slices = signedCorpus();
      let mineOk = 0;
      let mineNonDer = 0;
      const oracleByFile = new Map<string, string>();
      for (const s of slices) {
        const cms = s.blobs.get(0x10000)!.subarray(8);
        const v = checkCmsOverCodeDirectory(cms, corpusCodeDirectories(s));
        expect(v.issues.filter((i) => i.severity === 'error'), s.label).toEqual([]);
        mineOk++;
        if (!v.attributesInDerOrder) mineNonDer++;
        if (!oracleByFile.has(s.file)) {
          oracleByFile.set(s.file, runStatus(SYSTEM_PYTHON, [join(ROOT, '..', 'shared', 'oracles', 'verify_macho_sig.py'), s.file]).stdout);
        }
      }
      const cmsLines = [...oracleByFile.values()].flatMap((o) => o.split('\n').filter((l) => l.includes('CMS over first CodeDirectory')));
      const opensslOk = cmsLines.filter((l) => l.trimStart().startsWith('OK')).length;
      console.log(`corpus CMS blobs: ${mineOk}/${slices.length} accepted by verifyCmsOverCodeDirectory (${mineNonDer} with non-DER attribute order); verify_macho_sig.py/openssl accepted ${opensslOk}/${cmsLines.length} slices`);
      expect(cmsLines.length).toBe(slices.length);
      expect(mineOk).toBe(slices.length);
      expect(readFileSync(join(KEYS, 'ios-ca.crt')).length).toBeGreaterThan(0);
    },
  );
});
