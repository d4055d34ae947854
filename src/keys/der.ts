// Reading the DER structures of key stores (PKCS#12, PKCS#8, PKCS#5) through the shared ASN.1
// adapter (src/core/asn1.ts), with every failure a SigningError carrying the caller's code: a damaged
// key store is a signing problem (exit 5), as the signing issue groups them, not malformed app input.

import {
  ASN1_TAG_INTEGER,
  ASN1_TAG_OCTET_STRING,
  ASN1_TAG_OID,
  ASN1_TAG_SEQUENCE,
  asn1Content,
  decodeOid,
  isContext,
  isUniversal,
  parseAsn1,
  type Asn1Node,
} from '../core/asn1.js';
import { MalformedInputError, SigningError, hex, type ErrorContext } from '../core/errors.js';

export class DerDoc {
  readonly root: Asn1Node;

  constructor(
    readonly bytes: Uint8Array,
    readonly what: string,
    readonly code: string,
    readonly context: ErrorContext = {},
    allowTrailing = false,
  ) {
    try {
      this.root = parseAsn1(bytes, { what, errorCode: code });
    } catch (e) {
      if (e instanceof MalformedInputError) throw new SigningError(code, e.message, { ...context, ...e.context }, { cause: e });
      throw e;
    }
    if (this.root.end !== bytes.length && !allowTrailing) {
      this.fail(this.root, `${bytes.length - this.root.end} bytes follow the DER value that ends at ${hex(this.root.end)}`);
    }
  }

  fail(node: Asn1Node | undefined, message: string): never {
    throw new SigningError(this.code, `${this.what}: ${message}`, { ...this.context, offset: node?.offset });
  }

  /** A SEQUENCE with at least `min` elements. */
  seq(node: Asn1Node | undefined, what: string, min = 0): Asn1Node[] {
    if (!node || !isUniversal(node, ASN1_TAG_SEQUENCE)) this.fail(node, `${what} is not a SEQUENCE`);
    if (node.children.length < min) this.fail(node, `${what} has ${node.children.length} elements, expected at least ${min}`);
    return node.children;
  }

  /** A SET, or a SEQUENCE where a SET is meant; returns its elements. */
  set(node: Asn1Node | undefined, what: string): Asn1Node[] {
    if (!node || node.tagClass !== 0 || !node.constructed) this.fail(node, `${what} is not a SET`);
    return node.children;
  }

  oid(node: Asn1Node | undefined, what: string): string {
    if (!node || !isUniversal(node, ASN1_TAG_OID) || node.contentLength === 0) this.fail(node, `${what} is not an OBJECT IDENTIFIER`);
    return decodeOid(asn1Content(this.bytes, node));
  }

  /** OCTET STRING content; a constructed (BER) string is joined from its segments. */
  octets(node: Asn1Node | undefined, what: string): Uint8Array {
    if (!node || node.tagClass !== 0 || node.tag !== ASN1_TAG_OCTET_STRING) this.fail(node, `${what} is not an OCTET STRING`);
    if (!node.constructed) return asn1Content(this.bytes, node);
    return concat(node.children.map((c) => this.octets(c, what)));
  }

  /** A non-negative INTEGER that fits a JS number. */
  int(node: Asn1Node | undefined, what: string): number {
    if (!node || !isUniversal(node, ASN1_TAG_INTEGER) || node.contentLength === 0) this.fail(node, `${what} is not an INTEGER`);
    const content = asn1Content(this.bytes, node);
    if (content[0]! & 0x80 || content.length > 6) this.fail(node, `${what} is negative or too large`);
    let v = 0;
    for (const b of content) v = v * 256 + b;
    return v;
  }

  /** The single element inside `[tag] EXPLICIT`. */
  explicit(node: Asn1Node | undefined, tag: number, what: string): Asn1Node {
    if (!node || !isContext(node, tag) || !node.constructed || node.children.length !== 1) this.fail(node, `${what} is not a [${tag}] EXPLICIT value`);
    return node.children[0]!;
  }

  /** The whole encoding of a node. */
  encoded(node: Asn1Node): Uint8Array {
    return this.bytes.subarray(node.offset, node.end);
  }

  /** Parses the content of an OCTET STRING (or any byte string) as a nested DER document. */
  nested(bytes: Uint8Array, what: string): DerDoc {
    return new DerDoc(bytes, what, this.code, this.context);
  }
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
