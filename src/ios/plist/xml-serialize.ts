// XML property list writer in the layout of CoreFoundation's CFPropertyList.c (what Xcode, plutil and
// PlistBuddy produce): the XML declaration and Apple DOCTYPE, `<plist version="1.0">`, the root value
// unindented, one tab per level, `<true/>`/`<false/>`, empty containers as `<dict/>`/`<array/>`, text
// escaped for `&`, `<` and `>` only, data as base64 lines at the tag's indentation. A document parsed
// from another tool's layout passes its XmlPlistStyle so that its header and indentation are kept.

import { MalformedInputError } from '../../core/errors.js';
import type { PlistValue } from './plist-value.js';
import type { XmlPlistStyle } from './xml-parse.js';
import { XML_DATA_MAX_INDENT, base64Lines, formatXmlDate, formatXmlReal } from './xml-scalars.js';

export const APPLE_XML_PLIST_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n' +
  '<plist version="1.0">';

export const APPLE_XML_PLIST_STYLE: XmlPlistStyle = {
  head: APPLE_XML_PLIST_HEAD,
  tail: '</plist>\n',
  indent: '\t',
  rootIndented: false,
};

export function escapeXmlText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

class XmlPlistWriter {
  readonly lines: string[] = [];
  constructor(private readonly indent: string) {}

  private pad(level: number): string {
    return this.indent.repeat(level);
  }

  write(v: PlistValue, level: number): void {
    const pad = this.pad(level);
    switch (v.type) {
      case 'dict':
        if (v.entries.size === 0) return void this.lines.push(`${pad}<dict/>`);
        this.lines.push(`${pad}<dict>`);
        for (const [k, x] of v.entries) {
          this.lines.push(`${pad}${this.indent}<key>${escapeXmlText(k)}</key>`);
          this.write(x, level + 1);
        }
        return void this.lines.push(`${pad}</dict>`);
      case 'array':
        if (v.items.length === 0) return void this.lines.push(`${pad}<array/>`);
        this.lines.push(`${pad}<array>`);
        for (const x of v.items) this.write(x, level + 1);
        return void this.lines.push(`${pad}</array>`);
      case 'string':
        return void this.lines.push(`${pad}<string>${escapeXmlText(v.value)}</string>`);
      case 'integer':
        return void this.lines.push(`${pad}<integer>${v.value.toString()}</integer>`);
      case 'real':
        return void this.lines.push(`${pad}<real>${formatXmlReal(v.value)}</real>`);
      case 'boolean':
        return void this.lines.push(`${pad}<${v.value}/>`);
      case 'date':
        return void this.lines.push(`${pad}<date>${formatXmlDate(v.absoluteTime)}</date>`);
      case 'data': {
        // CFPropertyList.c writes at most 8 levels of indentation in front of base64 lines.
        const linePad = this.pad(Math.min(level, XML_DATA_MAX_INDENT));
        this.lines.push(`${pad}<data>`);
        for (const l of base64Lines(v.value, level)) this.lines.push(linePad + l);
        return void this.lines.push(`${pad}</data>`);
      }
      case 'uid':
        throw new MalformedInputError('PLIST_UNSUPPORTED_TYPE', 'a UID (keyed-archiver reference) has no XML plist form; write the document as binary');
    }
  }
}

export function serializeXmlPlist(root: PlistValue, style: XmlPlistStyle = APPLE_XML_PLIST_STYLE): Uint8Array {
  const w = new XmlPlistWriter(style.indent);
  w.write(root, style.rootIndented ? 1 : 0);
  const text = `${style.head}\n${w.lines.join('\n')}\n${style.tail}`;
  return new Uint8Array(Buffer.from(text, 'utf8'));
}
