// Where a new embedded signature goes in a Mach-O image (XNU mach-o/loader.h: LC_CODE_SIGNATURE is a
// linkedit_data_command; the signature is the last thing in __LINKEDIT and in the file). An existing
// signature is replaced in place (same dataoff, new datasize); an unsigned image gets an LC_CODE_SIGNATURE
// in the padding after its load commands and its signature at the 16-byte aligned end of __LINKEDIT.
// __LINKEDIT's filesize grows to cover the signature and its vmsize to the next page, except when the
// linker left vmsize equal to filesize (ld64.lld 14 does): that convention is kept, so re-signing with a
// signature of the linker's size leaves the load commands as the linker wrote them. The result is a
// placeholder image (signature bytes zero) that the signer re-parses, hashes and fills in.

import { ByteWriter } from '../../core/byte-writer.js';
import { MalformedInputError, hex } from '../../core/errors.js';
import * as L from '../macho/loader-constants.js';
import { archName } from '../macho/arch.js';
import { parseLoadCommand } from '../macho/load-command-parse.js';
import { assertRoomForLoadCommand } from '../macho/load-command-edit.js';
import { codeSignatureCommand, loadCommandsEnd, segments } from '../macho/macho-facts.js';
import { parseMachO } from '../macho/parse-macho.js';
import { serializeMachO } from '../macho/serialize-macho.js';
import type { LoadCommand, MachO, SegmentCommand } from '../macho/macho-types.js';

export const LINKEDIT_DATA_COMMAND_SIZE = 16;
export const SIGNATURE_ALIGNMENT = 16;

export interface SignatureLayout {
  /** Offset of the signature in the image (= codeLimit). */
  dataoff: number;
  /** Bytes reserved for the signature. */
  datasize: number;
  /** The placeholder image, re-parsed. */
  macho: MachO;
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/** The VM page size of the image's architecture: 16 KiB for arm64, 4 KiB otherwise (as ld64 uses). */
function vmPageSize(macho: MachO): number {
  return macho.header.cputype === L.CPU_TYPE_ARM64 || macho.header.cputype === L.CPU_TYPE_ARM64_32 ? 0x4000 : 0x1000;
}

function linkeditSegment(macho: MachO): SegmentCommand {
  const seg = segments(macho).find((s) => s.segname === '__LINKEDIT');
  if (!seg) {
    const slice = archName(macho.header.cputype, macho.header.cpusubtype);
    throw new MalformedInputError('MACHO_NO_LINKEDIT', `the ${slice} slice has no __LINKEDIT segment to hold a code signature`, { slice });
  }
  return seg;
}

/** Where the signature starts: the existing one's offset, else the aligned end of __LINKEDIT. */
export function signatureOffset(macho: MachO): number {
  const existing = codeSignatureCommand(macho);
  if (existing) return existing.dataoff;
  const seg = linkeditSegment(macho);
  const end = seg.fileoff + seg.filesize;
  // lipo may cut a slice a few bytes short of its __LINKEDIT (isign's Test_unsigned_fat armv7): the
  // missing tail reads as zeros. Data after __LINKEDIT, though, would fall outside the signed range.
  if (end < macho.data.length) {
    const slice = archName(macho.header.cputype, macho.header.cpusubtype);
    throw new MalformedInputError(
      'MACHO_LINKEDIT_NOT_LAST',
      `the ${slice} slice's __LINKEDIT ends at ${hex(end)} but the image goes on to ${hex(macho.data.length)}; a signature must be the last thing in the file`,
      { slice, offset: seg.offset },
    );
  }
  return alignUp(end, SIGNATURE_ALIGNMENT);
}

/** FORMAT: cmd | cmdsize (16) | dataoff | datasize. */
function encodeCodeSignatureCommand(dataoff: number, datasize: number, offset: number): LoadCommand {
  const w = new ByteWriter(LINKEDIT_DATA_COMMAND_SIZE).u32le(L.LC_CODE_SIGNATURE).u32le(LINKEDIT_DATA_COMMAND_SIZE).u32le(dataoff).u32le(datasize);
  return parseLoadCommand(w.toBytes(), offset);
}

/** __LINKEDIT's new vmsize for a new filesize: page-rounded (and never smaller), or = filesize as the linker left it. */
function linkeditVmSize(seg: SegmentCommand, filesize: number, pageSize: number): bigint {
  const page = BigInt(pageSize);
  if (seg.vmsize === BigInt(seg.filesize) && seg.vmsize % page !== 0n) return BigInt(filesize);
  const rounded = BigInt(alignUp(filesize, pageSize));
  return rounded > seg.vmsize ? rounded : seg.vmsize;
}

/** The segment command with new filesize/vmsize (segment_command(_64) field offsets from loader.h). */
function resizeSegment(seg: SegmentCommand, filesize: number, vmsize: bigint): LoadCommand {
  const raw = seg.raw.slice();
  const view = new DataView(raw.buffer);
  if (seg.is64) {
    view.setBigUint64(32, vmsize, true);
    view.setBigUint64(48, BigInt(filesize), true);
  } else {
    view.setUint32(28, Number(vmsize), true);
    view.setUint32(36, filesize, true);
  }
  return parseLoadCommand(raw, seg.offset);
}

/**
 * Lays out a signature of `datasize` bytes (a multiple of 16) and returns the placeholder image.
 * Rules: 1. not FairPlay-encrypted (MACHO_ENCRYPTED); 2. an unsigned image needs 16 bytes of load-command
 * room (MACHO_NO_ROOM_FOR_LOAD_COMMAND); 3. __LINKEDIT is the last segment in the file.
 */
export function layoutSignature(macho: MachO, datasize: number): SignatureLayout {
  const existing = codeSignatureCommand(macho);
  assertRoomForLoadCommand(macho, existing ? 0 : LINKEDIT_DATA_COMMAND_SIZE);
  const dataoff = signatureOffset(macho);
  const seg = linkeditSegment(macho);
  const filesize = dataoff + datasize - seg.fileoff;
  const resized = resizeSegment(seg, filesize, linkeditVmSize(seg, filesize, vmPageSize(macho)));
  let commands = macho.loadCommands.map((c) => (c === seg ? resized : c === existing ? encodeCodeSignatureCommand(dataoff, datasize, c.offset) : c));
  let header = macho.header;
  if (!existing) {
    commands = [...commands, encodeCodeSignatureCommand(dataoff, datasize, loadCommandsEnd(macho))];
    header = { ...header, ncmds: header.ncmds + 1, sizeofcmds: header.sizeofcmds + LINKEDIT_DATA_COMMAND_SIZE };
  }
  const data = new Uint8Array(dataoff + datasize);
  data.set(macho.data.subarray(0, Math.min(dataoff, macho.data.length)));
  const placeholder = serializeMachO({ ...macho, header, loadCommands: commands, data });
  return { dataoff, datasize, macho: parseMachO(placeholder) };
}
