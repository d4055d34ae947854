// Code requirements in Apple's binary requirement language (Security framework requirement.h:
// ExprOp, MatchOperation; cs_blobs.h: CSMAGIC_REQUIREMENT, CSMAGIC_REQUIREMENTS), encoded and decoded
// symmetrically so that a decoded requirement re-encodes to the same bytes.
//
// FORMAT (big-endian):
//   Requirements ::= u32 magic 0xfade0c01, u32 length, u32 count, count × { u32 type, u32 offset }, blobs
//   Requirement  ::= u32 magic 0xfade0c00, u32 length, u32 kind (1 = expression form), Expr
//   Expr         ::= u32 op, operands (strings and data: u32 length, bytes, zero padding to 4; slots: i32)
// Binary operators (and, or) are prefix: op, left, right; a chain "a and b and c" nests to the right.

import { ByteReader } from '../../core/byte-reader.js';
import { ByteWriter } from '../../core/byte-writer.js';
import { SigningError, hex } from '../../core/errors.js';
import { CSMAGIC_REQUIREMENT, CSMAGIC_REQUIREMENTS } from '../codesign/cs-constants.js';
import { oidContent } from './asn1-build.js';

// requirement.h ExprOp
export const opFalse = 0;
export const opTrue = 1;
export const opIdent = 2;
export const opAppleAnchor = 3;
export const opAnchorHash = 4;
export const opInfoKeyValue = 5;
export const opAnd = 6;
export const opOr = 7;
export const opCDHash = 8;
export const opNot = 9;
export const opInfoKeyField = 10;
export const opCertField = 11;
export const opTrustedCert = 12;
export const opTrustedCerts = 13;
export const opCertGeneric = 14;
export const opAppleGenericAnchor = 15;
export const opEntitlementField = 16;
export const opCertPolicy = 17;
export const opNamedAnchor = 18;
export const opNamedCode = 19;
export const opPlatform = 20;
export const opNotarized = 21;
export const opCertFieldDate = 22;
export const opLegacyDevID = 23;
export const opFlagMask = 0xff000000;

// requirement.h MatchOperation
export const MATCH_OPS = [
  'exists', 'equal', 'contains', 'beginsWith', 'endsWith', 'lessThan', 'greaterThan', 'lessEqual', 'greaterEqual',
  'on', 'before', 'after', 'onOrBefore', 'onOrAfter', 'absent',
] as const;
export type MatchOp = (typeof MATCH_OPS)[number];
const DATE_MATCHES: ReadonlySet<MatchOp> = new Set(['on', 'before', 'after', 'onOrBefore', 'onOrAfter']);

// CSCommon.h SecRequirementType
export const kSecHostRequirementType = 1;
export const kSecGuestRequirementType = 2;
export const kSecDesignatedRequirementType = 3;
export const kSecLibraryRequirementType = 4;
export const kSecPluginRequirementType = 5;

/** Requirement::exprForm */
export const REQUIREMENT_EXPR_FORM = 1;
/** Certificate slots: Requirement::leafCert, Requirement::anchorCert. */
export const CERT_SLOT_LEAF = 0;
export const CERT_SLOT_ANCHOR = -1;

/** A match: the operation, its operand (string bytes) for comparisons, or a CFAbsoluteTime for date matches. */
export type Match =
  | { op: 'exists' | 'absent' }
  | { op: Exclude<MatchOp, 'exists' | 'absent' | DateMatchOp>; value: Uint8Array }
  | { op: DateMatchOp; time: bigint };
type DateMatchOp = 'on' | 'before' | 'after' | 'onOrBefore' | 'onOrAfter';

export type RequirementExpr =
  | { op: 'false' | 'true' | 'appleAnchor' | 'appleGenericAnchor' | 'trustedCerts' | 'notarized' | 'legacyDevId' }
  | { op: 'ident' | 'namedAnchor' | 'namedCode'; value: Uint8Array }
  | { op: 'anchorHash'; slot: number; hash: Uint8Array }
  | { op: 'cdhash'; hash: Uint8Array }
  | { op: 'infoKeyValue'; key: Uint8Array; value: Uint8Array }
  | { op: 'and' | 'or'; left: RequirementExpr; right: RequirementExpr }
  | { op: 'not'; expr: RequirementExpr }
  | { op: 'infoKeyField' | 'entitlementField'; key: Uint8Array; match: Match }
  | { op: 'certField'; slot: number; field: Uint8Array; match: Match }
  | { op: 'certGeneric' | 'certPolicy'; slot: number; oid: Uint8Array; match: Match }
  | { op: 'certFieldDate'; slot: number; oid: Uint8Array; match: Match }
  | { op: 'trustedCert'; slot: number }
  | { op: 'platform'; value: number };

export interface RequirementEntry {
  type: number;
  expr: RequirementExpr;
}

const SIMPLE_OPS: Record<string, number> = {
  false: opFalse, true: opTrue, appleAnchor: opAppleAnchor, appleGenericAnchor: opAppleGenericAnchor,
  trustedCerts: opTrustedCerts, notarized: opNotarized, legacyDevId: opLegacyDevID,
};
const STRING_OPS: Record<string, number> = { ident: opIdent, namedAnchor: opNamedAnchor, namedCode: opNamedCode };
const OID_OPS: Record<string, number> = { certGeneric: opCertGeneric, certPolicy: opCertPolicy, certFieldDate: opCertFieldDate };

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

// ---- encoding ---------------------------------------------------------------------------------------

function writeData(w: ByteWriter, v: Uint8Array): void {
  w.u32be(v.length);
  w.bytes(v);
  w.align(4);
}

function writeMatch(w: ByteWriter, m: Match): void {
  w.u32be(MATCH_OPS.indexOf(m.op));
  if ('time' in m) w.u64be(BigInt.asUintN(64, m.time));
  else if ('value' in m) writeData(w, m.value);
}

function writeExpr(w: ByteWriter, e: RequirementExpr): void {
  if (e.op in SIMPLE_OPS) return void w.u32be(SIMPLE_OPS[e.op]!);
  switch (e.op) {
    case 'ident':
    case 'namedAnchor':
    case 'namedCode':
      w.u32be(STRING_OPS[e.op]!);
      return writeData(w, e.value);
    case 'anchorHash':
      w.u32be(opAnchorHash).u32be(e.slot >>> 0);
      return writeData(w, e.hash);
    case 'cdhash':
      w.u32be(opCDHash);
      return writeData(w, e.hash);
    case 'infoKeyValue':
      w.u32be(opInfoKeyValue);
      writeData(w, e.key);
      return writeData(w, e.value);
    case 'and':
    case 'or':
      w.u32be(e.op === 'and' ? opAnd : opOr);
      writeExpr(w, e.left);
      return writeExpr(w, e.right);
    case 'not':
      w.u32be(opNot);
      return writeExpr(w, e.expr);
    case 'infoKeyField':
    case 'entitlementField':
      w.u32be(e.op === 'infoKeyField' ? opInfoKeyField : opEntitlementField);
      writeData(w, e.key);
      return writeMatch(w, e.match);
    case 'certField':
      w.u32be(opCertField).u32be(e.slot >>> 0);
      writeData(w, e.field);
      return writeMatch(w, e.match);
    case 'certGeneric':
    case 'certPolicy':
    case 'certFieldDate':
      w.u32be(OID_OPS[e.op]!).u32be(e.slot >>> 0);
      writeData(w, e.oid);
      return writeMatch(w, e.match);
    case 'trustedCert':
      return void w.u32be(opTrustedCert).u32be(e.slot >>> 0);
    case 'platform':
      return void w.u32be(opPlatform).u32be(e.value >>> 0);
    default:
      throw new SigningError('REQUIREMENT_UNKNOWN_OP', `cannot encode requirement operation ${JSON.stringify((e as { op: string }).op)}`);
  }
}

/** One CSMAGIC_REQUIREMENT blob (expression form). */
export function serializeRequirement(expr: RequirementExpr): Uint8Array {
  const w = new ByteWriter();
  w.u32be(CSMAGIC_REQUIREMENT).u32be(0).u32be(REQUIREMENT_EXPR_FORM);
  writeExpr(w, expr);
  const out = w.toBytes();
  new DataView(out.buffer).setUint32(4, out.length);
  return out;
}

/** The CSMAGIC_REQUIREMENTS set (slot 2). Ad-hoc signatures carry the empty set: 0xfade0c01, 12, 0. */
export function serializeRequirementSet(entries: readonly RequirementEntry[]): Uint8Array {
  const blobs = [...entries].sort((a, b) => a.type - b.type).map((e) => ({ type: e.type, blob: serializeRequirement(e.expr) }));
  const w = new ByteWriter();
  const headerSize = 12 + 8 * blobs.length;
  const total = blobs.reduce((n, b) => n + b.blob.length, headerSize);
  w.u32be(CSMAGIC_REQUIREMENTS).u32be(total).u32be(blobs.length);
  let offset = headerSize;
  for (const b of blobs) {
    w.u32be(b.type).u32be(offset);
    offset += b.blob.length;
  }
  for (const b of blobs) w.bytes(b.blob);
  return w.toBytes();
}

/**
 * The designated requirement Xcode writes for a development or distribution identity:
 * identifier "ID" and anchor apple generic and certificate leaf[subject.CN] = "CN"
 *   and certificate 1[field.1.2.840.113635.100.6.2.1] exists (Apple's WWDR intermediate marker).
 */
export function xcodeDesignatedRequirement(identifier: string, leafCommonName: string): RequirementExpr {
  return {
    op: 'and',
    left: { op: 'ident', value: utf8(identifier) },
    right: {
      op: 'and',
      left: { op: 'appleGenericAnchor' },
      right: {
        op: 'and',
        left: { op: 'certField', slot: CERT_SLOT_LEAF, field: utf8('subject.CN'), match: { op: 'equal', value: utf8(leafCommonName) } },
        right: { op: 'certGeneric', slot: 1, oid: oidContent('1.2.840.113635.100.6.2.1'), match: { op: 'exists' } },
      },
    },
  };
}

// ---- decoding ---------------------------------------------------------------------------------------

const MALFORMED = 'REQUIREMENT_MALFORMED';
const MAX_DEPTH = 256;

class ExprReader {
  constructor(private readonly r: ByteReader) {}

  data(): Uint8Array {
    const n = this.r.u32be();
    const v = this.r.take(n).slice();
    this.r.skip((4 - (n % 4)) % 4);
    return v;
  }

  slot(): number {
    return this.r.u32be() | 0;
  }

  match(): Match {
    const at = this.r.pos;
    const code = this.r.u32be();
    const op = MATCH_OPS[code];
    if (op === undefined) this.r.fail(MALFORMED, `unknown match operation ${code}`, at);
    if (op === 'exists' || op === 'absent') return { op };
    if (DATE_MATCHES.has(op)) return { op: op as DateMatchOp, time: BigInt.asIntN(64, this.r.u64be()) };
    return { op: op as 'equal', value: this.data() };
  }

  expr(depth: number): RequirementExpr {
    const at = this.r.pos;
    if (depth > MAX_DEPTH) this.r.fail(MALFORMED, `expression nested deeper than ${MAX_DEPTH}`, at);
    const raw = this.r.u32be();
    if (raw & opFlagMask) this.r.fail(MALFORMED, `operation ${hex(raw)} carries flags this reader does not support`, at);
    for (const [name, code] of Object.entries(SIMPLE_OPS)) if (code === raw) return { op: name } as RequirementExpr;
    for (const [name, code] of Object.entries(STRING_OPS)) if (code === raw) return { op: name, value: this.data() } as RequirementExpr;
    for (const [name, code] of Object.entries(OID_OPS)) if (code === raw) return { op: name, slot: this.slot(), oid: this.data(), match: this.match() } as RequirementExpr;
    switch (raw) {
      case opAnchorHash:
        return { op: 'anchorHash', slot: this.slot(), hash: this.data() };
      case opCDHash:
        return { op: 'cdhash', hash: this.data() };
      case opInfoKeyValue:
        return { op: 'infoKeyValue', key: this.data(), value: this.data() };
      case opAnd:
      case opOr:
        return { op: raw === opAnd ? 'and' : 'or', left: this.expr(depth + 1), right: this.expr(depth + 1) };
      case opNot:
        return { op: 'not', expr: this.expr(depth + 1) };
      case opInfoKeyField:
      case opEntitlementField:
        return { op: raw === opInfoKeyField ? 'infoKeyField' : 'entitlementField', key: this.data(), match: this.match() };
      case opCertField:
        return { op: 'certField', slot: this.slot(), field: this.data(), match: this.match() };
      case opTrustedCert:
        return { op: 'trustedCert', slot: this.slot() };
      case opPlatform:
        return { op: 'platform', value: this.r.u32be() | 0 };
      default:
        return this.r.fail(MALFORMED, `unknown requirement operation ${raw}`, at);
    }
  }
}

/** Decodes one CSMAGIC_REQUIREMENT blob. */
export function parseRequirement(blob: Uint8Array, base = 0): RequirementExpr {
  const r = new ByteReader(blob, 'code requirement', { base, errorCode: MALFORMED });
  r.expectU32be(CSMAGIC_REQUIREMENT);
  const length = r.u32be();
  if (length < 12 || length > blob.length) r.fail(MALFORMED, `declares ${length} bytes but ${blob.length} are present`, 4);
  const kind = r.u32be();
  if (kind !== REQUIREMENT_EXPR_FORM) r.fail(MALFORMED, `kind ${kind} is not the expression form (1)`, 8);
  const body = new ByteReader(blob.subarray(0, length), 'code requirement', { base, errorCode: MALFORMED });
  body.seek(12);
  const expr = new ExprReader(body).expr(0);
  if (body.pos !== length) body.fail(MALFORMED, `expression ends at ${hex(base + body.pos)}, the blob at ${hex(base + length)}`);
  return expr;
}

/** Decodes the CSMAGIC_REQUIREMENTS set of slot 2. */
export function parseRequirementSet(blob: Uint8Array): RequirementEntry[] {
  const r = new ByteReader(blob, 'requirement set', { errorCode: MALFORMED });
  r.expectU32be(CSMAGIC_REQUIREMENTS);
  const length = r.u32be();
  if (length < 12 || length > blob.length) r.fail(MALFORMED, `declares ${length} bytes but ${blob.length} are present`, 4);
  const count = r.u32be();
  const entries: RequirementEntry[] = [];
  for (let i = 0; i < count; i++) {
    const type = r.u32be();
    const offset = r.u32be();
    if (offset + 8 > length) r.fail(MALFORMED, `requirement ${i} at ${hex(offset)} lies outside the set (${length} bytes)`, r.pos - 4);
    const size = new DataView(blob.buffer, blob.byteOffset + offset, 8).getUint32(4);
    if (offset + size > length) r.fail(MALFORMED, `requirement ${i} at ${hex(offset)} declares ${size} bytes, past the set end ${hex(length)}`, offset + 4);
    entries.push({ type, expr: parseRequirement(blob.subarray(offset, offset + size), offset) });
  }
  return entries;
}
