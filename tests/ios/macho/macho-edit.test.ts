// Adding load commands, checked with macholib and llvm-objdump on the written bytes, plus the derived facts
// (load-command room, install name, rpaths, platform) against macholib and the fixture build script.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PreflightError } from '../../../src/core/errors.js';
import { bytesEqual } from '../../../src/core/byte-writer.js';
import { addDylib, addLoadCommand, addRpath, encodeDylibCommand, encodeRpathCommand } from '../../../src/ios/macho/load-command-edit.js';
import { parseLoadCommand } from '../../../src/ios/macho/load-command-parse.js';
import { loadCommandsEnd, machOFacts, machOImages } from '../../../src/ios/macho/macho-facts.js';
import { LC_ID_DYLIB, LC_LOAD_DYLIB, LC_RPATH } from '../../../src/ios/macho/loader-constants.js';
import { parseMachOFile } from '../../../src/ios/macho/parse-macho.js';
import { serializeMachOFile } from '../../../src/ios/macho/serialize-macho.js';
import { corpusPresent, havePythonModules, missingTools, run, skipNotice, SYSTEM_PYTHON } from '../../helpers/env.js';
import { FIXTURE_BIN_DIR, corpusMachOs, fixtureMachOs } from './macho-inputs.js';

const scratch = mkdtempSync(join(tmpdir(), 'mam-macho-edit-'));
const corpus = corpusPresent('iOS corpus Mach-O edits and facts') ? corpusMachOs() : { inputs: [], cleanup: () => {} };
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  corpus.cleanup();
});
const noMacholib = !havePythonModules('macholib') && (skipNotice('Mach-O edit checks', '/usr/bin/python3 has no macholib'), true);
const SHIM = '@executable_path/Frameworks/MamShim.framework/MamShim';

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURE_BIN_DIR, name)));
}

interface DumpCommand { cmd: number; cmdsize: number; name?: string; path?: string; sections?: { offset: number; size: number; flags: number }[] }
interface DumpSlice { offset: number; ncmds: number; sizeofcmds: number; cputype: number; commands: DumpCommand[] }

function macholib(paths: string[]): Record<string, DumpSlice[]> {
  return JSON.parse(run(SYSTEM_PYTHON, [join(import.meta.dirname, 'macholib_dump.py'), ...paths])) as Record<string, DumpSlice[]>;
}

function writeTemp(name: string, bytes: Uint8Array): string {
  const p = join(scratch, name);
  writeFileSync(p, bytes);
  return p;
}

describe.skipIf(noMacholib)('addDylib / addRpath', () => {
  it('adds LC_LOAD_DYLIB to a thin executable; macholib and llvm-objdump see it; all other bytes are unchanged', () => {
    const original = fixture('hello-arm64');
    const file = parseMachOFile(original);
    const edited = serializeMachOFile(addDylib(file, SHIM));
    expect(edited.length).toBe(original.length);
    const path = writeTemp('hello-arm64+shim', edited);
    const [before] = macholib([join(FIXTURE_BIN_DIR, 'hello-arm64')])[join(FIXTURE_BIN_DIR, 'hello-arm64')]!;
    const [after] = macholib([path])[path]!;
    expect(after!.ncmds).toBe(before!.ncmds + 1);
    expect(after!.commands.slice(0, -1)).toEqual(before!.commands);
    expect(after!.commands.at(-1)).toMatchObject({ cmd: LC_LOAD_DYLIB, name: SHIM });
    expect(after!.sizeofcmds).toBe(before!.sizeofcmds + after!.commands.at(-1)!.cmdsize);
    const end = loadCommandsEnd(machOImages(file)[0]!);
    expect(bytesEqual(edited.subarray(end + after!.commands.at(-1)!.cmdsize), original.subarray(end + after!.commands.at(-1)!.cmdsize))).toBe(true);
    expect(bytesEqual(edited.subarray(24, end), original.subarray(24, end))).toBe(true);
    if (!missingTools('llvm-objdump --dylibs-used', 'llvm-objdump')) {
      expect(run('llvm-objdump', ['--macho', '--dylibs-used', path])).toContain(SHIM);
    }
  });

  it('adds an LC_RPATH that fills the 40 free bytes of the x86_64 slice of a fat file exactly', () => {
    const file = parseMachOFile(fixture('hello-fat'));
    const rpath = '@executable_path/Frameworks';
    expect(encodeRpathCommand(rpath, true).cmdsize).toBe(40);
    const path = writeTemp('hello-fat+rpath', serializeMachOFile(addRpath(file, rpath)));
    for (const s of macholib([path])[path]!) expect(s.commands.at(-1)).toMatchObject({ cmd: LC_RPATH, path: rpath });
    expect(machOFacts(machOImages(parseMachOFile(new Uint8Array(readFileSync(path))))[0]!).loadCommandRoom).toBe(0);
  });

  it('refuses with MACHO_NO_ROOM_FOR_LOAD_COMMAND, naming bytes needed and available', () => {
    const file = parseMachOFile(fixture('hello-fat'));
    let err: unknown;
    try {
      addDylib(file, SHIM);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PreflightError);
    expect((err as PreflightError).code).toBe('MACHO_NO_ROOM_FOR_LOAD_COMMAND');
    expect((err as PreflightError).message).toMatch(/needs 80 bytes .* only 40 are free/);
    expect((err as PreflightError).context.slice).toBe('x86_64');
  });

  it('refuses an encrypted image with MACHO_ENCRYPTED', () => {
    const file = parseMachOFile(fixture('hello-arm64'));
    if (file.kind !== 'thin') throw new Error('expected thin');
    // struct encryption_info_command_64 { LC_ENCRYPTION_INFO_64, 24, cryptoff 0x4000, cryptsize 0x4000, cryptid 1, pad 0 }
    const raw = Buffer.from('2c000000180000000040000000400000010000000000000000', 'hex').subarray(0, 24);
    const encrypted = addLoadCommand(file.macho, parseLoadCommand(new Uint8Array(raw), 0));
    expect(() => addDylib({ kind: 'thin', macho: encrypted }, SHIM)).toThrow(expect.objectContaining({ code: 'MACHO_ENCRYPTED' }));
  });
});

describe('encoders are symmetric with the parser on real commands', () => {
  const all = [...fixtureMachOs(), ...corpus.inputs];
  it.each(all.map((i) => [i.name, i.path]))('%s: encodeDylibCommand / encodeRpathCommand rebuild every dylib and rpath command', (_n, path) => {
    for (const image of machOImages(parseMachOFile(new Uint8Array(readFileSync(path))))) {
      for (const lc of image.loadCommands) {
        if (lc.kind === 'rpath') expect(bytesEqual(encodeRpathCommand(lc.path, image.is64).raw, lc.raw)).toBe(true);
        if (lc.kind === 'dylib' && lc.cmd !== LC_ID_DYLIB && lc.nameOffset === 24) {
          const kind = lc.cmd === LC_LOAD_DYLIB ? 'LC_LOAD_DYLIB' : lc.cmd === 0x80000018 ? 'LC_LOAD_WEAK_DYLIB' : undefined;
          if (!kind) continue;
          const opts = { kind, timestamp: lc.timestamp, currentVersion: lc.currentVersion, compatibilityVersion: lc.compatibilityVersion } as const;
          expect(bytesEqual(encodeDylibCommand(lc.name, image.is64, opts).raw, lc.raw), lc.name).toBe(true);
        }
      }
    }
  });
});

describe.skipIf(noMacholib)('derived facts', () => {
  const all = [...fixtureMachOs(), ...corpus.inputs];
  const dump = all.length ? macholib(all.map((i) => i.path)) : {};
  const ZEROFILL = new Set([0x1, 0xc, 0x12]);

  it.each(all.map((i) => [i.name, i.path]))('%s: loadCommandRoom equals first file-backed section offset minus end of commands (macholib)', (_n, path) => {
    const images = machOImages(parseMachOFile(new Uint8Array(readFileSync(path))));
    images.forEach((image, i) => {
      const s = dump[path]![i]!;
      const offsets = s.commands.flatMap((c) => c.sections ?? []).filter((x) => x.offset > 0 && x.size > 0 && !ZEROFILL.has(x.flags & 0xff)).map((x) => x.offset);
      const headerSize = s.cputype & 0x01000000 ? 32 : 28;
      const expected = offsets.length ? Math.min(...offsets) - (headerSize + s.sizeofcmds) : image.data.length - (headerSize + s.sizeofcmds);
      expect(machOFacts(image).loadCommandRoom).toBe(expected);
    });
  });

  it('fixture facts match how build.sh linked them', () => {
    const lib = machOFacts(machOImages(parseMachOFile(fixture('libfoo.dylib')))[0]!);
    expect(lib).toMatchObject({ arch: 'arm64', filetype: 'MH_DYLIB', platform: 'ios', minOS: '14.0.0', installName: '@rpath/libfoo.dylib', rpaths: ['@loader_path/Frameworks'], encrypted: false });
    expect(lib.dylibs.map((d) => d.name)).toEqual(['/usr/lib/libSystem.B.dylib', '/usr/lib/libobjc.A.dylib']);
    const fat = machOImages(parseMachOFile(fixture('hello-fat'))).map(machOFacts);
    expect(fat.map((f) => [f.arch, f.filetype, f.platform, f.pie])).toEqual([
      ['x86_64', 'MH_EXECUTE', 'ios-simulator', true],
      ['arm64', 'MH_EXECUTE', 'ios', true],
    ]);
  });
});
