// The embedded signature SuperBlob and the blobs it indexes (XNU osfmk/kern/cs_blobs.h: CS_SuperBlob,
// CS_BlobIndex, CS_GenericBlob), big-endian. Each blob kind has a symmetric parse/serialize pair; the
// SuperBlob keeps each blob's offset so that an unmodified signature serializes to identical bytes, and
// layoutSuperBlob computes the canonical offsets (index, then blobs in index order) for a new one.

import { ByteReader } from '../../core/byte-reader.js';
import { ByteWriter } from '../../core/byte-writer.js';
import { MalformedInputError, hex, type ErrorContext } from '../../core/errors.js';
import * as C from './cs-constants.js';
import { parseCodeDirectory, serializeCodeDirectory, type CodeDirectory } from './code-directory.js';

export type SignatureBlob =
  | { kind: 'code-directory'; codeDirectory: CodeDirectory }
  /** CSMAGIC_REQUIREMENTS, kept raw (the whole blob, magic and length included). */
  | { kind: 'requirements'; raw: Uint8Array }
  | { kind: 'entitlements'; xml: string }
  /** CSMAGIC_EMBEDDED_DER_ENTITLEMENTS payload (after magic and length). */
  | { kind: 'der-entitlements'; der: Uint8Array }
  /** CSMAGIC_BLOBWRAPPER payload: the CMS SignedData, empty for ad-hoc signatures. */
  | { kind: 'blob-wrapper'; data: Uint8Array }
  | { kind: 'other'; magic: number; raw: Uint8Array };

export interface BlobIndexEntry {
  /** CSSLOT_* */
  type: number;
  offset: number;
  blob: SignatureBlob;
}

export interface SuperBlob {
  magic: number;
  length: number;
  entries: BlobIndexEntry[];
}

const SB_ERROR = 'CODESIGN_TRUNCATED';

export function parseSuperBlob(bytes: Uint8Array, context: ErrorContext = {}, base = 0): SuperBlob {
  const r = new ByteReader(bytes, 'embedded signature', { base, errorCode: SB_ERROR, context });
  const magic = r.u32be();
  if (magic !== C.CSMAGIC_EMBEDDED_SIGNATURE && magic !== C.CSMAGIC_DETACHED_SIGNATURE) {
    r.fail('CODESIGN_BAD_MAGIC', `SuperBlob magic is ${hex(magic)}, expected ${hex(C.CSMAGIC_EMBEDDED_SIGNATURE)}`, 0);
  }
  const length = r.u32be();
  if (length > bytes.length || length < 12) {
    r.fail(SB_ERROR, `SuperBlob length is ${length}, expected 12..${bytes.length} (the LC_CODE_SIGNATURE data size)`, 4);
  }
  const count = r.u32be();
  if (12 + count * 8 > length) {
    r.fail('CODESIGN_INDEX_OUT_OF_RANGE', `${count} index entries need ${12 + count * 8} bytes, SuperBlob length is ${length}`, 8);
  }
  const sb = new ByteReader(bytes.subarray(0, length), 'embedded signature', { base, errorCode: SB_ERROR, context });
  const entries: BlobIndexEntry[] = [];
  for (let i = 0; i < count; i++) {
    const type = r.u32be();
    const offset = r.u32be();
    if (offset < 12 + count * 8 || offset + 8 > length) {
      r.fail('CODESIGN_INDEX_OUT_OF_RANGE', `index entry ${i} (slot ${hex(type)}) points at ${offset}, expected ${12 + count * 8}..${length - 8}`, r.pos - 4);
    }
    const blobLength = new DataView(bytes.buffer, bytes.byteOffset + offset + 4, 4).getUint32(0, false);
    if (blobLength < 8 || offset + blobLength > length) {
      r.fail('CODESIGN_INDEX_OUT_OF_RANGE', `blob for slot ${hex(type)} at ${offset} has length ${blobLength}, runs past the SuperBlob end ${length}`, offset + 4);
    }
    entries.push({ type, offset, blob: parseSignatureBlob(sb.at(offset, blobLength), context, base + offset) });
  }
  return { magic, length, entries };
}

export function parseSignatureBlob(bytes: Uint8Array, context: ErrorContext = {}, base = 0): SignatureBlob {
  const r = new ByteReader(bytes, 'signature blob', { base, errorCode: SB_ERROR, context });
  const magic = r.u32be();
  r.u32be();
  switch (magic) {
    case C.CSMAGIC_CODEDIRECTORY:
      return { kind: 'code-directory', codeDirectory: parseCodeDirectory(bytes, context, base) };
    case C.CSMAGIC_REQUIREMENTS:
      return { kind: 'requirements', raw: bytes };
    case C.CSMAGIC_EMBEDDED_ENTITLEMENTS:
      return { kind: 'entitlements', xml: new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(8)) };
    case C.CSMAGIC_EMBEDDED_DER_ENTITLEMENTS:
      return { kind: 'der-entitlements', der: bytes.subarray(8) };
    case C.CSMAGIC_BLOBWRAPPER:
      return { kind: 'blob-wrapper', data: bytes.subarray(8) };
    default:
      return { kind: 'other', magic, raw: bytes };
  }
}

function genericBlob(magic: number, payload: Uint8Array): Uint8Array {
  return new ByteWriter(8 + payload.length).u32be(magic).u32be(8 + payload.length).bytes(payload).toBytes();
}

export function serializeSignatureBlob(blob: SignatureBlob): Uint8Array {
  switch (blob.kind) {
    case 'code-directory':
      return serializeCodeDirectory(blob.codeDirectory);
    case 'requirements':
    case 'other':
      return blob.raw;
    case 'entitlements':
      return genericBlob(C.CSMAGIC_EMBEDDED_ENTITLEMENTS, new TextEncoder().encode(blob.xml));
    case 'der-entitlements':
      return genericBlob(C.CSMAGIC_EMBEDDED_DER_ENTITLEMENTS, blob.der);
    case 'blob-wrapper':
      return genericBlob(C.CSMAGIC_BLOBWRAPPER, blob.data);
  }
}

/** FORMAT: magic | length | count | count × (type, offset) | blobs at their offsets, zero-filled between. */
export function serializeSuperBlob(sb: SuperBlob): Uint8Array {
  const blobs = sb.entries.map((e) => serializeSignatureBlob(e.blob));
  const out = new Uint8Array(sb.length);
  const w = new ByteWriter(12 + sb.entries.length * 8).u32be(sb.magic).u32be(sb.length).u32be(sb.entries.length);
  for (const e of sb.entries) w.u32be(e.type).u32be(e.offset);
  out.set(w.toBytes(), 0);
  sb.entries.forEach((e, i) => {
    const b = blobs[i]!;
    if (e.offset + b.length > sb.length) {
      throw new MalformedInputError('CODESIGN_INDEX_OUT_OF_RANGE', `blob for slot ${hex(e.type)} (${b.length} bytes at ${e.offset}) runs past the SuperBlob length ${sb.length}`, { offset: e.offset });
    }
    out.set(b, e.offset);
  });
  return out;
}

/** Canonical offsets and length for a new or edited SuperBlob: the index, then each blob in index order. */
export function layoutSuperBlob(magic: number, blobs: readonly { type: number; blob: SignatureBlob }[]): SuperBlob {
  let at = 12 + blobs.length * 8;
  const entries = blobs.map(({ type, blob }) => {
    const entry = { type, offset: at, blob };
    at += serializeSignatureBlob(blob).length;
    return entry;
  });
  return { magic, length: at, entries };
}
