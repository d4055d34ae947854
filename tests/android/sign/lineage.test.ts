// v3 proof-of-rotation lineages read from the corpus, compared with `apksigner lineage --print-certs`
// (certificates in order and capability flags). apksigner 31 reads lineages from v3 blocks only, so
// v3.1 lineages are checked for their last certificate being the v3.1 signer's.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FileSource } from '../../../src/core/data-source.js';
import { openZip } from '../../../src/container/zip-reader.js';
import {
  PAST_CERT_AUTH,
  PAST_CERT_INSTALLED_DATA,
  PAST_CERT_PERMISSION,
  PAST_CERT_ROLLBACK,
  PAST_CERT_SHARED_USER_ID,
} from '../../../src/android/sign/additional-attributes.js';
import { decodeSigningBlock, type DecodedSigningBlock } from '../../../src/android/sign/signing-block-schemes.js';
import { findSigningBlock } from '../../../src/android/sign/signing-block.js';
import { corpusFiles, corpusPresent, missingTools } from '../../helpers/env.js';
import { sha256Hex, shortName } from './oracles.js';

function decoded(file: string): DecodedSigningBlock | undefined {
  const src = FileSource.open(file);
  try {
    const block = findSigningBlock(openZip(src));
    return block && decodeSigningBlock(block);
  } finally {
    src.close();
  }
}

const withLineage = corpusPresent('v3 lineage vs apksigner')
  ? corpusFiles('android', '.apk')
      .map((f) => [f, decoded(f)] as const)
      .filter(([, d]) => [d?.v3, d?.v31].some((b) => b?.signers.some((s) => s.attributes.lineage)))
  : [];

const FLAG_LINES: [string, number][] = [
  ['Has installed data capability', PAST_CERT_INSTALLED_DATA],
  ['Has shared UID capability', PAST_CERT_SHARED_USER_ID],
  ['Has permission capability', PAST_CERT_PERMISSION],
  ['Has rollback capability', PAST_CERT_ROLLBACK],
  ['Has auth capability', PAST_CERT_AUTH],
];

describe.skipIf(withLineage.length === 0 || missingTools('v3 lineage vs apksigner', 'apksigner'))('signing certificate lineage', () => {
  it('the corpus has lineages in v3 and v3.1 blocks', () => expect(withLineage.length).toBeGreaterThanOrEqual(3));

  it.each(withLineage.map(([f, d]) => [shortName(f), f, d!] as const))('%s', (_n, file, d) => {
    const v3Lineage = d.v3?.signers.find((s) => s.attributes.lineage)?.attributes.lineage;
    if (v3Lineage) {
      const out = execFileSync('apksigner', ['lineage', '--in', file, '--print-certs', '-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      const printed = [...out.matchAll(/^Signer #\d+ in lineage certificate SHA-256 digest: ([0-9a-f]{64})$/gm)].map((m) => m[1]);
      expect(v3Lineage.nodes.map((n) => sha256Hex(n.certificate))).toEqual(printed);
      const blocks = out.split(/^Signer #\d+ in lineage certificate DN/m).slice(1);
      v3Lineage.nodes.forEach((n, i) => {
        for (const [label, bit] of FLAG_LINES) {
          const v = new RegExp(`^${label}\\s*: (true|false)$`, 'm').exec(blocks[i]!)![1];
          expect((n.flags & bit) !== 0, `${label} of node ${i + 1}`).toBe(v === 'true');
        }
      });
    }
    for (const block of [d.v3, d.v31]) {
      for (const s of block?.signers ?? []) {
        const nodes = s.attributes.lineage?.nodes;
        if (nodes) expect(sha256Hex(nodes[nodes.length - 1]!.certificate)).toBe(sha256Hex(s.signedData.certificates[0]!));
      }
    }
  });
});
