// Checks a v3 proof-of-rotation lineage (source.android.com "APK Signature Scheme v3", section "Key
// rotation"; apksig SigningCertificateLineage): every node after the first is signed by the key of the
// node before it, with the algorithm that node announced; no certificate appears twice.

import type { Issue } from '../../core/errors.js';
import { bytesEqual } from '../../core/byte-writer.js';
import { SIGNING_CERTIFICATE_LINEAGE_VERSION, type SigningCertificateLineage } from '../sign/additional-attributes.js';
import { certificatePublicKey, checkSchemeSignature, parsePublicKey } from './signature-check.js';

/** Problems with a lineage; an empty list means every link verified. */
export function checkLineage(lineage: SigningCertificateLineage, code: string, where: string): Issue[] {
  const fail = (message: string): Issue[] => [{ code, severity: 'error', message: `${where}: ${message}`, where }];
  if (lineage.version !== SIGNING_CERTIFICATE_LINEAGE_VERSION) return fail(`lineage version is ${lineage.version}, expected ${SIGNING_CERTIFICATE_LINEAGE_VERSION}`);
  if (lineage.nodes.length === 0) return fail('lineage has no certificates');
  // Field meanings as apksig reads them: a node's signed algorithm ID is the one its parent signed it
  // with; its unsigned algorithm ID is the one its own key signs the next node with.
  for (let i = 1; i < lineage.nodes.length; i++) {
    const parent = lineage.nodes[i - 1]!;
    const node = lineage.nodes[i]!;
    const algorithm = parent.parentSignatureAlgorithmId;
    if (node.signatureAlgorithmId !== algorithm) {
      return fail(`certificate #${i + 1} says it was signed with algorithm 0x${node.signatureAlgorithmId.toString(16)}, its parent signs with 0x${algorithm.toString(16)}`);
    }
    const spki = certificatePublicKey(parent.certificate);
    const key = spki && parsePublicKey(spki);
    if (!key) return fail(`certificate #${i} cannot be parsed`);
    if (checkSchemeSignature(algorithm, key, node.signedDataBytes, node.signature) !== 'valid') {
      return fail(`signature of certificate #${i + 1} by certificate #${i} does not verify`);
    }
  }
  for (let i = 0; i < lineage.nodes.length; i++) {
    for (let j = i + 1; j < lineage.nodes.length; j++) {
      if (bytesEqual(lineage.nodes[i]!.certificate, lineage.nodes[j]!.certificate)) return fail(`certificates #${i + 1} and #${j + 1} are the same`);
    }
  }
  return [];
}

/** True when the lineage names this certificate (apksig getSubLineage succeeds). */
export function lineageContains(lineage: SigningCertificateLineage, certificate: Uint8Array): boolean {
  return lineage.nodes.some((n) => bytesEqual(n.certificate, certificate));
}
