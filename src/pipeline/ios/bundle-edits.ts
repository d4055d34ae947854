// Stages addRuntimeFiles and editInfoPlist: the runtime dylib goes to Frameworks/ (unsigned; the sign
// stage signs it with the app), the policy's canonical bytes to mam/policy.json, and Info.plist gets the
// MAMWrapper dictionary {Version, PolicySHA256} that the runtime compares with the policy file's hash,
// plus the Info.plist changes policy/effects.ts asks for (usage descriptions removed or added). Info.plist
// keeps its format (XML or binary; plist.ts writes the edited document in the format it was read in) and
// every other key and value.

import { createHash } from 'node:crypto';
import { deletePlistValue, setPlistValue } from '../../ios/plist/key-path.js';
import { parsePlist, serializePlist } from '../../ios/plist/plist.js';
import { plist, plistEquals, type PlistValue } from '../../ios/plist/plist-value.js';
import { MAM_VERSION } from '../../core/version.js';
import { IOS_POLICY_FILE, IOS_WRAPPER_PLIST_KEY, iosWrapperPlistValue } from '../../policy/effects.js';
import { need, type IosWrapContext } from './ios-wrap-context.js';

const INFO_PLIST = 'Info.plist';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function addFile(ctx: IosWrapContext, path: string, bytes: Uint8Array, role: string): void {
  const tree = need(ctx.tree, 'the bundle');
  const replaced = tree.files.has(path);
  tree.write(path, bytes);
  ctx.files.push({ path, size: bytes.length, sha256: sha256(bytes), role, replaced });
}

export function addRuntimeFiles(ctx: IosWrapContext): void {
  const shim = need(ctx.shim, 'the runtime');
  addFile(ctx, shim.bundlePath, shim.dylib, 'runtime');
  addFile(ctx, IOS_POLICY_FILE, need(ctx.policy, 'the policy').bytes, 'policy');
}

function describeValue(v: PlistValue | undefined): string {
  if (v === undefined) return '(absent)';
  if (v.type === 'string') return JSON.stringify(v.value);
  if (v.type === 'dict') return `{${[...v.entries].map(([k, x]) => `${k}: ${describeValue(x)}`).join(', ')}}`;
  return `<${v.type}>`;
}

export function editInfoPlist(ctx: IosWrapContext): void {
  const tree = need(ctx.tree, 'the bundle');
  const effects = need(ctx.effects, 'the policy effects');
  const policy = need(ctx.policy, 'the policy');
  const doc = parsePlist(tree.read(INFO_PLIST), { entry: INFO_PLIST });
  const root = doc.root;
  if (root.type !== 'dict') return;
  const changes = ctx.infoPlistChanges;
  for (const key of effects.infoPlistKeysToRemove) {
    const old = root.entries.get(key);
    if (old !== undefined && deletePlistValue(root, key)) changes.push(`- ${key} (was ${describeValue(old)}; the policy blocks what it describes)`);
  }
  for (const [key, value] of Object.entries(effects.infoPlistStringsIfAbsent)) {
    if (root.entries.has(key)) continue;
    setPlistValue(root, key, plist.string(value));
    changes.push(`+ ${key} = ${JSON.stringify(value)} (the policy needs this permission)`);
  }
  const marker = iosWrapperPlistValue(ctx.options.mamVersion ?? MAM_VERSION, policy.digest);
  const value = plist.dict([['Version', plist.string(marker.Version)], ['PolicySHA256', plist.string(marker.PolicySHA256)]]);
  const old = root.entries.get(IOS_WRAPPER_PLIST_KEY);
  if (!old || !plistEquals(old, value)) {
    setPlistValue(root, IOS_WRAPPER_PLIST_KEY, value);
    changes.push(`${old ? '~' : '+'} ${IOS_WRAPPER_PLIST_KEY} = ${describeValue(value)}${old ? ` (was ${describeValue(old)})` : ''}`);
  }
  tree.write(INFO_PLIST, serializePlist(doc));
  ctx.infoPlistFormat = doc.format;
  noteMinimumOS(ctx, root.entries.get('MinimumOSVersion'));
}

const versionParts = (v: string): number[] => v.split('.').map((x) => Number.parseInt(x, 10) || 0);

/** Older than the runtime's minimum: said, not changed (Info.plist changes only by the marker and the policy's effects). */
function noteMinimumOS(ctx: IosWrapContext, declared: PlistValue | undefined): void {
  const runtime = need(ctx.shim, 'the runtime').minimumOS;
  if (declared?.type !== 'string') return;
  const [a, b] = [versionParts(declared.value), versionParts(runtime)];
  const cmp = [0, 1, 2].map((i) => (a[i] ?? 0) - (b[i] ?? 0)).find((d) => d !== 0) ?? 0;
  if (cmp < 0) ctx.notes.push(`the app declares MinimumOSVersion ${declared.value}; the runtime is built for iOS ${runtime} and is not supported below it`);
}
