// Property lists, XML or binary, behind one facade. The format is detected from the content
// ("bplist00" magic, else XML) and remembered, so `serializePlist(parsePlist(x))` writes the same format.
// Lossless: a document remembers the bytes it was parsed from and the value they decoded to; while the
// value is unchanged those bytes are written back as they were. Once the value is edited, the document
// is written canonically (CoreFoundation's layout; for XML, in the source's own header and indentation).

import { MalformedInputError } from '../../core/errors.js';
import { clonePlist, plistEquals, type PlistValue } from './plist-value.js';
import { isBinaryPlist, parseBinaryPlist, type BinaryPlistTrailer } from './binary-parse.js';
import { DEFAULT_BINARY_PLIST_STYLE, inferBinaryPlistStyle, serializeBinaryPlist, type BinaryPlistStyle } from './binary-serialize.js';
import { isXmlPlist, parseXmlPlist, type XmlPlistStyle } from './xml-parse.js';
import { APPLE_XML_PLIST_STYLE, serializeXmlPlist } from './xml-serialize.js';

export type PlistFormat = 'xml' | 'binary';

export interface PlistDocument {
  format: PlistFormat;
  root: PlistValue;
  /** Layout used when the document is written canonically. */
  xmlStyle?: XmlPlistStyle;
  binaryStyle?: BinaryPlistStyle;
  /** The bytes this document was parsed from, and the value they decoded to (never mutated). */
  readonly source?: { bytes: Uint8Array; root: PlistValue };
}

export interface ParsePlistOptions {
  /** Named in error context (e.g. "Payload/App.app/Info.plist"). */
  entry?: string;
}

export function detectPlistFormat(bytes: Uint8Array): PlistFormat | undefined {
  if (isBinaryPlist(bytes)) return 'binary';
  if (isXmlPlist(bytes)) return 'xml';
  return undefined;
}

export function parsePlist(bytes: Uint8Array, opts: ParsePlistOptions = {}): PlistDocument {
  try {
    const format = detectPlistFormat(bytes);
    if (format === 'binary') {
      const { root, trailer } = parseBinaryPlist(bytes);
      return { format, root, binaryStyle: inferBinaryPlistStyle(root, trailer.numObjects), source: { bytes: bytes.slice(), root: clonePlist(root) } };
    }
    if (format === 'xml') {
      const { root, style } = parseXmlPlist(bytes);
      return { format, root, xmlStyle: style, source: { bytes: bytes.slice(), root: clonePlist(root) } };
    }
    const head = Buffer.from(bytes.subarray(0, 8)).toString('latin1');
    throw new MalformedInputError('PLIST_BAD_HEADER', `not a property list: starts with ${JSON.stringify(head)}, expected "bplist00" or "<?xml"`, { offset: 0 });
  } catch (e) {
    if (e instanceof MalformedInputError && opts.entry) e.within({ entry: opts.entry });
    throw e;
  }
}

/** A new document (no source bytes) in Apple's canonical layout. */
export function createPlistDocument(root: PlistValue, format: PlistFormat = 'xml'): PlistDocument {
  return { format, root };
}

export interface SerializePlistOptions {
  /** Write canonically even when the value is unchanged since parsing. */
  canonical?: boolean;
  /** Write in this format instead of the document's own. */
  format?: PlistFormat;
}

export function serializePlist(doc: PlistDocument, opts: SerializePlistOptions = {}): Uint8Array {
  const format = opts.format ?? doc.format;
  if (!opts.canonical && doc.source && format === doc.format && plistEquals(doc.root, doc.source.root)) {
    return doc.source.bytes.slice();
  }
  if (format === 'binary') return serializeBinaryPlist(doc.root, doc.binaryStyle ?? DEFAULT_BINARY_PLIST_STYLE);
  return serializeXmlPlist(doc.root, doc.format === 'xml' ? (doc.xmlStyle ?? APPLE_XML_PLIST_STYLE) : APPLE_XML_PLIST_STYLE);
}

/** Whether the document's value differs from what it was parsed as (always true for a new document). */
export function isPlistModified(doc: PlistDocument): boolean {
  return !doc.source || !plistEquals(doc.root, doc.source.root);
}

export type { BinaryPlistTrailer, BinaryPlistStyle, XmlPlistStyle };
