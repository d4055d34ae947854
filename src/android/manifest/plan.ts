// The manifest part of a wrap plan: from the app's manifest summary and the policy's Android effects
// (src/policy/effects.ts), the list of edits as data (what `--dry-run` prints), and applying that list
// to the binary manifest with the functions of edits.ts.

import type { AxmlDocument } from '../axml/model.js';
import type { AndroidEffects } from '../../policy/effects.js';
import {
  addBootstrapProvider, addPermission, addWrapperMarker, markCameraFeaturesNotRequired, raiseMinSdk, removePermission,
} from './edits.js';
import type { ManifestSummary } from './summarize.js';

/** Android 5.0 (API 21) is the first release that loads secondary DEX files by itself. */
export const MIN_SDK_FOR_SHIM = 21;

export const BOOTSTRAP_AUTHORITY_SUFFIX = '.mam.bootstrap';

export type ManifestEdit =
  | { kind: 'removePermission'; name: string }
  | { kind: 'addPermission'; name: string }
  | { kind: 'markCameraFeaturesNotRequired'; features: string[] }
  | { kind: 'raiseMinSdk'; from: number; to: number }
  | { kind: 'addBootstrapProvider'; className: string; authority: string }
  | { kind: 'setWrapperMarker'; version: string; policySha256: string };

export interface ManifestPlanOptions {
  /** The mam version recorded in the marker. */
  version: string;
  /** Lowercase hex SHA-256 of the embedded policy's canonical bytes. */
  policySha256: string;
  /** The shim's bootstrap ContentProvider class. */
  providerClass: string;
  /** The lowest minSdkVersion the shim works with; MIN_SDK_FOR_SHIM unless given. */
  minSdk?: number;
}

export type ManifestEffects = Pick<AndroidEffects, 'permissionsToAdd' | 'permissionsToRemove' | 'cameraFeaturesNotRequired'>;

/** The app's minSdkVersion as a number: 1 when absent (Android's default), undefined for a codename. */
export function effectiveMinSdk(summary: ManifestSummary): number | undefined {
  if (summary.minSdk === undefined) return 1;
  return /^-?\d+$/.test(summary.minSdk) ? Number(summary.minSdk) : undefined;
}

/** The manifest edits a wrap makes, in the order they are applied; each one changes something. */
export function planManifestEdits(summary: ManifestSummary, effects: ManifestEffects, options: ManifestPlanOptions): ManifestEdit[] {
  const edits: ManifestEdit[] = [];
  const has = new Set(summary.permissions);
  for (const name of effects.permissionsToRemove) if (has.has(name)) edits.push({ kind: 'removePermission', name });
  for (const name of effects.permissionsToAdd) if (!has.has(name)) edits.push({ kind: 'addPermission', name });
  if (effects.cameraFeaturesNotRequired) {
    const features = summary.features.filter((f) => f.required && /^android\.hardware\.camera(\.|$)/.test(f.name)).map((f) => f.name);
    if (features.length) edits.push({ kind: 'markCameraFeaturesNotRequired', features });
  }
  const min = effectiveMinSdk(summary);
  const floor = options.minSdk ?? MIN_SDK_FOR_SHIM;
  if (min !== undefined && min < floor) edits.push({ kind: 'raiseMinSdk', from: min, to: floor });
  edits.push({ kind: 'addBootstrapProvider', className: options.providerClass, authority: summary.package + BOOTSTRAP_AUTHORITY_SUFFIX });
  edits.push({ kind: 'setWrapperMarker', version: options.version, policySha256: options.policySha256 });
  return edits;
}

function applyOne(doc: AxmlDocument, e: ManifestEdit): string[] {
  switch (e.kind) {
    case 'removePermission':
      return removePermission(doc, e.name);
    case 'addPermission':
      return addPermission(doc, e.name);
    case 'markCameraFeaturesNotRequired':
      return markCameraFeaturesNotRequired(doc);
    case 'raiseMinSdk':
      return raiseMinSdk(doc, e.to);
    case 'addBootstrapProvider':
      return addBootstrapProvider(doc, { className: e.className, authority: e.authority });
    case 'setWrapperMarker':
      return addWrapperMarker(doc, e.version, e.policySha256);
  }
}

/** Applies the edits to a copy of `doc`; `changes` lists what changed, one line each, for the report. */
export function applyManifestEdits(doc: AxmlDocument, edits: readonly ManifestEdit[]): { doc: AxmlDocument; changes: string[] } {
  const copy = structuredClone(doc);
  const changes = edits.flatMap((e) => applyOne(copy, e));
  return { doc: copy, changes };
}

/** One line per planned edit, for `--dry-run`. */
export function describeManifestEdit(e: ManifestEdit): string {
  switch (e.kind) {
    case 'removePermission':
      return `remove permission ${e.name}`;
    case 'addPermission':
      return `add permission ${e.name}`;
    case 'markCameraFeaturesNotRequired':
      return `mark camera features not required: ${e.features.join(', ')}`;
    case 'raiseMinSdk':
      return `raise minSdkVersion from ${e.from} to ${e.to}`;
    case 'addBootstrapProvider':
      return `add bootstrap provider ${e.className} (authority ${e.authority})`;
    case 'setWrapperMarker':
      return `set marker: mam ${e.version}; policy-sha256=${e.policySha256}`;
  }
}
