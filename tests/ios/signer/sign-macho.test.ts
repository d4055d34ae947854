// Mach-O signing against independent oracles: verify_macho_sig.py (its own page hashing and special-slot
// checks, openssl cms -verify against the fixture CA), llvm-objdump (the signed file still parses), and
// ld64.lld's own ad-hoc signature of the same code (-Wl,-adhoc_codesign) for the code-slot hashes.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, missingTools, run } from '../../helpers/env.js';
import { signMachO } from '../../../src/ios/sign/sign-macho.js';
import { EMPTY_REQUIREMENT_SET } from '../../../src/ios/sign/sign-macho.js';
import { identityFrom, NOW, oracle, tempDir } from './signer-env.js';

const BIN = join(FIXTURES, 'ios', 'bin');
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(BIN, name)));
const noOracle = missingTools('verify_macho_sig.py / openssl', 'openssl', 'llvm-objdump');

/** Code-slot hashes of every slice as Python reads them (independent of our parser): [[page hashes]]. */
function codeSlots(path: string): { dataoff: number; datasize: number; slots: string[] }[] {
  const py = `
import struct,sys,json
d=open(sys.argv[1],'rb').read()
def sl(d):
  m=struct.unpack('>I',d[:4])[0]
  if m==0xcafebabe:
    n=struct.unpack('>I',d[4:8])[0]
    return [d[o:o+s] for (_,_,o,s,_) in (struct.unpack('>iiIII',d[8+20*i:28+20*i]) for i in range(n))]
  return [d]
out=[]
for s in sl(d):
  ncmds=struct.unpack('<I',s[16:20])[0]; off=32 if s[:4]==b'\\xcf\\xfa\\xed\\xfe' else 28
  for _ in range(ncmds):
    c,z=struct.unpack('<II',s[off:off+8])
    if c==0x1d: do,ds=struct.unpack('<II',s[off+8:off+16])
    off+=z
  sb=s[do:do+ds]; n=struct.unpack('>I',sb[8:12])[0]
  for i in range(n):
    t,o=struct.unpack('>II',sb[12+8*i:20+8*i])
    if t==0:
      cd=sb[o:]; ho,_,_,nc=struct.unpack('>IIII',cd[16:32]); hs=cd[36]
      out.append({'dataoff':do,'datasize':ds,'slots':[cd[ho+hs*j:ho+hs*(j+1)].hex() for j in range(nc)]})
print(json.dumps(out))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, path], { encoding: 'utf8' }));
}

describe('signMachO', () => {
  it.skipIf(noOracle)('ad-hoc signs a thin executable, a fat executable and a dylib that the oracle and llvm-objdump accept', () => {
    const dir = tempDir('macho');
    for (const name of ['hello-arm64', 'hello-fat', 'libfoo.dylib', 'hello-arm64-adhoc']) {
      const out = join(dir, name);
      writeFileSync(out, signMachO(read(name), { identifier: name, mainExecutable: true, signingTime: NOW }).bytes);
      const r = oracle(out, false);
      expect(r.ok, r.output).toBe(true);
      expect(run('llvm-objdump', ['--macho', '--private-headers', out])).toContain('LC_CODE_SIGNATURE');
    }
  });

  it.skipIf(noOracle)('signs with an identity: CMS accepted by openssl against the fixture CA, team ID from the certificate', () => {
    const dir = tempDir('macho-id');
    const signed = signMachO(read('hello-fat'), { identifier: 'com.example.hello', identity: identityFrom('ios-dev.p12'), teamId: 'ABCDE12345', mainExecutable: true, signingTime: NOW });
    writeFileSync(join(dir, 'hello'), signed.bytes);
    const r = oracle(join(dir, 'hello'), false);
    expect(r.ok, r.output).toBe(true);
    expect(r.output).toContain("team='ABCDE12345'");
    expect(r.output.match(/CMS Verification successful/g)?.length).toBe(2);
  });

  it('is deterministic for RSA with a fixed clock', () => {
    const opts = { identifier: 'com.example.hello', identity: identityFrom('ios-dev.p12'), teamId: 'ABCDE12345', mainExecutable: true, signingTime: NOW, requirements: EMPTY_REQUIREMENT_SET };
    const a = signMachO(read('hello-fat'), opts).bytes;
    const b = signMachO(read('hello-fat'), opts).bytes;
    expect(createHash('sha256').update(a).digest('hex')).toBe(createHash('sha256').update(b).digest('hex'));
  });

  it('re-signing a signed binary gives the same bytes as signing the unsigned one (two-pass layout is stable)', () => {
    const once = signMachO(read('hello-arm64'), { identifier: 'x', mainExecutable: true, signingTime: NOW }).bytes;
    const twice = signMachO(once, { identifier: 'x', mainExecutable: true, signingTime: NOW }).bytes;
    expect(Buffer.from(twice).equals(Buffer.from(once))).toBe(true);
  });

  // ld64.lld writes a linker-signed ad-hoc signature (a CodeDirectory only); ours has codesign's shape
  // (plus the empty requirement set and CMS wrapper). So we re-sign lld's own output: every page but the
  // first must hash as lld hashed it, and page 0 must equal lld's page 0 with exactly the three fields
  // that depend on the signature's size (LC_CODE_SIGNATURE.datasize, __LINKEDIT filesize and vmsize)
  // set to ours, hashed by Python.
  it.skipIf(missingTools('ld64.lld ad-hoc comparison', 'clang', '/usr/lib/llvm-14/bin/ld64.lld', '/usr/lib/llvm-14/bin/llvm-lipo'))(
    'gives the same code-slot hashes as ld64.lld -adhoc_codesign for a thin and a fat binary',
    () => {
      const dir = tempDir('lld');
      const src = join(dir, 'main.c');
      writeFileSync(src, 'int printf(const char *fmt, ...);\nint main(int argc, char **argv) { (void)argv; printf("hello from fixture, argc=%d\\n", argc); return 0; }\n');
      writeFileSync(join(dir, 'libSystem.tbd'), `--- !tapi-tbd\ntbd-version: 4\ntargets: [ arm64-ios, x86_64-ios-simulator ]\ninstall-name: '/usr/lib/libSystem.B.dylib'\ncurrent-version: 1311\nexports:\n  - targets: [ arm64-ios, x86_64-ios-simulator ]\n    symbols: [ _printf, _puts, _exit, dyld_stub_binder ]\n...\n`);
      const env = { ...process.env, PATH: `/usr/lib/llvm-14/bin:${process.env.PATH}` };
      const link = (target: string, out: string): void => {
        execFileSync('clang', ['-target', target, '-fuse-ld=lld', '-nostdlib', '-O2', `-L${dir}`, '-lSystem', '-Wl,-adhoc_codesign', '-o', out, src], { env, cwd: dir });
      };
      link('arm64-apple-ios14.0', join(dir, 'thin-lld'));
      link('x86_64-apple-ios14.0-simulator', join(dir, 'x-lld'));
      execFileSync('llvm-lipo', ['-create', join(dir, 'x-lld'), join(dir, 'thin-lld'), '-output', join(dir, 'fat-lld')], { env });
      for (const name of ['thin-lld', 'fat-lld']) {
        const theirs = join(dir, name);
        const mine = join(dir, `${name}-mam`);
        writeFileSync(mine, signMachO(new Uint8Array(readFileSync(theirs)), { identifier: 'hello', mainExecutable: true, signingTime: NOW }).bytes);
        const a = codeSlots(mine);
        const b = codeSlots(theirs);
        expect(a.length).toBe(name === 'fat-lld' ? 2 : 1);
        expect(a.length).toBe(b.length);
        a.forEach((slice, i) => {
          const ref = b[i]!;
          expect(slice.dataoff).toBe(ref.dataoff);
          expect(slice.slots.length).toBe(ref.slots.length);
          expect(slice.slots.slice(1)).toEqual(ref.slots.slice(1));
          expect(slice.slots[0]).toBe(normalizedPage0(theirs, mine, i));
        });
      }
    },
  );
});

/** SHA-256 of lld's page 0 of slice i with the three signature-size fields copied from our slice i. */
function normalizedPage0(theirs: string, mine: string, index: number): string {
  const py = `
import struct,sys,hashlib
def page0(path,i):
  d=open(path,'rb').read()
  if struct.unpack('>I',d[:4])[0]==0xcafebabe:
    _,_,o,s,_=struct.unpack('>iiIII',d[8+20*i:28+20*i]); d=d[o:o+s]
  return bytearray(d[:4096])
def fields(p):
  out={}; off=32 if p[:4]==b'\\xcf\\xfa\\xed\\xfe' else 28
  for _ in range(struct.unpack('<I',p[16:20])[0]):
    c,z=struct.unpack('<II',p[off:off+8])
    if c==0x1d: out['datasize']=(off+12,'<I')
    if c==0x19 and p[off+8:off+18]==b'__LINKEDIT': out['vmsize']=(off+32,'<Q'); out['filesize']=(off+48,'<Q')
    if c==0x1 and p[off+8:off+18]==b'__LINKEDIT': out['vmsize']=(off+28,'<I'); out['filesize']=(off+36,'<I')
    off+=z
  return out
i=int(sys.argv[3]); t=page0(sys.argv[1],i); m=page0(sys.argv[2],i); ft=fields(t); fm=fields(m)
for k,(o,f) in ft.items():
  struct.pack_into(f,t,o,struct.unpack_from(fm[k][1],m,fm[k][0])[0])
print(hashlib.sha256(bytes(t)).hexdigest())`;
  return execFileSync('/usr/bin/python3', ['-c', py, theirs, mine, String(index)], { encoding: 'utf8' }).trim();
}
