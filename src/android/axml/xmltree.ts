// A text rendering of a binary XML document in the format of `aapt dump xmltree` (AOSP
// frameworks/base/tools/aapt XMLNode.cpp printXMLBlock, with ResTable::normalizeForOutput), so that
// tests can compare our parse with aapt's line for line.

import { hex } from '../../core/errors.js';
import {
  NO_ENTRY, TYPE_ATTRIBUTE, TYPE_DYNAMIC_ATTRIBUTE, TYPE_DYNAMIC_REFERENCE, TYPE_NULL, TYPE_REFERENCE, TYPE_STRING,
} from './constants.js';
import type { AxmlDocument, AxmlElement, AxmlNode, NamespaceNode, ResValue } from './model.js';
import { attributeResourceId, stringAt } from './query.js';

/** As aapt prints C strings: cut at the first NUL. */
function cstr(s: string | undefined): string {
  if (s === undefined) return '';
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/** ResTable::normalizeForOutput: escape backslash, newline and double quote. */
function normalizeForOutput(s: string | undefined): string {
  return cstr(s).replace(/[\\\n"]/g, (c) => (c === '\n' ? '\\n' : '\\' + c));
}

function u32hex(n: number): string {
  return (n >>> 0).toString(16);
}

export interface XmlTreeOptions {
  /**
   * The package ID the APK's resources.arsc gets when aapt loads it (see DynamicRefTable): when given,
   * dynamic references and package-0 references are resolved as aapt does; omit it for an APK
   * without resources.arsc.
   */
  assignedPackageId?: number;
}

const APP_PACKAGE_ID = 0x7f;
const SYS_PACKAGE_ID = 0x01;

/** DynamicRefTable::lookupResourceValue for a table that knows only the app and the framework. */
function lookupResourceValue(v: ResValue, assigned: number): { dataType: number; data: number } {
  let resolvedType = TYPE_REFERENCE;
  switch (v.dataType) {
    case TYPE_ATTRIBUTE:
    case TYPE_REFERENCE:
      if (v.data >>> 24 !== 0) return v;
      resolvedType = v.dataType;
      break;
    case TYPE_DYNAMIC_ATTRIBUTE:
      resolvedType = TYPE_ATTRIBUTE;
      break;
    case TYPE_DYNAMIC_REFERENCE:
      break;
    default:
      return v;
  }
  const pkg = v.data >>> 24;
  if (v.data === 0 || pkg === APP_PACKAGE_ID || pkg === SYS_PACKAGE_ID) return { dataType: resolvedType, data: v.data };
  if (pkg === 0) return { dataType: resolvedType, data: ((v.data & 0xffffff) | (assigned << 24)) >>> 0 };
  return v;
}

interface NsEntry {
  prefix: string;
  uri: string;
}

class XmlTreePrinter {
  readonly lines: string[] = [];
  private depth = 0;
  private readonly namespaces: NsEntry[] = [];

  constructor(private readonly doc: AxmlDocument, private readonly options: XmlTreeOptions) {}

  private str(ref: number): string | undefined {
    return stringAt(this.doc, ref);
  }
  private indent(): string {
    return '  '.repeat(Math.max(0, this.depth));
  }
  private nsPrefix(ref: number): string {
    if (ref === NO_ENTRY) return '';
    const uri = cstr(this.str(ref));
    const found = this.namespaces.find((n) => n.uri === uri);
    return (found ? found.prefix : uri) + ':';
  }

  nodes(nodes: readonly AxmlNode[]): void {
    for (const n of nodes) {
      if (n.kind === 'startNamespace') this.startNamespace(n);
      else if (n.kind === 'endNamespace') this.endNamespace(n);
      else if (n.kind === 'element') this.element(n);
      else if (n.kind === 'cdata') this.lines.push(`${this.indent()}C: "${normalizeForOutput(this.str(n.data))}"`);
    }
  }

  private startNamespace(n: NamespaceNode): void {
    const e = { prefix: n.prefix === NO_ENTRY ? '<DEF>' : cstr(this.str(n.prefix)), uri: cstr(this.str(n.uri)) };
    this.namespaces.push(e);
    this.lines.push(`${this.indent()}N: ${e.prefix}=${e.uri}`);
    this.depth++;
  }

  private endNamespace(n: NamespaceNode): void {
    this.depth--;
    const top = this.namespaces[this.namespaces.length - 1];
    const prefix = n.prefix === NO_ENTRY ? '<DEF>' : cstr(this.str(n.prefix));
    const uri = cstr(this.str(n.uri));
    if (top && top.prefix !== prefix) this.lines.push(`${this.indent()}*** BAD END NS PREFIX: found=${prefix}, expected=${top.prefix}`);
    if (top && top.uri !== uri) this.lines.push(`${this.indent()} *** BAD END NS URI: found=${uri}, expected=${top.uri}`);
    this.namespaces.pop();
  }

  private element(el: AxmlElement): void {
    if (el.comment !== NO_ENTRY) this.lines.push(`${this.indent()} <!-- ${cstr(this.str(el.comment))} -->`);
    this.lines.push(`${this.indent()}E: ${this.nsPrefix(el.ns)}${normalizeForOutput(this.str(el.name))} (line=${el.lineNumber | 0})`);
    this.depth++;
    for (const a of el.attributes) {
      const res = attributeResourceId(this.doc, a);
      const name = `${this.nsPrefix(a.ns)}${cstr(this.str(a.name))}`;
      let line = `${this.indent()}A: ${name}${res ? `(0x${res.toString(16).padStart(8, '0')})` : ''}`;
      const a0 = this.options.assignedPackageId;
      const v = a0 === undefined ? a.typedValue : lookupResourceValue(a.typedValue, a0);
      const raw = this.str(a.rawValue);
      if (v.dataType === TYPE_NULL) line += '=(null)';
      else if (v.dataType === TYPE_REFERENCE) line += `=@0x${u32hex(v.data).padStart(8, '0')}`;
      else if (v.dataType === TYPE_ATTRIBUTE) line += `=?0x${u32hex(v.data).padStart(8, '0')}`;
      else if (v.dataType === TYPE_STRING) line += `="${normalizeForOutput(raw)}"`;
      else line += `=(type ${hex(v.dataType)})0x${u32hex(v.data)}`;
      if (raw !== undefined) line += ` (Raw: "${normalizeForOutput(raw)}")`;
      this.lines.push(line);
    }
    this.nodes(el.children);
    this.depth--;
  }
}

/** The document as `aapt dump xmltree` prints it, one line per entry, each ending in a newline. */
export function renderXmlTree(doc: AxmlDocument, options: XmlTreeOptions = {}): string {
  const p = new XmlTreePrinter(doc, options);
  p.nodes(doc.nodes);
  return p.lines.map((l) => l + '\n').join('');
}
