// Apple provisioning profiles (embedded.mobileprovision): a DER CMS SignedData whose encapsulated
// content is an XML property list (keys as Apple's profiles spell them: Name, UUID, TeamIdentifier,
// TeamName, AppIDName, ApplicationIdentifierPrefix, Entitlements, CreationDate, ExpirationDate,
// Platform, ProvisionedDevices, ProvisionsAllDevices, DeveloperCertificates).

import { MalformedInputError, isMamError } from '../../core/errors.js';
import { describeCertificate } from '../../core/x509.js';
import { parsePlist, type PlistDocument } from '../plist/plist.js';
import { plistDateToDate, type PlistDict, type PlistValue } from '../plist/plist-value.js';
import { parseCmsSignedData } from './cms-signed-data.js';

export interface ProfileCertificate {
  der: Uint8Array;
  /** Lower-case hex digests of the DER bytes. */
  sha1: string;
  sha256: string;
  /** "CN=…, OU=…, O=…, C=…", most specific first. */
  subject: string;
}

export interface ProvisioningProfile {
  name: string;
  uuid: string;
  teamIdentifiers: string[];
  teamName?: string;
  appIdName?: string;
  applicationIdentifierPrefixes: string[];
  /** The `application-identifier` entitlement ("TEAMID.com.example.app", "TEAMID.*"). */
  applicationIdentifier?: string;
  entitlements: PlistDict;
  creationDate: Date;
  expirationDate: Date;
  platforms: string[];
  /** Number of ProvisionedDevices; undefined when the profile has none (distribution, enterprise). */
  deviceCount?: number;
  provisionsAllDevices: boolean;
  developerCertificates: ProfileCertificate[];
  /** The certificate that signed the CMS (Apple's profile-signing certificate). */
  signer?: ProfileCertificate;
  /** The embedded property list, as parsed. */
  plist: PlistDocument;
}

function fail(code: string, message: string): never {
  throw new MalformedInputError(code, `provisioning profile: ${message}`, { offset: 0 });
}

function field<T extends PlistValue['type']>(d: PlistDict, key: string, type: T, required: true): Extract<PlistValue, { type: T }>;
function field<T extends PlistValue['type']>(d: PlistDict, key: string, type: T, required: false): Extract<PlistValue, { type: T }> | undefined;
function field<T extends PlistValue['type']>(d: PlistDict, key: string, type: T, required: boolean): Extract<PlistValue, { type: T }> | undefined {
  const v = d.entries.get(key);
  if (v === undefined) return required ? fail('PROFILE_MISSING_FIELD', `${key} is missing`) : undefined;
  if (v.type !== type) fail('PROFILE_BAD_FIELD', `${key} is a ${v.type}, expected a ${type}`);
  return v as Extract<PlistValue, { type: T }>;
}

function strings(d: PlistDict, key: string): string[] {
  const a = field(d, key, 'array', false);
  return (a?.items ?? []).map((x) => (x.type === 'string' ? x.value : fail('PROFILE_BAD_FIELD', `${key} holds a ${x.type}, expected strings`)));
}

export function describeProfileCertificate(der: Uint8Array): ProfileCertificate {
  try {
    const facts = describeCertificate(der);
    return { der, sha1: facts.sha1, sha256: facts.sha256, subject: facts.subject };
  } catch (e) {
    throw new MalformedInputError('PROFILE_BAD_CERTIFICATE', `provisioning profile: a certificate of ${der.length} bytes cannot be read`, { offset: 0 }, { cause: e });
  }
}

function parsePayload(content: Uint8Array): PlistDocument {
  try {
    return parsePlist(content, { entry: 'provisioning profile plist' });
  } catch (e) {
    if (!isMamError(e)) throw e;
    throw new MalformedInputError('PROFILE_BAD_PLIST', `provisioning profile: the signed content is not a property list (${e.code}: ${e.message})`, { offset: 0 }, { cause: e });
  }
}

export function parseProvisioningProfile(bytes: Uint8Array): ProvisioningProfile {
  const cms = parseCmsSignedData(bytes);
  const doc = parsePayload(cms.content);
  if (doc.root.type !== 'dict') fail('PROFILE_BAD_PLIST', `the property list's root is a ${doc.root.type}, expected a dict`);
  const d = doc.root;
  const entitlements = field(d, 'Entitlements', 'dict', true);
  const appId = entitlements.entries.get('application-identifier');
  const devices = field(d, 'ProvisionedDevices', 'array', false);
  const certs = field(d, 'DeveloperCertificates', 'array', false)?.items ?? [];
  return {
    name: field(d, 'Name', 'string', true).value,
    uuid: field(d, 'UUID', 'string', true).value,
    teamIdentifiers: strings(d, 'TeamIdentifier'),
    teamName: field(d, 'TeamName', 'string', false)?.value,
    appIdName: field(d, 'AppIDName', 'string', false)?.value,
    applicationIdentifierPrefixes: strings(d, 'ApplicationIdentifierPrefix'),
    applicationIdentifier: appId?.type === 'string' ? appId.value : undefined,
    entitlements,
    creationDate: plistDateToDate(field(d, 'CreationDate', 'date', true)),
    expirationDate: plistDateToDate(field(d, 'ExpirationDate', 'date', true)),
    platforms: strings(d, 'Platform'),
    deviceCount: devices?.items.length,
    provisionsAllDevices: field(d, 'ProvisionsAllDevices', 'boolean', false)?.value ?? false,
    developerCertificates: certs.map((c) =>
      c.type === 'data' ? describeProfileCertificate(c.value) : fail('PROFILE_BAD_FIELD', `DeveloperCertificates holds a ${c.type}, expected data`),
    ),
    signer: cms.signerCertificate ? describeProfileCertificate(cms.signerCertificate) : undefined,
    plist: doc,
  };
}
