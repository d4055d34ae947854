// Timed runs of one command: wall clock from this process (spawn to exit); peak resident memory
// (max RSS, %M) and CPU time (user %U + system %S) from GNU time, which reads the child's rusage.

import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';

/** Runs `cmd args` once under GNU time; `{ seconds, cpuSeconds, maxRssMb, stdout }`; throws on a non-zero exit. */
export function timed(cmd, args, work) {
  const timeFile = join(work, '.time');
  rmSync(timeFile, { force: true });
  const started = process.hrtime.bigint();
  const r = spawnSync(GNU_TIME, ['-o', timeFile, '-f', '%e %M %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop();
  const [, kb, user, sys] = last.split(/\s+/).map(Number);
  return { seconds, cpuSeconds: user + sys, maxRssMb: kb / 1024, stdout: r.stdout };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall and CPU time and the highest peak RSS over the runs. */
export function summarize(runs) {
  return {
    medianSeconds: median(runs.map((r) => r.seconds)),
    medianCpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)),
    runs: runs.map((r) => ({ seconds: round(r.seconds, 3), cpuSeconds: round(r.cpuSeconds, 2), maxRssMb: round(r.maxRssMb, 1), ...(r.inProcessSeconds !== undefined ? { inProcessSeconds: round(r.inProcessSeconds, 3) } : {}) })),
  };
}

export function round(x, digits) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function firstLine(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n')[0] ?? '';
}

/** What the numbers were measured on. */
export function machineInfo() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return {
    nproc: availableParallelism(),
    cpuModel: model.trim(),
    memoryGb: round(totalmem() / 2 ** 30, 1),
    kernel: firstLine('uname', ['-sr']),
    node: process.version,
    java: firstLine('java', ['-version']),
    apksigner: firstLine('apksigner', ['version']),
    sha256sum: firstLine('sha256sum', ['--version']),
  };
}
