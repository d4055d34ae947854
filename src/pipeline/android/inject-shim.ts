// Stage injectShim: the files the wrap adds. The runtime DEX goes under the next name of the DEX
// sequence (dex-entries.ts), so that ART loads it with the app's own code; the policy goes to
// assets/mam/policy.json as its canonical bytes, whose SHA-256 the marker records. On --rewrap both
// replace the entries of the earlier wrap in place. When the plan merges the runtime into classes.dex
// (--keep-min-sdk below API 21, merge-runtime.ts), the merged classes.dex replaces the app's in place and
// rewriteDex rewrites that merged file.

import { createHash } from 'node:crypto';
import { ANDROID_POLICY_ENTRY } from '../../policy/effects.js';
import { describeMerge, mergeRuntimeIntoPrimary } from './merge-runtime.js';
import { need, type WrapContext } from './wrap-context.js';

function put(ctx: WrapContext, name: string, bytes: Uint8Array, role: string): void {
  const replaced = need(ctx.archive, 'the archive').getEntry(name) !== undefined;
  if (replaced) ctx.replacements.set(name, bytes);
  else ctx.additions.push({ name, bytes });
  ctx.files.push({ name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), role, replaced });
}

export function injectShim(ctx: WrapContext): void {
  const plan = need(ctx.plan, 'the plan');
  const shim = need(ctx.shim, 'the shim');
  if (plan.shimPlacement === 'merged-into-primary') {
    ctx.merge = mergeRuntimeIntoPrimary(need(ctx.archive, 'the archive'), shim);
    put(ctx, plan.shimDexName, ctx.merge.bytes, 'shim merged');
    ctx.notes.push(describeMerge(ctx.merge));
  } else {
    put(ctx, plan.shimDexName, shim.dex, 'shim');
  }
  put(ctx, ANDROID_POLICY_ENTRY, need(ctx.policy, 'the policy').bytes, 'policy');
}
