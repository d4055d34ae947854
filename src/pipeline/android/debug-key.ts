// --debug-key: a throwaway RSA-2048 key and a self-signed X.509 v1 certificate (RFC 5280 §4.1, the
// form of Android's own debug certificates), generated for this run only. An app signed with it can
// never be updated by another build, so the CLI asks for it explicitly and prints its digest.

import { X509Certificate, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { ASN1_TAG_BIT_STRING } from '../../core/asn1.js';
import { describeCertificate } from '../../core/x509.js';
import {
  ASN1_TAG_UTF8_STRING, derAlgorithm, derInteger, derOid, derSequence, derSetOf, derTime, derUniversal,
} from '../../ios/sign/asn1-build.js';
import type { SigningIdentity } from '../../keys/load.js';

export const DEBUG_KEY_SUBJECT_CN = 'mam throwaway debug key';
const OID_COMMON_NAME = '2.5.4.3';
const OID_SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const VALIDITY_YEARS = 30;

function commonName(cn: string): Uint8Array {
  return derSequence([derSetOf([derSequence([derOid(OID_COMMON_NAME), derUniversal(ASN1_TAG_UTF8_STRING, new TextEncoder().encode(cn))])])]);
}

/** FORMAT: Certificate ::= SEQUENCE { tbsCertificate (v1: no version field), signatureAlgorithm, signatureValue BIT STRING } */
export function generateDebugIdentity(now: Date = new Date()): SigningIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const serial = randomBytes(8);
  serial[0] = serial[0]! & 0x7f;
  const name = commonName(DEBUG_KEY_SUBJECT_CN);
  const until = new Date(now.getTime());
  until.setUTCFullYear(until.getUTCFullYear() + VALIDITY_YEARS);
  const tbs = derSequence([
    derInteger(BigInt(`0x${serial.toString('hex')}`) || 1n),
    derAlgorithm(OID_SHA256_WITH_RSA, true),
    name,
    derSequence([derTime(now), derTime(until)]),
    name,
    new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
  ]);
  const signature = sign('sha256', tbs, privateKey);
  const der = derSequence([tbs, derAlgorithm(OID_SHA256_WITH_RSA, true), derUniversal(ASN1_TAG_BIT_STRING, Uint8Array.of(0, ...signature))]);
  const certificate = new X509Certificate(der);
  const facts = describeCertificate(der);
  return {
    privateKey, certificate, chain: [certificate], keyAlgorithm: 'RSA', keySize: 2048,
    storeType: 'PEM', certSha256: facts.sha256, subject: facts.subject, warnings: [],
  };
}
