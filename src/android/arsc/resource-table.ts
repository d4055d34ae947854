// A minimal reader of resources.arsc (AOSP ResourceTypes.h: ResTable_header, ResTable_package,
// ResTable_type, ResTable_entry, Res_value) that resolves a resource ID to its value in the default
// configuration. Enough to show a manifest's @string references; not a general resource decoder.

import { ByteReader } from '../../core/byte-reader.js';
import { MalformedInputError, hex } from '../../core/errors.js';
import {
  RES_STRING_POOL_TYPE, RES_TABLE_PACKAGE_TYPE, RES_TABLE_TYPE, RES_TABLE_TYPE_TYPE, TYPE_REFERENCE, TYPE_STRING,
} from '../axml/constants.js';
import type { ResValue } from '../axml/model.js';
import { parseStringPool } from '../axml/string-pool.js';

// ResTable_type::flags and ResTable_entry::flags
const FLAG_SPARSE = 0x01;
const FLAG_OFFSET16 = 0x02;
const FLAG_COMPLEX = 0x0001;
const FLAG_COMPACT = 0x0008;
const NO_ENTRY16 = 0xffff;

export interface ResourceTable {
  /** Global string pool (values of TYPE_STRING). */
  strings: string[];
  /** The package ID of each package chunk, as stored (0 for a shared library). */
  packageIds: number[];
  /** Default-configuration values by resource ID (package byte as stored). */
  defaults: Map<number, ResValue>;
}

function fail(message: string, offset: number): never {
  throw new MalformedInputError('ARSC_MALFORMED', message, { entry: 'resources.arsc', offset });
}

function isDefaultConfig(r: ByteReader, at: number): boolean {
  const size = r.seek(at).u32le();
  const cfg = r.at(at + 4, Math.max(0, Math.min(size, r.length - at) - 4));
  return cfg.every((b) => b === 0);
}

function readEntry(r: ByteReader, at: number): ResValue | undefined {
  r.seek(at);
  const size = r.u16le();
  const flags = r.u16le();
  if (flags & FLAG_COMPACT) return { size: 8, res0: 0, dataType: flags >> 8, data: r.u32le() };
  if (flags & FLAG_COMPLEX) return undefined;
  r.seek(at + size);
  return { size: r.u16le(), res0: r.u8(), dataType: r.u8(), data: r.u32le() };
}

function readType(r: ByteReader, at: number, headerSize: number, pkg: number, out: Map<number, ResValue>): void {
  r.seek(at + 8);
  const typeId = r.u8();
  const flags = r.u8();
  r.u16le();
  const entryCount = r.u32le();
  const entriesStart = r.u32le();
  if (!isDefaultConfig(r, at + 20)) return;
  r.seek(at + headerSize);
  const entries: [number, number][] = [];
  for (let i = 0; i < entryCount; i++) {
    if (flags & FLAG_SPARSE) entries.push([r.u16le(), r.u16le() * 4]);
    else if (flags & FLAG_OFFSET16) {
      const o = r.u16le();
      if (o !== NO_ENTRY16) entries.push([i, o * 4]);
    } else {
      const o = r.u32le();
      if (o !== 0xffffffff) entries.push([i, o]);
    }
  }
  for (const [index, offset] of entries) {
    const v = readEntry(r, at + entriesStart + offset);
    if (v) out.set(((pkg << 24) | (typeId << 16) | index) >>> 0, v);
  }
}

function readPackage(r: ByteReader, at: number, headerSize: number, size: number, out: Map<number, ResValue>): number {
  const id = r.seek(at + 8).u32le();
  let p = at + headerSize;
  while (p + 8 <= at + size) {
    r.seek(p);
    const type = r.u16le();
    const hs = r.u16le();
    const sz = r.u32le();
    if (sz < 8 || p + sz > at + size) fail(`package chunk at ${hex(p)} has size ${sz}`, p);
    if (type === RES_TABLE_TYPE_TYPE) readType(r, p, hs, id, out);
    p += sz;
  }
  return id;
}

/** Parses resources.arsc far enough to look up default-configuration values. */
export function parseResourceTable(bytes: Uint8Array): ResourceTable {
  const r = new ByteReader(bytes, 'resources.arsc', { errorCode: 'ARSC_MALFORMED' });
  const type = r.u16le();
  const headerSize = r.u16le();
  const size = r.u32le();
  if (type !== RES_TABLE_TYPE) fail(`chunk type is ${hex(type)}, expected RES_TABLE_TYPE ${hex(RES_TABLE_TYPE)}`, 0);
  const table: ResourceTable = { strings: [], packageIds: [], defaults: new Map() };
  let at = headerSize;
  const end = Math.min(size, bytes.length);
  while (at + 8 <= end) {
    r.seek(at);
    const t = r.u16le();
    const hs = r.u16le();
    const sz = r.u32le();
    if (sz < 8 || at + sz > end) fail(`chunk at ${hex(at)} has size ${sz}, past the table end ${hex(end)}`, at);
    if (t === RES_STRING_POOL_TYPE && table.strings.length === 0) table.strings = parseStringPool(bytes.subarray(at, at + sz), at).strings;
    else if (t === RES_TABLE_PACKAGE_TYPE) table.packageIds.push(readPackage(r, at, hs, sz, table.defaults));
    at += sz;
  }
  return table;
}

/**
 * The package ID Android's AssetManager assigns to this table's first package: its own ID, or the
 * first dynamic ID (0x02) when the table is a shared library (package ID 0).
 */
export function assignedPackageId(table: ResourceTable): number {
  const id = table.packageIds[0] ?? 0x7f;
  return id === 0 ? 0x02 : id;
}

/** Resolves a reference to a string in the default configuration, following references (up to 8). */
export function resolveString(table: ResourceTable, resId: number): string | undefined {
  let id = resId >>> 0;
  for (let hop = 0; hop < 8; hop++) {
    const v = table.defaults.get(id) ?? table.defaults.get((id & 0x00ffffff) >>> 0);
    if (!v) return undefined;
    if (v.dataType === TYPE_STRING) return table.strings[v.data];
    if (v.dataType !== TYPE_REFERENCE) return undefined;
    id = v.data >>> 0;
  }
  return undefined;
}
