#!/usr/bin/env node
// Deflate level for rewritten entries (issue #6): time and size of zlib raw deflate at levels 1, 6 and 9
// over 100 MiB of machine code (the first 100 MiB of a large native library, ELF: the largest real code
// on the bench machine; the container format does not matter to deflate) and 100 MiB of seeded random
// bytes (what run.mjs puts in the synthetic main executable), and whether two runs give the same bytes.
//
//   node bench/sign-ios/deflate-levels.mjs [/usr/lib/x86_64-linux-gnu/libLLVM-14.so.1]

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';

const SIZE = 100 * 2 ** 20;
const code = readFileSync(process.argv[2] ?? '/usr/lib/x86_64-linux-gnu/libLLVM-14.so.1').subarray(0, SIZE);

function seededRandom(size) {
  const out = Buffer.alloc(size);
  for (let at = 0, i = 0; at < size; at += 32, i++) createHash('sha256').update(`seed-1-${i}`).digest().copy(out, at);
  return out;
}

const sha = (b) => createHash('sha256').update(b).digest('hex');
process.stdout.write('| data | level | seconds | MiB out | out/in | same bytes twice |\n| --- | ---: | ---: | ---: | ---: | --- |\n');
for (const [label, data] of [['machine code', code], ['random', seededRandom(SIZE)]]) {
  for (const level of [1, 6, 9]) {
    const t = process.hrtime.bigint();
    const out = deflateRawSync(data, { level });
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    const same = sha(out) === sha(deflateRawSync(data, { level }));
    process.stdout.write(`| ${label} | ${level} | ${seconds.toFixed(2)} | ${(out.length / 2 ** 20).toFixed(1)} | ${((out.length / data.length) * 100).toFixed(1)} % | ${same} |\n`);
  }
}
