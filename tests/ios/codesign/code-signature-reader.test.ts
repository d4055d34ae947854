// The code-signature reader against independent oracles: SuperBlob and CodeDirectory round trips,
// code-slot hashes recomputed here with node:crypto over the file's pages, the shared checker
// /work/shared/oracles/verify_macho_sig.py (identifier, team, version, flags, slot counts, code limit, page
// size, CDHash), and `openssl pkcs7 -print_certs` for the CMS certificates and signer.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesEqual, toHex } from '../../../src/core/byte-writer.js';
import { codeSignatureBytes, readCodeSignature, type CodeSignatureInfo } from '../../../src/ios/codesign/read-code-signature.js';
import { layoutCodeDirectory, serializeCodeDirectory } from '../../../src/ios/codesign/code-directory.js';
import { layoutSuperBlob, serializeSuperBlob } from '../../../src/ios/codesign/superblob.js';
import { CS_ADHOC, CS_HASH_ALGORITHMS } from '../../../src/ios/codesign/cs-constants.js';
import { parseMachOFile } from '../../../src/ios/macho/parse-macho.js';
import { machOImages } from '../../../src/ios/macho/macho-facts.js';
import type { MachO } from '../../../src/ios/macho/macho-types.js';
import { MACHO_SIG_ORACLE, corpusPresent, missingTools, runStatus, SYSTEM_PYTHON } from '../../helpers/env.js';
import { corpusMachOs, fixtureMachOs, FIXTURE_BIN_DIR, type MachOInput } from '../macho/macho-inputs.js';

const VERIFY_SCRIPT = MACHO_SIG_ORACLE;
const corpus = corpusPresent('iOS corpus code signatures') ? corpusMachOs() : { inputs: [], cleanup: () => {} };
const scratch = mkdtempSync(join(tmpdir(), 'mam-codesign-'));
afterAll(() => {
  corpus.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

interface Signed {
  input: MachOInput;
  images: { image: MachO; sig: CodeSignatureInfo | undefined }[];
}

const signed: Signed[] = [...fixtureMachOs(), ...corpus.inputs].map((input) => {
  const images = machOImages(parseMachOFile(new Uint8Array(readFileSync(input.path))));
  return { input, images: images.map((image) => ({ image, sig: readCodeSignature(image) })) };
}).filter((s) => s.images.some((i) => i.sig));

const cases = signed.map((s) => [s.input.name, s] as const);

describe('signature round trips', () => {
  it('has signed inputs (fixture ad-hoc binaries and signed corpus apps)', () => {
    expect(signed.map((s) => s.input.name)).toEqual(expect.arrayContaining(['hello-arm64-adhoc', 'libfoo-adhoc.dylib']));
    if (corpus.inputs.length) expect(signed.length).toBeGreaterThan(40);
  });

  it.each(cases)('%s: serializeSuperBlob and serializeCodeDirectory give the bytes back', (_n, s) => {
    for (const { image, sig } of s.images) {
      if (!sig) continue;
      const raw = codeSignatureBytes(image)!;
      expect(bytesEqual(serializeSuperBlob(sig.superBlob), raw.subarray(0, sig.superBlob.length))).toBe(true);
      for (const cd of sig.codeDirectories) expect(bytesEqual(serializeCodeDirectory(cd.codeDirectory), cd.blob)).toBe(true);
    }
  });

  const appleSigned = cases.filter(([name]) => name.includes('!'));
  it.each(appleSigned)('%s: layoutSuperBlob and layoutCodeDirectory reproduce the layout Apple codesign wrote', (_n, s) => {
    for (const { sig } of s.images) {
      if (!sig) continue;
      const relaid = layoutSuperBlob(sig.superBlob.magic, sig.superBlob.entries.map((e) => ({ type: e.type, blob: e.blob })));
      expect(relaid).toEqual(sig.superBlob);
      for (const { codeDirectory: cd } of sig.codeDirectories) expect(layoutCodeDirectory(cd)).toEqual(cd);
    }
  });
});

describe('code slot hashes equal the hashes of the file pages (node:crypto, computed here)', () => {
  it.each(cases)('%s', (_n, s) => {
    for (const { image, sig } of s.images) {
      for (const { codeDirectory: cd } of sig?.codeDirectories ?? []) {
        const alg = CS_HASH_ALGORITHMS[cd.hashType]!;
        const page = cd.pageSize ? 2 ** cd.pageSize : cd.codeLimit;
        const expected: string[] = [];
        for (let at = 0; at < cd.codeLimit; at += page) {
          const chunk = image.data.subarray(at, Math.min(at + page, cd.codeLimit));
          expected.push(createHash(alg.name).update(chunk).digest('hex').slice(0, alg.size * 2));
        }
        expect(cd.codeSlotHashes.map(toHex)).toEqual(expected);
      }
    }
  });
});

interface OracleCd {
  ident: string;
  team: string | null;
  version: number;
  flags: number;
  nCode: number;
  nSpecial: number;
  codeLimit: number;
  pageLog2: number;
  cdhash: string;
}

function verifyScript(path: string): { slices: OracleCd[][]; failures: string[] } {
  const out = runStatus(SYSTEM_PYTHON, [VERIFY_SCRIPT, path]).stdout;
  const slices: OracleCd[][] = [];
  const failures: string[] = [];
  const cdLine = /CD\[slot 0x[0-9a-f]+\]: ident='(.*)' team=(None|'.*') version=0x([0-9a-f]+) flags=0x([0-9a-f]+) nCode=(\d+) nSpecial=(\d+) codeLimit=(\d+) page=2\^(\d+) cdhash=([0-9a-f]+)/;
  for (const line of out.split('\n')) {
    if (line.startsWith('slice ')) slices.push([]);
    if (line.startsWith('  FAIL ')) failures.push(line.trim());
    const m = cdLine.exec(line);
    if (m) {
      slices[slices.length - 1]!.push({
        ident: m[1]!, team: m[2] === 'None' ? null : m[2]!.slice(1, -1), version: parseInt(m[3]!, 16), flags: parseInt(m[4]!, 16),
        nCode: +m[5]!, nSpecial: +m[6]!, codeLimit: +m[7]!, pageLog2: +m[8]!, cdhash: m[9]!,
      });
    }
  }
  return { slices, failures };
}

/** The fixtures and the first signed Mach-O of each corpus archive: the checker runs openssl, so it is slow. */
function sampleForChecker(): typeof cases {
  const seen = new Set<string>();
  return cases.filter(([name]) => {
    const archive = name.includes('!') ? name.split('!')[0]! : name;
    if (seen.has(archive)) return false;
    seen.add(archive);
    return true;
  });
}

describe.skipIf(missingTools('verify_macho_sig.py cross-check', SYSTEM_PYTHON, VERIFY_SCRIPT, 'openssl'))('code directories equal what verify_macho_sig.py reports', () => {
  it.each(sampleForChecker())('%s', (_n, s) => {
    const oracle = verifyScript(s.input.path);
    expect(oracle.failures.filter((f) => f.includes('code page hashes') || f.includes('SuperBlob'))).toEqual([]);
    const ours = s.images.map(({ sig }) =>
      (sig?.codeDirectories ?? []).map(({ codeDirectory: cd, cdHash }) => ({
        ident: cd.identifier, team: cd.teamId ?? null, version: cd.version, flags: cd.flags, nCode: cd.nCodeSlots,
        nSpecial: cd.nSpecialSlots, codeLimit: cd.codeLimit, pageLog2: cd.pageSize, cdhash: toHex(cdHash),
      })),
    );
    expect(ours).toEqual(oracle.slices);
  });
});

function opensslCerts(cms: Uint8Array): { subjects: string[]; sha256: string[] } {
  const file = join(scratch, 'cms.der');
  writeFileSync(file, cms);
  const out = runStatus('openssl', ['pkcs7', '-inform', 'DER', '-in', file, '-print_certs']).stdout;
  const pems = [...out.matchAll(/-----BEGIN CERTIFICATE-----\n[\s\S]*?-----END CERTIFICATE-----\n/g)].map((m) => m[0]);
  const sha256 = pems.map((pem) => createHash('sha256').update(Buffer.from(pem.replace(/-----[A-Z ]+-----|\s+/g, ''), 'base64')).digest('hex'));
  const subjects = [...out.matchAll(/^subject=(.*)$/gm)].map((m) => m[1]!);
  return { subjects, sha256 };
}

/** openssl escapes non-ASCII bytes as \XX (esc_msb); turn runs of them back into UTF-8 text. */
function unescapeMsb(s: string): string {
  return s.replace(/(?:\\[0-9A-F]{2})+/g, (run) => Buffer.from(run.replace(/\\/g, ''), 'hex').toString('utf8'));
}

/**
 * A distinguished name as a sorted list of attribute=value pairs. Splits on commas that are neither escaped
 * (node:crypto and RFC 4514 write `\,`) nor quoted (openssl's default format writes `"a, b"`).
 */
function rdnSet(dn: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  const text = unescapeMsb(dn);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) cur += text[++i];
    else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim().replace(/\s*=\s*/, '=')).sort();
}

const withCms = cases.filter(([, s]) => s.images.some((i) => i.sig?.cmsInfo));
describe.skipIf(missingTools('CMS certificates vs openssl', 'openssl') || !corpusPresent('CMS certificates vs openssl'))('CMS certificates and signer equal openssl pkcs7 -print_certs', () => {
  it.each(withCms)('%s', (_n, s) => {
    for (const { sig } of s.images) {
      if (!sig?.cmsInfo) continue;
      const oracle = opensslCerts(sig.cms!);
      expect(sig.cmsInfo.certificates.map((c) => c.sha256)).toEqual(oracle.sha256);
      expect(sig.cmsInfo.certificates.map((c) => rdnSet(c.subject))).toEqual(oracle.subjects.map(rdnSet));
      expect(sig.cmsInfo.signer, 'signer found by issuer and serial').toBeDefined();
      expect(oracle.sha256).toContain(sig.cmsInfo.signer!.sha256);
      expect(sig.adhoc).toBe(false);
    }
  });
});

describe('ad-hoc and unsigned fixtures (built by fixtures/ios/bin/build.sh)', () => {
  const load = (name: string) => machOImages(parseMachOFile(new Uint8Array(readFileSync(join(FIXTURE_BIN_DIR, name)))));
  it.skipIf(!existsSync(join(FIXTURE_BIN_DIR, 'hello-arm64')))('hello-arm64 (linked without -adhoc_codesign) has no signature', () => {
    expect(load('hello-arm64').map((i) => readCodeSignature(i))).toEqual([undefined]);
  });
  it('hello-arm64-adhoc (linked with -adhoc_codesign) is ad hoc: CS_ADHOC, no CMS blob', () => {
    const sig = readCodeSignature(load('hello-arm64-adhoc')[0]!)!;
    expect(sig.adhoc).toBe(true);
    expect(sig.codeDirectories[0]!.codeDirectory.flags & CS_ADHOC).toBe(CS_ADHOC);
    expect(sig.cms).toBeUndefined();
  });
});
