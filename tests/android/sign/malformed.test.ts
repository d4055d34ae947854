// Every fixture in fixtures/malformed/apksig must be refused with the code its file name starts with
// (<CODE>--<what>.bin; regenerate with `node fixtures/malformed/apksig/make.mjs`).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BytesSource } from '../../../src/core/data-source.js';
import { MalformedInputError } from '../../../src/core/errors.js';
import { openZip } from '../../../src/container/zip-reader.js';
import { parsePkcs7SignedData } from '../../../src/android/sign/pkcs7-signed-data.js';
import { decodeSigningBlock } from '../../../src/android/sign/signing-block-schemes.js';
import { findSigningBlock, parseSigningBlock, type SigningBlock } from '../../../src/android/sign/signing-block.js';
import { parseV4SignatureFile } from '../../../src/android/sign/v4-signature.js';
import { FIXTURES } from '../../helpers/env.js';

const DIR = join(FIXTURES, 'malformed', 'apksig');
const files = readdirSync(DIR).filter((f) => f.endsWith('.bin')).sort();
/** Reads the fixture as its kind (the first word after "--") is read in production, throwing the first error. */
function readStrictly(kind: string, bytes: Uint8Array): void {
  if (kind === 'idsig') {
    parseV4SignatureFile(bytes);
    return;
  }
  if (kind === 'pkcs7') {
    parsePkcs7SignedData(bytes);
    return;
  }
  const block: SigningBlock | undefined = kind === 'apk' ? findSigningBlock(openZip(new BytesSource(bytes))) : parseSigningBlock(bytes);
  if (!block) throw new Error('no signing block found');
  const decoded = decodeSigningBlock(block);
  if (decoded.errors[0]) throw decoded.errors[0].error;
}

describe('malformed APK signature fixtures', () => {
  it('exist', () => expect(files.length).toBeGreaterThanOrEqual(10));

  it.each(files)('%s is refused with the code in its name', (file) => {
    const [code, what] = file.split('--') as [string, string];
    const kind = what.split('-')[0]!;
    expect(['block', 'apk', 'idsig', 'pkcs7']).toContain(kind);
    const bytes = new Uint8Array(readFileSync(join(DIR, file)));
    let thrown: unknown;
    try {
      readStrictly(kind, bytes);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(MalformedInputError);
    const err = thrown as MalformedInputError;
    expect(err.code).toBe(code);
    expect(typeof err.context.offset).toBe('number');
    expect(err.context.offset).toBeLessThanOrEqual(bytes.length);
  });
});
