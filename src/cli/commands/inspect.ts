// `mam inspect FILE [--json]`: what an app is, how it is signed, and whether mam wrapped it.

import type { Command } from 'commander';
import { EXIT, type Issue } from '../../core/errors.js';
import { inspectPath, type InspectReport } from '../../pipeline/inspect/inspect.js';
import type { AabModuleReport, ApkReport, DexSummary, SplitPartReport } from '../../pipeline/inspect/android.js';
import type { BinaryReport, BundleReport } from '../../pipeline/inspect/ios.js';
import type { CliContext } from '../main.js';

export function registerInspectCommand(program: Command, ctx: CliContext): void {
  program
    .command('inspect')
    .description('Summarize an APK, split set (.apks/.xapk), app bundle (.aab), IPA, zipped .app or .app folder')
    .argument('<file>', 'the app to inspect')
    .option('--json', 'machine-readable output (documented in docs/inspect-json.md)')
    .option('--dex', 'also summarize each DEX file of an APK: classes, methods, references, hooked framework calls')
    .action((file: string, opts: { json?: boolean; dex?: boolean }) => {
      const report = inspectPath(file, { dex: opts.dex });
      ctx.io.out(opts.json ? JSON.stringify(report, null, 2) : renderInspectReport(report).join('\n'));
      // The report is printed either way; a broken part (no executable, unreadable plist…) makes it exit 3.
      const errors = collectIssues(report).filter((i) => i.severity === 'error');
      for (const e of errors) ctx.io.err(`error[${e.code}]${e.where ? ` ${e.where}` : ''}: ${e.message}`);
      if (errors.length) ctx.exitCode = EXIT.MALFORMED;
    });
}

export function renderInspectReport(r: InspectReport): string[] {
  const head = [`${r.file}  (${kindLabel(r.kind)}${r.size !== null ? `, ${r.size} bytes` : ''})`];
  if (r.sha256) head.push(`  sha256 ${r.sha256}`);
  if (r.archive) {
    const bad = r.archive.issues.filter((x) => x.severity === 'error').length;
    head.push(`  archive        ${r.archive.entries} entries, ${bad ? `${bad} damaged` : 'every entry reads back with its CRC'}`);
    head.push(...renderIssues(r.archive.issues, '  '));
  }
  switch (r.kind) {
    case 'apk':
      return [...head, ...renderApk(r.apk, '  ')];
    case 'apks':
    case 'xapk':
    case 'apk-dir':
      return [...head, `  ${r.parts.length} APK${r.parts.length === 1 ? '' : 's'} in the set`, ...r.parts.flatMap((p) => renderPart(p))];
    case 'aab':
      return [...head, ...r.modules.flatMap((m) => renderModule(m))];
    case 'ipa':
    case 'app-zip':
    case 'app-dir':
      return [...head, ...renderBundle(r.ios.app, '  ')];
  }
}

function kindLabel(kind: InspectReport['kind']): string {
  return {
    apk: 'Android APK',
    apks: 'Android split set (.apks)',
    xapk: 'Android split set (.xapk)',
    'apk-dir': 'folder of split APKs',
    aab: 'Android App Bundle',
    ipa: 'iOS IPA',
    'app-zip': 'zipped iOS .app',
    'app-dir': 'iOS .app folder',
  }[kind];
}

function line(indent: string, label: string, value: string | number | null | undefined): string[] {
  return value === null || value === undefined || value === '' ? [] : [`${indent}${label.padEnd(14)} ${value}`];
}

function renderApk(a: ApkReport, i: string): string[] {
  const out = [
    ...line(i, 'package', a.package),
    ...line(i, 'version', `${a.versionName ?? '?'} (code ${a.versionCode ?? '?'})`),
    ...line(i, 'sdk', `min ${a.minSdk ?? '1'}, target ${a.targetSdk ?? a.minSdk ?? '?'}`),
    ...line(i, 'application', a.applicationClass ?? 'android.app.Application'),
    ...line(i, 'launcher', a.launcherActivity ?? '(none)'),
    ...line(i, 'components', `${a.components.activities} activities, ${a.components.services} services, ${a.components.receivers} receivers, ${a.components.providers} providers`),
    ...line(i, 'permissions', a.permissions.length ? a.permissions.join(', ') : '(none)'),
    ...line(i, 'dex', a.dexFiles.length ? a.dexFiles.join(', ') : '(no code)'),
    ...line(i, 'native ABIs', a.nativeAbis.length ? a.nativeAbis.join(', ') : '(none)'),
    ...line(i, 'debuggable', a.debuggable ? 'yes' : null),
    ...line(i, 'signatures', a.signatures.schemes.length ? a.signatures.schemes.join(', ') + ' (present; run `mam verify` to check them)' : 'none (unsigned)'),
  ];
  for (const s of a.signatures.signers) out.push(`${i}  ${s.scheme.padEnd(6)} ${s.subject}`, `${i}         sha256 ${s.certSha256} (${s.keyAlgorithm})`);
  out.push(...line(i, 'wrapped', a.wrapped ? `yes, ${a.wrapped.marker}` : 'no'));
  for (const d of a.dex ?? []) out.push(...renderDexSummary(d, i));
  return [...out, ...renderIssues(a.issues, i)];
}

function renderDexSummary(d: DexSummary, i: string): string[] {
  const out = [
    `${i}${d.name} (DEX ${d.version}, ${d.size} bytes)`,
    `${i}  ${d.classes} classes, ${d.methodsDefined} methods defined; references: ${d.methodRefs} methods, ${d.fieldRefs} fields, ${d.typeRefs} types, ${d.protoRefs} protos; ${d.strings} strings`,
  ];
  for (const h of d.hookedCalls) out.push(`${i}  hooked ${h.group.padEnd(16)} ${String(h.callSites).padStart(5)} × ${h.method}`);
  if (d.runtimeCalls) out.push(`${i}  ${d.runtimeCalls} calls into the mam runtime`);
  return out;
}

function renderPart(p: SplitPartReport): string[] {
  const title = `  - ${p.name}${p.split ? ` (split ${p.split})` : ' (base)'}`;
  if (p.error) return [title, `      error[${p.error.code}] ${p.error.message}`];
  return [title, ...renderApk(p.report!, '      ')];
}

function renderModule(m: AabModuleReport): string[] {
  const i = '    ';
  return [
    `  - module ${m.module}`,
    ...line(i, 'package', m.package),
    ...line(i, 'version', m.versionName || m.versionCode !== null ? `${m.versionName ?? '?'} (code ${m.versionCode ?? '?'})` : null),
    ...line(i, 'sdk', m.minSdk || m.targetSdk ? `min ${m.minSdk ?? '1'}, target ${m.targetSdk ?? '?'}` : null),
    ...line(i, 'launcher', m.launcherActivity),
    ...line(i, 'permissions', m.permissions.length ? m.permissions.join(', ') : null),
    ...line(i, 'dex', m.dexFiles.length ? m.dexFiles.join(', ') : '(no code)'),
    ...line(i, 'native ABIs', m.nativeAbis.length ? m.nativeAbis.join(', ') : null),
  ];
}

function renderBundle(b: BundleReport, i: string): string[] {
  const out = [
    ...line(i, 'bundle', `${b.path || b.name}`),
    ...line(i, 'bundle id', b.bundleId),
    ...line(i, 'version', b.shortVersion || b.version ? `${b.shortVersion ?? '?'} (${b.version ?? '?'})` : null),
    ...line(i, 'minimum OS', b.minimumOS ? `${b.minimumOS}${b.platforms.length ? ` (${b.platforms.join(', ')})` : ''}` : null),
    ...line(i, 'Info.plist', b.infoPlistFormat),
  ];
  if (b.executable) out.push(...renderBinary(b.executable, i, 'executable'));
  for (const d of b.dylibs) out.push(...renderBinary(d, i, 'dylib'));
  if (b.profile) {
    const p = b.profile;
    out.push(...line(i, 'profile', `"${p.name}" ${p.uuid}, team ${p.teamIds.join(',')}, app id ${p.applicationIdentifier ?? '?'}, expires ${p.expires}${p.devices === 'all' ? ', all devices' : p.devices !== null ? `, ${p.devices} devices` : ''}`));
  } else out.push(...line(i, 'profile', '(none embedded)'));
  out.push(...line(i, 'sealed', b.sealed ? '_CodeSignature/CodeResources present' : 'no'));
  out.push(...line(i, 'wrapped', b.wrapped ? `yes, mam ${b.wrapped.mamVersion ?? '?'}, policy sha256 ${b.wrapped.policySha256 ?? '?'}` : 'no'));
  out.push(...renderIssues(b.issues, i));
  for (const n of b.nested) out.push(`${i}- nested ${n.path}`, ...renderBundle(n, i + '  '));
  return out;
}

function renderBinary(bin: BinaryReport, i: string, label: string): string[] {
  const out = [`${i}${label.padEnd(14)} ${bin.path}${bin.fat ? ` (fat: ${bin.slices.map((s) => s.arch).join(', ')})` : ''}`];
  for (const s of bin.slices) {
    const facts = [s.filetype, s.pie ? 'PIE' : 'not PIE', s.encrypted ? 'ENCRYPTED' : 'not encrypted', s.platform ? `${s.platform} ${s.minOS ?? ''}`.trim() : null]
      .filter(Boolean)
      .join(', ');
    out.push(`${i}  ${s.arch.padEnd(7)} ${facts}`);
    if (s.installName) out.push(`${i}          install name ${s.installName}`);
    if (s.linkedDylibs.length) out.push(`${i}          links ${s.linkedDylibs.join(', ')}`);
    if (s.rpaths.length) out.push(`${i}          rpaths ${s.rpaths.join(', ')}`);
    const g = s.signature;
    if (!g) out.push(`${i}          unsigned`);
    else {
      const who = g.adhoc ? 'ad-hoc' : g.signer ? `${g.signer.subject}` : 'signed';
      out.push(`${i}          signed ${who}; id ${g.identifier}${g.teamId ? `, team ${g.teamId}` : ''}; ${g.hashTypes.join('+')}`);
      if (g.signer) out.push(`${i}          signer sha256 ${g.signer.sha256}`);
      if (g.entitlements && typeof g.entitlements === 'object') out.push(`${i}          entitlements ${Object.keys(g.entitlements).join(', ') || '(empty)'}`);
    }
  }
  return out;
}

function renderIssues(issues: readonly Issue[], i: string): string[] {
  return issues.map((x) => `${i}${x.severity}[${x.code}]${x.where ? ` ${x.where}` : ''}: ${x.message}`);
}

/** Every issue anywhere in a report (bundles, nested bundles, split parts). */
export function collectIssues(value: unknown, out: Issue[] = []): Issue[] {
  if (Array.isArray(value)) for (const v of value) collectIssues(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'issues' && Array.isArray(v)) out.push(...(v as Issue[]));
      else collectIssues(v, out);
    }
  }
  return out;
}
