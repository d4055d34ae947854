// Entitlements as the code signature carries them: the XML blob (CSMAGIC_EMBEDDED_ENTITLEMENTS, slot 5)
// and the DER blob (CSMAGIC_EMBEDDED_DER_ENTITLEMENTS, slot 7), XNU osfmk/kern/cs_blobs.h.
//
// FORMAT (DER entitlements, CoreEntitlements as Apple's codesign writes it; checked byte for byte
// against the slot-7 blobs of the corpus binaries):
//   Entitlements ::= [APPLICATION 16] IMPLICIT SEQUENCE { version INTEGER (1), value Dictionary }
//   Dictionary   ::= [CONTEXT 16] IMPLICIT SEQUENCE OF SEQUENCE { key UTF8String, value Value }
//                    -- entries sorted by key, byte-wise on UTF-8 (not DER SET OF order)
//   Value        ::= BOOLEAN | INTEGER | UTF8String | SEQUENCE OF Value | Dictionary
// Reals, dates, data and UIDs have no DER entitlement form. An older form, a universal SET of the same
// entries with no wrapper, is accepted when reading.

import {
  ASN1_CLASS_APPLICATION,
  ASN1_CLASS_CONTEXT,
  ASN1_TAG_BOOLEAN,
  ASN1_TAG_INTEGER,
  ASN1_TAG_SEQUENCE,
  ASN1_TAG_SET,
  asn1Content,
  parseAsn1,
  type Asn1Node,
} from '../../core/asn1.js';
import { ByteWriter } from '../../core/byte-writer.js';
import { MalformedInputError, SigningError, hex } from '../../core/errors.js';
import { CSMAGIC_EMBEDDED_DER_ENTITLEMENTS, CSMAGIC_EMBEDDED_ENTITLEMENTS } from '../codesign/cs-constants.js';
import { plist, type PlistDict, type PlistValue } from '../plist/plist-value.js';
import { APPLE_XML_PLIST_STYLE, serializeXmlPlist } from '../plist/xml-serialize.js';
import { ASN1_TAG_UTF8_STRING, derApplication, derBoolean, derContextConstructed, derInteger, derSequence, derUtf8String } from './asn1-build.js';

const DER_ENTITLEMENTS_TAG = 16;
const DER_ENTITLEMENTS_VERSION = 1n;
const MALFORMED = 'ENTITLEMENTS_DER_MALFORMED';

/** Byte-wise order of the UTF-8 encodings (what a Rust BTreeMap<String> and CoreEntitlements use). */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function encodeValue(v: PlistValue, path: string): Uint8Array {
  switch (v.type) {
    case 'dict':
      return encodeDictionary(v, path);
    case 'array':
      return derSequence(v.items.map((x, i) => encodeValue(x, `${path}[${i}]`)));
    case 'boolean':
      return derBoolean(v.value);
    case 'integer':
      return derInteger(v.value);
    case 'string':
      return derUtf8String(v.value);
    default:
      throw new SigningError(
        'ENTITLEMENTS_DER_UNSUPPORTED_TYPE',
        `entitlement ${path || '(root)'} is a ${v.type}; DER entitlements hold only dictionaries, arrays, strings, integers and booleans`,
      );
  }
}

function encodeDictionary(d: PlistDict, path: string): Uint8Array {
  const keys = [...d.entries.keys()].sort(compareUtf8);
  return derContextConstructed(
    DER_ENTITLEMENTS_TAG,
    keys.map((k) => derSequence([derUtf8String(k), encodeValue(d.entries.get(k)!, path ? `${path}.${k}` : k)])),
  );
}

/** The DER form of an entitlements dictionary (the payload of the slot-7 blob). */
export function encodeDerEntitlements(entitlements: PlistValue): Uint8Array {
  if (entitlements.type !== 'dict') {
    throw new SigningError('ENTITLEMENTS_NOT_DICT', `entitlements must be a dictionary, found a ${entitlements.type}`);
  }
  return derApplication(DER_ENTITLEMENTS_TAG, [derInteger(DER_ENTITLEMENTS_VERSION), encodeDictionary(entitlements, '')]);
}

function fail(message: string, node: Asn1Node): never {
  throw new MalformedInputError(MALFORMED, `DER entitlements: ${message}`, { offset: node.offset });
}

function decodeValue(bytes: Uint8Array, n: Asn1Node): PlistValue {
  if (n.tagClass === ASN1_CLASS_CONTEXT && n.tag === DER_ENTITLEMENTS_TAG && n.constructed) return decodeEntries(bytes, n);
  if (n.tagClass !== 0) fail(`unexpected tag [${n.tagClass}:${n.tag}] at ${hex(n.offset)}`, n);
  const content = asn1Content(bytes, n);
  switch (n.tag) {
    case ASN1_TAG_BOOLEAN:
      if (content.length !== 1) fail(`BOOLEAN at ${hex(n.offset)} has ${content.length} content bytes, expected 1`, n);
      return plist.boolean(content[0] !== 0);
    case ASN1_TAG_INTEGER:
      if (content.length === 0) fail(`INTEGER at ${hex(n.offset)} is empty`, n);
      return plist.integer(BigInt.asIntN(content.length * 8, BigInt('0x' + Buffer.from(content).toString('hex'))));
    case ASN1_TAG_UTF8_STRING:
      return plist.string(Buffer.from(content).toString('utf8'));
    case ASN1_TAG_SEQUENCE:
      return plist.array(n.children.map((c) => decodeValue(bytes, c)));
    case ASN1_TAG_SET:
      return decodeEntries(bytes, n);
    default:
      return fail(`universal tag ${n.tag} at ${hex(n.offset)} has no entitlement meaning`, n);
  }
}

function decodeEntries(bytes: Uint8Array, n: Asn1Node): PlistDict {
  const d = plist.dict();
  for (const e of n.children) {
    const [k, v] = e.children;
    if (e.tag !== ASN1_TAG_SEQUENCE || e.children.length !== 2 || k!.tag !== ASN1_TAG_UTF8_STRING) {
      fail(`dictionary entry at ${hex(e.offset)} is not SEQUENCE { UTF8String, value }`, e);
    }
    d.entries.set(Buffer.from(asn1Content(bytes, k!)).toString('utf8'), decodeValue(bytes, v!));
  }
  return d;
}

/** The entitlements dictionary of a slot-7 payload. */
export function decodeDerEntitlements(der: Uint8Array): PlistDict {
  const root = parseAsn1(der, { what: 'DER entitlements', errorCode: MALFORMED });
  if (root.end !== der.length) fail(`${der.length - root.end} bytes follow the value`, root);
  if (root.tagClass === ASN1_CLASS_APPLICATION && root.tag === DER_ENTITLEMENTS_TAG) {
    const [version, value] = root.children;
    if (root.children.length !== 2 || version!.tag !== ASN1_TAG_INTEGER) fail('expected { INTEGER version, dictionary }', root);
    const d = decodeValue(der, value!);
    if (d.type !== 'dict') fail(`top-level value is a ${d.type}, expected a dictionary`, value!);
    return d;
  }
  if (root.tagClass === 0 && root.tag === ASN1_TAG_SET) return decodeEntries(der, root);
  return fail(`starts with tag [${root.tagClass}:${root.tag}], expected [APPLICATION 16] or SET`, root);
}

function wrapBlob(magic: number, payload: Uint8Array): Uint8Array {
  const w = new ByteWriter();
  w.u32be(magic);
  w.u32be(payload.length + 8);
  w.bytes(payload);
  return w.toBytes();
}

function unwrapBlob(blob: Uint8Array, magic: number, what: string): Uint8Array {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (blob.length < 8 || view.getUint32(0) !== magic) {
    const found = blob.length >= 4 ? hex(view.getUint32(0)) : `${blob.length} bytes`;
    throw new MalformedInputError(MALFORMED, `${what}: expected magic ${hex(magic)}, found ${found}`, { offset: 0 });
  }
  const length = view.getUint32(4);
  if (length < 8 || length > blob.length) {
    throw new MalformedInputError(MALFORMED, `${what}: declares ${length} bytes but ${blob.length} are present`, { offset: 4 });
  }
  return blob.subarray(8, length);
}

/** CSMAGIC_EMBEDDED_DER_ENTITLEMENTS blob (slot 7) for an entitlements dictionary. */
export function serializeDerEntitlementsBlob(entitlements: PlistValue): Uint8Array {
  return wrapBlob(CSMAGIC_EMBEDDED_DER_ENTITLEMENTS, encodeDerEntitlements(entitlements));
}

export function parseDerEntitlementsBlob(blob: Uint8Array): PlistDict {
  return decodeDerEntitlements(unwrapBlob(blob, CSMAGIC_EMBEDDED_DER_ENTITLEMENTS, 'DER entitlements blob'));
}

/** Entitlements XML in Apple's layout (CFPropertyList: tab indentation, Apple DOCTYPE), as Xcode writes them. */
export function entitlementsXml(entitlements: PlistValue): Uint8Array {
  if (entitlements.type !== 'dict') {
    throw new SigningError('ENTITLEMENTS_NOT_DICT', `entitlements must be a dictionary, found a ${entitlements.type}`);
  }
  return serializeXmlPlist(entitlements, APPLE_XML_PLIST_STYLE);
}

/**
 * CSMAGIC_EMBEDDED_ENTITLEMENTS blob (slot 5). Given bytes are embedded as they are (codesign copies the
 * entitlements file verbatim); a dictionary is written in Apple's XML layout.
 */
export function serializeEntitlementsXmlBlob(entitlements: PlistValue | Uint8Array): Uint8Array {
  return wrapBlob(CSMAGIC_EMBEDDED_ENTITLEMENTS, entitlements instanceof Uint8Array ? entitlements : entitlementsXml(entitlements));
}

/** The XML bytes of a slot-5 blob. */
export function parseEntitlementsXmlBlob(blob: Uint8Array): Uint8Array {
  return unwrapBlob(blob, CSMAGIC_EMBEDDED_ENTITLEMENTS, 'entitlements blob');
}
