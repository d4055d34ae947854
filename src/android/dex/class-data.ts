// class_data_item of the DEX format (spec: "class_data_item"): uleb128 counts, then encoded_field and
// encoded_method lists whose indices are stored as differences from the previous entry of the list.

import type { ByteReader } from '../../core/byte-reader.js';
import type { ByteWriter } from '../../core/byte-writer.js';
import { readUleb128, writeUleb128 } from './leb128.js';
import type { DexClassData, DexEncodedField, DexEncodedMethod } from './model.js';

export function readClassData(r: ByteReader, code: (off: number, at: number) => number): DexClassData {
  const staticCount = readUleb128(r);
  const instanceCount = readUleb128(r);
  const directCount = readUleb128(r);
  const virtualCount = readUleb128(r);
  return {
    staticFields: readFields(r, staticCount),
    instanceFields: readFields(r, instanceCount),
    directMethods: readMethods(r, directCount, code),
    virtualMethods: readMethods(r, virtualCount, code),
  };
}

function readFields(r: ByteReader, count: number): DexEncodedField[] {
  const out: DexEncodedField[] = [];
  let idx = 0;
  for (let i = 0; i < count; i++) {
    idx += readUleb128(r);
    out.push({ fieldIdx: idx, accessFlags: readUleb128(r) });
  }
  return out;
}

function readMethods(r: ByteReader, count: number, code: (off: number, at: number) => number): DexEncodedMethod[] {
  const out: DexEncodedMethod[] = [];
  let idx = 0;
  for (let i = 0; i < count; i++) {
    idx += readUleb128(r);
    const accessFlags = readUleb128(r);
    const at = r.pos;
    out.push({ methodIdx: idx, accessFlags, code: code(readUleb128(r), at) });
  }
  return out;
}

// FORMAT: uleb128 static_fields_size, instance_fields_size, direct_methods_size, virtual_methods_size;
//         encoded_field (uleb128 field_idx_diff, access_flags)*; encoded_method (uleb128 method_idx_diff,
//         access_flags, code_off)*.
export function writeClassData(w: ByteWriter, data: DexClassData, codeOff: (index: number) => number): void {
  writeUleb128(w, data.staticFields.length);
  writeUleb128(w, data.instanceFields.length);
  writeUleb128(w, data.directMethods.length);
  writeUleb128(w, data.virtualMethods.length);
  for (const list of [data.staticFields, data.instanceFields]) {
    let prev = 0;
    for (const f of list) {
      writeUleb128(w, f.fieldIdx - prev);
      writeUleb128(w, f.accessFlags);
      prev = f.fieldIdx;
    }
  }
  for (const list of [data.directMethods, data.virtualMethods]) {
    let prev = 0;
    for (const m of list) {
      writeUleb128(w, m.methodIdx - prev);
      writeUleb128(w, m.accessFlags);
      writeUleb128(w, m.code < 0 ? 0 : codeOff(m.code));
      prev = m.methodIdx;
    }
  }
}

/** Number of fields and methods a class declares (the hiddenapi flag count). */
export function classMemberCount(data: DexClassData): number {
  return data.staticFields.length + data.instanceFields.length + data.directMethods.length + data.virtualMethods.length;
}
