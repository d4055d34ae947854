// Every AndroidManifest.xml of the corpus (APKs and split APKs) parses and serializes back to the
// identical bytes, and its string pool re-encoded canonically decodes to the same strings.
import { describe, expect, it } from 'vitest';
import { bytesEqual } from '../../../src/core/byte-writer.js';
import { parseAxml } from '../../../src/android/axml/parse.js';
import { serializeAxml } from '../../../src/android/axml/serialize.js';
import { encodeStringPoolCanonical, parseStringPool } from '../../../src/android/axml/string-pool.js';
import { stringPoolOf } from '../../../src/android/axml/model.js';
import { corpusPresent, missingTools } from '../../helpers/env.js';
import { corpusApks, label, unzipRequired } from './corpus-manifests.js';

const skip = !corpusPresent('axml corpus round trip') || missingTools('axml corpus round trip', 'unzip');

describe.skipIf(skip)('binary XML round trip over the corpus', () => {
  const apks = skip ? [] : corpusApks();
  it('finds corpus APKs', () => expect(apks.length).toBeGreaterThan(20));
  for (const apk of apks) {
    it(`round-trips ${label(apk)}`, () => {
      const bytes = unzipRequired(apk, 'AndroidManifest.xml');
      const doc = parseAxml(bytes);
      expect(bytesEqual(serializeAxml(doc), bytes)).toBe(true);
      const pool = stringPoolOf(doc);
      expect(parseStringPool(encodeStringPoolCanonical(pool)).strings).toEqual(pool.strings);
    });
  }
});
