// Requirement → text, in the form `codesign -d -r-` prints (Security framework reqdumper.cpp): operators
// parenthesized only where precedence needs it (primary < and < or), strings bare when they are simple
// identifiers, quoted when printable ASCII, else 0x-hex; hashes as H"hex"; certificate slots leaf / root / N.

import { decodeOid } from '../../core/asn1.js';
import {
  kSecDesignatedRequirementType,
  kSecGuestRequirementType,
  kSecHostRequirementType,
  kSecLibraryRequirementType,
  kSecPluginRequirementType,
  type Match,
  type RequirementEntry,
  type RequirementExpr,
} from './requirements.js';

const LEVEL_PRIMARY = 0;
const LEVEL_AND = 1;
const LEVEL_OR = 2;
const LEVEL_TOP = 3;

const TYPE_NAMES: Record<number, string> = {
  [kSecHostRequirementType]: 'host',
  [kSecGuestRequirementType]: 'guest',
  [kSecDesignatedRequirementType]: 'designated',
  [kSecLibraryRequirementType]: 'library',
  [kSecPluginRequirementType]: 'plugin',
};

/** CFAbsoluteTime epoch (2001-01-01T00:00:00Z) in Unix seconds. */
const CF_EPOCH_UNIX_S = 978307200n;

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** reqdumper's data(): simple (letters, digits not first, dots where allowed) → bare; printable → quoted. */
export function formatRequirementData(v: Uint8Array, dotOkay = false): string {
  if (v.length === 0) return '""';
  let simple = true;
  let printable = true;
  v.forEach((c, i) => {
    if (c === 0x2e && dotOkay) return;
    if (c >= 0x30 && c <= 0x39) {
      if (i === 0) simple = false;
    } else if (!isLetter(c)) {
      simple = false;
      if (c < 0x20 || c > 0x7e) printable = false;
    }
  });
  const text = Buffer.from(v).toString('latin1');
  if (simple) return text;
  if (printable) return `"${text.replace(/["\\]/g, (c) => '\\' + c)}"`;
  return '0x' + Buffer.from(v).toString('hex');
}

function hashText(v: Uint8Array): string {
  return `H"${Buffer.from(v).toString('hex')}"`;
}

function slotText(slot: number): string {
  return slot === 0 ? ' leaf' : slot === -1 ? ' root' : ` ${slot}`;
}

function timeText(t: bigint): string {
  const iso = new Date(Number((t + CF_EPOCH_UNIX_S) * 1000n)).toISOString();
  return `<${iso.slice(0, 10)} ${iso.slice(11, 19)}Z>`;
}

const COMPARISONS: Record<string, string> = { equal: ' = ', contains: ' ~ ', lessThan: ' < ', greaterThan: ' > ', lessEqual: ' <= ', greaterEqual: ' >= ' };
const DATE_COMPARISONS: Record<string, string> = { on: ' = ', before: ' < ', after: ' > ', onOrBefore: ' <= ', onOrAfter: ' >= ' };

function matchText(m: Match): string {
  if ('time' in m) return DATE_COMPARISONS[m.op]! + timeText(m.time);
  if (!('value' in m)) return m.op === 'exists' ? ' /* exists */' : ' absent ';
  const v = formatRequirementData(m.value);
  if (m.op === 'beginsWith') return ` = ${v}*`;
  if (m.op === 'endsWith') return ` = *${v}`;
  return COMPARISONS[m.op]! + v;
}

function exprText(e: RequirementExpr, level: number): string {
  switch (e.op) {
    case 'false':
      return 'never';
    case 'true':
      return 'always';
    case 'ident':
      return `identifier ${formatRequirementData(e.value)}`;
    case 'appleAnchor':
      return 'anchor apple';
    case 'appleGenericAnchor':
      return 'anchor apple generic';
    case 'trustedCerts':
      return 'anchor trusted';
    case 'notarized':
      return 'notarized';
    case 'legacyDevId':
      return 'legacy';
    case 'namedAnchor':
      return `anchor apple ${formatRequirementData(e.value)}`;
    case 'namedCode':
      return `(${formatRequirementData(e.value)})`;
    case 'anchorHash':
      return `certificate${slotText(e.slot)} = ${hashText(e.hash)}`;
    case 'cdhash':
      return `cdhash ${hashText(e.hash)}`;
    case 'infoKeyValue':
      return `info[${formatRequirementData(e.key, true)}] = ${formatRequirementData(e.value)}`;
    case 'and':
    case 'or': {
      const own = e.op === 'and' ? LEVEL_AND : LEVEL_OR;
      const inner = `${exprText(e.left, own)} ${e.op} ${exprText(e.right, own)}`;
      return level < own ? `(${inner})` : inner;
    }
    case 'not':
      return `! ${exprText(e.expr, LEVEL_PRIMARY)}`;
    case 'infoKeyField':
      return `info[${formatRequirementData(e.key, true)}]${matchText(e.match)}`;
    case 'entitlementField':
      return `entitlement[${formatRequirementData(e.key, true)}]${matchText(e.match)}`;
    case 'certField':
      return `certificate${slotText(e.slot)}[${formatRequirementData(e.field, true)}]${matchText(e.match)}`;
    case 'certGeneric':
      return `certificate${slotText(e.slot)}[field.${decodeOid(e.oid)}]${matchText(e.match)}`;
    case 'certPolicy':
      return `certificate${slotText(e.slot)}[policy.${decodeOid(e.oid)}]${matchText(e.match)}`;
    case 'certFieldDate':
      return `certificate${slotText(e.slot)}[timestamp.${decodeOid(e.oid)}]${matchText(e.match)}`;
    case 'trustedCert':
      return `certificate${slotText(e.slot)} trusted`;
    case 'platform':
      return `platform = ${e.value}`;
  }
}

/** One requirement as text, e.g. `identifier "com.example.app" and anchor apple generic and …`. */
export function requirementToText(expr: RequirementExpr): string {
  return exprText(expr, LEVEL_TOP);
}

/** A requirement set as `codesign -d -r-` lists it: one `designated => …` line per requirement. */
export function requirementSetToText(entries: readonly RequirementEntry[]): string {
  return entries.map((e) => `${TYPE_NAMES[e.type] ?? `/*unknown type*/ ${e.type}`} => ${requirementToText(e.expr)}\n`).join('');
}
