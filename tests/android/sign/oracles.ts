// Independent oracles for the APK signature readers: apksigner (Debian 31.0.2), openssl, and
// androguard under /usr/bin/python3. Each returns plain facts parsed from the tool's own output.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { run, SYSTEM_PYTHON } from '../../helpers/env.js';

const execFileAsync = promisify(execFile);

export interface ApksignerResult {
  verifies: boolean;
  /** "Verified using vN scheme …: true|false" lines, keyed v1 v2 v3 v4, plus "stamp". */
  verified: Record<'v1' | 'v2' | 'v3' | 'v4' | 'stamp', boolean>;
  /** "Signer #N certificate SHA-256 digest" values, in printed order. */
  signerSha256: string[];
  /** "Signer #N certificate DN" and "Signer #N key algorithm" values, in printed order. */
  signerDn: string[];
  signerKeyAlgorithm: string[];
  stampSha256?: string;
  output: string;
}

export async function apksignerVerify(file: string, extraArgs: string[] = []): Promise<ApksignerResult> {
  let output: string;
  let verifies = true;
  try {
    const r = await execFileAsync('apksigner', ['verify', '--verbose', '--print-certs', ...extraArgs, file], { maxBuffer: 64 << 20 });
    output = r.stdout + r.stderr;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    output = (err.stdout ?? '') + (err.stderr ?? '');
    verifies = false;
  }
  const flag = (re: RegExp): boolean => re.exec(output)?.[1] === 'true';
  return {
    verifies: verifies && /^Verifies$/m.test(output),
    verified: {
      v1: flag(/^Verified using v1 scheme \(JAR signing\): (\w+)/m),
      v2: flag(/^Verified using v2 scheme \(APK Signature Scheme v2\): (\w+)/m),
      v3: flag(/^Verified using v3 scheme \(APK Signature Scheme v3\): (\w+)/m),
      v4: flag(/^Verified using v4 scheme \(APK Signature Scheme v4\): (\w+)/m),
      stamp: flag(/^Verified for SourceStamp: (\w+)/m),
    },
    signerSha256: [...output.matchAll(/^Signer #\d+ certificate SHA-256 digest: ([0-9a-f]{64})$/gm)].map((m) => m[1]!),
    signerDn: [...output.matchAll(/^Signer #\d+ certificate DN: (.*)$/gm)].map((m) => m[1]!),
    signerKeyAlgorithm: [...output.matchAll(/^Signer #\d+ key algorithm: (.*)$/gm)].map((m) => m[1]!),
    stampSha256: /^Source Stamp Signer certificate SHA-256 digest: ([0-9a-f]{64})$/m.exec(output)?.[1],
    output,
  };
}

/** SHA-256 fingerprints (lower-case hex) of every certificate in a PKCS#7 file, by openssl. */
export function opensslPkcs7CertSha256(der: Uint8Array): string[] {
  const pem = run('openssl', ['pkcs7', '-inform', 'DER', '-print_certs'], { input: der });
  const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return certs.map((c) => {
    const out = run('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], { input: c });
    return /=([0-9A-F:]+)/.exec(out)![1]!.replace(/:/g, '').toLowerCase();
  });
}

/** Digest and signature algorithm OIDs of each SignerInfo, by `openssl cms -cmsout -print`. */
export function opensslSignerInfoAlgorithms(der: Uint8Array): { digest: string; signature: string }[] {
  const text = run('openssl', ['cms', '-inform', 'DER', '-cmsout', '-print'], { input: der });
  const infos = text.split(/signerInfos:/)[1] ?? '';
  const oids = (label: string): string[] => [...infos.matchAll(new RegExp(`${label}:\\s*\\n\\s*algorithm: [^(\\n]*\\(([0-9.]+)\\)`, 'g'))].map((m) => m[1]!);
  const digests = oids('digestAlgorithm');
  const signatures = oids('signatureAlgorithm');
  return digests.map((d, i) => ({ digest: d, signature: signatures[i]! }));
}

export interface AndroguardFacts {
  v2Sha256: string[];
  v3Sha256: string[];
  /** IDs of the APK Signing Block pairs androguard found. */
  blockIds: number[];
}

const ANDROGUARD_SCRIPT = `
import sys, json, hashlib, logging
logging.disable(logging.CRITICAL)
from androguard.core.bytecodes.apk import APK
out = {}
for f in sys.argv[1:]:
    a = APK(f)
    a.parse_v2_v3_signature()
    out[f] = {
        'v2Sha256': [hashlib.sha256(c).hexdigest() for c in a.get_certificates_der_v2()],
        'v3Sha256': [hashlib.sha256(c).hexdigest() for c in a.get_certificates_der_v3()],
        'blockIds': sorted(getattr(a, '_v2_blocks', {}).keys()),
    }
print(json.dumps(out))
`;

/** androguard's view of many APKs in one interpreter run. */
export function androguardFacts(files: string[]): Map<string, AndroguardFacts> {
  const json = JSON.parse(run(SYSTEM_PYTHON, ['-c', ANDROGUARD_SCRIPT, ...files])) as Record<string, AndroguardFacts>;
  return new Map(Object.entries(json));
}

export function sha256Hex(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

export function shortName(file: string): string {
  return basename(file);
}

/** Runs async jobs with at most `limit` in flight. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
