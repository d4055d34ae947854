// The manifest edits of `mam wrap` for Android, as small functions over the binary XML model. Each
// returns what it changed, one line per change, for the wrap report (empty when nothing changed).
// Elements are found by tag name (the framework matches tags by string); android: attributes by
// resource ID (frameworks/base/core/res/res/values/public.xml), never by their name string, which
// obfuscators rename or blank. Placement follows aapt's habits: <uses-sdk> and <uses-permission>
// before <application>, attributes in resource-ID order.

import { ANDROID_NS, TYPE_FIRST_INT, TYPE_LAST_INT } from '../axml/constants.js';
import {
  ensureNamespace, findAttribute, insertElement, removeElement, setAttribute, type AttributeSpec,
} from '../axml/edit.js';
import type { AxmlDocument, AxmlElement } from '../axml/model.js';
import { attributeString, childElements, elementName, rootElement } from '../axml/query.js';
import { MalformedInputError } from '../../core/errors.js';
import { MAM_WRAPPER_META_DATA, formatMamWrapperMarker } from './mam-marker.js';

/** android.R.attr IDs used by the edits (public.xml). */
export const ANDROID_ATTR = {
  name: 0x01010003,
  exported: 0x01010010,
  authorities: 0x01010018,
  initOrder: 0x0101001a,
  value: 0x01010024,
  minSdkVersion: 0x0101020c,
  targetSdkVersion: 0x01010270,
  required: 0x0101028e,
} as const;

/** Integer.MAX_VALUE: providers of one process are created in descending initOrder (ProviderInfo.initOrder). */
export const BOOTSTRAP_INIT_ORDER = 0x7fffffff;

const PERMISSION_TAGS = ['uses-permission', 'uses-permission-sdk-23', 'uses-permission-sdk-m'];
const CAMERA_FEATURE = /^android\.hardware\.camera(\.|$)/;

const str = (name: keyof typeof ANDROID_ATTR, value: string): AttributeSpec => ({ name, resourceId: ANDROID_ATTR[name], value: { type: 'string', value } });
const bool = (name: keyof typeof ANDROID_ATTR, value: boolean): AttributeSpec => ({ name, resourceId: ANDROID_ATTR[name], value: { type: 'boolean', value } });
const int = (name: keyof typeof ANDROID_ATTR, value: number): AttributeSpec => ({ name, resourceId: ANDROID_ATTR[name], value: { type: 'int', value } });

/** The <manifest> element; a document without one is not a manifest. */
export function manifestElement(doc: AxmlDocument): AxmlElement {
  const root = rootElement(doc);
  if (!root || elementName(doc, root) !== 'manifest') {
    throw new MalformedInputError('MANIFEST_NO_MANIFEST_ELEMENT', `expected a <manifest> root element, found ${root ? `<${elementName(doc, root)}>` : 'none'}`, { entry: 'AndroidManifest.xml' });
  }
  return root;
}

function children(doc: AxmlDocument, el: AxmlElement, ...tags: string[]): AxmlElement[] {
  return childElements(el).filter((c) => tags.includes(elementName(doc, c)));
}

function nameOf(doc: AxmlDocument, el: AxmlElement): string | undefined {
  const a = findAttribute(doc, el, ANDROID_ATTR.name);
  return a && attributeString(doc, a);
}

/** The <application> element, added as the last child of <manifest> when absent. */
export function ensureApplication(doc: AxmlDocument): { application: AxmlElement; changes: string[] } {
  const manifest = manifestElement(doc);
  const existing = children(doc, manifest, 'application')[0];
  if (existing) return { application: existing, changes: [] };
  ensureNamespace(doc, 'android', ANDROID_NS);
  const application = insertElement(doc, manifest, manifest.children.length, 'application', [], manifest.lineNumber);
  return { application, changes: ['added <application> (the manifest had none)'] };
}

export interface BootstrapProvider {
  /** The shim's ContentProvider class, fully qualified. */
  className: string;
  /** Conventionally `<package>.mam.bootstrap`. */
  authority: string;
}

/** A non-exported <provider> with the highest initOrder as the first child of <application>. */
export function addBootstrapProvider(doc: AxmlDocument, p: BootstrapProvider): string[] {
  const { application, changes } = ensureApplication(doc);
  const attrs = [str('name', p.className), str('authorities', p.authority), bool('exported', false), int('initOrder', BOOTSTRAP_INIT_ORDER)];
  const existing = children(doc, application, 'provider').find((e) => nameOf(doc, e) === p.className);
  if (existing) {
    const changed = attrs.filter((a) => setAttribute(doc, existing, a) !== 'unchanged').map((a) => `android:${a.name}`);
    return changed.length ? [...changes, `updated ${changed.join(', ')} of <provider ${p.className}>`] : changes;
  }
  ensureNamespace(doc, 'android', ANDROID_NS);
  const at = application.children.findIndex((n) => n.kind === 'element');
  insertElement(doc, application, at < 0 ? application.children.length : at, 'provider', attrs, application.lineNumber);
  return [...changes, `added <provider android:name="${p.className}" android:authorities="${p.authority}" android:exported="false" android:initOrder="${BOOTSTRAP_INIT_ORDER}"> as the first component of <application>`];
}

/** <meta-data android:name="mam.wrapper" android:value="mam <version>; policy-sha256=<hex>"> in <application>. */
export function addWrapperMarker(doc: AxmlDocument, version: string, policySha256: string): string[] {
  const { application, changes } = ensureApplication(doc);
  const value = formatMamWrapperMarker(version, policySha256);
  const existing = children(doc, application, 'meta-data').find((e) => nameOf(doc, e) === MAM_WRAPPER_META_DATA);
  if (existing) {
    const r = setAttribute(doc, existing, str('value', value));
    return r === 'unchanged' ? changes : [...changes, `set <meta-data ${MAM_WRAPPER_META_DATA}> to "${value}"`];
  }
  ensureNamespace(doc, 'android', ANDROID_NS);
  insertElement(doc, application, application.children.length, 'meta-data', [str('name', MAM_WRAPPER_META_DATA), str('value', value)], application.lineNumber);
  return [...changes, `added <meta-data android:name="${MAM_WRAPPER_META_DATA}" android:value="${value}"> to <application>`];
}

function permissions(doc: AxmlDocument, manifest: AxmlElement, name: string): AxmlElement[] {
  return children(doc, manifest, ...PERMISSION_TAGS).filter((e) => nameOf(doc, e) === name);
}

/** <uses-permission android:name=…> after the last <uses-permission>, or before <application>; only if missing. */
export function addPermission(doc: AxmlDocument, name: string): string[] {
  const manifest = manifestElement(doc);
  if (permissions(doc, manifest, name).length) return [];
  const last = children(doc, manifest, ...PERMISSION_TAGS).pop();
  const anchor = last ?? children(doc, manifest, 'application')[0];
  const at = anchor ? manifest.children.indexOf(anchor) + (last ? 1 : 0) : manifest.children.length;
  ensureNamespace(doc, 'android', ANDROID_NS);
  insertElement(doc, manifest, at, 'uses-permission', [str('name', name)], anchor?.lineNumber ?? manifest.lineNumber);
  return [`added <uses-permission android:name="${name}">`];
}

/** Removes every <uses-permission>, <uses-permission-sdk-23> (and -sdk-m) naming `name`. */
export function removePermission(doc: AxmlDocument, name: string): string[] {
  const manifest = manifestElement(doc);
  return permissions(doc, manifest, name).map((e) => {
    removeElement(doc, e);
    return `removed <${elementName(doc, e)} android:name="${name}">`;
  });
}

/** android:required="false" on every <uses-feature> named android.hardware.camera or android.hardware.camera.*. */
export function markCameraFeaturesNotRequired(doc: AxmlDocument): string[] {
  const manifest = manifestElement(doc);
  const out: string[] = [];
  for (const f of children(doc, manifest, 'uses-feature')) {
    const name = nameOf(doc, f);
    if (!name || !CAMERA_FEATURE.test(name)) continue;
    if (setAttribute(doc, f, bool('required', false)) !== 'unchanged') out.push(`set android:required="false" on <uses-feature ${name}>`);
  }
  return out;
}

function intValue(doc: AxmlDocument, el: AxmlElement, id: number): number | undefined {
  const a = findAttribute(doc, el, id);
  if (!a) return undefined;
  const t = a.typedValue.dataType;
  return t >= TYPE_FIRST_INT && t <= TYPE_LAST_INT ? a.typedValue.data | 0 : Number.NaN;
}

/**
 * Raises <uses-sdk android:minSdkVersion> to `min` (adding the attribute, or <uses-sdk> as the first
 * child of <manifest>, when absent; Android's default is 1). A codename (string) minSdkVersion is a
 * preview build and left alone. Android defaults targetSdkVersion to minSdkVersion, so when the
 * target is absent it is pinned to the old minimum to keep the app's behaviour.
 */
export function raiseMinSdk(doc: AxmlDocument, min: number): string[] {
  const manifest = manifestElement(doc);
  const sdk = children(doc, manifest, 'uses-sdk')[0];
  const old = sdk ? intValue(doc, sdk, ANDROID_ATTR.minSdkVersion) ?? 1 : 1;
  if (Number.isNaN(old) || old >= min) return [];
  const target = sdk ? intValue(doc, sdk, ANDROID_ATTR.targetSdkVersion) : undefined;
  const specs = [int('minSdkVersion', min), ...(target === undefined ? [int('targetSdkVersion', old)] : [])];
  ensureNamespace(doc, 'android', ANDROID_NS);
  if (sdk) for (const s of specs) setAttribute(doc, sdk, s);
  else {
    const first = manifest.children.findIndex((n) => n.kind === 'element');
    insertElement(doc, manifest, first < 0 ? manifest.children.length : first, 'uses-sdk', specs, manifest.lineNumber);
  }
  const out = [`raised minSdkVersion from ${old} to ${min}${sdk ? '' : ' (added <uses-sdk>)'}`];
  if (target === undefined) out.push(`set targetSdkVersion to ${old} (it defaulted to minSdkVersion)`);
  return out;
}
