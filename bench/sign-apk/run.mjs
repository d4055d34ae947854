#!/usr/bin/env node
// Signing benchmark (issue #3): times `mam sign` against Debian's `apksigner sign` on the same large
// synthetic APKs in the same run, with `sha256sum` of the input as the floor (one hashing pass over
// the bytes), and reports peak memory. No dependencies: node, python3, zipalign, apksigner, GNU time.
//
//   node bench/sign-apk/run.mjs [--sizes 10,100,500] [--reps 3] [--out bench/out] [--work DIR] [--keep]
//                               [--schemes v1,v2,v3] [--seed 1] [--dex-mib 10] [--profile 100]
//                               [--mam PATH/bin/mam]
//
// See bench/README.md for what each number means.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { topSelfTime } from './cpu-profile.mjs';
import { GNU_TIME, machineInfo, round, summarize, timed } from './measure.mjs';
import { checkAlignment, run, syntheticApk } from './synthetic-apk.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const KEYSTORE = join(ROOT, 'fixtures/keys/rsa2048.jks');
const DEFAULT_MAM = join(ROOT, 'bin/mam');
let MAM = DEFAULT_MAM;
const TOOLS = ['mam', 'apksigner', 'sha256sum'];
const GOAL_RSS_MB = 200;
/** Stages of `mam sign` whose inclusive time the profile summary shows (function names in dist/). */
const PROFILE_STAGES = ['loadSigningIdentity', 'signApk', 'copyEntry', 'teeEntryData', 'writeV1Signature', 'digestEntries', 'verifyApk', 'verifySignedOutput', 'computeContentDigests', 'verifyV1', 'crc32Update', 'inflateStream'];
const GOAL_FLOOR_RATIO = 2;
const log = (s) => process.stderr.write(`${s}\n`);

function options() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10,100,500' },
      reps: { type: 'string', default: '3' },
      out: { type: 'string', default: join(ROOT, 'bench/out') },
      work: { type: 'string' },
      keep: { type: 'boolean', default: false },
      schemes: { type: 'string', default: 'v1,v2,v3' },
      seed: { type: 'string', default: '1' },
      'dex-mib': { type: 'string', default: '10' },
      profile: { type: 'string' },
      mam: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    log('usage: node bench/sign-apk/run.mjs [--sizes 10,100,500] [--reps 3] [--out DIR] [--work DIR] [--keep] [--schemes v1,v2,v3|v2,v3] [--seed N] [--dex-mib N] [--profile SIZE_MB] [--mam PATH]');
    process.exit(0);
  }
  const schemes = new Set(values.schemes.split(',').map((s) => s.trim()));
  if ([...schemes].some((s) => !['v1', 'v2', 'v3'].includes(s))) throw new Error(`--schemes: expected a list of v1, v2, v3, got ${values.schemes}`);
  return {
    sizes: values.sizes.split(',').map(Number),
    reps: Number(values.reps),
    out: resolve(values.out),
    work: values.work ? resolve(values.work) : undefined,
    keep: values.keep || values.work !== undefined,
    schemes,
    seed: Number(values.seed),
    dexMib: Number(values['dex-mib']),
    profile: values.profile ? Number(values.profile) : undefined,
    mam: values.mam ? resolve(values.mam) : DEFAULT_MAM,
  };
}

// Without v1 the APK installs from API 24 only; both tools sign (and apksigner verifies) for that range.
function minSdkFlags(schemes) {
  return schemes.has('v1') ? [] : ['--min-sdk-version', '24'];
}

function schemeFlags(schemes) {
  return [...['v1', 'v2', 'v3'].flatMap((s) => [`--${s}-signing-enabled`, String(schemes.has(s))]), '--v4-signing-enabled', 'false', ...minSdkFlags(schemes)];
}

function commands(apk, outDir, schemes) {
  const key = ['--ks', KEYSTORE, '--ks-pass', 'pass:android', '--ks-key-alias', 'mam'];
  const mamOut = join(outDir, 'mam-signed.apk');
  const apksignerOut = join(outDir, 'apksigner-signed.apk');
  return {
    mam: { cmd: process.execPath, args: [MAM, 'sign', apk, '-o', mamOut, ...key, ...schemeFlags(schemes), '--json'], output: mamOut },
    apksigner: { cmd: 'apksigner', args: ['sign', ...key, ...schemeFlags(schemes), '--out', apksignerOut, apk], output: apksignerOut },
    sha256sum: { cmd: 'sha256sum', args: [apk] },
  };
}

/** apksigner verify + zipalign check of mam's output (once per size; not timed). */
function verifyMamOutput(path, schemes) {
  const out = run('apksigner', ['verify', '--verbose', ...minSdkFlags(schemes), path]);
  for (const s of ['v1', 'v2', 'v3']) {
    const ok = new RegExp(`Verified using ${s} scheme[^:]*: true`).test(out);
    if (schemes.has(s) && !ok) throw new Error(`apksigner verify: ${path} does not verify with ${s}\n${out}`);
  }
  checkAlignment(path);
  return out.split('\n').filter((l) => /^Verified using v[123]/.test(l)).map((l) => l.trim());
}

function benchSize(sizeMb, opts, work) {
  const apk = syntheticApk(ROOT, work, { sizeMb, seed: opts.seed, dexMib: opts.dexMib }, log);
  log(`${sizeMb} MiB: ${apk.bytes} bytes, ${apk.entries} entries`);
  run('sha256sum', [apk.path]);
  const cmds = commands(apk.path, work, opts.schemes);
  const runs = { mam: [], apksigner: [], sha256sum: [] };
  const loadBefore = loadavg()[0];
  let verified;
  for (let rep = 0; rep < opts.reps; rep++) {
    const order = TOOLS.map((_, i) => TOOLS[(i + rep) % TOOLS.length]);
    for (const tool of order) {
      const c = cmds[tool];
      if (c.output) rmSync(c.output, { force: true });
      const r = timed(c.cmd, c.args, work);
      if (tool === 'mam') r.inProcessSeconds = JSON.parse(r.stdout).elapsedMs / 1000;
      runs[tool].push(r);
      log(`  rep ${rep + 1} ${tool.padEnd(9)} ${r.seconds.toFixed(2)} s  ${r.maxRssMb.toFixed(0)} MB`);
      if (tool === 'mam' && !verified) verified = verifyMamOutput(c.output, opts.schemes);
    }
  }
  const outputs = { mamBytes: statSync(cmds.mam.output).size, apksignerBytes: statSync(cmds.apksigner.output).size };
  for (const c of Object.values(cmds)) if (c.output) rmSync(c.output, { force: true });
  const s = Object.fromEntries(TOOLS.map((t) => [t, summarize(runs[t])]));
  return {
    sizeMb,
    bytes: apk.bytes,
    entries: apk.entries,
    outputs,
    ...s,
    mamOverApksigner: round(s.mam.medianSeconds / s.apksigner.medianSeconds, 2),
    mamOverFloor: round(s.mam.medianSeconds / s.sha256sum.medianSeconds, 2),
    apksignerVerify: verified,
    loadAverage: { before: round(loadBefore, 2), after: round(loadavg()[0], 2) },
  };
}

function profileSize(sizeMb, opts, work) {
  const apk = syntheticApk(ROOT, work, { sizeMb, seed: opts.seed, dexMib: opts.dexMib }, log);
  const dir = join(opts.out, `cpu-profile-${sizeMb}mb-${[...opts.schemes].join('')}`);
  rmSync(dir, { recursive: true, force: true });
  const c = commands(apk.path, work, opts.schemes).mam;
  run(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, ...c.args]);
  rmSync(c.output, { force: true });
  const file = join(dir, readdirSync(dir).find((f) => f.endsWith('.cpuprofile')));
  return { sizeMb, file: relative(ROOT, file), ...topSelfTime(file, ROOT, 15, PROFILE_STAGES) };
}

function staleDist() {
  const stale = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        const js = join(ROOT, 'dist', relative(join(ROOT, 'src'), p)).replace(/\.ts$/, '.js');
        if (!existsSync(js) || statSync(js).mtimeMs < statSync(p).mtimeMs) stale.push(relative(ROOT, p));
      }
    }
  };
  walk(join(ROOT, 'src'));
  return stale;
}

const fmt = (x, d = 2) => x.toFixed(d);

function printTable(results) {
  const head = ['size MiB', 'entries', 'mam s', 'apksigner s', 'sha256sum s', 'mam/apksigner', 'mam/floor', 'mam RSS MB', 'apksigner RSS MB', 'mam cpu s', 'apksigner cpu s', 'load'];
  const rows = results.map((r) => [
    String(r.sizeMb), String(r.entries), fmt(r.mam.medianSeconds), fmt(r.apksigner.medianSeconds), fmt(r.sha256sum.medianSeconds),
    fmt(r.mamOverApksigner), fmt(r.mamOverFloor), fmt(r.mam.maxRssMb, 0), fmt(r.apksigner.maxRssMb, 0),
    fmt(r.mam.medianCpuSeconds), fmt(r.apksigner.medianCpuSeconds), fmt(r.loadAverage.before, 1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(line(head));
  for (const r of rows) console.log(line(r));
}

function goals(results) {
  const largest = results.reduce((a, b) => (b.sizeMb > a.sizeMb ? b : a));
  return {
    fasterThanApksignerAtEverySize: results.every((r) => r.mam.medianSeconds < r.apksigner.medianSeconds),
    [`withinTwiceTheFloorAt${largest.sizeMb}MiB`]: largest.mamOverFloor <= GOAL_FLOOR_RATIO,
    peakMemoryUnder200MB: results.every((r) => r.mam.maxRssMb < GOAL_RSS_MB),
  };
}

function main() {
  const opts = options();
  MAM = opts.mam;
  for (const t of [GNU_TIME, 'apksigner', 'zipalign', 'sha256sum', '/usr/bin/python3', 'unzip']) {
    if (t.startsWith('/') ? !existsSync(t) : run('sh', ['-c', `command -v ${t} || true`]).trim() === '') throw new Error(`${t} is missing (GNU time: apt-get install -y time)`);
  }
  const stale = MAM === DEFAULT_MAM ? staleDist() : [];
  if (stale.length > 0) log(`warning: dist/ is older than ${stale.length} source file(s) (${stale.slice(0, 3).join(', ')}…): run npx tsc -p tsconfig.json`);
  const work = opts.work ?? mkdtempSync(join(tmpdir(), 'mam-bench-sign-'));
  mkdirSync(work, { recursive: true });
  mkdirSync(opts.out, { recursive: true });
  try {
    const machine = machineInfo();
    log(`${machine.cpuModel}, ${machine.nproc} CPUs; ${machine.apksigner ? `apksigner ${machine.apksigner}` : ''}; schemes ${[...opts.schemes].join('+')} for both tools`);
    const results = opts.sizes.map((size) => benchSize(size, opts, work));
    const profile = opts.profile !== undefined ? profileSize(opts.profile, opts, work) : undefined;
    console.log(`schemes: ${[...opts.schemes].join('+')} (both tools, v4 off); median of ${opts.reps} runs; RSS = highest peak`);
    printTable(results);
    const g = goals(results);
    for (const [k, v] of Object.entries(g)) console.log(`${v ? 'PASS' : 'MISS'}  ${k}`);
    if (profile) {
      console.log(`\nmam sign ${profile.sizeMb} MiB, top self time (of ${profile.totalMs} ms sampled; ${profile.file}):`);
      for (const r of profile.rows) console.log(`${String(r.ms).padStart(7)} ms ${String(r.percent).padStart(5)} %  ${r.name}  ${r.where}`);
      console.log('inclusive time (the function anywhere on the stack):');
      for (const r of profile.inclusive) console.log(`${String(r.ms).padStart(7)} ms ${String(r.percent).padStart(5)} %  ${r.name}`);
    }
    const commit = run('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']).trim();
    const report = { date: new Date().toISOString(), commit, mam: relative(ROOT, MAM) || MAM, machine, schemes: [...opts.schemes], reps: opts.reps, seed: opts.seed, dexMib: opts.dexMib, results, goals: g, ...(profile ? { profile } : {}) };
    const file = join(opts.out, `results-${report.date.slice(0, 10)}-${[...opts.schemes].join('')}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    log(`wrote ${relative(process.cwd(), file)}`);
  } finally {
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
    else log(`kept ${work}`);
  }
}

main();
