// The `aapt dump xmltree` text a wrapped manifest should have, derived from aapt's dump of the INPUT
// and the intent of each edit (which element goes where, which attribute changes), without using our
// own renderer or model. Comparing it with aapt's dump of the output proves that the edits changed
// exactly what they meant to and nothing else.

export interface DumpNode {
  depth: number;
  /** The line without indentation (for lines copied from the input: the line as found). */
  content: string;
  raw?: string;
  children: DumpNode[];
}

export function parseDump(text: string): DumpNode {
  const root: DumpNode = { depth: -1, content: '', children: [] };
  const stack = [root];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const depth = Math.floor((line.length - line.trimStart().length) / 2);
    while (stack[stack.length - 1]!.depth >= depth) stack.pop();
    const node: DumpNode = { depth, content: line.trim(), raw: line, children: [] };
    stack[stack.length - 1]!.children.push(node);
    stack.push(node);
  }
  return root;
}

export function renderDump(root: DumpNode): string {
  const out: string[] = [];
  const visit = (n: DumpNode): void => {
    out.push(n.raw ?? '  '.repeat(n.depth) + n.content);
    n.children.forEach(visit);
  };
  root.children.forEach(visit);
  return out.map((l) => l + '\n').join('');
}

const ELEMENT = /^E: (\S+) \(line=(-?\d+)\)$/;
const ATTR_ID = /^A: [^=(]*\((0x[0-9a-f]{8})\)/;

export const tagOf = (n: DumpNode): string | undefined => ELEMENT.exec(n.content)?.[1];
export const lineOf = (n: DumpNode): number => Number(ELEMENT.exec(n.content)![2]);
export const attrId = (n: DumpNode): number | undefined => {
  const m = ATTR_ID.exec(n.content);
  return m ? Number(m[1]) : undefined;
};
export const elements = (n: DumpNode, ...tags: string[]): DumpNode[] => n.children.filter((c) => tags.includes(tagOf(c) ?? ''));
export const attrLine = (n: DumpNode, id: number): DumpNode | undefined => n.children.find((c) => c.content.startsWith('A: ') && attrId(c) === id);

/** The string value of an attribute line, when it is a string. */
export function stringValue(a: DumpNode | undefined): string | undefined {
  return a ? /^A: [^=]*="((?:[^"\\]|\\.)*)" \(Raw: /.exec(a.content)?.[1] : undefined;
}

/** An integer-typed value (type 0x10..0x1f), else undefined. */
export function intValue(a: DumpNode | undefined): number | undefined {
  const m = a && /=\(type 0x1[0-9a-f]\)0x([0-9a-f]+)/.exec(a.content);
  return m ? Number.parseInt(m[1]!, 16) | 0 : undefined;
}

export class ExpectedDump {
  readonly root: DumpNode;
  private readonly labels = new Map<number, string>();

  constructor(inputDump: string, private readonly androidPrefix = /^N: (\S+)=http:\/\/schemas\.android\.com\/apk\/res\/android$/m.exec(inputDump)?.[1] ?? 'android') {
    this.root = parseDump(inputDump);
    for (const m of inputDump.matchAll(/A: ([^=(]*)\((0x[0-9a-f]{8})\)/g)) if (!this.labels.has(Number(m[2]))) this.labels.set(Number(m[2]), m[1]!);
  }

  /** How aapt labels attribute `id`: as the input labels it, else prefix:name. */
  label(id: number, name: string): string {
    return this.labels.get(id) ?? `${this.androidPrefix}:${name}`;
  }

  manifest(): DumpNode {
    const find = (n: DumpNode): DumpNode | undefined => (tagOf(n) === 'manifest' ? n : n.children.map(find).find(Boolean));
    return find(this.root)!;
  }

  attr(parent: DumpNode, id: number, name: string, value: string): DumpNode {
    return { depth: parent.depth + 1, content: `A: ${this.label(id, name)}(0x${id.toString(16).padStart(8, '0')})${value}`, children: [] };
  }

  element(parent: DumpNode, tag: string, line: number, attrs: [number, string, string][]): DumpNode {
    const el: DumpNode = { depth: parent.depth + 1, content: `E: ${tag} (line=${line})`, children: [] };
    el.children = attrs.map(([id, name, value]) => this.attr(el, id, name, value));
    return el;
  }

  /** Sets attribute `id` to `value`: replaces its line, or inserts it before the first attribute with a higher or no ID. */
  setAttr(el: DumpNode, id: number, name: string, value: string, rawText?: string): void {
    const existing = attrLine(el, id);
    // A replaced non-string value keeps a raw text when the old one had one.
    const keepsRaw = existing !== undefined && rawText !== undefined && existing.content.includes(' (Raw: "');
    const node = this.attr(el, id, name, keepsRaw ? `${value} (Raw: "${rawText}")` : value);
    if (existing) {
      el.children[el.children.indexOf(existing)] = node;
      return;
    }
    const attrs = el.children.filter((c) => c.content.startsWith('A: '));
    const before = attrs.find((c) => (attrId(c) ?? Infinity) > id);
    el.children.splice(before ? el.children.indexOf(before) : attrs.length ? el.children.indexOf(attrs[attrs.length - 1]!) + 1 : 0, 0, node);
  }

  render(): string {
    return renderDump(this.root);
  }
}

export const str = (s: string): string => `="${s}" (Raw: "${s}")`;
export const int = (n: number): string => `=(type 0x10)0x${(n >>> 0).toString(16)}`;
export const bool = (b: boolean): string => `=(type 0x12)0x${b ? 'ffffffff' : '0'}`;
