import { describe, expect, it } from 'vitest';
import { corpusPresent } from '../../helpers/env.js';
import { requirementSetToText, requirementToText } from '../../../src/ios/sign/requirement-text.js';
import {
  kSecDesignatedRequirementType,
  parseRequirementSet,
  serializeRequirementSet,
  xcodeDesignatedRequirement,
} from '../../../src/ios/sign/requirements.js';
import { corpusSignedSlices } from './corpus-signatures.js';

const hasCorpus = corpusPresent('requirements vs corpus slot-2 blobs');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('code requirements', () => {
  it.skipIf(!hasCorpus)('decodes every corpus requirement set and re-encodes it to the same bytes', () => {
    const slices = corpusSignedSlices().filter((s) => s.blobs.has(2));
    expect(slices.length).toBeGreaterThan(50);
    const texts = new Set<string>();
    for (const s of slices) {
      const blob = s.blobs.get(2)!;
      const set = parseRequirementSet(blob);
      expect(hex(serializeRequirementSet(set)), s.label).toBe(hex(blob));
      texts.add(requirementSetToText(set));
    }
    console.log(`${slices.length} requirement sets, ${texts.size} distinct texts, e.g.:\n${[...texts].slice(0, 6).join('')}`);
  });

  it.skipIf(!hasCorpus)('encodes the Xcode designated requirement exactly as Xcode did (identifier + leaf CN from the corpus)', () => {
    let checked = 0;
    for (const s of corpusSignedSlices().filter((x) => x.blobs.has(2))) {
      const set = parseRequirementSet(s.blobs.get(2)!);
      const text = requirementSetToText(set);
      const m = /^designated => identifier "([^"]+)" and anchor apple generic and certificate leaf\[subject\.CN\] = "([^"]+)" and certificate 1\[field\.1\.2\.840\.113635\.100\.6\.2\.1\] \/\* exists \*\/\n$/.exec(text);
      if (!m) continue;
      const built = serializeRequirementSet([{ type: kSecDesignatedRequirementType, expr: xcodeDesignatedRequirement(m[1]!, m[2]!) }]);
      expect(hex(built), s.label).toBe(hex(s.blobs.get(2)!));
      checked++;
    }
    console.log(`Xcode-form designated requirements rebuilt byte for byte: ${checked}`);
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it.skipIf(!hasCorpus)('writes the empty requirement set that ad-hoc signatures carry', () => {
    const adhoc = corpusSignedSlices().filter((s) => s.blobs.get(2)?.length === 12);
    expect(adhoc.length).toBeGreaterThan(0);
    for (const s of adhoc) expect(hex(serializeRequirementSet([]))).toBe(hex(s.blobs.get(2)!));
  });

  it('prints the text forms of reqdumper: quoting, parentheses, hashes, slots', () => {
    const u = (s: string): Uint8Array => new Uint8Array(Buffer.from(s));
    expect(requirementToText(xcodeDesignatedRequirement('com.example.app', 'Apple Development: Fixture Test (ABCDE12345)'))).toBe(
      'identifier "com.example.app" and anchor apple generic and certificate leaf[subject.CN] = "Apple Development: Fixture Test (ABCDE12345)" and certificate 1[field.1.2.840.113635.100.6.2.1] /* exists */',
    );
    expect(
      requirementToText({
        op: 'and',
        left: { op: 'or', left: { op: 'appleAnchor' }, right: { op: 'cdhash', hash: Uint8Array.of(0xab, 0x01) } },
        right: { op: 'not', expr: { op: 'certField', slot: -1, field: u('subject.OU'), match: { op: 'equal', value: u('ABCDE12345') } } },
      }),
    ).toBe('(anchor apple or cdhash H"ab01") and ! certificate root[subject.OU] = ABCDE12345');
    expect(requirementToText({ op: 'infoKeyField', key: u('CFBundleVersion'), match: { op: 'beginsWith', value: u('1.') } })).toBe('info[CFBundleVersion] = "1."*');
  });

  it('rejects unknown operations and overruns with REQUIREMENT_MALFORMED', () => {
    const bad = Uint8Array.from(Buffer.from('fade0c01000000200000000100000003000000140fade0c000000000c00000001', 'hex'));
    expect(() => parseRequirementSet(bad)).toThrow(expect.objectContaining({ code: 'REQUIREMENT_MALFORMED' }));
    const unknownOp = Uint8Array.from(Buffer.from('fade0c010000002000000001000000030000001' + '4fade0c00000000100000000100000063', 'hex'));
    expect(() => parseRequirementSet(unknownOp)).toThrow(expect.objectContaining({ code: 'REQUIREMENT_MALFORMED' }));
  });
});
