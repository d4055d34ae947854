// Benchmark: DEX hook rewriting against reading and writing the same DEX files without edits.
//
//   npm run build && node bench/dex/run.mjs [--sizes 5,20,60] [--runs 3]
//
// For each size (MB), a set of DEX files of about that total size is generated from the corpus DEX
// files (../shared/corpus/android/*.apk): each corpus DEX is copied with its own classes moved to a
// fresh package prefix (Lb3/com/foo/Bar;) so that every copy defines different classes, and re-sorted
// with the codec (mergeDex into an empty DEX). Framework references (the hooked methods among them)
// are kept, so the copies hold real-app call sites. Then, each in a fresh child process (for its peak
// RSS), timed as the median of --runs runs:
//   baseline: parseDex + serializeDex of every file (no edits)
//   hooks:    applyHooks(all files, every hook group of runtime-shims/android/hooks.json), which parses
//             every file, rewrites the call sites, and serializes the files that changed
// Results: a table on stdout and bench/out/dex-<date>.json (git-ignored).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = join(ROOT, 'dist', 'android', 'dex');
const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'android');
const OUT = join(ROOT, 'bench', 'out');
const GEN = join(OUT, 'dex-gen');
const MB = 1 << 20;

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};

const { parseDex } = await import(join(DIST, 'parse.js'));
const { serializeDex } = await import(join(DIST, 'serialize.js'));
const { mergeDex } = await import(join(DIST, 'merge-dex.js'));
const { applyHooks } = await import(join(DIST, 'hooks-apply.js'));
const { parseHookTable, hookGroups } = await import(join(DIST, 'hooks-rules.js'));

function emptyDex() {
  return {
    version: '035', header: { checksum: 0, signature: new Uint8Array(20), fileSize: 0, dataOff: 0, dataSize: 0 },
    strings: [], stringDataOrder: null, types: [], protos: [], fields: [], methods: [], classDefs: [], callSites: [],
    methodHandles: [], typeLists: [], annotationSetRefLists: [], annotationSets: [], classData: [], codeItems: [],
    debugInfos: [], annotations: [], encodedArrays: [], annotationsDirectories: [], hiddenapiClassData: null,
    sections: [], link: new Uint8Array(0),
  };
}

/** The corpus DEX files, largest first. */
function corpusDex() {
  const out = [];
  for (const apk of readdirSync(CORPUS).filter((f) => f.endsWith('.apk')).sort()) {
    const names = execFileSync('unzip', ['-Z1', join(CORPUS, apk)], { encoding: 'utf8' }).split('\n').filter((n) => /^classes\d*\.dex$/.test(n));
    for (const n of names) {
      const bytes = new Uint8Array(execFileSync('unzip', ['-p', join(CORPUS, apk), n], { maxBuffer: 1 << 28 }));
      if (bytes.length > 100_000) out.push({ name: `${apk}!${n}`, bytes });
    }
  }
  return out.sort((a, b) => b.bytes.length - a.bytes.length);
}

/** A copy of `bytes` whose own classes live under L<prefix>/…; re-sorted through mergeDex. */
function renamed(bytes, prefix) {
  const dex = parseDex(bytes);
  const own = new Set(dex.classDefs.map((c) => dex.strings[dex.types[c.classIdx]]));
  dex.strings = dex.strings.map((s) => {
    const m = /^(\[*)(L.*;)$/.exec(s);
    return m && own.has(m[2]) ? `${m[1]}L${prefix}/${m[2].slice(1)}` : s;
  });
  return serializeDex(mergeDex(emptyDex(), dex));
}

function generate(sizeMb) {
  const dir = join(GEN, `${sizeMb}mb`);
  if (existsSync(join(dir, 'done'))) return readdirSync(dir).filter((f) => f.endsWith('.dex')).sort().map((f) => join(dir, f));
  mkdirSync(dir, { recursive: true });
  const sources = corpusDex();
  const files = [];
  let total = 0;
  // Largest corpus DEX first, skipping those that would overshoot the target by more than 15 %.
  for (let k = 0, misses = 0; total < 0.9 * sizeMb * MB && misses < sources.length; k++) {
    const src = sources[k % sources.length];
    if (total + src.bytes.length > 1.15 * sizeMb * MB) { misses++; continue; }
    misses = 0;
    const bytes = renamed(src.bytes, `b${k}`);
    const path = join(dir, `classes${String(files.length + 1).padStart(3, '0')}.dex`);
    writeFileSync(path, bytes);
    files.push(path);
    total += bytes.length;
  }
  writeFileSync(join(dir, 'done'), '');
  return files;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Child mode: one case, one mode; prints JSON. */
function child(mode, files, runs) {
  const inputs = files.map((f) => new Uint8Array(readFileSync(f)));
  const table = parseHookTable(JSON.parse(readFileSync(join(ROOT, 'runtime-shims', 'android', 'hooks.json'), 'utf8')));
  const times = [];
  let rewritten = 0;
  let outBytes = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    if (mode === 'baseline') {
      outBytes = 0;
      for (const b of inputs) outBytes += serializeDex(parseDex(b)).length;
    } else {
      const { files: out, report } = applyHooks(inputs, table, hookGroups(table));
      rewritten = report.rewritten;
      outBytes = out.reduce((n, b) => n + b.length, 0);
    }
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  process.stdout.write(JSON.stringify({ mode, times, medianMs: median(times), rewritten, outBytes, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
}

if (process.argv[2] === '--child') {
  child(process.argv[3], JSON.parse(process.argv[4]), Number(process.argv[5]));
} else {
  const sizes = arg('sizes', '5,20,60').split(',').map(Number);
  const runs = Number(arg('runs', '3'));
  mkdirSync(OUT, { recursive: true });
  const rows = [];
  for (const size of sizes) {
    const files = generate(size);
    const inputBytes = files.reduce((n, f) => n + readFileSync(f).length, 0);
    const res = {};
    for (const mode of ['baseline', 'hooks']) {
      const r = spawnSync(process.execPath, ['--max-old-space-size=8192', fileURLToPath(import.meta.url), '--child', mode, JSON.stringify(files), String(runs)], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (r.status !== 0) throw new Error(`${mode} ${size} MB failed: ${r.stderr}`);
      res[mode] = JSON.parse(r.stdout);
    }
    rows.push({ sizeMb: size, files: files.length, inputBytes, ...res, ratio: res.hooks.medianMs / res.baseline.medianMs });
  }
  const line = (cells) => cells.map((c, i) => String(c).padStart(i ? 12 : 8)).join(' ');
  console.log(line(['size', 'DEX files', 'input MB', 'base ms', 'hooks ms', 'ratio', 'sites', 'base RSS MB', 'hooks RSS MB']));
  for (const r of rows) {
    console.log(line([`${r.sizeMb} MB`, r.files, (r.inputBytes / MB).toFixed(1), r.baseline.medianMs.toFixed(0), r.hooks.medianMs.toFixed(0), r.ratio.toFixed(2), r.hooks.rewritten, r.baseline.peakRssMb.toFixed(0), r.hooks.peakRssMb.toFixed(0)]));
  }
  const stamp = new Date().toISOString().slice(0, 10);
  const path = join(OUT, `dex-${stamp}.json`);
  writeFileSync(path, JSON.stringify({ node: process.version, runs, rows }, null, 2));
  console.log(`\nwrote ${path}`);
}
