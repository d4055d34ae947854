// The CMS SignedData (RFC 5652) of an Apple code signature, the payload of the CSMAGIC_BLOBWRAPPER in
// slot 0x10000: detached content (the primary CodeDirectory), SHA-256 digest, the signer's certificate and
// chain, one SignerInfo identified by issuer and serial number, and the signed attributes codesign writes
// (cms-attributes.ts) in DER SET OF order, so that both the device (which checks the bytes as encoded)
// and `openssl cms -verify` (which re-encodes them in DER) accept the signature. RSA PKCS#1 v1.5 and
// ECDSA (P-256, P-384) through node:crypto; RSA output is deterministic for a fixed signing time.
//
// FORMAT:
//   ContentInfo ::= SEQUENCE { id-signedData, [0] EXPLICIT SignedData }
//   SignedData  ::= SEQUENCE { version 1, digestAlgorithms SET { sha256 }, encapContentInfo { id-data },
//                              certificates [0] IMPLICIT SET OF Certificate, signerInfos SET { SignerInfo } }
//   SignerInfo  ::= SEQUENCE { version 1, IssuerAndSerialNumber, digestAlgorithm, signedAttrs [0] IMPLICIT,
//                              signatureAlgorithm, signature OCTET STRING }

import { sign as cryptoSign, type KeyObject } from 'node:crypto';
import { asn1Encoded, asn1Content, parseAsn1 } from '../../core/asn1.js';
import { SigningError } from '../../core/errors.js';
import {
  derAlgorithm,
  derExplicit,
  derImplicitSetOf,
  derInteger,
  derIntegerRaw,
  derOctetString,
  derOid,
  derSequence,
  derSetOf,
  derTagged,
} from './asn1-build.js';
import {
  OID_DATA,
  OID_ECDSA_WITH_SHA256,
  OID_SHA256_WITH_RSA,
  OID_SIGNED_DATA,
  buildSignedAttributes,
  digestOid,
} from './cms-attributes.js';

export interface CmsSigningIdentity {
  privateKey: KeyObject;
  /** The signer's certificate, DER. */
  certificate: Uint8Array;
  /** Intermediate and root certificates (DER), nearest first; the signer's certificate need not repeat. */
  chain: readonly Uint8Array[];
}

export interface CodeDirectoryCmsInput {
  /** Every CodeDirectory blob of the signature, the primary (slot 0) first, then the alternates. */
  codeDirectories: readonly Uint8Array[];
  identity: CmsSigningIdentity;
  /** Injected clock: the signingTime attribute. */
  signingTime: Date;
}

const DIGEST_NAME = 'sha256';
const SIGNED_ATTRS_TAG = 0;
const SET_OF_TAG_BYTE = 0x31;

interface IssuerAndSerial {
  issuer: Uint8Array;
  serial: Uint8Array;
}

/** TBSCertificate's issuer Name (as encoded) and serialNumber content octets (RFC 5280 §4.1). */
export function certificateIssuerAndSerial(der: Uint8Array): IssuerAndSerial {
  const cert = parseAsn1(der, { what: 'signer certificate', errorCode: 'CMS_BAD_CERTIFICATE' });
  const tbs = cert.children[0];
  if (!tbs || tbs.children.length < 4) throw new SigningError('CMS_BAD_CERTIFICATE', 'signer certificate has no TBSCertificate with serial number and issuer');
  const hasVersion = tbs.children[0]!.tagClass === 2;
  const serial = tbs.children[hasVersion ? 1 : 0]!;
  const issuer = tbs.children[hasVersion ? 3 : 2]!;
  return { issuer: asn1Encoded(der, issuer), serial: asn1Content(der, serial) };
}

function signatureAlgorithm(key: KeyObject): { oid: string; nullParameters: boolean; dsaEncoding?: 'der' } {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return { oid: OID_SHA256_WITH_RSA, nullParameters: true };
  if (type === 'ec') return { oid: OID_ECDSA_WITH_SHA256, nullParameters: false, dsaEncoding: 'der' };
  throw new SigningError('CMS_UNSUPPORTED_KEY', `signing key is ${type ?? 'of unknown type'}; Apple code signatures need an RSA or EC key`);
}

/** Builds the DER CMS SignedData over the primary CodeDirectory. */
export function buildCodeDirectoryCms(input: CodeDirectoryCmsInput): Uint8Array {
  const { identity } = input;
  if (identity.privateKey.type !== 'private') throw new SigningError('CMS_NOT_PRIVATE_KEY', `signing key is a ${identity.privateKey.type} key, expected a private key`);
  const alg = signatureAlgorithm(identity.privateKey);
  const attributes = buildSignedAttributes({ codeDirectories: input.codeDirectories, signingTime: input.signingTime, digestName: DIGEST_NAME });
  const signedAttrs = derImplicitSetOf(SIGNED_ATTRS_TAG, attributes);
  // RFC 5652 §5.4: the signature covers the attributes' DER encoding with the SET OF tag, not [0].
  const toSign = signedAttrs.slice();
  toSign[0] = SET_OF_TAG_BYTE;
  const signature = cryptoSign(DIGEST_NAME, toSign, alg.dsaEncoding ? { key: identity.privateKey, dsaEncoding: alg.dsaEncoding } : identity.privateKey);
  const { issuer, serial } = certificateIssuerAndSerial(identity.certificate);
  const digestAlgorithm = derAlgorithm(digestOid(DIGEST_NAME), true);
  const signerInfo = derSequence([
    derInteger(1),
    derSequence([issuer, derIntegerRaw(serial)]),
    digestAlgorithm,
    signedAttrs,
    derAlgorithm(alg.oid, alg.nullParameters),
    derOctetString(new Uint8Array(signature)),
  ]);
  const signedData = derSequence([
    derInteger(1),
    derSetOf([digestAlgorithm]),
    derSequence([derOid(OID_DATA)]),
    derTagged(2, 0, true, [identity.certificate, ...identity.chain]),
    derSetOf([signerInfo]),
  ]);
  return derSequence([derOid(OID_SIGNED_DATA), derExplicit(0, signedData)]);
}
