// The signer's cheaper self-check (verifySignedOutput): the v1 entry digests taken while copying are
// the digests of the entries' contents (Python's zipfile + hashlib as the oracle), the check agrees
// with apksigner verify and with the full verifyApk on the signed output, the trusted digests are
// still compared with what MANIFEST.MF says, and nothing is trusted without a verified v2/v3 signature.

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BytesSource, FileSource } from '../../../src/core/data-source.js';
import { MemorySink } from '../../../src/core/data-sink.js';
import { openZip } from '../../../src/container/zip-reader.js';
import { signApk, type SignApkResult } from '../../../src/android/sign/apk-signer.js';
import { verifyApk, verifySignedOutput } from '../../../src/android/verify/apk-verifier.js';
import { loadSigningIdentity } from '../../../src/keys/load.js';
import { Secret } from '../../../src/keys/secret.js';
import { signingKeyFromIdentity } from '../../../src/pipeline/sign-apk.js';
import { FIXTURES, SYSTEM_PYTHON, missingTools, run, runStatus } from '../../helpers/env.js';

const INPUT = join(FIXTURES, 'android/sample-multidex.apk');
let work: string;
let key: ReturnType<typeof signingKeyFromIdentity>;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mam-self-check-'));
  key = signingKeyFromIdentity(loadSigningIdentity({ ks: join(FIXTURES, 'keys/rsa2048.jks'), ksPass: new Secret('android') }));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sign(schemes: { v1: boolean; v2: boolean; v3: boolean }): { bytes: Uint8Array; result: SignApkResult } {
  const source = FileSource.open(INPUT);
  try {
    const sink = new MemorySink();
    const result = signApk(openZip(source), sink, key, { schemes, minSdk: 21 });
    return { bytes: sink.toBytes(), result };
  } finally {
    source.close();
  }
}

const errorCodes = (r: ReturnType<typeof verifyApk>): string[] => r.issues.filter((i) => i.severity === 'error').map((i) => i.code);

/** The first stored entry's data offset in `bytes`, by Python's zipfile. */
function storedDataOffset(path: string): { name: string; offset: number } {
  const script = `import sys, zipfile, struct
z = zipfile.ZipFile(sys.argv[1]); f = open(sys.argv[1], 'rb')
for i in z.infolist():
    if i.compress_type == 0 and i.file_size > 0 and not i.filename.startswith('META-INF/'):
        f.seek(i.header_offset); h = f.read(30); n, e = struct.unpack('<HH', h[26:30])
        print(i.filename); print(i.header_offset + 30 + n + e); break`;
  const [name, offset] = run(SYSTEM_PYTHON, ['-c', script, path]).trim().split('\n');
  return { name: name!, offset: Number(offset) };
}

describe('verifySignedOutput', () => {
  it("the digests taken while copying are SHA-256 of each entry's contents, as Python's zipfile reads them", () => {
    const { result } = sign({ v1: true, v2: true, v3: true });
    const script = 'import sys, zipfile, hashlib, json\nz = zipfile.ZipFile(sys.argv[1])\nprint(json.dumps({i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist() if not i.is_dir()}))';
    const python = JSON.parse(run(SYSTEM_PYTHON, ['-c', script, INPUT])) as Record<string, string>;
    expect(result.v1EntryDigests?.hash).toBe('sha256');
    const ours = Object.fromEntries([...result.v1EntryDigests!.digests].map(([n, d]) => [n, Buffer.from(d).toString('hex')]));
    const expected = Object.fromEntries(Object.entries(python).filter(([n]) => !/^META-INF\/[^/]*\.(SF|RSA|DSA|EC|MF)$/.test(n)));
    expect(ours).toEqual(expected);
  });

  it.skipIf(missingTools('self-check against apksigner', 'apksigner'))('accepts what apksigner verify accepts, as the full verifier does', () => {
    const { bytes, result } = sign({ v1: true, v2: true, v3: true });
    const path = join(work, 'signed.apk');
    writeFileSync(path, bytes);
    expect(runStatus('apksigner', ['verify', '--verbose', path]).status).toBe(0);
    const archive = () => openZip(new BytesSource(bytes));
    const quick = verifySignedOutput(archive(), { minSdk: 21 }, result.v1EntryDigests);
    const full = verifyApk(archive(), { minSdk: 21 });
    expect(errorCodes(quick)).toEqual([]);
    expect(quick.verified).toBe(true);
    expect(quick.schemes).toEqual(full.schemes);
    expect(quick.schemes.v1).toBe('verified');
  });

  it('still compares the trusted digests with MANIFEST.MF', () => {
    const { bytes, result } = sign({ v1: true, v2: true, v3: true });
    const digests = new Map(result.v1EntryDigests!.digests);
    const [name, digest] = [...digests].find(([n]) => n.endsWith('.dex'))!;
    digests.set(name, createHash('sha256').update(digest).digest());
    const r = verifySignedOutput(openZip(new BytesSource(bytes)), { minSdk: 21 }, { hash: 'sha256', digests });
    expect(r.verified).toBe(false);
    expect(errorCodes(r)).toContain('APKSIG_V1_DIGEST_MISMATCH');
  });

  it.skipIf(missingTools('damaged output against apksigner', 'apksigner'))('refuses an output whose entry data changed after signing, with or without v2/v3 (apksigner agrees)', () => {
    for (const schemes of [{ v1: true, v2: true, v3: true }, { v1: true, v2: false, v3: false }]) {
      const { bytes, result } = sign(schemes);
      const path = join(work, `damaged-${schemes.v2}.apk`);
      writeFileSync(path, bytes);
      const target = storedDataOffset(path);
      const damaged = Uint8Array.from(bytes);
      damaged[target.offset] = damaged[target.offset]! ^ 0x01;
      writeFileSync(path, damaged);
      expect(runStatus('apksigner', ['verify', path]).status, `apksigner, v2=${schemes.v2}`).not.toBe(0);
      // The trusted digests still describe the undamaged copy: only a re-read can notice.
      const r = verifySignedOutput(openZip(new BytesSource(damaged)), { minSdk: 21 }, result.v1EntryDigests);
      expect(r.verified, `v2=${schemes.v2}`).toBe(false);
      expect(errorCodes(r).length).toBeGreaterThan(0);
    }
  });
});
