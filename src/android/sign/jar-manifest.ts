// JAR manifests and signature files (META-INF/MANIFEST.MF, META-INF/*.SF; "JAR File Specification",
// sections "Manifest Specification" and "Signed JAR File"), read as apksig's ManifestParser reads
// them. v1 digests are over exact bytes (the whole manifest, its main section, each entry section),
// so every section keeps its offset and length into the original bytes, including the empty line that
// ends it.
//
// FORMAT:
//   section:   attribute+ newline          (sections are separated by one empty line)
//   attribute: name ": " value newline, then continuation lines (a space, then more of the value);
//              writers wrap lines at 72 bytes
//   newline:   CR LF | LF | CR
//   The first section is the main section; the others start with a "Name" attribute.

export interface ManifestAttribute {
  name: string;
  value: string;
}

export interface ManifestSection {
  /** Offset of the section's first byte in the file. */
  offset: number;
  /** Bytes from the first line through the empty line that ends it (if any). */
  length: number;
  attributes: ManifestAttribute[];
  /** The value of the "Name" attribute (entry sections). */
  name?: string;
}

export interface JarManifest {
  bytes: Uint8Array;
  main: ManifestSection;
  /** Entry sections in file order (duplicates kept; apksigner rejects them). */
  entries: ManifestSection[];
}

/** Parses MANIFEST.MF or a .SF file. An empty file gives an empty main section. */
export function parseJarManifest(bytes: Uint8Array): JarManifest {
  const lines = new LineReader(bytes);
  const sections: ManifestSection[] = [];
  for (let s = readSection(lines); s; s = readSection(lines)) sections.push(s);
  const main = sections.shift() ?? { offset: 0, length: 0, attributes: [] };
  return { bytes, main, entries: sections };
}

/** The exact bytes of a section, as v1 digests see them. */
export function sectionBytes(manifest: JarManifest, section: ManifestSection): Uint8Array {
  return manifest.bytes.subarray(section.offset, section.offset + section.length);
}

/** An attribute's value by case-insensitive name. */
export function getAttribute(section: ManifestSection, name: string): string | undefined {
  const lower = name.toLowerCase();
  return section.attributes.find((a) => a.name.toLowerCase() === lower)?.value;
}

/** Entry sections by their Name (the first of duplicates wins). */
export function entrySectionsByName(manifest: JarManifest): Map<string, ManifestSection> {
  const out = new Map<string, ManifestSection>();
  for (const s of manifest.entries) if (s.name !== undefined && !out.has(s.name)) out.set(s.name, s);
  return out;
}

function readSection(lines: LineReader): ManifestSection | undefined {
  let start: number;
  let attr: string | undefined;
  do {
    start = lines.pos;
    attr = lines.readLogicalLine();
    if (attr === undefined) return undefined;
  } while (attr.length === 0);
  const attributes: ManifestAttribute[] = [];
  while (attr !== undefined && attr.length > 0) {
    attributes.push(splitAttribute(attr));
    attr = lines.readLogicalLine();
  }
  const name = attributes.find((a) => a.name.toLowerCase() === 'name')?.value;
  return { offset: start, length: lines.pos - start, attributes, ...(name !== undefined ? { name } : {}) };
}

function splitAttribute(line: string): ManifestAttribute {
  const colon = line.indexOf(':');
  if (colon < 0) return { name: line, value: '' };
  const value = line.startsWith(' ', colon + 1) ? line.slice(colon + 2) : line.slice(colon + 1);
  return { name: line.slice(0, colon), value };
}

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;

class LineReader {
  pos = 0;
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly bytes: Uint8Array) {}

  /** The next physical line without its terminator, or undefined at end of input. */
  private readPhysicalLine(): Uint8Array | undefined {
    if (this.pos >= this.bytes.length) return undefined;
    const start = this.pos;
    let i = start;
    while (i < this.bytes.length && this.bytes[i] !== CR && this.bytes[i] !== LF) i++;
    const line = this.bytes.subarray(start, i);
    if (this.bytes[i] === CR) {
      i++;
      if (this.bytes[i] === LF) i++;
    } else if (this.bytes[i] === LF) {
      i++;
    }
    this.pos = i;
    return line;
  }

  /** A line joined with its continuation lines (those starting with a space). */
  readLogicalLine(): string | undefined {
    const first = this.readPhysicalLine();
    if (first === undefined) return undefined;
    if (first.length === 0) return '';
    const parts = [first];
    while (this.pos < this.bytes.length && this.bytes[this.pos] === SPACE) parts.push(this.readPhysicalLine()!.subarray(1));
    return this.decoder.decode(Buffer.concat(parts));
  }
}
