// Self time per function from a V8 .cpuprofile (what `node --cpu-prof` writes): nodes form the call
// tree, samples[i] is the node running at sample i, and timeDeltas[i + 1] is how long until the next
// sample, which is the time charged to samples[i] (as Chrome DevTools does).

import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

function location(frame, root) {
  if (!frame.url) return '';
  const path = frame.url.startsWith('file://') ? fileURLToPath(frame.url) : frame.url;
  const shown = path.startsWith(root) ? relative(root, path) : path;
  return `${shown}:${frame.lineNumber + 1}`;
}

/** Names of the functions on the stack of `id` (each once). */
function stackNames(id, byNode, parentOf) {
  const names = new Set();
  for (let n = id; n !== undefined; n = parentOf.get(n)) names.add(byNode.get(n).callFrame.functionName);
  return names;
}

/**
 * The `top` functions by self time (`rows`: `{ name, where, ms, percent }`), the profile's total ms,
 * and the inclusive time of each function named in `stages` (time with it anywhere on the stack).
 */
export function topSelfTime(profilePath, root, top = 15, stages = []) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map(profile.nodes.flatMap((n) => (n.children ?? []).map((c) => [c, n.id])));
  const selfUs = new Map();
  const stageUs = new Map(stages.map((s) => [s, 0]));
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const frame = byNode.get(profile.samples[i]).callFrame;
    const key = `${frame.functionName || '(anonymous)'}\u0000${location(frame, root)}`;
    selfUs.set(key, (selfUs.get(key) ?? 0) + us);
    totalUs += us;
    if (stages.length > 0) for (const name of stackNames(profile.samples[i], byNode, parentOf)) if (stageUs.has(name)) stageUs.set(name, stageUs.get(name) + us);
  }
  const rows = [...selfUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, us]) => {
      const [name, where] = key.split('\u0000');
      return { name, where, ms: Math.round(us / 1000), percent: Math.round((1000 * us) / totalUs) / 10 };
    });
  const inclusive = stages.map((name) => ({ name, ms: Math.round(stageUs.get(name) / 1000), percent: Math.round((1000 * stageUs.get(name)) / totalUs) / 10 }));
  return { totalMs: Math.round(totalUs / 1000), rows, inclusive };
}
