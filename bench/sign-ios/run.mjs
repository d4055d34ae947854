#!/usr/bin/env node
// iOS signing benchmark (issue #6): times `mam sign X.ipa` (ad-hoc, and with the fixture identity and
// profiles) on synthetic IPAs of growing size against `sha256sum` of the same file (the floor: one
// hashing pass over the bytes), and reports peak memory (GNU time %M). No dependencies: node,
// /usr/bin/python3, clang + ld64.lld 14 (the large main executable), sha256sum, GNU time.
//
//   node bench/sign-ios/run.mjs [--sizes 50,200,500] [--reps 3] [--out bench/out] [--work DIR]
//                               [--mam bin/mam] [--exe-share 0.2] [--seed 1]
//
// Each IPA is fixtures/ios/Sample.ipa (app + framework + share extension) with its main executable
// replaced by an arm64 Mach-O whose __TEXT,__const holds exe-share × size of seeded random bytes
// (.incbin, linked with ld64.lld as fixtures/ios/bin/build.sh links), plus stored random and deflated
// hex resources up to the size (make-ipa.py). Every output is checked once with `mam verify`.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const KEYS = join(ROOT, 'fixtures/keys');
const LLVM = '/usr/lib/llvm-14/bin';
/** Inside the fixture identity's and profiles' validity (tests/ios/signer/signer-env.ts). */
const SOURCE_DATE_EPOCH = String(Date.UTC(2027, 5, 1) / 1000);
const GOAL_FLOOR_RATIO = 2;
const log = (s) => process.stderr.write(`${s}\n`);

function options() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '50,200,500' },
      reps: { type: 'string', default: '3' },
      out: { type: 'string', default: join(ROOT, 'bench/out') },
      work: { type: 'string' },
      mam: { type: 'string', default: join(ROOT, 'bin/mam') },
      'exe-share': { type: 'string', default: '0.2' },
      seed: { type: 'string', default: '1' },
    },
  });
  return {
    sizes: values.sizes.split(',').map(Number),
    reps: Number(values.reps),
    out: resolve(values.out),
    work: values.work ? resolve(values.work) : undefined,
    mam: resolve(values.mam),
    exeShare: Number(values['exe-share']),
    seed: Number(values.seed),
  };
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** One run under GNU time: wall seconds (spawn to exit), peak RSS in MB. */
function timed(cmd, args, work, env) {
  const timeFile = join(work, '.time');
  const started = process.hrtime.bigint();
  run('/usr/bin/time', ['-o', timeFile, '-f', '%e %M', cmd, ...args], env ? { env } : {});
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const kb = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(/\s+/)[1]);
  return { seconds, maxRssMb: kb / 1024 };
}

/** Seeded bytes (SHA-256 in counter mode): the same seed gives the same executable. */
function seededBytes(size, seed) {
  const out = Buffer.alloc(size);
  for (let at = 0, n = 0; at < size; at += 32, n++) createHash('sha256').update(`${seed}:${n}`).digest().copy(out, at);
  return out;
}

/** An arm64 iOS executable of about `bytes` bytes, linked with ld64.lld (unsigned: mam adds the signature). */
function bigExecutable(dir, bytes, seed) {
  const out = join(dir, `Sample-${bytes}`);
  if (existsSync(out)) return out;
  writeFileSync(join(dir, 'blob.bin'), seededBytes(bytes, seed));
  writeFileSync(join(dir, 'libSystem.tbd'), "--- !tapi-tbd\ntbd-version: 4\ntargets: [ arm64-ios ]\ninstall-name: '/usr/lib/libSystem.B.dylib'\ncurrent-version: 1311\nexports:\n  - targets: [ arm64-ios ]\n    symbols: [ _printf, dyld_stub_binder ]\n...\n");
  writeFileSync(join(dir, 'main.c'), [
    'int printf(const char *fmt, ...);',
    'extern const unsigned char big_blob[];',
    '__asm__(".section __TEXT,__const\\n.globl _big_blob\\n_big_blob:\\n.incbin \\"blob.bin\\"\\n.text\\n");',
    'int main(int argc, char **argv) { (void)argv; printf("%d\\n", big_blob[argc]); return 0; }',
    '',
  ].join('\n'));
  const env = { ...process.env, PATH: `${LLVM}:${process.env.PATH}` };
  run('clang', ['-target', 'arm64-apple-ios14.0', '-fuse-ld=lld', '-nostdlib', '-O2', `-L${dir}`, '-lSystem', '-o', out, 'main.c'], { cwd: dir, env });
  rmSync(join(dir, 'blob.bin'));
  return out;
}

function syntheticIpa(work, sizeMib, o) {
  const ipa = join(work, `sample-${sizeMib}m.ipa`);
  if (existsSync(ipa)) return ipa;
  const exe = bigExecutable(work, Math.round(sizeMib * o.exeShare * 2 ** 20), o.seed);
  run('/usr/bin/python3', [join(ROOT, 'bench/sign-ios/make-ipa.py'), '--sample', join(ROOT, 'fixtures/ios/Sample.ipa'), '--executable', exe, '--size-mib', String(sizeMib), '--out', ipa, '--seed', String(o.seed)]);
  return ipa;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r2 = (x) => Math.round(x * 100) / 100;

function main() {
  const o = options();
  const work = o.work ?? mkdtempSync(join(tmpdir(), 'mam-bench-ios-'));
  mkdirSync(work, { recursive: true });
  mkdirSync(o.out, { recursive: true });
  const env = { ...process.env, SOURCE_DATE_EPOCH };
  const identity = ['--p12', join(KEYS, 'ios-dev.p12'), '--p12-pass', 'pass:fixture', '--profile', join(KEYS, 'sample.mobileprovision'), '--profile', join(KEYS, 'sample-share.mobileprovision')];
  const rows = [];
  for (const size of o.sizes) {
    const ipa = syntheticIpa(work, size, o);
    const mib = statSync(ipa).size / 2 ** 20;
    log(`${ipa}: ${mib.toFixed(1)} MiB`);
    const out = join(work, 'signed.ipa');
    const cases = {
      floor: () => timed('sha256sum', [ipa], work),
      adhoc: () => timed(o.mam, ['sign', ipa, '-o', out, '--adhoc'], work, env),
      identity: () => timed(o.mam, ['sign', ipa, '-o', out, ...identity], work, env),
    };
    const runs = { floor: [], adhoc: [], identity: [] };
    for (let rep = 0; rep < o.reps; rep++) {
      for (const [name, f] of Object.entries(cases)) {
        runs[name].push(f());
        if (name !== 'floor' && rep === 0) run(o.mam, ['verify', out], { env });
      }
    }
    const s = (name) => ({ seconds: median(runs[name].map((r) => r.seconds)), rss: Math.max(...runs[name].map((r) => r.maxRssMb)) });
    const row = { sizeMib: r2(mib), floor: s('floor'), adhoc: s('adhoc'), identity: s('identity') };
    rows.push(row);
    log(JSON.stringify(row));
  }
  rmSync(join(work, 'signed.ipa'), { force: true });
  const lines = [
    '| IPA MiB | sha256sum s | ad-hoc s | ad-hoc/floor | ad-hoc RSS MB | identity s | identity/floor | identity RSS MB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.sizeMib} | ${r2(r.floor.seconds)} | ${r2(r.adhoc.seconds)} | ${r2(r.adhoc.seconds / r.floor.seconds)} | ${Math.round(r.adhoc.rss)} | ${r2(r.identity.seconds)} | ${r2(r.identity.seconds / r.floor.seconds)} | ${Math.round(r.identity.rss)} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const worst = Math.max(...rows.map((r) => Math.max(r.adhoc.seconds, r.identity.seconds) / r.floor.seconds));
  process.stdout.write(`goal: mam within ${GOAL_FLOOR_RATIO}x of sha256sum: worst ${r2(worst)}x ${worst <= GOAL_FLOOR_RATIO ? 'MET' : 'NOT MET'}\n`);
  const machine = { nproc: availableParallelism(), cpu: cpus()[0]?.model, node: process.version, load: loadavg().map(r2) };
  const file = join(o.out, `sign-ios-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`);
  writeFileSync(file, JSON.stringify({ options: o, machine, rows }, null, 2));
  log(`wrote ${file}`);
  if (!o.work) rmSync(work, { recursive: true, force: true });
}

main();
