// Writes META-INF/MANIFEST.MF and META-INF/<NAME>.SF of a v1 (JAR) signature ("JAR File
// Specification", "Manifest Specification" and "Signed JAR File"), laid out as apksig's ManifestWriter
// and V1SchemeSigner lay them out, so that apksigner and Android read exactly what we meant:
// - lines end in CRLF and hold at most 70 bytes before it (72 with it); longer ones continue on lines
//   that start with one space;
// - a main section starts with Manifest-Version (or Signature-Version), the other attributes follow
//   sorted by name; each section ends with an empty line;
// - entry sections are sorted by entry name and hold "Name" then the digest attribute;
// - re-signing keeps the main section of the input's manifest (apksig does, so that attributes such
//   as Created-By or Built-By survive).

import { createHash } from 'node:crypto';
import type { JarManifest } from './jar-manifest.js';
import type { JarDigestAlgorithm } from './signer-algorithms.js';

export const MANIFEST_VERSION = 'Manifest-Version';
export const SIGNATURE_VERSION = 'Signature-Version';
export const ATTRIBUTE_VALUE_VERSION = '1.0';
/** apksig's default Created-By for what it writes (ApkSigner.Builder, "1.0 (Android)"). */
export const CREATED_BY_ANDROID = '1.0 (Android)';
export const X_ANDROID_APK_SIGNED = 'X-Android-APK-Signed';

const MAX_LINE_LENGTH = 70;
const CRLF = Uint8Array.of(0x0d, 0x0a);
const SPACE = 0x20;

/** One attribute line, wrapped: 70 bytes on the first line, 69 after each continuation space. */
export function encodeAttributeLine(name: string, value: string): Uint8Array {
  const line = Buffer.from(`${name}: ${value}`, 'utf8');
  const parts: Uint8Array[] = [];
  let at = 0;
  let first = true;
  while (at < line.length) {
    const n = Math.min(line.length - at, first ? MAX_LINE_LENGTH : MAX_LINE_LENGTH - 1);
    if (!first) parts.push(CRLF, Uint8Array.of(SPACE));
    parts.push(line.subarray(at, at + n));
    at += n;
    first = false;
  }
  parts.push(CRLF);
  return Buffer.concat(parts);
}

type Attributes = ReadonlyMap<string, string>;

/** A main section: the version attribute first, then the rest sorted by name, then an empty line. */
export function encodeMainSection(versionName: string, attributes: Attributes): Uint8Array {
  const parts = [encodeAttributeLine(versionName, attributes.get(versionName) ?? ATTRIBUTE_VALUE_VERSION)];
  for (const name of [...attributes.keys()].filter((n) => n !== versionName).sort()) parts.push(encodeAttributeLine(name, attributes.get(name)!));
  parts.push(CRLF);
  return Buffer.concat(parts);
}

export function encodeEntrySection(entryName: string, attributes: Attributes): Uint8Array {
  const parts = [encodeAttributeLine('Name', entryName)];
  for (const name of [...attributes.keys()].sort()) parts.push(encodeAttributeLine(name, attributes.get(name)!));
  parts.push(CRLF);
  return Buffer.concat(parts);
}

/** JAR attribute names spell SHA-1 without its hyphen: SHA1-Digest, SHA-256-Digest. */
function attributePrefix(digest: JarDigestAlgorithm): string {
  return digest === 'SHA-1' ? 'SHA1' : 'SHA-256';
}

export function entryDigestAttributeName(digest: JarDigestAlgorithm): string {
  return `${attributePrefix(digest)}-Digest`;
}

function nodeHash(digest: JarDigestAlgorithm): 'sha1' | 'sha256' {
  return digest === 'SHA-1' ? 'sha1' : 'sha256';
}

function base64Digest(digest: JarDigestAlgorithm, bytes: Uint8Array): string {
  return createHash(nodeHash(digest)).update(bytes).digest('base64');
}

export interface GeneratedManifest {
  bytes: Uint8Array;
  /** Each entry section's exact bytes, by entry name (what the .SF digests). */
  sections: Map<string, Uint8Array>;
}

/**
 * MANIFEST.MF for these entry digests (raw digest bytes by entry name). The main section is the
 * input manifest's when there is one (attributes as parsed, last value of a repeated name wins).
 */
export function generateManifest(digest: JarDigestAlgorithm, entryDigests: ReadonlyMap<string, Uint8Array>, source?: JarManifest): GeneratedManifest {
  const main = new Map<string, string>();
  if (source) for (const a of source.main.attributes) main.set(a.name, a.value);
  if (!main.has(MANIFEST_VERSION)) main.set(MANIFEST_VERSION, ATTRIBUTE_VALUE_VERSION);
  const parts = [encodeMainSection(MANIFEST_VERSION, main)];
  const sections = new Map<string, Uint8Array>();
  const attribute = entryDigestAttributeName(digest);
  for (const name of [...entryDigests.keys()].sort()) {
    const section = encodeEntrySection(name, new Map([[attribute, Buffer.from(entryDigests.get(name)!).toString('base64')]]));
    sections.set(name, section);
    parts.push(section);
  }
  return { bytes: Buffer.concat(parts), sections };
}

/**
 * The .SF file: Signature-Version, Created-By, the digest of the whole manifest, X-Android-APK-Signed
 * with the IDs of the APK Signature Schemes also applied (so that stripping them is detected), then
 * one section per manifest entry section with the digest of that section's bytes.
 */
export function generateSignatureFile(digest: JarDigestAlgorithm, manifest: GeneratedManifest, apkSignatureSchemeIds: readonly number[]): Uint8Array {
  const main = new Map<string, string>([
    [SIGNATURE_VERSION, ATTRIBUTE_VALUE_VERSION],
    ['Created-By', CREATED_BY_ANDROID],
    [`${attributePrefix(digest)}-Digest-Manifest`, base64Digest(digest, manifest.bytes)],
  ]);
  if (apkSignatureSchemeIds.length > 0) main.set(X_ANDROID_APK_SIGNED, [...apkSignatureSchemeIds].sort((a, b) => a - b).join(', '));
  const parts = [encodeMainSection(SIGNATURE_VERSION, main)];
  const attribute = entryDigestAttributeName(digest);
  for (const [name, section] of manifest.sections) parts.push(encodeEntrySection(name, new Map([[attribute, base64Digest(digest, section)]])));
  return Buffer.concat(parts);
}

/** apksig V1SchemeSigner.getSafeSignerName: at most 8 characters, upper case, [A-Z0-9_-] only. */
export function safeSignerName(name: string): string {
  if (name.length === 0) return 'CERT';
  return name
    .slice(0, 8)
    .toUpperCase()
    .replace(/[^A-Z0-9_-]/g, '_');
}
