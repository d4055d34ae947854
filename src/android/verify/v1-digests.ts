// Which digests of a JAR manifest or .SF section Android checks ("JAR File Specification", "Signed JAR
// File"; the platform behaviour apksig's V1SchemeVerifier.getDigestsToVerify reproduces):
// - before API 18 the platform reads "Digest-Algorithms" (default "SHA SHA1") and checks the first
//   listed algorithm it supports whose "<alg><suffix>" attribute exists;
// - from API 18 it checks the strongest of SHA-512, SHA-384, SHA-256, SHA-1 that is present.
// A range spanning both eras gets both (once each when they coincide).

import { getAttribute, type ManifestSection } from '../sign/jar-manifest.js';
import { AndroidSdkVersion } from './scheme-context.js';

export type JarDigestAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha384' | 'sha512';

export interface NamedDigest {
  algorithm: JarDigestAlgorithm;
  /** Attribute the digest came from, for messages. */
  attribute: string;
  digest: Uint8Array;
}

const MANIFEST_DIGEST_NAMES: Record<string, JarDigestAlgorithm> = {
  MD5: 'md5',
  SHA: 'sha1',
  SHA1: 'sha1',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** API level from which the platform accepts a digest algorithm in manifests and .SF files. */
const DIGEST_MIN_SDK: Record<JarDigestAlgorithm, number> = { md5: 0, sha1: 0, sha256: 0, sha384: AndroidSdkVersion.GINGERBREAD, sha512: AndroidSdkVersion.GINGERBREAD };

const JB_MR2_AND_NEWER_DIGESTS: readonly [string, JarDigestAlgorithm][] = [
  ['SHA-512', 'sha512'],
  ['SHA-384', 'sha384'],
  ['SHA-256', 'sha256'],
  ['SHA1', 'sha1'],
];

export function digestsToVerify(section: ManifestSection, suffix: string, minSdk: number, maxSdk: number): NamedDigest[] {
  const out: NamedDigest[] = [];
  if (minSdk < AndroidSdkVersion.JELLY_BEAN_MR2) {
    const listed = (getAttribute(section, 'Digest-Algorithms') ?? 'SHA SHA1').split(/\s+/).filter((t) => t.length > 0);
    for (const name of listed) {
      const attribute = name + suffix;
      const value = getAttribute(section, attribute);
      const algorithm = MANIFEST_DIGEST_NAMES[name.toUpperCase()];
      if (value === undefined || !algorithm || DIGEST_MIN_SDK[algorithm] > minSdk) continue;
      out.push({ algorithm, attribute, digest: decodeBase64(value) });
      break;
    }
    if (out.length === 0) return out;
  }
  if (maxSdk >= AndroidSdkVersion.JELLY_BEAN_MR2) {
    for (const [name, algorithm] of JB_MR2_AND_NEWER_DIGESTS) {
      const attribute = name + suffix;
      const value = getAttribute(section, attribute);
      if (value === undefined) continue;
      const digest = decodeBase64(value);
      if (!out.some((d) => d.algorithm === algorithm && Buffer.compare(Buffer.from(d.digest), Buffer.from(digest)) === 0)) out.push({ algorithm, attribute, digest });
      break;
    }
  }
  return out;
}

function decodeBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.trim(), 'base64'));
}
