// Text forms of the scalar types in XML property lists (Apple's PropertyList-1.0.dtd and the behaviour
// of CoreFoundation's CFPropertyList.c writer): integers in decimal (hex "0x…" accepted on input),
// reals as C's "%.17g", dates as ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" in UTC, data as base64 broken into
// lines whose length shrinks with the indentation (76 characters minus 8 per level, at most 8 levels).

import { CF_ABSOLUTE_TIME_EPOCH_MS, PLIST_INT_MAX, PLIST_INT_MIN } from './plist-value.js';

type Fail = (message: string) => never;

export function parseXmlInteger(text: string, fail: Fail): bigint {
  const m = /^\s*([+-]?)(?:0[xX]([0-9A-Fa-f]+)|([0-9]+))\s*$/.exec(text);
  if (!m) fail(`<integer> text ${JSON.stringify(text.slice(0, 40))} is not an integer`);
  const magnitude = m[2] !== undefined ? BigInt('0x' + m[2]) : BigInt(m[3]!);
  const v = m[1] === '-' ? -magnitude : magnitude;
  if (v < PLIST_INT_MIN || v > PLIST_INT_MAX) fail(`<integer> ${v} is outside ${PLIST_INT_MIN}..${PLIST_INT_MAX}`);
  return v;
}

export function parseXmlReal(text: string, fail: Fail): number {
  const t = text.trim().toLowerCase();
  if (/^[+]?inf(inity)?$/.test(t)) return Infinity;
  if (/^-inf(inity)?$/.test(t)) return -Infinity;
  if (/^[+-]?nan$/.test(t)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) fail(`<real> text ${JSON.stringify(text.slice(0, 40))} is not a number`);
  return Number(t);
}

/** C's printf("%.17g"): enough digits for any double to read back the same, trailing zeros removed. */
export function formatXmlReal(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? '+infinity' : '-infinity';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mant, expText] = v.toExponential(16).split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 17) {
    const m = mant.replace(/\.?0+$/, '');
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const fixed = v.toFixed(Math.max(0, 16 - exp));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

const DATE_RE = /^(\d{4})(?:-(\d\d)(?:-(\d\d)(?:T(\d\d)(?::(\d\d)(?::(\d\d))?)?)?)?)?Z$/;

export function parseXmlDate(text: string, fail: Fail): number {
  const m = DATE_RE.exec(text);
  if (!m) fail(`<date> text ${JSON.stringify(text.slice(0, 40))} is not YYYY-MM-DDTHH:MM:SSZ`);
  const [y, mo, d, h, mi, s] = m.slice(1).map((x, i) => (x === undefined ? (i === 1 || i === 2 ? 1 : 0) : Number(x)));
  const ms = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const check = new Date(ms);
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d! || h! > 23 || mi! > 59 || s! > 59) {
    fail(`<date> ${text} is not a valid calendar date`);
  }
  return (ms - CF_ABSOLUTE_TIME_EPOCH_MS) / 1000;
}

export function formatXmlDate(absoluteTime: number): string {
  const d = new Date(CF_ABSOLUTE_TIME_EPOCH_MS + Math.floor(absoluteTime) * 1000);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}Z`;
}

export function decodeBase64Strict(text: string, fail: Fail): Uint8Array {
  const compact = text.replace(/[ \t\n\r]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    fail(`<data> is not base64 (${JSON.stringify(compact.slice(0, 24))}…)`);
  }
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

/** CFPropertyList.c caps the indentation it counts (and writes) for base64 lines at 8 levels. */
export const XML_DATA_MAX_INDENT = 8;
export const XML_DATA_MAX_LINE = 76;

export function base64Lines(data: Uint8Array, level: number): string[] {
  const width = XML_DATA_MAX_LINE - 8 * Math.min(level, XML_DATA_MAX_INDENT);
  const b64 = Buffer.from(data.buffer, data.byteOffset, data.length).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += width) lines.push(b64.slice(i, i + width));
  return lines;
}
