// `mam verify APP [--json]` for iOS inputs (IPA, zipped .app, .app folder): per bundle and binary, what
// verified, the signer, and the coded issues. Exit 0 only when no issue is an error (warnings such as an
// expired profile or certificate do not fail verification: the signature still holds), 6 otherwise;
// a container that cannot be read at all ends with its MalformedInputError (exit 3).

import { EXIT, type Issue } from '../../core/errors.js';
import type { IosBundleResult } from '../../ios/verify/verify-bundle.js';
import { verifyIosPath, type IosInputKind, type IosVerifyReport } from '../../pipeline/verify-ios.js';
import type { CliContext } from '../main.js';

export interface IosVerifyCliOptions {
  json?: boolean;
}

/** Verifies an iOS input, prints the report and sets the exit code. */
export function runIosVerify(file: string, kind: IosInputKind, opts: IosVerifyCliOptions, ctx: CliContext): void {
  const report = verifyIosPath(file, kind, { now: new Date() });
  const ok = report.result.verified;
  ctx.io.out(opts.json ? JSON.stringify({ ok, kind: report.kind, file: report.file, ...report.result }, null, 2) : renderIosVerifyReport(report).join('\n'));
  ctx.exitCode = ok ? EXIT.OK : EXIT.VERIFY_FAILED;
}

export function renderIosVerifyReport(report: IosVerifyReport): string[] {
  const r = report.result;
  const errors = r.issues.filter((i) => i.severity === 'error').length;
  const out = [`${report.file}: ${r.verified ? 'verifies' : `DOES NOT VERIFY (${errors} error${errors === 1 ? '' : 's'})`}`];
  for (const b of r.bundles) out.push(...renderBundle(b, r.issues));
  const shown = r.issues.filter((i) => i.severity !== 'info');
  if (shown.length) out.push('  issues:', ...shown.map(renderIssue));
  return out;
}

function renderBundle(b: IosBundleResult, issues: Issue[]): string[] {
  const out = [`  bundle ${b.path}${b.bundleId ? ` (${b.bundleId})` : ''}: ${b.sealed ? 'resources sealed' : 'resources NOT sealed'}`];
  if (b.profile) out.push(`    profile "${b.profile.name}" team ${b.profile.teamIdentifiers.join(', ')}, ${b.profile.expired ? 'expired' : 'valid until'} ${b.profile.expirationDate}`);
  for (const bin of b.binaries) {
    const failed = issues.some((i) => i.severity === 'error' && i.where === bin.path);
    out.push(`    ${bin.path}: ${failed ? 'FAILED' : 'signature holds'}`);
    for (const s of bin.slices) {
      const signer = s.signer ? s.signer.subject : s.adhoc ? 'ad-hoc' : 'none';
      const hashes = s.hashTypes.map((t, i) => `${t} ${s.cdHashes[i]}`).join(', ');
      out.push(`      [${s.arch}] ${s.identifier ?? '?'}${s.teamId ? ` team ${s.teamId}` : ''}; signer: ${signer}`, `        cdhash ${hashes}`);
    }
  }
  return out;
}

function renderIssue(x: Issue): string {
  return `    ${x.severity}[${x.code}]${x.where ? ` ${x.where}` : ''}: ${x.message}`;
}
