// The DEX files of an APK as the platform loads them: ART opens classes.dex, then classes2.dex,
// classes3.dex, … and stops at the first name missing (art/libdexfile DexFileLoader
// GetMultiDexClassesDexName: index 0 → "classes.dex", index n → "classes<n+1>.dex"). The shim goes
// into the next name of that sequence; and to find the shim of an earlier wrap, the DEX files are
// searched for the class that defines the bootstrap provider (DEX format: header_item, class_def_item,
// type_id_item, string_id_item, string_data_item).

import { ByteReader } from '../../core/byte-reader.js';
import { PreflightError } from '../../core/errors.js';
import { readHeader } from '../../android/dex/header.js';
import { readUleb128 } from '../../android/dex/leb128.js';

const DEX_NAME = /^classes(\d*)\.dex$/;
const CLASS_DEF_ITEM_SIZE = 32;

/** The name ART gives the DEX at `index` (0-based). */
export function multiDexName(index: number): string {
  return index === 0 ? 'classes.dex' : `classes${index + 1}.dex`;
}

/** The DEX names ART loads, in order. */
export function loadedDexNames(names: readonly string[]): string[] {
  const present = new Set(names);
  const out: string[] = [];
  while (present.has(multiDexName(out.length))) out.push(multiDexName(out.length));
  return out;
}

// Rules:
// 1. No classesN.dex may lie beyond the loaded sequence (WRAP_DEX_SEQUENCE_GAP): ART does not load it
//    today, but adding the shim at the next free name could close the gap and make ART load it.
export function assertNoDexGap(names: readonly string[]): void {
  const loaded = new Set(loadedDexNames(names));
  const stray = names.filter((n) => DEX_NAME.test(n) && !loaded.has(n));
  if (stray.length > 0) {
    throw new PreflightError('WRAP_DEX_SEQUENCE_GAP', `the APK holds ${stray.join(', ')} outside the sequence ART loads (${[...loaded].join(', ') || 'none'}); expected consecutive classes.dex, classes2.dex, …`, {
      entry: stray[0], hint: 'adding the runtime would change which of the app\'s DEX files load; rebuild the APK with consecutive DEX names',
    });
  }
}

/** The next free name of the sequence. */
export function nextDexName(names: readonly string[]): string {
  return multiDexName(loadedDexNames(names).length);
}

/** "com.mam.runtime.Bootstrap" → "Lcom/mam/runtime/Bootstrap;" */
export function typeDescriptor(className: string): string {
  return `L${className.replace(/\./g, '/')};`;
}

/** True when the DEX file defines the class (a class_def_item whose type is `className`). */
export function dexDefinesClass(bytes: Uint8Array, className: string): boolean {
  const want = new TextEncoder().encode(typeDescriptor(className));
  const r = new ByteReader(bytes, 'DEX file', { errorCode: 'DEX_TRUNCATED' });
  const h = readHeader(r);
  for (let i = 0; i < h.classDefs.size; i++) {
    const typeIdx = r.seek(h.classDefs.off + i * CLASS_DEF_ITEM_SIZE).u32le();
    const stringIdx = r.seek(h.typeIds.off + typeIdx * 4).u32le();
    const dataOff = r.seek(h.stringIds.off + stringIdx * 4).u32le();
    r.seek(dataOff);
    readUleb128(r);
    const s = r.at(r.pos, Math.min(want.length + 1, r.length - r.pos));
    if (s.length === want.length + 1 && s[want.length] === 0 && want.every((b, j) => s[j] === b)) return true;
  }
  return false;
}
