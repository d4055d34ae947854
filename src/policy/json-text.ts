// Strict JSON text reader for policy files (RFC 8259). JSON.parse is not enough here: it silently keeps
// the last of two duplicate keys (a policy saying `"block": false, "block": true` is ambiguous, so we
// refuse it) and its error positions differ between Node versions. Errors carry line and column.
import { MalformedInputError } from '../core/errors.js';

const MAX_DEPTH = 64;

/** Parses JSON text; throws MalformedInputError POLICY_JSON_SYNTAX or POLICY_DUPLICATE_KEY. */
export function parseJsonText(text: string, file?: string): unknown {
  const p = new JsonTextParser(text, file);
  return p.document();
}

class JsonTextParser {
  private pos = 0;

  constructor(private readonly text: string, private readonly file?: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  document(): unknown {
    const value = this.value(0, '$');
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail('end of document');
    return value;
  }

  private value(depth: number, path: string): unknown {
    if (depth > MAX_DEPTH) this.fail(`nesting of at most ${MAX_DEPTH} levels`);
    this.skipWhitespace();
    const c = this.text[this.pos];
    if (c === '{') return this.object(depth, path);
    if (c === '[') return this.array(depth, path);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.fail('a value (object, array, string, number, true, false or null)');
  }

  private object(depth: number, path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail('a field name in double quotes');
      const keyAt = this.pos;
      const key = this.string();
      if (seen.has(key)) {
        const where = `${path}${memberPath(key)}`;
        throw new MalformedInputError('POLICY_DUPLICATE_KEY', `${this.lineColumn(keyAt)}: field ${JSON.stringify(key)} appears twice in the same object (${where}); expected each field once`, { file: this.file, entry: where, offset: this.byteOffset(keyAt) });
      }
      seen.add(key);
      this.skipWhitespace();
      this.expect(':');
      // defineProperty, so that a "__proto__" field stays an ordinary own field.
      Object.defineProperty(out, key, { value: this.value(depth + 1, `${path}${memberPath(key)}`), enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect('}');
      return out;
    }
  }

  private array(depth: number, path: string): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1, `${path}[${out.length}]`));
      this.skipWhitespace();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect(']');
      return out;
    }
  }

  private string(): string {
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail('a closing double quote');
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c < ' ') this.fail('an escaped control character (\\n, \\t, \\u00XX) inside a string');
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      out += this.escape();
    }
  }

  private escape(): string {
    const e = this.text[this.pos + 1];
    const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    if (e !== undefined && e in simple) {
      this.pos += 2;
      return simple[e]!;
    }
    if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
      const unit = parseInt(this.text.slice(this.pos + 2, this.pos + 6), 16);
      this.pos += 6;
      return String.fromCharCode(unit);
    }
    this.pos++;
    return this.fail('an escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u followed by 4 hex digits');
  }

  private number(): number {
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!m) return this.fail('a number');
    const next = this.text[this.pos + m[0].length];
    if (next !== undefined && /[0-9.eE+-]/.test(next)) {
      this.pos += m[0].length;
      this.fail('the end of the number');
    }
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private expect(c: string): void {
    if (this.text[this.pos] !== c) this.fail(`"${c}"`);
    this.pos++;
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return;
      this.pos++;
    }
  }

  private fail(expected: string): never {
    const found = this.pos >= this.text.length ? 'the end of the file' : JSON.stringify(String.fromCodePoint(this.text.codePointAt(this.pos)!));
    throw new MalformedInputError('POLICY_JSON_SYNTAX', `${this.lineColumn(this.pos)}: expected ${expected}, found ${found}`, { file: this.file, offset: this.byteOffset(this.pos) });
  }

  /** "line L, column C", both 1-based; columns count code points. */
  private lineColumn(at: number): string {
    const before = this.text.slice(0, at);
    const line = before.split('\n').length;
    const column = [...before.slice(before.lastIndexOf('\n') + 1)].length + 1;
    return `line ${line}, column ${column}`;
  }

  private byteOffset(at: number): number {
    return Buffer.byteLength(this.text.slice(0, at), 'utf8');
  }
}

/** The JSON path step for a member: `.name` when it is an identifier, `["…"]` otherwise. */
export function memberPath(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
