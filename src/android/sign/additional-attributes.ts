// Additional attributes inside v2/v3/v3.1 signed data (source.android.com "APK Signature Scheme v2"
// section "Protections against downgrade", "APK Signature Scheme v3" section "Key rotation", "v3.1";
// IDs as apksig's V2SchemeConstants/V3SchemeConstants name them), and the v3 proof-of-rotation lineage.
//
// FORMAT (lineage, V3SigningCertificateLineage):
//   uint32 version (1)
//   node*: LP { LP signed data { LP certificate; uint32 signature algorithm }; uint32 flags;
//               uint32 signature algorithm of the parent; LP signature by the parent }

import { ByteWriter } from '../../core/byte-writer.js';
import { apksigReader, readLengthPrefixed, readLengthPrefixedBytes, type IdValue } from './length-prefixed.js';

/** v2/v3 attribute naming the highest scheme the APK was signed with (anti-stripping). */
export const STRIPPING_PROTECTION_ATTR_ID = 0xbeeff00d;
/** v3 proof-of-rotation attribute: the signing certificate lineage. */
export const PROOF_OF_ROTATION_ATTR_ID = 0x3ba06f8c;
/** v3 attribute announcing that a v3.1 block exists and the SDK from which its rotated key applies. */
export const ROTATION_MIN_SDK_VERSION_ATTR_ID = 0x559f8b02;
/** v3.1 attribute: rotation applies on the development release of the targeted SDK. */
export const ROTATION_ON_DEV_RELEASE_ATTR_ID = 0xc2a6b3ba;

export const SIGNING_CERTIFICATE_LINEAGE_VERSION = 1;

/** Capability flags of a lineage node (apksig SignerCapabilities). */
export const PAST_CERT_INSTALLED_DATA = 1;
export const PAST_CERT_SHARED_USER_ID = 2;
export const PAST_CERT_PERMISSION = 4;
export const PAST_CERT_ROLLBACK = 8;
export const PAST_CERT_AUTH = 16;

export interface LineageNode {
  /** The exact signed-data bytes the parent's signature covers. */
  signedDataBytes: Uint8Array;
  certificate: Uint8Array;
  /** Algorithm this node's key uses to sign the next node. */
  signatureAlgorithmId: number;
  flags: number;
  /** Algorithm of `signature` (0 for the first node, which has no parent). */
  parentSignatureAlgorithmId: number;
  signature: Uint8Array;
}

export interface SigningCertificateLineage {
  version: number;
  nodes: LineageNode[];
}

export interface DecodedAttributes {
  /** Scheme ID (2 = v2, 3 = v3) announced by the stripping-protection attribute. */
  strippingProtectionScheme?: number;
  lineage?: SigningCertificateLineage;
  rotationMinSdkVersion?: number;
  rotationOnDevRelease?: boolean;
  /** Attribute IDs this reader does not interpret. */
  unknownIds: number[];
}

export function decodeAdditionalAttributes(attributes: readonly IdValue[]): DecodedAttributes {
  const out: DecodedAttributes = { unknownIds: [] };
  for (const a of attributes) {
    const r = apksigReader(a.value, `additional attribute 0x${a.id.toString(16)}`);
    switch (a.id) {
      case STRIPPING_PROTECTION_ATTR_ID:
        out.strippingProtectionScheme = r.u32le();
        break;
      case PROOF_OF_ROTATION_ATTR_ID:
        out.lineage = parseSigningCertificateLineage(a.value);
        break;
      case ROTATION_MIN_SDK_VERSION_ATTR_ID:
        out.rotationMinSdkVersion = r.u32le();
        break;
      case ROTATION_ON_DEV_RELEASE_ATTR_ID:
        out.rotationOnDevRelease = true;
        break;
      default:
        out.unknownIds.push(a.id);
    }
  }
  return out;
}

export function parseSigningCertificateLineage(bytes: Uint8Array, base = 0): SigningCertificateLineage {
  const r = apksigReader(bytes, 'signing certificate lineage', base);
  const version = r.u32le();
  const nodes: LineageNode[] = [];
  while (r.remaining > 0) {
    const node = readLengthPrefixed(r, `lineage node #${nodes.length + 1}`);
    const signed = readLengthPrefixed(node, 'lineage node signed data');
    const signedDataBytes = signed.bytes.slice();
    const certificate = readLengthPrefixedBytes(signed, 'lineage certificate');
    const signatureAlgorithmId = signed.u32le();
    const flags = node.u32le();
    const parentSignatureAlgorithmId = node.u32le();
    const signature = readLengthPrefixedBytes(node, 'lineage signature');
    nodes.push({ signedDataBytes, certificate, signatureAlgorithmId, flags, parentSignatureAlgorithmId, signature });
  }
  return { version, nodes };
}

/** FORMAT: see the module header. */
export function serializeSigningCertificateLineage(lineage: SigningCertificateLineage): Uint8Array {
  const w = new ByteWriter().u32le(lineage.version);
  for (const n of lineage.nodes) {
    const node = new ByteWriter()
      .u32le(n.signedDataBytes.length)
      .bytes(n.signedDataBytes)
      .u32le(n.flags)
      .u32le(n.parentSignatureAlgorithmId)
      .u32le(n.signature.length)
      .bytes(n.signature)
      .toBytes();
    w.u32le(node.length).bytes(node);
  }
  return w.toBytes();
}
