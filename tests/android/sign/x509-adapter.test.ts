// src/core/x509.ts and src/core/asn1.ts on real certificates (every certificate in the corpus v1
// signature blocks), compared with `openssl x509` and `openssl asn1parse`.
import { describe, expect, it } from 'vitest';
import { FileSource } from '../../../src/core/data-source.js';
import { parseAsn1 } from '../../../src/core/asn1.js';
import { describeCertificate } from '../../../src/core/x509.js';
import { openZip } from '../../../src/container/zip-reader.js';
import { readV1Signatures } from '../../../src/android/sign/jar-signature.js';
import { corpusFiles, corpusPresent, missingTools, run } from '../../helpers/env.js';

function corpusCertificates(): Uint8Array[] {
  const seen = new Map<string, Uint8Array>();
  for (const f of corpusFiles('android', '.apk')) {
    const src = FileSource.open(f);
    try {
      for (const s of readV1Signatures(openZip(src)).signers) for (const c of s.block.certificates) seen.set(Buffer.from(c).toString('hex'), c);
    } finally {
      src.close();
    }
  }
  return [...seen.values()];
}

const certs = corpusPresent('x509 adapter vs openssl') ? corpusCertificates() : [];
const noOpenssl = missingTools('x509 adapter vs openssl', 'openssl');

describe.skipIf(certs.length === 0 || noOpenssl)('certificate facts vs openssl x509', () => {
  it('found certificates', () => expect(certs.length).toBeGreaterThanOrEqual(10));

  it.each(certs.map((c, i) => [i, c] as const))('certificate %i', (_i, der) => {
    const facts = describeCertificate(der);
    const out = run('openssl', ['x509', '-inform', 'DER', '-noout', '-startdate', '-enddate', '-fingerprint', '-sha1', '-serial', '-text'], { input: der });
    const field = (name: string): string => new RegExp(`^${name}=(.*)$`, 'm').exec(out)![1]!;
    expect(facts.notBefore).toBe(new Date(field('notBefore')).toISOString());
    expect(facts.notAfter).toBe(new Date(field('notAfter')).toISOString());
    expect(facts.sha1).toBe(field('sha1 Fingerprint').replace(/:/g, '').toLowerCase());
    expect(facts.serialNumber.replace(/^0+/, '')).toBe(field('serial').replace(/^0+/, ''));
    const keyLine = /Public Key Algorithm: ([\w-]+)/.exec(out)![1]!;
    expect(facts.publicKeyAlgorithm).toBe({ rsaEncryption: 'RSA', 'id-ecPublicKey': 'EC', dsaEncryption: 'DSA' }[keyLine]);
  });

  it.each(certs.map((c, i) => [i, c] as const))('certificate %i: ASN.1 structure matches openssl asn1parse', (_i, der) => {
    const lines = run('openssl', ['asn1parse', '-inform', 'DER'], { input: der }).trim().split('\n');
    const expected = lines.map((l) => {
      const m = /^\s*(\d+):d=(\d+)\s+hl=\s*(\d+) l=\s*(\d+)/.exec(l)!;
      return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    });
    const flat: number[][] = [];
    const walk = (n: ReturnType<typeof parseAsn1>, depth: number): void => {
      flat.push([n.offset, depth, n.contentOffset - n.offset, n.contentLength]);
      n.children.forEach((c) => walk(c, depth + 1));
    };
    walk(parseAsn1(der), 0);
    // openssl descends into OCTET/BIT STRINGs that hold DER; we do not, so compare the nodes it shares with us.
    const ours = new Set(flat.map((x) => x.join(',')));
    expect(expected.filter((e) => ours.has(e.join(','))).length).toBe(flat.length);
  });
});

describe('parseAsn1 (X.690) on literal encodings', () => {
  const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s/g, ''), 'hex'));

  it('reads BER indefinite lengths on constructed values, as old JAR signing tools emit', () => {
    const n = parseAsn1(hex('3080 020105 a080 0400 0000 0000'));
    expect([n.indefinite, n.end, n.children.length]).toEqual([true, 13, 2]);
    expect(n.children[1]).toMatchObject({ tagClass: 2, tag: 0, indefinite: true, offset: 5, end: 11 });
  });

  it('reads long-form lengths and high tag numbers', () => {
    const n = parseAsn1(hex(`3081 86 9f2003 000102 ${'00'.repeat(128)}`));
    expect([n.contentLength, n.end, n.children.length]).toEqual([0x86, 3 + 0x86, 1 + 64]);
    expect(n.children[0]).toMatchObject({ tagClass: 2, tag: 32, contentLength: 3 });
  });

  it('refuses a length past the end with its offset', () => {
    expect(() => parseAsn1(hex('3005 0201'), { errorCode: 'X_BAD', base: 0x40 })).toThrow(expect.objectContaining({ code: 'X_BAD', context: { offset: 0x40 } }));
  });
});
