// Independent views of the test key stores, from keytool and openssl (never from src/keys): the
// certificate a store holds, its SHA-256 fingerprint, and whether a signature verifies under that
// certificate's public key.
import { sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, run, runStatus } from '../helpers/env.js';

export const KEYS = join(FIXTURES, 'keys');
export const MALFORMED = join(FIXTURES, 'malformed', 'keys');

/** The PEM certificate of one alias, as keytool (JKS) or openssl (PKCS#12) exports it. */
export function oracleLeafPem(file: string, pass: string, alias?: string): string {
  const path = join(KEYS, file);
  if (file.endsWith('.jks')) return run('keytool', ['-exportcert', '-rfc', '-keystore', path, '-storepass', pass, '-alias', alias ?? 'mam']);
  const legacy = file.includes('legacy') ? ['-legacy'] : [];
  return run('openssl', ['pkcs12', '-in', path, '-passin', `pass:${pass}`, '-nokeys', '-clcerts', ...legacy]);
}

/** Lower-case hex SHA-256 fingerprint, as `openssl x509 -fingerprint -sha256` prints it. */
export function opensslFingerprint(pem: string): string {
  const out = run('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], { input: pem });
  return out.split('=')[1]!.trim().replace(/:/g, '').toLowerCase();
}

/** The SHA-256 fingerprints `keytool -list -v` prints for a JKS store, by alias. */
export function keytoolFingerprints(file: string, pass: string): Map<string, string> {
  const out = run('keytool', ['-list', '-v', '-keystore', join(KEYS, file), '-storepass', pass]);
  const result = new Map<string, string>();
  for (const block of out.split(/^Alias name: /m).slice(1)) {
    const alias = block.split('\n')[0]!.trim();
    const sha = /SHA256: ([0-9A-F:]+)/.exec(block)![1]!;
    result.set(alias, sha.replace(/:/g, '').toLowerCase());
  }
  return result;
}

/** Signs a message with node:crypto and asks `openssl dgst -verify` with the certificate's public key (extracted by openssl). */
export function opensslVerifiesSignature(privateKey: KeyObject, certPem: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mam-keys-'));
  try {
    const message = Buffer.from('mam key-loader proof of possession');
    writeFileSync(join(dir, 'msg'), message);
    writeFileSync(join(dir, 'sig'), sign('sha256', message, privateKey));
    writeFileSync(join(dir, 'pub.pem'), run('openssl', ['x509', '-noout', '-pubkey'], { input: certPem }));
    const r = runStatus('openssl', ['dgst', '-sha256', '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'sig'), join(dir, 'msg')]);
    return { ok: r.status === 0 && r.stdout.includes('Verified OK'), output: r.stdout + r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs f and returns what it threw (or undefined). */
export function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}
