// hiddenapi_class_data_item (spec: "hiddenapi_class_data_item", DEX 039): u4 size, u4 offsets[one per
// class_def] from the item start (0: no flags), then uleb128 flags for each field and method of the class
// in class_data order.

import type { ByteReader } from '../../core/byte-reader.js';
import { ByteWriter } from '../../core/byte-writer.js';
import { hex } from '../../core/errors.js';
import { readUleb128, writeUleb128 } from './leb128.js';

export const DEX_BAD_HIDDENAPI = 'DEX_BAD_HIDDENAPI';

export function readHiddenapiClassData(r: ByteReader, memberCounts: readonly number[]): (number[] | null)[] {
  const start = r.pos;
  const size = r.u32le();
  r.need(size - 4);
  const offsets: number[] = [];
  for (let i = 0; i < memberCounts.length; i++) offsets.push(r.u32le());
  const out: (number[] | null)[] = [];
  for (let i = 0; i < memberCounts.length; i++) {
    const off = offsets[i]!;
    if (off === 0) {
      out.push(null);
      continue;
    }
    if (off >= size) r.fail(DEX_BAD_HIDDENAPI, `class ${i} flags offset ${hex(off)} is past the item size ${hex(size)}`, start + 4 + 4 * i);
    r.seek(start + off);
    const flags: number[] = [];
    for (let k = 0; k < memberCounts[i]!; k++) flags.push(readUleb128(r));
    out.push(flags);
  }
  r.seek(start + size);
  return out;
}

export function writeHiddenapiClassData(w: ByteWriter, data: readonly (number[] | null)[]): void {
  const body = new ByteWriter(1024);
  const offsets: number[] = [];
  const headerSize = 4 + 4 * data.length;
  for (const flags of data) {
    if (!flags) {
      offsets.push(0);
      continue;
    }
    offsets.push(headerSize + body.length);
    for (const f of flags) writeUleb128(body, f);
  }
  w.u32le(headerSize + body.length);
  for (const o of offsets) w.u32le(o);
  w.bytes(body.toBytes());
}
