// DER builders (ITU-T X.690 §10, Distinguished Encoding Rules) for the structures the Apple signer writes:
// CMS SignedData (RFC 5652), its signed attributes, and Apple's DER entitlements. The reading side is
// src/core/asn1.ts; this is its writing counterpart, over plain bytes so that every output is exact and
// deterministic (definite lengths, minimal integers, SET OF sorted by encoding).

import { concatBytes as concat } from '../../core/byte-writer.js';
import { SigningError } from '../../core/errors.js';
import {
  ASN1_CLASS_APPLICATION,
  ASN1_CLASS_CONTEXT,
  ASN1_TAG_BOOLEAN,
  ASN1_TAG_INTEGER,
  ASN1_TAG_NULL,
  ASN1_TAG_OCTET_STRING,
  ASN1_TAG_OID,
  ASN1_TAG_SEQUENCE,
  ASN1_TAG_SET,
} from '../../core/asn1.js';

export const ASN1_TAG_UTF8_STRING = 12;
export const ASN1_TAG_UTC_TIME = 23;
export const ASN1_TAG_GENERALIZED_TIME = 24;

const CONSTRUCTED = 0x20;

function lengthOctets(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function identifierOctets(tagClass: number, constructed: boolean, tag: number): Uint8Array {
  const head = (tagClass << 6) | (constructed ? CONSTRUCTED : 0);
  if (tag < 0x1f) return Uint8Array.of(head | tag);
  const digits: number[] = [];
  for (let v = tag; v > 0; v = Math.floor(v / 128)) digits.unshift(v & 0x7f);
  return Uint8Array.of(head | 0x1f, ...digits.map((d, i) => (i < digits.length - 1 ? d | 0x80 : d)));
}

/** One TLV with an explicit class; `content` is either primitive bytes or already-encoded children. */
export function derTagged(tagClass: number, tag: number, constructed: boolean, content: Uint8Array | readonly Uint8Array[]): Uint8Array {
  const body = content instanceof Uint8Array ? content : concat(content);
  return concat([identifierOctets(tagClass, constructed, tag), lengthOctets(body.length), body]);
}

export function derUniversal(tag: number, content: Uint8Array): Uint8Array {
  return derTagged(0, tag, false, content);
}

export function derSequence(children: readonly Uint8Array[]): Uint8Array {
  return derTagged(0, ASN1_TAG_SEQUENCE, true, children);
}

/** DER order for SET OF: elements sorted as octet strings (X.690 §11.6), shorter first on a common prefix. */
export function compareDer(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export function derSetOf(children: readonly Uint8Array[]): Uint8Array {
  return derTagged(0, ASN1_TAG_SET, true, [...children].sort(compareDer));
}

/** [n] IMPLICIT SET OF …, sorted as DER requires (certificates, signed attributes). */
export function derImplicitSetOf(n: number, children: readonly Uint8Array[]): Uint8Array {
  return derTagged(ASN1_CLASS_CONTEXT, n, true, [...children].sort(compareDer));
}

/** [n] EXPLICIT wrapping of one encoded value. */
export function derExplicit(n: number, inner: Uint8Array): Uint8Array {
  return derTagged(ASN1_CLASS_CONTEXT, n, true, inner);
}

export function derApplication(n: number, children: readonly Uint8Array[]): Uint8Array {
  return derTagged(ASN1_CLASS_APPLICATION, n, true, children);
}

export function derContextConstructed(n: number, children: readonly Uint8Array[]): Uint8Array {
  return derTagged(ASN1_CLASS_CONTEXT, n, true, children);
}

export function derBoolean(v: boolean): Uint8Array {
  return derUniversal(ASN1_TAG_BOOLEAN, Uint8Array.of(v ? 0xff : 0));
}

/** Minimal two's-complement content octets (X.690 §8.3). */
export function integerContent(v: bigint): Uint8Array {
  const bytes: number[] = [];
  let x = v;
  for (;;) {
    const b = Number(x & 0xffn);
    bytes.unshift(b);
    x >>= 8n;
    if ((x === 0n && (b & 0x80) === 0) || (x === -1n && (b & 0x80) !== 0)) break;
  }
  return Uint8Array.from(bytes);
}

export function derInteger(v: bigint | number): Uint8Array {
  return derUniversal(ASN1_TAG_INTEGER, integerContent(BigInt(v)));
}

/** An INTEGER whose content octets are given as they are (a certificate serial number copied verbatim). */
export function derIntegerRaw(content: Uint8Array): Uint8Array {
  return derUniversal(ASN1_TAG_INTEGER, content);
}

export function derNull(): Uint8Array {
  return derUniversal(ASN1_TAG_NULL, new Uint8Array(0));
}

export function derOctetString(v: Uint8Array): Uint8Array {
  return derUniversal(ASN1_TAG_OCTET_STRING, v);
}

export function derUtf8String(s: string): Uint8Array {
  return derUniversal(ASN1_TAG_UTF8_STRING, new Uint8Array(Buffer.from(s, 'utf8')));
}

/** Content octets of a dotted OBJECT IDENTIFIER (X.690 §8.19). */
export function oidContent(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((s) => {
    if (!/^\d+$/.test(s)) throw new SigningError('ASN1_BAD_OID', `object identifier ${JSON.stringify(dotted)} has a non-numeric arc ${JSON.stringify(s)}`);
    return BigInt(s);
  });
  if (arcs.length < 2 || arcs[0]! > 2n) throw new SigningError('ASN1_BAD_OID', `object identifier ${JSON.stringify(dotted)} needs at least two arcs, the first 0, 1 or 2`);
  const out: number[] = [];
  const subIds = [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)];
  for (const id of subIds) {
    const digits: number[] = [];
    let v = id;
    do {
      digits.unshift(Number(v & 0x7fn));
      v >>= 7n;
    } while (v > 0n);
    digits.forEach((d, i) => out.push(i < digits.length - 1 ? d | 0x80 : d));
  }
  return Uint8Array.from(out);
}

export function derOid(dotted: string): Uint8Array {
  return derUniversal(ASN1_TAG_OID, oidContent(dotted));
}

/** AlgorithmIdentifier; `nullParameters` writes the explicit NULL that RSA and SHA-2 identifiers carry. */
export function derAlgorithm(oid: string, nullParameters: boolean): Uint8Array {
  return derSequence(nullParameters ? [derOid(oid), derNull()] : [derOid(oid)]);
}

/** RFC 5652 §11.3 / RFC 5280 §4.1.2.5: UTCTime for 1950–2049, GeneralizedTime otherwise, whole seconds, Z. */
export function derTime(t: Date): Uint8Array {
  if (Number.isNaN(t.getTime())) throw new SigningError('ASN1_BAD_TIME', 'signing time is not a valid date');
  const iso = t.toISOString();
  const year = t.getUTCFullYear();
  const rest = iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
  if (year >= 1950 && year < 2050) return derUniversal(ASN1_TAG_UTC_TIME, new Uint8Array(Buffer.from(String(year).slice(2) + rest, 'latin1')));
  return derUniversal(ASN1_TAG_GENERALIZED_TIME, new Uint8Array(Buffer.from(String(year).padStart(4, '0') + rest, 'latin1')));
}
