// header_item and map_list of the DEX format (spec: "header_item", "map_list").

import { ByteReader } from '../../core/byte-reader.js';
import { hex } from '../../core/errors.js';
import { ENDIAN_CONSTANT, HEADER_SIZE, MAP_ITEM_NAMES, REVERSE_ENDIAN_CONSTANT, SUPPORTED_VERSIONS } from './constants.js';
import type { DexSection } from './model.js';

export const DEX_TRUNCATED = 'DEX_TRUNCATED';
export const DEX_BAD_MAGIC = 'DEX_BAD_MAGIC';
export const DEX_UNSUPPORTED_VERSION = 'DEX_UNSUPPORTED_VERSION';
export const DEX_BAD_ENDIAN_TAG = 'DEX_BAD_ENDIAN_TAG';
export const DEX_BAD_HEADER = 'DEX_BAD_HEADER';
export const DEX_FILE_SIZE_MISMATCH = 'DEX_FILE_SIZE_MISMATCH';
export const DEX_SECTION_OUT_OF_BOUNDS = 'DEX_SECTION_OUT_OF_BOUNDS';
export const DEX_MAP_OVERRUN = 'DEX_MAP_OVERRUN';
export const DEX_BAD_MAP = 'DEX_BAD_MAP';

export interface IdSection {
  size: number;
  off: number;
}

export interface RawHeader {
  version: string;
  checksum: number;
  signature: Uint8Array;
  fileSize: number;
  linkSize: number;
  linkOff: number;
  mapOff: number;
  stringIds: IdSection;
  typeIds: IdSection;
  protoIds: IdSection;
  fieldIds: IdSection;
  methodIds: IdSection;
  classDefs: IdSection;
  dataSize: number;
  dataOff: number;
}

export function readHeader(r: ByteReader): RawHeader {
  if (r.length < 8 || r.bytes[0] !== 0x64 || r.bytes[1] !== 0x65 || r.bytes[2] !== 0x78 || r.bytes[3] !== 0x0a || r.bytes[7] !== 0) {
    r.fail(DEX_BAD_MAGIC, `magic is ${JSON.stringify(String.fromCharCode(...r.bytes.subarray(0, 8)))}, expected "dex\\n0NN\\0"`, 0);
  }
  const version = String.fromCharCode(r.bytes[4]!, r.bytes[5]!, r.bytes[6]!);
  if (!(SUPPORTED_VERSIONS as readonly string[]).includes(version)) {
    r.fail(DEX_UNSUPPORTED_VERSION, `DEX version ${JSON.stringify(version)} is not one of ${SUPPORTED_VERSIONS.join(', ')}`, 4);
  }
  r.need(HEADER_SIZE, 0);
  r.seek(8);
  const checksum = r.u32le();
  const signature = r.take(20).slice();
  const fileSize = r.u32le();
  const headerSize = r.u32le();
  const endianTag = r.u32le();
  if (endianTag !== ENDIAN_CONSTANT) {
    const why = endianTag === REVERSE_ENDIAN_CONSTANT ? ' (a big-endian DEX file, which is not supported)' : '';
    r.fail(DEX_BAD_ENDIAN_TAG, `endian_tag is ${hex(endianTag)}, expected ${hex(ENDIAN_CONSTANT)}${why}`, 40);
  }
  if (headerSize !== HEADER_SIZE) r.fail(DEX_BAD_HEADER, `header_size is ${hex(headerSize)}, expected ${hex(HEADER_SIZE)}`, 36);
  if (fileSize !== r.length) r.fail(DEX_FILE_SIZE_MISMATCH, `file_size is ${fileSize} but the file has ${r.length} bytes`, 32);
  const linkSize = r.u32le();
  const linkOff = r.u32le();
  const mapOff = r.u32le();
  const ids = (): IdSection => ({ size: r.u32le(), off: r.u32le() });
  const h: RawHeader = {
    version, checksum, signature, fileSize, linkSize, linkOff, mapOff,
    stringIds: ids(), typeIds: ids(), protoIds: ids(), fieldIds: ids(), methodIds: ids(), classDefs: ids(),
    dataSize: r.u32le(), dataOff: r.u32le(),
  };
  r.assertOffset(HEADER_SIZE);
  const bounds: [string, IdSection, number, number][] = [
    ['string_ids', h.stringIds, 4, 56], ['type_ids', h.typeIds, 4, 64], ['proto_ids', h.protoIds, 12, 72],
    ['field_ids', h.fieldIds, 8, 80], ['method_ids', h.methodIds, 8, 88], ['class_defs', h.classDefs, 32, 96],
    ['link', { size: 1, off: linkOff }, linkSize, 44], ['data', { size: 1, off: h.dataOff }, h.dataSize, 104],
  ];
  for (const [name, s, itemSize, at] of bounds) assertInFile(r, name, s.off, s.size * itemSize, at);
  return h;
}

export function assertInFile(r: ByteReader, name: string, off: number, byteSize: number, at: number): void {
  if (byteSize > 0 && (off < HEADER_SIZE || off + byteSize > r.length)) {
    r.fail(DEX_SECTION_OUT_OF_BOUNDS, `${name} spans ${hex(off)}..${hex(off + byteSize)}, outside the file's ${hex(HEADER_SIZE)}..${hex(r.length)}`, at);
  }
}

export function readMapList(r: ByteReader, mapOff: number): DexSection[] {
  if (mapOff === 0 || mapOff % 4 !== 0 || mapOff + 4 > r.length) {
    r.fail(DEX_MAP_OVERRUN, `map_off ${hex(mapOff)} is not a 4-aligned offset inside the file (size ${hex(r.length)})`, 52);
  }
  r.seek(mapOff);
  const size = r.u32le();
  if (mapOff + 4 + size * 12 > r.length) {
    r.fail(DEX_MAP_OVERRUN, `map_list of ${size} items needs ${hex(4 + size * 12)} bytes at ${hex(mapOff)} but the file ends at ${hex(r.length)}`, mapOff);
  }
  const out: DexSection[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < size; i++) {
    const at = r.pos;
    const type = r.u16le();
    r.u16le();
    const count = r.u32le();
    const offset = r.u32le();
    if (MAP_ITEM_NAMES[type] === undefined) r.fail(DEX_BAD_MAP, `map item ${i} has unknown type ${hex(type)}`, at);
    if (seen.has(type)) r.fail(DEX_BAD_MAP, `map item ${i} repeats type ${MAP_ITEM_NAMES[type]}`, at);
    seen.add(type);
    if (offset >= r.length) r.fail(DEX_SECTION_OUT_OF_BOUNDS, `${MAP_ITEM_NAMES[type]} at ${hex(offset)} is past the end of the file (${hex(r.length)})`, at);
    out.push({ type, offset, size: count });
  }
  return out;
}
