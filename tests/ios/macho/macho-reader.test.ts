// The Mach-O reader against independent oracles: byte-identical round trips for every fixture and corpus
// Mach-O; load commands compared with macholib (/usr/bin/python3) and fat headers with
// `llvm-objdump --macho --universal-headers`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesEqual } from '../../../src/core/byte-writer.js';
import { LC_CODE_SIGNATURE } from '../../../src/ios/macho/loader-constants.js';
import { parseMachOFile } from '../../../src/ios/macho/parse-macho.js';
import { serializeMachOFile } from '../../../src/ios/macho/serialize-macho.js';
import { machOImages } from '../../../src/ios/macho/macho-facts.js';
import type { LoadCommand, MachO, MachOFile } from '../../../src/ios/macho/macho-types.js';
import { archName } from '../../../src/ios/macho/arch.js';
import { corpusPresent, havePythonModules, missingTools, run, runStatus, skipNotice, SYSTEM_PYTHON } from '../../helpers/env.js';
import { corpusMachOs, fixtureMachOs, type MachOInput } from './macho-inputs.js';

const corpus = corpusPresent('iOS corpus Mach-O sweep') ? corpusMachOs() : { inputs: [], cleanup: () => {} };
afterAll(() => corpus.cleanup());
const fixtures = fixtureMachOs();
const all: MachOInput[] = [...fixtures, ...corpus.inputs];

function load(path: string): { bytes: Uint8Array; file: MachOFile } {
  const bytes = new Uint8Array(readFileSync(path));
  return { bytes, file: parseMachOFile(bytes) };
}

describe('Mach-O inputs', () => {
  it('finds the fixtures and the corpus binaries', () => {
    expect(fixtures.map((f) => f.name)).toEqual(
      expect.arrayContaining(['hello-arm64', 'hello-arm64-adhoc', 'hello-x86_64-sim', 'hello-fat', 'libfoo.dylib']),
    );
    if (corpus.inputs.length) expect(corpus.inputs.length).toBeGreaterThan(40);
  });
});

describe('round trip: serializeMachOFile(parseMachOFile(x)) == x', () => {
  it.each(all.map((i) => [i.name, i.path]))('%s', (_name, path) => {
    const { bytes, file } = load(path);
    expect(bytesEqual(serializeMachOFile(file), bytes)).toBe(true);
  });
});

interface OracleCommand {
  cmd: number;
  cmdsize: number;
  [k: string]: unknown;
}
interface OracleSlice {
  offset: number;
  cputype: number;
  cpusubtype: number;
  filetype: number;
  flags: number;
  ncmds: number;
  sizeofcmds: number;
  commands: OracleCommand[];
}

function macholibDump(paths: string[]): Record<string, OracleSlice[]> {
  const out = run(SYSTEM_PYTHON, [join(import.meta.dirname, 'macholib_dump.py'), ...paths]);
  return JSON.parse(out) as Record<string, OracleSlice[]>;
}

/** Our view of a command in the oracle's vocabulary (only the keys the oracle reported are compared). */
function ourView(lc: LoadCommand): Record<string, unknown> {
  const v: Record<string, unknown> = { cmd: lc.cmd, cmdsize: lc.cmdsize };
  switch (lc.kind) {
    case 'segment':
      return {
        ...v, segname: lc.segname, vmaddr: Number(lc.vmaddr), vmsize: Number(lc.vmsize), fileoff: lc.fileoff, filesize: lc.filesize,
        nsects: lc.nsects,
        sections: lc.sections.map((s) => ({ sectname: s.sectname, segname: s.segname, offset: s.offset, size: Number(s.size), addr: Number(s.addr), flags: s.flags })),
      };
    case 'dylib':
      return { ...v, name: lc.name, current_version: lc.currentVersion, compatibility_version: lc.compatibilityVersion };
    case 'rpath':
      return { ...v, path: lc.path };
    case 'dylinker':
      return { ...v, name: lc.name };
    case 'encryption-info':
      return { ...v, cryptoff: lc.cryptoff, cryptsize: lc.cryptsize, cryptid: lc.cryptid };
    case 'uuid':
      return { ...v, uuid: Buffer.from(lc.uuid).toString('hex') };
    case 'linkedit-data':
      return { ...v, dataoff: lc.dataoff, datasize: lc.datasize };
    case 'version-min':
      return { ...v, version: lc.version, sdk: lc.sdk };
    case 'build-version':
      return { ...v, platform: lc.platform, minos: lc.minos, sdk: lc.sdk };
    case 'main':
      return { ...v, entryoff: Number(lc.entryoff), stacksize: Number(lc.stacksize) };
    default:
      return v;
  }
}

function sliceOffsets(file: MachOFile): number[] {
  return file.kind === 'thin' ? [0] : file.slices.map((s) => s.arch.offset);
}

function compareImage(image: MachO, oracle: OracleSlice): void {
  expect({
    cputype: image.header.cputype, cpusubtype: image.header.cpusubtype >>> 0, filetype: image.header.filetype,
    flags: image.header.flags, ncmds: image.header.ncmds, sizeofcmds: image.header.sizeofcmds,
  }).toEqual({
    cputype: oracle.cputype, cpusubtype: oracle.cpusubtype, filetype: oracle.filetype,
    flags: oracle.flags, ncmds: oracle.ncmds, sizeofcmds: oracle.sizeofcmds,
  });
  expect(image.loadCommands.length).toBe(oracle.commands.length);
  image.loadCommands.forEach((lc, i) => {
    const want = oracle.commands[i]!;
    const mine = ourView(lc);
    const shared = Object.fromEntries(Object.keys(want).filter((k) => k in mine).map((k) => [k, mine[k]]));
    expect(shared, `command ${i}`).toEqual(want);
  });
}

describe.skipIf(!havePythonModules('macholib') && (skipNotice('macholib comparison', '/usr/bin/python3 has no macholib'), true))(
  'load commands equal what macholib reports',
  () => {
    const oracle = all.length ? macholibDump(all.map((i) => i.path)) : {};
    it.each(all.map((i) => [i.name, i.path]))('%s', (_name, path) => {
      const { file } = load(path);
      const slices = oracle[path]!;
      expect(slices.map((s) => s.offset)).toEqual(sliceOffsets(file));
      machOImages(file).forEach((image, i) => compareImage(image, slices[i]!));
    });

    it('covers the commands the task names (counts across all inputs)', () => {
      const seen = new Set<number>();
      for (const i of all) for (const image of machOImages(load(i.path).file)) for (const lc of image.loadCommands) seen.add(lc.cmd);
      expect(seen.has(LC_CODE_SIGNATURE)).toBe(true);
    });
  },
);

interface ObjdumpArch {
  name: string;
  offset: number;
  size: number;
  align: number;
}

function objdumpUniversal(path: string): ObjdumpArch[] {
  // llvm-objdump prints the fat header before it validates the slices (one corpus slice is malformed).
  const out = runStatus('llvm-objdump', ['--macho', '--universal-headers', path]).stdout;
  const arches: ObjdumpArch[] = [];
  for (const block of out.split(/^architecture /m).slice(1)) {
    const num = (k: string): number => Number(new RegExp(`^\\s*${k} (\\d+)`, 'm').exec(block)![1]);
    arches.push({ name: block.split('\n')[0]!.trim(), offset: num('offset'), size: num('size'), align: Number(/align 2\^(\d+)/.exec(block)![1]) });
  }
  return arches;
}

describe.skipIf(missingTools('fat headers vs llvm-objdump', 'llvm-objdump'))('fat headers equal llvm-objdump --universal-headers', () => {
  const fat = all.filter((i) => load(i.path).file.kind === 'fat');
  it.each(fat.map((i) => [i.name, i.path]))('%s', (_name, path) => {
    const { file } = load(path);
    if (file.kind !== 'fat') throw new Error('not fat');
    const ours = file.slices.map((s) => ({ name: archName(s.arch.cputype, s.arch.cpusubtype), offset: s.arch.offset, size: s.arch.size, align: s.arch.align }));
    expect(ours).toEqual(objdumpUniversal(path));
  });
});
