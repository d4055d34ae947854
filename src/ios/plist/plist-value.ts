// The property-list value model shared by the XML and binary codecs. Types follow CoreFoundation's
// property-list types (CFPropertyList.h) plus the binary format's UID (CFBinaryPList.c `kCFKeyedArchiverUID`):
// integers stay integers (bigint, so 1 and 1.0 differ and 64-bit / unsigned 128-bit values are exact),
// dates keep their exact CFAbsoluteTime (float seconds since 2001-01-01T00:00:00Z), dict keys keep their
// order (Map insertion order).

export type PlistValue =
  | PlistDict
  | PlistArray
  | PlistString
  | PlistInteger
  | PlistReal
  | PlistBoolean
  | PlistDate
  | PlistData
  | PlistUid;

export interface PlistDict {
  readonly type: 'dict';
  readonly entries: Map<string, PlistValue>;
}
export interface PlistArray {
  readonly type: 'array';
  readonly items: PlistValue[];
}
export interface PlistString {
  readonly type: 'string';
  readonly value: string;
}
export interface PlistInteger {
  readonly type: 'integer';
  readonly value: bigint;
}
export interface PlistReal {
  readonly type: 'real';
  readonly value: number;
  /** Binary plists store reals as 4 or 8 bytes; remembered so that a float32 is written back as one. */
  readonly width?: 32 | 64;
}
export interface PlistBoolean {
  readonly type: 'boolean';
  readonly value: boolean;
}
export interface PlistDate {
  readonly type: 'date';
  /** CFAbsoluteTime: seconds since 2001-01-01T00:00:00Z, as stored in binary plists. */
  readonly absoluteTime: number;
}
export interface PlistData {
  readonly type: 'data';
  readonly value: Uint8Array;
}
export interface PlistUid {
  readonly type: 'uid';
  readonly value: bigint;
}

/** Largest integer CoreFoundation accepts: an unsigned 64-bit value (stored as a 128-bit int in bplist). */
export const PLIST_INT_MAX = (1n << 64n) - 1n;
export const PLIST_INT_MIN = -(1n << 63n);

/** Milliseconds between the Unix epoch and 2001-01-01T00:00:00Z (kCFAbsoluteTimeIntervalSince1970). */
export const CF_ABSOLUTE_TIME_EPOCH_MS = 978307200000;

export const plist = {
  dict(entries: Iterable<[string, PlistValue]> = []): PlistDict {
    return { type: 'dict', entries: new Map(entries) };
  },
  array(items: PlistValue[] = []): PlistArray {
    return { type: 'array', items };
  },
  string(value: string): PlistString {
    return { type: 'string', value };
  },
  integer(value: bigint | number): PlistInteger {
    return { type: 'integer', value: BigInt(value) };
  },
  real(value: number, width?: 32 | 64): PlistReal {
    return width ? { type: 'real', value, width } : { type: 'real', value };
  },
  boolean(value: boolean): PlistBoolean {
    return { type: 'boolean', value };
  },
  date(value: Date): PlistDate {
    return { type: 'date', absoluteTime: (value.getTime() - CF_ABSOLUTE_TIME_EPOCH_MS) / 1000 };
  },
  data(value: Uint8Array): PlistData {
    return { type: 'data', value };
  },
  uid(value: bigint | number): PlistUid {
    return { type: 'uid', value: BigInt(value) };
  },
};

/** The JavaScript Date of a plist date (millisecond precision). */
export function plistDateToDate(d: PlistDate): Date {
  return new Date(CF_ABSOLUTE_TIME_EPOCH_MS + d.absoluteTime * 1000);
}

/** Structural equality: same types, same values, same dict key order. */
export function plistEquals(a: PlistValue, b: PlistValue): boolean {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'dict': {
      const be = (b as PlistDict).entries;
      if (a.entries.size !== be.size) return false;
      const bk = [...be.keys()];
      let i = 0;
      for (const [k, v] of a.entries) {
        if (bk[i++] !== k || !plistEquals(v, be.get(k)!)) return false;
      }
      return true;
    }
    case 'array': {
      const bi = (b as PlistArray).items;
      return a.items.length === bi.length && a.items.every((v, i) => plistEquals(v, bi[i]!));
    }
    case 'real':
      return Object.is(a.value, (b as PlistReal).value) && (a.width ?? 64) === ((b as PlistReal).width ?? 64);
    case 'date':
      return Object.is(a.absoluteTime, (b as PlistDate).absoluteTime);
    case 'data': {
      const bv = (b as PlistData).value;
      return a.value.length === bv.length && a.value.every((x, i) => x === bv[i]);
    }
    default:
      return a.value === (b as typeof a).value;
  }
}

/** A deep copy (data bytes copied too), so that a document can remember what it was parsed as. */
export function clonePlist(v: PlistValue): PlistValue {
  switch (v.type) {
    case 'dict':
      return { type: 'dict', entries: new Map([...v.entries].map(([k, x]) => [k, clonePlist(x)])) };
    case 'array':
      return { type: 'array', items: v.items.map(clonePlist) };
    case 'data':
      return { type: 'data', value: v.value.slice() };
    default:
      return { ...v };
  }
}
