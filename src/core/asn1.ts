// ASN.1 BER/DER (ITU-T X.690) as mam reads it: a tree of tag-length-value nodes that remember their
// byte offsets, so that callers can take the exact encoded bytes of any part (a certificate inside a
// PKCS#7 SignedData, signed attributes) without re-encoding. Indefinite lengths (BER, which some JAR
// signing tools emit) are accepted on constructed values.
// This is the single place node-forge's asn1 module is imported (object identifiers).

import forge from 'node-forge';
import { MalformedInputError, hex } from './errors.js';

export const ASN1_CLASS_UNIVERSAL = 0;
export const ASN1_CLASS_APPLICATION = 1;
export const ASN1_CLASS_CONTEXT = 2;
export const ASN1_CLASS_PRIVATE = 3;

export const ASN1_TAG_BOOLEAN = 1;
export const ASN1_TAG_INTEGER = 2;
export const ASN1_TAG_BIT_STRING = 3;
export const ASN1_TAG_OCTET_STRING = 4;
export const ASN1_TAG_NULL = 5;
export const ASN1_TAG_OID = 6;
export const ASN1_TAG_SEQUENCE = 16;
export const ASN1_TAG_SET = 17;

export interface Asn1Node {
  tagClass: number;
  tag: number;
  constructed: boolean;
  /** Offset of the identifier octet(s), relative to the bytes given to parseAsn1. */
  offset: number;
  /** Offset of the first content byte. */
  contentOffset: number;
  /** Content length in bytes (for indefinite lengths: up to, not including, the end-of-contents octets). */
  contentLength: number;
  /** Offset just past the whole encoding (including end-of-contents octets). */
  end: number;
  indefinite: boolean;
  children: Asn1Node[];
}

export interface Asn1Options {
  /** What the bytes are, for error messages. */
  what?: string;
  /** Error code for malformed encodings. */
  errorCode?: string;
  /** File offset of bytes[0], so errors report file offsets. */
  base?: number;
  /** Nesting limit (hostile inputs). */
  maxDepth?: number;
}

const MAX_DEPTH = 64;

/** Parses the single TLV that starts at `at` (default 0), with all nested constructed values. */
export function parseAsn1(bytes: Uint8Array, opts: Asn1Options = {}, at = 0): Asn1Node {
  return new Asn1Parser(bytes, opts).node(at, bytes.length, 0);
}

/** The whole encoding of a node (identifier, length and content), as a view. */
export function asn1Encoded(bytes: Uint8Array, node: Asn1Node): Uint8Array {
  return bytes.subarray(node.offset, node.end);
}

/** The content octets of a node, as a view. */
export function asn1Content(bytes: Uint8Array, node: Asn1Node): Uint8Array {
  return bytes.subarray(node.contentOffset, node.contentOffset + node.contentLength);
}

/** Dotted form of an OBJECT IDENTIFIER's content octets. */
export function decodeOid(content: Uint8Array): string {
  return forge.asn1.derToOid(forge.util.binary.raw.encode(content));
}

export function isUniversal(node: Asn1Node, tag: number): boolean {
  return node.tagClass === ASN1_CLASS_UNIVERSAL && node.tag === tag;
}

export function isContext(node: Asn1Node, tag: number): boolean {
  return node.tagClass === ASN1_CLASS_CONTEXT && node.tag === tag;
}

class Asn1Parser {
  private readonly what: string;
  private readonly code: string;
  private readonly base: number;
  private readonly maxDepth: number;

  constructor(
    private readonly bytes: Uint8Array,
    opts: Asn1Options,
  ) {
    this.what = opts.what ?? 'ASN.1';
    this.code = opts.errorCode ?? 'ASN1_MALFORMED';
    this.base = opts.base ?? 0;
    this.maxDepth = opts.maxDepth ?? MAX_DEPTH;
  }

  private fail(message: string, at: number): never {
    throw new MalformedInputError(this.code, `${this.what}: ${message}`, { offset: this.base + at });
  }

  private byte(at: number, limit: number): number {
    if (at >= limit) this.fail(`encoding runs past its end at ${hex(this.base + at)}`, at);
    return this.bytes[at]!;
  }

  node(at: number, limit: number, depth: number): Asn1Node {
    if (depth > this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth}`, at);
    const offset = at;
    const first = this.byte(at++, limit);
    const tagClass = first >> 6;
    const constructed = (first & 0x20) !== 0;
    let tag = first & 0x1f;
    if (tag === 0x1f) {
      tag = 0;
      let b: number;
      do {
        b = this.byte(at++, limit);
        tag = tag * 128 + (b & 0x7f);
        if (tag > 0xffffff) this.fail('tag number too large', offset);
      } while (b & 0x80);
    }
    const lenByte = this.byte(at++, limit);
    if (lenByte === 0x80) return this.indefinite(offset, at, limit, depth, { tagClass, tag, constructed });
    let length = lenByte;
    if (lenByte & 0x80) {
      const n = lenByte & 0x7f;
      if (n > 6) this.fail(`length of ${n} octets is not supported`, offset);
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + this.byte(at++, limit);
    }
    if (at + length > limit) {
      this.fail(`value at ${hex(this.base + offset)} declares ${length} content bytes but only ${limit - at} remain`, offset);
    }
    const node: Asn1Node = { tagClass, tag, constructed, offset, contentOffset: at, contentLength: length, end: at + length, indefinite: false, children: [] };
    if (constructed) {
      let p = at;
      while (p < node.end) {
        const child = this.node(p, node.end, depth + 1);
        node.children.push(child);
        p = child.end;
      }
    }
    return node;
  }

  private indefinite(offset: number, at: number, limit: number, depth: number, head: Pick<Asn1Node, 'tagClass' | 'tag' | 'constructed'>): Asn1Node {
    if (!head.constructed) this.fail('indefinite length on a primitive value', offset);
    const children: Asn1Node[] = [];
    let p = at;
    for (;;) {
      if (this.byte(p, limit) === 0 && this.byte(p + 1, limit) === 0) break;
      const child = this.node(p, limit, depth + 1);
      children.push(child);
      p = child.end;
    }
    return { ...head, offset, contentOffset: at, contentLength: p - at, end: p + 2, indefinite: true, children };
  }
}
