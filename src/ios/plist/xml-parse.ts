// XML property list reader for Apple's "PropertyList-1.0.dtd" vocabulary (plist, dict, key, array,
// string, integer, real, true, false, date, data), written from the DTD and XML 1.0: comments,
// processing instructions, the DOCTYPE and CDATA sections are understood; the five predefined entities
// and numeric character references are decoded; line ends are normalized to \n as XML 1.0 §2.11 says.
// Text inside <string> and <key> is kept exactly (no trimming). Besides the value, the reader reports
// the document's layout (header text, indentation unit, trailer) so that the writer can reproduce it.

import { MalformedInputError } from '../../core/errors.js';
import type { PlistValue } from './plist-value.js';
import { parseXmlDate, parseXmlInteger, parseXmlReal, decodeBase64Strict } from './xml-scalars.js';

export interface XmlPlistStyle {
  /** Everything before the root value: the XML declaration, DOCTYPE and `<plist …>` start tag. */
  head: string;
  /** Everything after the root value's end tag, from `</plist>` on (the newline before it excluded). */
  tail: string;
  /** One level of indentation: a tab for Apple's writer, often two spaces for other tools. */
  indent: string;
  /** Whether the root value is itself indented one level inside <plist>. */
  rootIndented: boolean;
}

interface Element {
  name: string;
  start: number;
  selfClosing: boolean;
  /** Offset just after the start tag. */
  contentStart: number;
}

class XmlCursor {
  pos = 0;
  constructor(readonly text: string) {}

  fail(code: string, message: string, at = this.pos): never {
    const offset = Buffer.byteLength(this.text.slice(0, at), 'utf8');
    throw new MalformedInputError(code, `XML plist: ${message}`, { offset });
  }

  skipMisc(): void {
    for (;;) {
      while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
      if (this.text.startsWith('<!--', this.pos)) this.skipPast('-->');
      else if (this.text.startsWith('<?', this.pos)) this.skipPast('?>');
      else if (this.text.startsWith('<!DOCTYPE', this.pos)) this.skipDoctype();
      else return;
    }
  }

  skipPast(end: string): void {
    const i = this.text.indexOf(end, this.pos);
    if (i < 0) this.fail('PLIST_BAD_XML', `unterminated markup, expected "${end}"`);
    this.pos = i + end.length;
  }

  private skipDoctype(): void {
    const i = this.text.indexOf('>', this.pos);
    const bracket = this.text.indexOf('[', this.pos);
    if (bracket >= 0 && (i < 0 || bracket < i)) this.skipPast(']>');
    else this.skipPast('>');
  }

  openTag(): Element {
    const start = this.pos;
    if (this.text[this.pos] !== '<') this.fail('PLIST_BAD_XML', `expected a start tag, found ${JSON.stringify(this.text.slice(this.pos, this.pos + 12))}`);
    const close = this.text.indexOf('>', this.pos);
    if (close < 0) this.fail('PLIST_BAD_XML', 'unterminated start tag');
    const body = this.text.slice(this.pos + 1, close);
    const m = /^([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)$/.exec(body);
    if (!m) this.fail('PLIST_BAD_XML', `malformed start tag <${body.slice(0, 40)}>`);
    this.pos = close + 1;
    return { name: m[1]!, start, selfClosing: m[3] === '/', contentStart: this.pos };
  }

  closeTag(name: string): void {
    const m = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(this.text.slice(this.pos, this.pos + name.length + 40));
    if (!m) this.fail('PLIST_BAD_XML', `expected </${name}>, found ${JSON.stringify(this.text.slice(this.pos, this.pos + 20))}`);
    if (m[1] !== name) this.fail('PLIST_BAD_XML', `expected </${name}>, found </${m[1]}>`);
    this.pos += m[0].length;
  }

  /** Character data up to the next tag (comments and CDATA included), with references decoded. */
  content(el: Element): string {
    if (el.selfClosing) return '';
    let out = '';
    for (;;) {
      const lt = this.text.indexOf('<', this.pos);
      if (lt < 0) this.fail('PLIST_BAD_XML', `<${el.name}> is not closed`, el.start);
      out += this.decodeRefs(this.text.slice(this.pos, lt), this.pos);
      this.pos = lt;
      if (this.text.startsWith('<![CDATA[', lt)) {
        const end = this.text.indexOf(']]>', lt);
        if (end < 0) this.fail('PLIST_BAD_XML', 'unterminated CDATA section');
        out += this.text.slice(lt + 9, end);
        this.pos = end + 3;
      } else if (this.text.startsWith('<!--', lt)) this.skipPast('-->');
      else if (this.text.startsWith('<?', lt)) this.skipPast('?>');
      else break;
    }
    this.closeTag(el.name);
    return out;
  }

  private decodeRefs(s: string, at: number): string {
    return s.replace(/&([^;&<]*);?/g, (whole, ref: string, idx: number) => {
      if (!whole.endsWith(';')) this.fail('PLIST_BAD_XML', `unterminated reference "${whole.slice(0, 12)}"`, at + idx);
      const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
      if (ref in named) return named[ref]!;
      const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
      const cp = m ? parseInt(m[1] ?? m[2]!, m[1] ? 16 : 10) : NaN;
      if (!(cp >= 1 && cp <= 0x10ffff)) this.fail('PLIST_BAD_XML', `unknown entity "&${ref};"`, at + idx);
      return String.fromCodePoint(cp);
    });
  }
}

function parseValue(c: XmlCursor, depth: number): PlistValue {
  if (depth > 512) c.fail('PLIST_TOO_DEEP', 'nesting deeper than 512');
  c.skipMisc();
  const el = c.openTag();
  switch (el.name) {
    case 'dict':
      return parseDict(c, el, depth);
    case 'array':
      return parseArray(c, el, depth);
    case 'string':
      return { type: 'string', value: c.content(el) };
    case 'integer':
      return { type: 'integer', value: parseXmlInteger(c.content(el), (m) => c.fail('PLIST_BAD_VALUE', m, el.start)) };
    case 'real':
      return { type: 'real', value: parseXmlReal(c.content(el), (m) => c.fail('PLIST_BAD_VALUE', m, el.start)) };
    case 'date':
      return { type: 'date', absoluteTime: parseXmlDate(c.content(el), (m) => c.fail('PLIST_BAD_VALUE', m, el.start)) };
    case 'data':
      return { type: 'data', value: decodeBase64Strict(c.content(el), (m) => c.fail('PLIST_BAD_VALUE', m, el.start)) };
    case 'true':
    case 'false':
      if (c.content(el).trim() !== '') c.fail('PLIST_BAD_XML', `<${el.name}> must be empty`, el.start);
      return { type: 'boolean', value: el.name === 'true' };
    case 'key':
      return c.fail('PLIST_BAD_XML', '<key> outside a <dict>', el.start);
    default:
      return c.fail('PLIST_UNKNOWN_TAG', `unknown element <${el.name}>`, el.start);
  }
}

function atEndTag(c: XmlCursor): boolean {
  c.skipMisc();
  return c.text.startsWith('</', c.pos);
}

function parseDict(c: XmlCursor, el: Element, depth: number): PlistValue {
  const entries = new Map<string, PlistValue>();
  if (el.selfClosing) return { type: 'dict', entries };
  while (!atEndTag(c)) {
    const k = c.openTag();
    if (k.name !== 'key') c.fail(k.name in KNOWN ? 'PLIST_BAD_XML' : 'PLIST_UNKNOWN_TAG', `expected <key> in <dict>, found <${k.name}>`, k.start);
    const key = c.content(k);
    if (atEndTag(c)) c.fail('PLIST_BAD_XML', `key "${key}" has no value`);
    entries.set(key, parseValue(c, depth + 1));
  }
  c.closeTag('dict');
  return { type: 'dict', entries };
}

const KNOWN = { dict: 1, array: 1, string: 1, integer: 1, real: 1, date: 1, data: 1, true: 1, false: 1, key: 1, plist: 1 };

function parseArray(c: XmlCursor, el: Element, depth: number): PlistValue {
  const items: PlistValue[] = [];
  if (el.selfClosing) return { type: 'array', items };
  while (!atEndTag(c)) items.push(parseValue(c, depth + 1));
  c.closeTag('array');
  return { type: 'array', items };
}

function detectIndent(text: string, rootStart: number): { indent: string; rootIndented: boolean } {
  const lineStart = text.lastIndexOf('\n', rootStart - 1) + 1;
  const before = text.slice(lineStart, rootStart);
  if (/^[ \t]+$/.test(before)) return { indent: before, rootIndented: true };
  const m = /\n([ \t]+)</.exec(text.slice(rootStart));
  return { indent: m ? m[1]! : '\t', rootIndented: false };
}

export function isXmlPlist(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x3c; // '<'
}

export function parseXmlPlist(bytes: Uint8Array): { root: PlistValue; style: XmlPlistStyle } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new MalformedInputError('PLIST_BAD_XML', 'XML plist: text is not valid UTF-8', { offset: 0 });
  }
  const normalized = text.replace(/\r\n?/g, '\n');
  const c = new XmlCursor(normalized);
  c.skipMisc();
  let plistTag: Element | undefined;
  if (c.text.startsWith('<plist', c.pos)) plistTag = c.openTag();
  const headEnd = c.pos;
  c.skipMisc();
  const rootStart = c.pos;
  const root = plistTag?.selfClosing ? c.fail('PLIST_BAD_XML', '<plist/> holds no value') : parseValue(c, 0);
  const rootEnd = c.pos;
  c.skipMisc();
  if (plistTag) c.closeTag('plist');
  c.skipMisc();
  if (c.pos !== c.text.length) c.fail('PLIST_BAD_XML', 'content after the root element');
  const tailStart = plistTag ? normalized.lastIndexOf('</plist', c.pos) : rootEnd;
  return {
    root,
    style: { head: normalized.slice(0, headEnd), tail: normalized.slice(tailStart), ...detectIndent(normalized, rootStart) },
  };
}
