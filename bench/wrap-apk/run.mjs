#!/usr/bin/env node
// Wrapping benchmark (issue #5): times `mam wrap` against `mam sign` of the same synthetic APK (wrap
// does everything sign does, plus the manifest edit, the shim, the policy asset, the DEX call-site
// rewrite and one more copy of the archive), and against the route other wrappers take on the same
// input: `apktool d` + `apktool b` + `zipalign -p 4` + `apksigner sign`. The synthetic APKs are
// bench/sign-apk's, with real DEX files (a corpus app's classesN.dex, so that wrap parses and
// rewrites real code). No dependencies: node, python3, unzip, zipalign, apksigner, apktool, GNU time.
//
//   node bench/wrap-apk/run.mjs [--sizes 10,100,500] [--reps 3] [--apktool-sizes 10,100] [--apktool-reps 1]
//                               [--out bench/out] [--work DIR] [--keep] [--seed 1] [--dex-copies 1]
//                               [--dex-from APK] [--mam PATH/bin/mam]
//
// See bench/README.md for what each number means.

import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GNU_TIME, machineInfo, round, summarize, timed } from '../sign-apk/measure.mjs';
import { corpusDexFiles, run, syntheticApk } from '../sign-apk/synthetic-apk.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const KEYSTORE = join(ROOT, 'fixtures/keys/rsa2048.jks');
const POLICY = join(ROOT, 'fixtures/policy/sample-policy.json');
const DEX_FROM = '/work/shared/corpus/android/apktool-issue3533-targetsdk34.apk';
const GOAL_WRAP_OVER_SIGN = 1.3;
const KEY = ['--ks', KEYSTORE, '--ks-pass', 'pass:android', '--ks-key-alias', 'mam'];
const log = (s) => process.stderr.write(`${s}\n`);

function options() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10,100,500' },
      reps: { type: 'string', default: '3' },
      'apktool-sizes': { type: 'string', default: '10,100' },
      'apktool-reps': { type: 'string', default: '1' },
      out: { type: 'string', default: join(ROOT, 'bench/out') },
      work: { type: 'string' },
      keep: { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      'dex-copies': { type: 'string', default: '1' },
      'dex-from': { type: 'string', default: DEX_FROM },
      mam: { type: 'string', default: join(ROOT, 'bin/mam') },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    log('usage: node bench/wrap-apk/run.mjs [--sizes 10,100,500] [--reps 3] [--apktool-sizes 10,100] [--apktool-reps 1] [--out DIR] [--work DIR] [--keep] [--seed N] [--dex-copies N] [--dex-from APK] [--mam PATH]');
    process.exit(0);
  }
  const list = (s) => (s.trim() === '' ? [] : s.split(',').map(Number));
  return {
    sizes: list(values.sizes),
    reps: Number(values.reps),
    apktoolSizes: new Set(list(values['apktool-sizes'])),
    apktoolReps: Number(values['apktool-reps']),
    out: resolve(values.out),
    work: values.work ? resolve(values.work) : undefined,
    keep: values.keep || values.work !== undefined,
    seed: Number(values.seed),
    dexCopies: Number(values['dex-copies']),
    dexFrom: resolve(values['dex-from']),
    mam: resolve(values.mam),
  };
}

function mamCommands(apk, work, mam) {
  return {
    sign: { cmd: process.execPath, args: [mam, 'sign', apk, '-o', join(work, 'mam-signed.apk'), ...KEY, '--json'], output: join(work, 'mam-signed.apk') },
    wrap: { cmd: process.execPath, args: [mam, 'wrap', apk, '-o', join(work, 'mam-wrapped.apk'), '--policy', POLICY, ...KEY, '--json'], output: join(work, 'mam-wrapped.apk') },
  };
}

/** The apktool route, step by step; apktool keeps its framework files under a throwaway home. */
function apktoolRoute(apk, work) {
  const home = mkdtempSync(join(work, 'apktool-home-'));
  const decoded = join(work, 'apktool-decoded');
  const built = join(work, 'apktool-built.apk');
  const aligned = join(work, 'apktool-aligned.apk');
  const signed = join(work, 'apktool-signed.apk');
  const env = ['env', `HOME=${home}`, 'apktool', `-JDuser.home=${home}`];
  const steps = [
    ['apktool d', env[0], [...env.slice(1), 'd', '-f', '-o', decoded, apk]],
    ['apktool b', env[0], [...env.slice(1), 'b', '-o', built, decoded]],
    ['zipalign', 'zipalign', ['-p', '-f', '4', built, aligned]],
    ['apksigner', 'apksigner', ['sign', ...KEY, '--out', signed, aligned]],
  ];
  const times = {};
  let seconds = 0;
  let cpuSeconds = 0;
  let maxRssMb = 0;
  for (const [name, cmd, args] of steps) {
    const r = timed(cmd, args, work);
    times[name] = round(r.seconds, 2);
    seconds += r.seconds;
    cpuSeconds += r.cpuSeconds;
    maxRssMb = Math.max(maxRssMb, r.maxRssMb);
  }
  for (const p of [home, decoded, built, aligned, signed]) rmSync(p, { recursive: true, force: true });
  return { seconds, cpuSeconds, maxRssMb, steps: times };
}

/** apksigner verify of mam's wrapped output, once per size (not timed). */
function checkWrapped(path) {
  const out = run('apksigner', ['verify', '--verbose', path]);
  if (!/Verified using v2 scheme[^:]*: true/.test(out) && !/Verified using v3 scheme[^:]*: true/.test(out)) throw new Error(`apksigner verify: ${path}\n${out}`);
  return out.split('\n').filter((l) => /^Verified using v[123]/.test(l)).map((l) => l.trim());
}

function benchSize(sizeMb, opts, work, dex) {
  const apk = syntheticApk(ROOT, work, { sizeMb, seed: opts.seed, dexMib: 10, realDex: dex, dexCopies: opts.dexCopies }, log);
  log(`${sizeMb} MiB: ${apk.bytes} bytes, ${apk.entries} entries`);
  run('sha256sum', [apk.path]);
  const cmds = mamCommands(apk.path, work, opts.mam);
  const runs = { sign: [], wrap: [] };
  const stages = [];
  const loadBefore = loadavg()[0];
  let verified;
  for (let rep = 0; rep < opts.reps; rep++) {
    for (const tool of rep % 2 ? ['wrap', 'sign'] : ['sign', 'wrap']) {
      const c = cmds[tool];
      rmSync(c.output, { force: true });
      const r = timed(c.cmd, c.args, work);
      runs[tool].push(r);
      if (tool === 'wrap') {
        stages.push(JSON.parse(r.stdout).stages);
        verified ??= checkWrapped(c.output);
      }
      log(`  rep ${rep + 1} mam ${tool.padEnd(4)} ${r.seconds.toFixed(2)} s  ${r.maxRssMb.toFixed(0)} MB`);
    }
  }
  for (const c of Object.values(cmds)) rmSync(c.output, { force: true });
  const apktool = [];
  if (opts.apktoolSizes.has(sizeMb)) {
    for (let rep = 0; rep < opts.apktoolReps; rep++) {
      const r = apktoolRoute(apk.path, work);
      apktool.push(r);
      log(`  rep ${rep + 1} apktool route ${r.seconds.toFixed(2)} s  ${r.maxRssMb.toFixed(0)} MB  ${JSON.stringify(r.steps)}`);
    }
  }
  const s = { sign: summarize(runs.sign), wrap: summarize(runs.wrap), ...(apktool.length ? { apktool: { ...summarize(apktool), steps: apktool.map((r) => r.steps) } } : {}) };
  return {
    sizeMb,
    bytes: apk.bytes,
    entries: apk.entries,
    ...s,
    wrapStagesMs: medianStages(stages),
    wrapOverSign: round(s.wrap.medianSeconds / s.sign.medianSeconds, 2),
    wrapOverSignCpu: round(s.wrap.medianCpuSeconds / s.sign.medianCpuSeconds, 2),
    ...(s.apktool ? { apktoolOverWrap: round(s.apktool.medianSeconds / s.wrap.medianSeconds, 1) } : {}),
    apksignerVerify: verified,
    loadAverage: { before: round(loadBefore, 2), after: round(loadavg()[0], 2) },
  };
}

function medianStages(reports) {
  const names = reports[0]?.map((s) => s.stage) ?? [];
  return Object.fromEntries(names.map((n) => {
    const xs = reports.map((r) => r.find((s) => s.stage === n)?.ms ?? 0).sort((a, b) => a - b);
    return [n, Math.round(xs[xs.length >> 1])];
  }));
}

const fmt = (x, d = 2) => (x === undefined ? '–' : x.toFixed(d));

function printTable(results) {
  const head = ['size MiB', 'entries', 'sign s', 'wrap s', 'apktool route s', 'wrap/sign', 'wrap/sign cpu', 'apktool/wrap', 'sign RSS MB', 'wrap RSS MB', 'apktool RSS MB', 'load'];
  const rows = results.map((r) => [
    String(r.sizeMb), String(r.entries), fmt(r.sign.medianSeconds), fmt(r.wrap.medianSeconds), fmt(r.apktool?.medianSeconds),
    fmt(r.wrapOverSign), fmt(r.wrapOverSignCpu), fmt(r.apktoolOverWrap, 1), fmt(r.sign.maxRssMb, 0), fmt(r.wrap.maxRssMb, 0), fmt(r.apktool?.maxRssMb, 0), fmt(r.loadAverage.before, 1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log('\nmam wrap stages (median ms):');
  for (const r of results) console.log(`${String(r.sizeMb).padStart(5)} MiB  ${Object.entries(r.wrapStagesMs).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  for (const r of results.filter((x) => x.apktool)) console.log(`${String(r.sizeMb).padStart(5)} MiB  apktool route steps (s): ${r.apktool.steps.map((s) => JSON.stringify(s)).join(' ')}`);
}

function main() {
  const opts = options();
  for (const t of [GNU_TIME, 'apksigner', 'zipalign', 'apktool', 'sha256sum', '/usr/bin/python3', 'unzip']) {
    if (t.startsWith('/') ? !existsSync(t) : run('sh', ['-c', `command -v ${t} || true`]).trim() === '') throw new Error(`${t} is missing (GNU time: apt-get install -y time)`);
  }
  if (!existsSync(opts.dexFrom)) throw new Error(`${opts.dexFrom} is missing: give an APK whose DEX files to use with --dex-from`);
  const work = opts.work ?? mkdtempSync(join(tmpdir(), 'mam-bench-wrap-'));
  mkdirSync(work, { recursive: true });
  mkdirSync(opts.out, { recursive: true });
  try {
    const machine = machineInfo();
    const dex = corpusDexFiles(opts.dexFrom, work);
    const dexBytes = dex.reduce((n, f) => n + statSync(f).size, 0);
    log(`${machine.cpuModel}, ${machine.nproc} CPUs; DEX from ${opts.dexFrom}: ${dex.length} files, ${dexBytes} bytes, ×${opts.dexCopies}`);
    const results = opts.sizes.map((size) => benchSize(size, opts, work, dex));
    console.log(`mam sign vs mam wrap (--policy ${relative(ROOT, POLICY)}, same key, schemes by min SDK: v1+v2+v3); median of ${opts.reps} runs; apktool route ${opts.apktoolReps} run(s)`);
    printTable(results);
    const g = { [`wrapAtMost${GOAL_WRAP_OVER_SIGN}xSign`]: results.every((r) => r.wrapOverSign <= GOAL_WRAP_OVER_SIGN) };
    for (const [k, v] of Object.entries(g)) console.log(`${v ? 'PASS' : 'MISS'}  ${k}`);
    const commit = run('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']).trim();
    const report = { date: new Date().toISOString(), commit, mam: relative(ROOT, opts.mam) || opts.mam, machine, dexFrom: opts.dexFrom, dexFiles: dex.length, dexBytes, dexCopies: opts.dexCopies, reps: opts.reps, seed: opts.seed, results, goals: g };
    const file = join(opts.out, `wrap-results-${report.date.slice(0, 10)}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    log(`wrote ${relative(process.cwd(), file)}`);
  } finally {
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
    else log(`kept ${work}`);
  }
}

main();
