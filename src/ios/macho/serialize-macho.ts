// Writes the Mach-O model back to bytes (XNU mach-o/loader.h, mach-o/fat.h). Unmodified models give the
// identical bytes: the header and every load command's raw bytes are written over a copy of the image,
// and a fat file's header, arch table, slices and the gaps between them are kept.

import { ByteWriter } from '../../core/byte-writer.js';
import { MalformedInputError, hex } from '../../core/errors.js';
import * as L from './loader-constants.js';
import type { FatArch, MachO, MachOFile } from './macho-types.js';

export function serializeMachOFile(file: MachOFile): Uint8Array {
  if (file.kind === 'thin') return serializeMachO(file.macho);
  const slices = file.slices.map((s) => serializeMachO(s.macho));
  const sameLayout = file.slices.every((s, i) => slices[i]!.length === s.arch.size);
  const arches = sameLayout ? file.slices.map((s) => s.arch) : relayoutFat(file.magic, file.slices.map((s) => s.arch), slices);
  const end = Math.max(...arches.map((a) => a.offset + a.size));
  const out = new Uint8Array(sameLayout ? Math.max(file.data.length, end) : end);
  if (sameLayout) out.set(file.data);
  out.set(serializeFatHeader(file.magic, arches), 0);
  arches.forEach((a, i) => out.set(slices[i]!, a.offset));
  return out;
}

function serializeFatHeader(magic: number, arches: readonly FatArch[]): Uint8Array {
  const w = new ByteWriter();
  w.u32be(magic).u32be(arches.length);
  for (const a of arches) {
    w.u32be(a.cputype).u32be(a.cpusubtype);
    if (magic === L.FAT_MAGIC_64) w.u64be(a.offset).u64be(a.size).u32be(a.align).u32be(a.reserved ?? 0);
    else w.u32be(a.offset).u32be(a.size).u32be(a.align);
  }
  return w.toBytes();
}

/** New slice offsets when a slice changed size: each slice at the next multiple of 2^align. */
function relayoutFat(magic: number, arches: readonly FatArch[], slices: readonly Uint8Array[]): FatArch[] {
  let at = L.FAT_HEADER_SIZE + arches.length * (magic === L.FAT_MAGIC_64 ? L.FAT_ARCH_64_SIZE : L.FAT_ARCH_SIZE);
  return arches.map((a, i) => {
    const alignment = 2 ** a.align;
    at = Math.ceil(at / alignment) * alignment;
    const next = { ...a, offset: at, size: slices[i]!.length };
    at += next.size;
    return next;
  });
}

export function serializeMachO(macho: MachO): Uint8Array {
  const headerSize = macho.is64 ? L.MACH_HEADER_64_SIZE : L.MACH_HEADER_SIZE;
  const w = new ByteWriter(headerSize + macho.header.sizeofcmds);
  const h = macho.header;
  w.u32le(h.magic).u32le(h.cputype).u32le(h.cpusubtype).u32le(h.filetype).u32le(h.ncmds).u32le(h.sizeofcmds).u32le(h.flags);
  if (macho.is64) w.u32le(h.reserved ?? 0);
  for (const lc of macho.loadCommands) w.bytes(lc.raw);
  const commandsEnd = w.length;
  if (commandsEnd - headerSize > h.sizeofcmds || macho.loadCommands.length !== h.ncmds) {
    throw new MalformedInputError(
      'MACHO_HEADER_MISMATCH',
      `header says ${h.ncmds} commands in ${h.sizeofcmds} bytes, the model has ${macho.loadCommands.length} in ${commandsEnd - headerSize}`,
      { offset: 16 },
    );
  }
  const out = macho.data.slice();
  if (commandsEnd > out.length) {
    throw new MalformedInputError('MACHO_NO_ROOM_FOR_LOAD_COMMAND', `load commands end at ${hex(commandsEnd)}, past the image end ${hex(out.length)}`, { offset: commandsEnd });
  }
  out.set(w.toBytes(), 0);
  return out;
}
