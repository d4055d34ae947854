// Verification of one JAR signer of an APK ("JAR File Specification", "Signed JAR File"; RFC 5652 for
// the signature block), as apksig's V1SchemeVerifier checks it: the PKCS#7 signature over the .SF file
// (signed attributes included), then the .SF's digests of MANIFEST.MF (whole file, main section, or
// each entry section), then the .SF's X-Android-APK-Signed stripping protection.

import { createHash } from 'node:crypto';
import { parseAsn1, asn1Content, decodeOid } from '../../core/asn1.js';
import type { Issue } from '../../core/errors.js';
import { getAttribute, sectionBytes, type JarManifest } from '../sign/jar-manifest.js';
import type { V1Signer } from '../sign/jar-signature.js';
import { OID_PKCS7_DATA, findSignerCertificate, type Pkcs7SignerInfo } from '../sign/pkcs7-signed-data.js';
import { digestsToVerify } from './v1-digests.js';
import { AndroidSdkVersion } from './scheme-context.js';
import { certificatePublicKey, checkJarSignature, jarSignatureAlgorithm, jarSignatureMinSdk, parsePublicKey } from './signature-check.js';

export const SF_ATTRIBUTE_ANDROID_APK_SIGNED = 'X-Android-APK-Signed';
const OID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const ASN1_SET_TAG_BYTE = 0x31;

export interface V1Context {
  minSdk: number;
  maxSdk: number;
  supportedSchemeIds: ReadonlySet<number>;
  foundSchemeIds: ReadonlySet<number>;
}

export interface CheckedV1Signer {
  name: string;
  certificate: Uint8Array;
  /** Entry names the .SF lists. */
  entryNames: Set<string>;
}

export function checkV1Signer(signer: V1Signer, manifest: JarManifest, ctx: V1Context, issues: Issue[]): CheckedV1Signer | undefined {
  const where = signer.blockEntry;
  const error = (code: string, message: string): undefined => {
    issues.push({ code, severity: 'error', message: `JAR signer ${signer.name}: ${message}`, where });
    return undefined;
  };
  const certificate = verifyBlock(signer, ctx, error);
  if (!certificate) return undefined;
  const sf = signer.signatureFile;
  checkStrippingProtection(sf, signer, ctx, error);
  const createdBySigntool = (getAttribute(sf.main, 'Created-By') ?? '').includes('signtool');
  const wholeVerified = checkWholeManifestDigest(sf, manifest, createdBySigntool, ctx, signer, issues);
  if (!createdBySigntool) {
    for (const d of digestsToVerify(sf.main, '-Digest-Manifest-Main-Attributes', ctx.minSdk, ctx.maxSdk)) {
      if (!digestEquals(d.algorithm, sectionBytes(manifest, manifest.main), d.digest)) {
        error('APKSIG_V1_SF_DIGEST_MISMATCH', `${d.attribute} of the main section of META-INF/MANIFEST.MF does not match ${signer.signatureFileEntry}`);
      }
    }
  }
  const entryNames = checkSections(sf, manifest, wholeVerified, ctx, signer, error);
  if (issues.some((i) => i.severity === 'error' && i.where === where)) return undefined;
  return { name: signer.name, certificate, entryNames };
}

type ErrorFn = (code: string, message: string) => undefined;

// Before Android N only the first SignerInfo counts; from N on, the first that verifies.
function verifyBlock(signer: V1Signer, ctx: V1Context, error: ErrorFn): Uint8Array | undefined {
  const infos = ctx.minSdk < AndroidSdkVersion.N ? signer.block.signerInfos.slice(0, 1) : signer.block.signerInfos;
  if (infos.length === 0) return error('APKSIG_V1_NO_SIGNER_INFO', `${signer.blockEntry} has no SignerInfo`);
  let lastProblem: [string, string] = ['APKSIG_V1_SIGNATURE_INVALID', 'signature does not verify'];
  for (const info of infos) {
    const problem = verifySignerInfo(signer, info, ctx);
    if (!Array.isArray(problem)) return problem;
    lastProblem = problem;
  }
  return error(lastProblem[0], lastProblem[1]);
}

function verifySignerInfo(signer: V1Signer, info: Pkcs7SignerInfo, ctx: V1Context): Uint8Array | [string, string] {
  const alg = jarSignatureAlgorithm(info.digestAlgorithmOid, info.signatureAlgorithmOid);
  if (!alg) return ['APKSIG_V1_UNSUPPORTED_SIG_ALG', `digest ${info.digestAlgorithmOid} with signature ${info.signatureAlgorithmOid} is not supported by Android`];
  if (jarSignatureMinSdk(alg) > ctx.minSdk) {
    return ['APKSIG_V1_UNSUPPORTED_SIG_ALG', `${alg.key} with ${alg.digest} needs API level ${jarSignatureMinSdk(alg)}, above the minimum SDK ${ctx.minSdk}`];
  }
  const certificate = findSignerCertificate(signer.block, info);
  if (!certificate) return ['APKSIG_V1_SIGNER_CERT_MISSING', `${signer.blockEntry} does not contain the certificate its SignerInfo names`];
  const spki = certificatePublicKey(certificate);
  const key = spki && parsePublicKey(spki);
  if (!key) return ['APKSIG_V1_MALFORMED_CERTIFICATE', 'signer certificate cannot be parsed'];
  const sfBytes = signer.signatureFile.bytes;
  let signed = sfBytes;
  if (info.signedAttributes) {
    if (ctx.minSdk < AndroidSdkVersion.GINGERBREAD) return ['APKSIG_V1_SIGNATURE_INVALID', `signed attributes are not supported below API level ${AndroidSdkVersion.GINGERBREAD}`];
    const problem = checkSignedAttributes(info.signedAttributes, alg.digest, sfBytes);
    if (problem) return ['APKSIG_V1_SIGNATURE_INVALID', problem];
    signed = new Uint8Array(info.signedAttributes);
    signed[0] = ASN1_SET_TAG_BYTE;
  }
  if (checkJarSignature(alg, key, signed, info.signature) !== 'valid') {
    return ['APKSIG_V1_SIGNATURE_INVALID', `signature in ${signer.blockEntry} over ${signer.signatureFileEntry} does not verify`];
  }
  return certificate;
}

function checkSignedAttributes(encoded: Uint8Array, digest: string, sfBytes: Uint8Array): string | undefined {
  let contentType: string | undefined;
  let messageDigest: Uint8Array | undefined;
  try {
    for (const attr of parseAsn1(encoded).children) {
      const oid = decodeOid(asn1Content(encoded, attr.children[0]!));
      const value = attr.children[1]?.children[0];
      if (!value) continue;
      if (oid === OID_CONTENT_TYPE) contentType = decodeOid(asn1Content(encoded, value));
      if (oid === OID_MESSAGE_DIGEST) messageDigest = asn1Content(encoded, value);
    }
  } catch {
    return 'signed attributes cannot be parsed';
  }
  if (contentType !== OID_PKCS7_DATA) return `signed content type is ${contentType ?? 'missing'}, expected data (${OID_PKCS7_DATA})`;
  if (!messageDigest) return 'signed attributes have no message digest';
  if (!digestEquals(digest, sfBytes, messageDigest)) return 'message digest in the signed attributes does not match the .SF file';
  return undefined;
}

function checkStrippingProtection(sf: JarManifest, signer: V1Signer, ctx: V1Context, error: ErrorFn): void {
  if (ctx.maxSdk < AndroidSdkVersion.N) return;
  const value = getAttribute(sf.main, SF_ATTRIBUTE_ANDROID_APK_SIGNED);
  if (value === undefined) return;
  for (const token of value.split(',').map((t) => t.trim())) {
    const id = Number.parseInt(token, 10);
    if (!Number.isInteger(id) || !ctx.supportedSchemeIds.has(id) || ctx.foundSchemeIds.has(id)) continue;
    error('APKSIG_STRIPPED_SCHEME', `${signer.signatureFileEntry} says the APK is signed with APK Signature Scheme v${id}, but no such signature verified (stripped?)`);
  }
}

function checkWholeManifestDigest(sf: JarManifest, manifest: JarManifest, signtool: boolean, ctx: V1Context, signer: V1Signer, issues: Issue[]): boolean {
  const digests = digestsToVerify(sf.main, signtool ? '-Digest' : '-Digest-Manifest', ctx.minSdk, ctx.maxSdk);
  if (digests.length === 0) {
    issues.push({ code: 'APKSIG_V1_NO_MANIFEST_DIGEST', severity: 'warning', message: `JAR signer ${signer.name}: ${signer.signatureFileEntry} has no digest of the whole META-INF/MANIFEST.MF`, where: signer.blockEntry });
    return false;
  }
  let ok = true;
  for (const d of digests) {
    if (digestEquals(d.algorithm, manifest.bytes, d.digest)) continue;
    ok = false;
    issues.push({ code: 'APKSIG_V1_MANIFEST_DIGEST_MISMATCH', severity: 'warning', message: `JAR signer ${signer.name}: ${d.attribute} of META-INF/MANIFEST.MF does not match; checking its sections one by one`, where: signer.blockEntry });
  }
  return ok;
}

function checkSections(sf: JarManifest, manifest: JarManifest, wholeVerified: boolean, ctx: V1Context, signer: V1Signer, error: ErrorFn): Set<string> {
  const names = new Set<string>();
  const manifestSections = new Map(manifest.entries.filter((s) => s.name !== undefined).map((s) => [s.name!, s] as const));
  for (const section of sf.entries) {
    const name = section.name;
    if (name === undefined) return error('APKSIG_V1_UNNAMED_SF_SECTION', `${signer.signatureFileEntry} has a section without a Name`) ?? names;
    if (names.has(name)) return error('APKSIG_V1_DUPLICATE_SF_SECTION', `${signer.signatureFileEntry} lists ${name} twice`) ?? names;
    names.add(name);
    if (wholeVerified) continue;
    const manifestSection = manifestSections.get(name);
    if (!manifestSection) {
      error('APKSIG_V1_SF_ENTRY_NOT_IN_MANIFEST', `${signer.signatureFileEntry} names ${name}, which has no section in META-INF/MANIFEST.MF`);
      continue;
    }
    const digests = digestsToVerify(section, '-Digest', ctx.minSdk, ctx.maxSdk);
    if (digests.length === 0) error('APKSIG_V1_NO_SF_SECTION_DIGEST', `${signer.signatureFileEntry} has no usable digest for ${name}`);
    for (const d of digests) {
      if (!digestEquals(d.algorithm, sectionBytes(manifest, manifestSection), d.digest)) {
        error('APKSIG_V1_SF_DIGEST_MISMATCH', `${d.attribute} of the META-INF/MANIFEST.MF section for ${name} does not match ${signer.signatureFileEntry}`);
      }
    }
  }
  return names;
}

function digestEquals(algorithm: string, data: Uint8Array, expected: Uint8Array): boolean {
  return Buffer.compare(createHash(algorithm).update(data).digest(), Buffer.from(expected)) === 0;
}
