// Whether a code signature's signer certificate chains to a trusted root (RFC 5280 path building,
// reduced to what Apple signatures need: issuer/subject linkage and signatures, through the
// intermediates the CMS carries). Validity dates are reported separately, as warnings.

import { X509Certificate } from 'node:crypto';

const MAX_DEPTH = 8;

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

export function chainsToTrustedRoot(leafDer: Uint8Array, intermediates: readonly Uint8Array[], roots: readonly X509Certificate[]): boolean {
  let current: X509Certificate;
  try {
    current = new X509Certificate(leafDer);
  } catch {
    return false;
  }
  const pool = intermediates.flatMap((der) => {
    try {
      return [new X509Certificate(der)];
    } catch {
      return [];
    }
  });
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (roots.some((r) => r.raw.equals(current.raw) || issuedBy(current, r))) return true;
    const next = pool.find((p) => !p.raw.equals(current.raw) && issuedBy(current, p));
    if (!next) return false;
    current = next;
  }
  return false;
}
