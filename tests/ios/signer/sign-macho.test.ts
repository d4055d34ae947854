// Mach-O signing against independent oracles: verify_macho_sig.py (its own page hashing and special-slot
// checks, openssl cms -verify against the fixture CA), llvm-objdump (the signed file still parses), and
// ld64.lld's own ad-hoc signature of the same code (-Wl,-adhoc_codesign): code-slot hashes and bytes.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, MACHO_SIG_ORACLE, missingTools, run } from '../../helpers/env.js';
import { signMachO } from '../../../src/ios/sign/sign-macho.js';
import { checkMachOSignature } from '../../../src/ios/verify/verify-macho-signature.js';
import { EMPTY_REQUIREMENT_SET } from '../../../src/ios/sign/sign-macho.js';
import { identityFrom, NOW, oracle, tempDir } from './signer-env.js';

const BIN = join(FIXTURES, 'ios', 'bin');
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(BIN, name)));
const noOracle = missingTools('verify_macho_sig.py / openssl', 'openssl', 'llvm-objdump', MACHO_SIG_ORACLE);

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

  it('refuses a linker-style signature that would bind an identity or resources', () => {
    const opts = { identifier: 'x', mainExecutable: true, signingTime: NOW, style: 'linker' as const };
    expect(() => signMachO(read('hello-arm64'), { ...opts, identity: identityFrom('ios-dev.p12') })).toThrow(expect.objectContaining({ code: 'CODESIGN_LINKER_STYLE_CONFLICT' }));
    expect(() => signMachO(read('hello-arm64'), { ...opts, infoPlist: new Uint8Array(1) })).toThrow(expect.objectContaining({ code: 'CODESIGN_LINKER_STYLE_CONFLICT' }));
  });
});

// ld64.lld -adhoc_codesign writes a linker signature (CodeDirectory only, CS_LINKER_SIGNED, identifier =
// the output's file name). Re-signing its output ad-hoc keeps that style (the default for a linker-signed
// input that binds nothing), so every code-slot hash, including page 0 with LC_CODE_SIGNATURE and
// __LINKEDIT, must equal lld's, as Python reads them; so must the whole file. An explicit style: 'linker'
// over our own codesign-style signature (a different size) must land on lld's bytes too.
describe.skipIf(missingTools('ld64.lld ad-hoc comparison', 'clang', '/usr/lib/llvm-14/bin/ld64.lld', '/usr/lib/llvm-14/bin/llvm-lipo', 'openssl', MACHO_SIG_ORACLE))('signMachO against ld64.lld -adhoc_codesign', () => {
  const built = linkWithLld();
  const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

  it.each(built.map((b) => [b.label, b] as const))('%s: identical code-slot hashes for every page, and identical bytes', (_label, b) => {
    const theirs = new Uint8Array(readFileSync(b.path));
    const signed = signMachO(theirs, { identifier: b.identifier, mainExecutable: true, signingTime: NOW });
    const mine = join(tempDir('lld-mam'), b.identifier);
    writeFileSync(mine, signed.bytes);
    const ref = codeSlots(b.path);
    expect(ref.length).toBe(b.slices);
    expect(codeSlots(mine)).toEqual(ref);
    expect(sha(signed.bytes)).toBe(sha(theirs));
    const r = oracle(mine, false);
    expect(r.ok, r.output).toBe(true);
    expect(checkMachOSignature(signed.bytes, b.identifier).issues).toEqual([]);
  });

  it.each(built.map((b) => [b.label, b] as const))('%s: an explicit linker-style re-sign of a codesign-style signature gives lld\'s layout', (_label, b) => {
    const theirs = new Uint8Array(readFileSync(b.path));
    const opts = { identifier: b.identifier, mainExecutable: true, signingTime: NOW };
    const codesign = signMachO(theirs, { ...opts, style: 'codesign' });
    const dir = tempDir('lld-cs');
    writeFileSync(join(dir, 'codesign'), codesign.bytes);
    const ref = codeSlots(b.path);
    const cs = codeSlots(join(dir, 'codesign'));
    cs.forEach((slice, i) => {
      expect(slice.datasize).toBeGreaterThan(ref[i]!.datasize);
      expect(slice.slots.slice(1)).toEqual(ref[i]!.slots.slice(1));
    });
    const linker = signMachO(codesign.bytes, { ...opts, style: 'linker' });
    writeFileSync(join(dir, 'linker'), linker.bytes);
    expect(codeSlots(join(dir, 'linker'))).toEqual(ref);
    expect(sha(linker.bytes)).toBe(sha(theirs));
  });
});

interface LldBuilt {
  label: string;
  path: string;
  identifier: string;
  slices: number;
}

/** Links hello (arm64, and arm64 + x86_64-simulator fat) and libfoo.dylib with ld64.lld -adhoc_codesign, as fixtures/ios/bin/build.sh does. */
function linkWithLld(): LldBuilt[] {
  if (missingTools('lld', 'clang', '/usr/lib/llvm-14/bin/ld64.lld', '/usr/lib/llvm-14/bin/llvm-lipo')) return [];
  const dir = tempDir('lld');
  const targets = '[ arm64-ios, x86_64-ios-simulator ]';
  const tbd = (name: string, install: string, symbols: string): void =>
    writeFileSync(join(dir, name), `--- !tapi-tbd\ntbd-version: 4\ntargets: ${targets}\ninstall-name: '${install}'\ncurrent-version: 1\nexports:\n  - targets: ${targets}\n    symbols: [ ${symbols} ]\n...\n`);
  tbd('libSystem.tbd', '/usr/lib/libSystem.B.dylib', '_printf, _puts, _exit, dyld_stub_binder');
  tbd('libobjc.tbd', '/usr/lib/libobjc.A.dylib', '_objc_getClass');
  writeFileSync(join(dir, 'main.c'), 'int printf(const char *fmt, ...);\nint main(int argc, char **argv) { (void)argv; printf("hello from fixture, argc=%d\\n", argc); return 0; }\n');
  writeFileSync(join(dir, 'foo.c'), 'typedef struct objc_class *Class;\nextern Class objc_getClass(const char *name);\nint printf(const char *fmt, ...);\n__attribute__((constructor)) static void init(void) { printf("%p\\n", (void *)objc_getClass("NSObject")); }\n__attribute__((visibility("default"))) int fixture_answer(void) { return 42; }\n');
  const env = { ...process.env, PATH: `/usr/lib/llvm-14/bin:${process.env.PATH}` };
  const clang = (target: string, out: string, ...args: string[]): string => {
    execFileSync('clang', ['-target', target, '-fuse-ld=lld', '-nostdlib', '-O2', `-L${dir}`, '-Wl,-adhoc_codesign', '-o', out, ...args], { env, cwd: dir });
    return out;
  };
  for (const sub of ['arm64', 'x86_64', 'fat', 'lib']) execFileSync('mkdir', ['-p', join(dir, sub)]);
  const thin = clang('arm64-apple-ios14.0', join(dir, 'arm64', 'hello'), 'main.c', '-lSystem');
  const sim = clang('x86_64-apple-ios14.0-simulator', join(dir, 'x86_64', 'hello'), 'main.c', '-lSystem');
  execFileSync('llvm-lipo', ['-create', sim, thin, '-output', join(dir, 'fat', 'hello')], { env });
  const lib = clang('arm64-apple-ios14.0', join(dir, 'lib', 'libfoo.dylib'), '-dynamiclib', '-install_name', '@rpath/libfoo.dylib', 'foo.c', '-lSystem', '-lobjc');
  return [
    { label: 'thin hello (arm64)', path: thin, identifier: 'hello', slices: 1 },
    { label: 'fat hello (x86_64 simulator + arm64)', path: join(dir, 'fat', 'hello'), identifier: 'hello', slices: 2 },
    { label: 'libfoo.dylib (arm64)', path: lib, identifier: 'libfoo.dylib', slices: 1 },
  ];
}
