// Password specs (apksigner's pass:/env:/file:/stdin forms) and the Secret that carries a password:
// no rendering of a Secret, and no error of any failure path, contains the password.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format, inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { IoError, MamError, UsageError } from '../../src/core/errors.js';
import { LITERAL_PASSWORD_WARNING, firstLine, parsePasswordSpec, readPassword, readStdinLine } from '../../src/keys/password.js';
import { Secret } from '../../src/keys/secret.js';
import { thrown } from './key-oracle.js';

const PW = 'S3cr3t-hunter2-ü';
const tmp = mkdtempSync(join(tmpdir(), 'mam-pass-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function leaks(e: unknown, secret = PW): string[] {
  const err = e as MamError;
  const renderings = [err.message, String(err), inspect(err, { depth: 5, showHidden: true }), JSON.stringify(err.context), JSON.stringify(err), err.stack ?? ''];
  return renderings.filter((r) => r.includes(secret) || r.includes('hunter2'));
}

describe('Secret', () => {
  const s = new Secret(PW);
  it('renders as [redacted] everywhere', () => {
    expect(String(s)).toBe('[redacted]');
    expect(`${s}`).toBe('[redacted]');
    expect('x' + s).toBe('x[redacted]');
    expect(JSON.stringify({ ksPass: s })).toBe('{"ksPass":"[redacted]"}');
    expect(inspect(s)).toBe('[redacted]');
    expect(inspect({ nested: { s } }, { showHidden: true, depth: 10 })).not.toContain('hunter2');
    expect(format('%s %o %O %j', s, s, s, s)).not.toContain('hunter2');
    expect(Object.keys(s)).toEqual([]);
    expect(JSON.stringify(Object.entries(s))).toBe('[]');
  });
  it('reveals only on request', () => {
    expect(s.reveal()).toBe(PW);
    expect(s.equals(new Secret(PW))).toBe(true);
    expect(new Secret('').isEmpty).toBe(true);
  });
});

describe('password specs', () => {
  it('pass: gives the literal and the command-line warning', () => {
    const r = readPassword(`pass:${PW}`, { option: '--ks-pass' });
    expect(r.secret.reveal()).toBe(PW);
    expect(r.warning).toBe(`--ks-pass: ${LITERAL_PASSWORD_WARNING}`);
    expect(readPassword('pass:').secret.reveal()).toBe('');
    expect(readPassword('pass:a:b').secret.reveal()).toBe('a:b');
  });

  it('env: reads the named variable, without a warning; an empty value is a password', () => {
    const r = readPassword('env:MAM_TEST_PW', { env: { MAM_TEST_PW: PW } });
    expect(r.secret.reveal()).toBe(PW);
    expect(r.warning).toBeUndefined();
    expect(readPassword('env:EMPTY', { env: { EMPTY: '' } }).secret.reveal()).toBe('');
  });

  it('file: takes the first line without its terminator (\\n, \\r\\n, \\r), like apksigner', () => {
    for (const [name, text] of [['lf', `${PW}\nsecond\n`], ['crlf', `${PW}\r\nsecond`], ['cr', `${PW}\rsecond`], ['none', PW]] as const) {
      const path = join(tmp, name);
      writeFileSync(path, text);
      expect(readPassword(`file:${path}`).secret.reveal(), name).toBe(PW);
    }
    expect(firstLine('')).toBe('');
  });

  it('stdin reads one line through the injected reader', () => {
    const lines = [PW, 'second'];
    const reader = () => lines.shift()!;
    expect(readPassword('stdin', { readStdinLine: reader }).secret.reveal()).toBe(PW);
    expect(readPassword('stdin', { readStdinLine: reader }).secret.reveal()).toBe('second');
  });

  it('readStdinLine reads exactly one line per call from a descriptor', () => {
    const path = join(tmp, 'stdin');
    writeFileSync(path, `${PW}\r\nsecond\nthird`);
    const fd = openSync(path, 'r');
    try {
      expect([readStdinLine(fd), readStdinLine(fd), readStdinLine(fd), readStdinLine(fd)]).toEqual([PW, 'second', 'third', '']);
    } finally {
      closeSync(fd);
    }
  });

  it('parses forms without reading anything', () => {
    expect(parsePasswordSpec('env:X')).toEqual({ kind: 'env', name: 'X' });
    expect(parsePasswordSpec('file:/a b')).toEqual({ kind: 'file', path: '/a b' });
    expect(parsePasswordSpec('stdin')).toEqual({ kind: 'stdin' });
  });
});

describe('password spec failures never show the password', () => {
  it.each([PW, `pas:${PW}`, `PASS:${PW}`, `Pass:${PW}`, ` pass:${PW}`, `${PW}:pass`, `stdin${PW}`])('%s → KEY_PASSWORD_SPEC (UsageError)', (spec) => {
    const e = thrown(() => readPassword(spec, { option: '--ks-pass' }));
    expect(e).toBeInstanceOf(UsageError);
    expect((e as MamError).code).toBe('KEY_PASSWORD_SPEC');
    expect((e as Error).message).toMatch(/^--ks-pass: expected pass:<password>, env:<NAME>, file:<path> or stdin/);
    expect(leaks(e)).toEqual([]);
  });

  it.each(['env:', `env:${PW}`, 'file:'])('%s → KEY_PASSWORD_SPEC', (spec) => {
    const e = thrown(() => readPassword(spec));
    expect((e as MamError).code).toBe('KEY_PASSWORD_SPEC');
    expect(leaks(e)).toEqual([]);
  });

  it('an unset variable → KEY_PASSWORD_ENV_UNSET, naming the variable', () => {
    const e = thrown(() => readPassword('env:MAM_SURELY_UNSET', { env: { OTHER: PW } }));
    expect(e).toBeInstanceOf(UsageError);
    expect((e as MamError).code).toBe('KEY_PASSWORD_ENV_UNSET');
    expect((e as Error).message).toContain('MAM_SURELY_UNSET');
    expect(leaks(e)).toEqual([]);
  });

  it('an unreadable file → IoError KEY_PASSWORD_FILE_UNREADABLE, with the path in its context', () => {
    for (const path of [join(tmp, 'missing'), tmp]) {
      const e = thrown(() => readPassword(`file:${path}`));
      expect(e).toBeInstanceOf(IoError);
      expect((e as MamError).code).toBe('KEY_PASSWORD_FILE_UNREADABLE');
      expect((e as MamError).context.file).toBe(path);
      expect(leaks(e)).toEqual([]);
    }
  });
});
