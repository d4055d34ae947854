// Password specifications, as apksigner takes them for --ks-pass and --key-pass (apksigner's help,
// "PASSWORD FORMAT"): `pass:<password>`, `env:<NAME>`, `file:<path>` (the first line of the file,
// without its line terminator) and `stdin` (one line read from standard input). A spec is parsed
// without ever being echoed: a mistyped prefix may be followed by the password itself.

import { readFileSync, readSync } from 'node:fs';
import { IoError, UsageError } from '../core/errors.js';
import { Secret } from './secret.js';

export type PasswordSpec =
  | { kind: 'pass'; secret: Secret }
  | { kind: 'env'; name: string }
  | { kind: 'file'; path: string }
  | { kind: 'stdin' };

export const LITERAL_PASSWORD_WARNING = 'a password on the command line can be seen by other users; use env: or file:';

export interface ReadPasswordOptions {
  /** The option the spec came from ("--ks-pass"), for messages. */
  option?: string;
  env?: NodeJS.ProcessEnv;
  /** Returns one line of standard input without its terminator; injectable for tests. */
  readStdinLine?: () => string;
}

export interface PasswordResult {
  secret: Secret;
  /** Set for `pass:` specs: the CLI prints it. */
  warning?: string;
}

/** Parses a spec's form; reads nothing. Throws UsageError(KEY_PASSWORD_SPEC) for anything else. */
export function parsePasswordSpec(spec: string, option = 'password'): PasswordSpec {
  if (spec === 'stdin') return { kind: 'stdin' };
  if (spec.startsWith('pass:')) return { kind: 'pass', secret: new Secret(spec.slice(5)) };
  if (spec.startsWith('env:')) {
    const name = spec.slice(4);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new UsageError('KEY_PASSWORD_SPEC', `${option}: env: must be followed by an environment variable name ([A-Za-z_][A-Za-z0-9_]*)`);
    }
    return { kind: 'env', name };
  }
  if (spec.startsWith('file:')) {
    const path = spec.slice(5);
    if (path.length === 0) throw new UsageError('KEY_PASSWORD_SPEC', `${option}: file: must be followed by a path`);
    return { kind: 'file', path };
  }
  throw new UsageError(
    'KEY_PASSWORD_SPEC',
    `${option}: expected pass:<password>, env:<NAME>, file:<path> or stdin; the value given (${spec.length} characters, not shown) has none of these forms`,
    { hint: 'prefer env:NAME or file:PATH so that the password is not on the command line' },
  );
}

/** Parses a spec and fetches the password it names. */
export function readPassword(spec: string, opts: ReadPasswordOptions = {}): PasswordResult {
  const option = opts.option ?? 'password';
  const parsed = parsePasswordSpec(spec, option);
  switch (parsed.kind) {
    case 'pass':
      return { secret: parsed.secret, warning: `${option}: ${LITERAL_PASSWORD_WARNING}` };
    case 'env': {
      const value = (opts.env ?? process.env)[parsed.name];
      if (value === undefined) {
        throw new UsageError('KEY_PASSWORD_ENV_UNSET', `${option}: environment variable ${parsed.name} is not set`);
      }
      return { secret: new Secret(value) };
    }
    case 'file':
      return { secret: new Secret(firstLine(readPasswordFile(parsed.path, option))) };
    case 'stdin':
      return { secret: new Secret((opts.readStdinLine ?? readStdinLine)()) };
  }
}

function readPasswordFile(path: string, option: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new IoError('KEY_PASSWORD_FILE_UNREADABLE', `${option}: cannot read password file (${code})`, { file: path }, { cause: e });
  }
}

/** The text before the first line terminator (\n, \r\n or \r). */
export function firstLine(text: string): string {
  const m = /\r\n|\n|\r/.exec(text);
  return m ? text.slice(0, m.index) : text;
}

/** Reads standard input one byte at a time up to a newline, so that a second `stdin` spec gets the next line. */
export function readStdinLine(fd = 0): string {
  const bytes: number[] = [];
  const one = Buffer.alloc(1);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, one, 0, 1, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      throw new IoError('KEY_PASSWORD_STDIN_UNREADABLE', `cannot read a password from standard input (${(e as NodeJS.ErrnoException).code})`, {}, { cause: e });
    }
    if (n === 0 || one[0] === 0x0a) break;
    bytes.push(one[0]!);
  }
  if (bytes[bytes.length - 1] === 0x0d) bytes.pop();
  return Buffer.from(bytes).toString('utf8');
}
