// What an AndroidManifest.xml says, in the terms a wrapper needs (package, versions, SDK levels,
// application class, launcher, permissions, components, features, the mam.wrapper marker). Android
// attributes are found by resource ID (public.xml of the framework), never by name, because
// obfuscators rename or strip attribute name strings; class names resolve against the package as
// PackageParser's buildClassName does.

import { TYPE_FIRST_INT, TYPE_INT_BOOLEAN, TYPE_LAST_INT, TYPE_REFERENCE, TYPE_STRING } from '../axml/constants.js';
import type { AxmlDocument } from '../axml/model.js';
import { resolveString, type ResourceTable } from '../arsc/resource-table.js';
import { axmlRootView, type XmlAttributeView, type XmlElementView } from './element.js';
import { parseMamWrapperMarker, type MamWrapperMarker } from './mam-marker.js';

// android.R.attr IDs (frameworks/base/core/res/res/values/public.xml)
export const ATTR = {
  label: 0x01010001,
  name: 0x01010003,
  debuggable: 0x0101000f,
  value: 0x01010024,
  minSdkVersion: 0x0101020c,
  versionCode: 0x0101021b,
  versionName: 0x0101021c,
  targetActivity: 0x01010202,
  targetSdkVersion: 0x01010270,
  maxSdkVersion: 0x01010271,
  required: 0x0101028e,
} as const;

export interface LauncherActivity {
  /** The activity that starts: for an activity-alias, its targetActivity. Fully qualified. */
  name: string;
  /** Set when the launcher entry is an activity-alias: the alias's own (qualified) name. */
  alias?: string;
}

export interface ManifestSummary {
  package: string;
  versionCode?: number;
  versionName?: string;
  minSdk?: string;
  targetSdk?: string;
  maxSdk?: string;
  /** The Application subclass, fully qualified; undefined for android.app.Application. */
  applicationClass?: string;
  /** android:label of <application>, resolved when resources are given, else "@0x7f…". */
  applicationLabel?: string;
  debuggable: boolean;
  launcherActivity?: LauncherActivity;
  /** uses-permission and uses-permission-sdk-23, in document order. */
  permissions: string[];
  counts: { activities: number; activityAliases: number; services: number; receivers: number; providers: number };
  features: { name: string; required: boolean }[];
  mamWrapper?: MamWrapperMarker;
}

export interface SummarizeOptions {
  /** resources.arsc, to resolve @string references of versionName and label. */
  resources?: ResourceTable;
}

function attr(el: XmlElementView | undefined, id: number): XmlAttributeView | undefined {
  return el?.attributes.find((a) => a.resourceId === id);
}

function children(el: XmlElementView | undefined, ...names: string[]): XmlElementView[] {
  return el ? el.children.filter((c) => names.includes(c.name)) : [];
}

/** A value as text: strings as is, integers in decimal, references resolved or as "@0x7f…". */
function valueText(a: XmlAttributeView | undefined, res?: ResourceTable): string | undefined {
  if (!a) return undefined;
  const v = a.value;
  if (v.dataType === TYPE_REFERENCE) {
    const s = res && resolveString(res, v.data);
    return s ?? `@0x${v.data.toString(16).padStart(8, '0')}`;
  }
  if (v.string !== undefined) return v.string;
  if (v.dataType >= TYPE_FIRST_INT && v.dataType <= TYPE_LAST_INT) return String(v.data | 0);
  return undefined;
}

function isTrue(a: XmlAttributeView | undefined, dflt: boolean): boolean {
  if (!a) return dflt;
  if (a.value.dataType === TYPE_INT_BOOLEAN) return a.value.data !== 0;
  if (a.value.dataType === TYPE_STRING) return a.value.string === 'true';
  return dflt;
}

/** PackageParser.buildClassName: ".Foo" and "Foo" belong to the package; "a.b.Foo" stands. */
export function resolveClassName(pkg: string, name: string): string {
  if (name.startsWith('.')) return pkg + name;
  return name.includes('.') ? name : `${pkg}.${name}`;
}

function hasLauncherFilter(component: XmlElementView): boolean {
  return children(component, 'intent-filter').some((f) => {
    const names = (tag: string): (string | undefined)[] => children(f, tag).map((c) => valueText(attr(c, ATTR.name)));
    return names('action').includes('android.intent.action.MAIN') && names('category').includes('android.intent.category.LAUNCHER');
  });
}

function findLauncher(pkg: string, app: XmlElementView | undefined): LauncherActivity | undefined {
  for (const c of children(app, 'activity', 'activity-alias')) {
    const name = valueText(attr(c, ATTR.name));
    if (!name || !hasLauncherFilter(c)) continue;
    if (c.name === 'activity') return { name: resolveClassName(pkg, name) };
    const target = valueText(attr(c, ATTR.targetActivity));
    return { name: resolveClassName(pkg, target ?? name), alias: resolveClassName(pkg, name) };
  }
  return undefined;
}

function findMarker(app: XmlElementView | undefined): MamWrapperMarker | undefined {
  const meta = children(app, 'meta-data').find((m) => valueText(attr(m, ATTR.name)) === 'mam.wrapper');
  return meta && parseMamWrapperMarker(valueText(attr(meta, ATTR.value)) ?? '');
}

/** Summarizes a manifest given as binary XML or as any XmlElementView (e.g. from an app bundle). */
export function summarizeManifest(input: AxmlDocument | XmlElementView, options: SummarizeOptions = {}): ManifestSummary {
  const root = 'nodes' in input ? axmlRootView(input) : input;
  const res = options.resources;
  const pkg = root?.attributes.find((a) => a.name === 'package' && !a.namespaceUri)?.value.string ?? '';
  const sdk = children(root, 'uses-sdk')[0];
  const app = children(root, 'application')[0];
  const appName = valueText(attr(app, ATTR.name));
  const versionCode = attr(root, ATTR.versionCode);
  const count = (tag: string): number => children(app, tag).length;
  return {
    package: pkg,
    versionCode: versionCode && versionCode.value.dataType >= TYPE_FIRST_INT ? versionCode.value.data : undefined,
    versionName: valueText(attr(root, ATTR.versionName), res),
    minSdk: valueText(attr(sdk, ATTR.minSdkVersion), res),
    targetSdk: valueText(attr(sdk, ATTR.targetSdkVersion), res),
    maxSdk: valueText(attr(sdk, ATTR.maxSdkVersion), res),
    applicationClass: appName === undefined ? undefined : resolveClassName(pkg, appName),
    applicationLabel: valueText(attr(app, ATTR.label), res),
    debuggable: isTrue(attr(app, ATTR.debuggable), false),
    launcherActivity: findLauncher(pkg, app),
    permissions: children(root, 'uses-permission', 'uses-permission-sdk-23', 'uses-permission-sdk-m')
      .map((p) => valueText(attr(p, ATTR.name)))
      .filter((n): n is string => n !== undefined),
    counts: {
      activities: count('activity'),
      activityAliases: count('activity-alias'),
      services: count('service'),
      receivers: count('receiver'),
      providers: count('provider'),
    },
    features: children(root, 'uses-feature').flatMap((f) => {
      const name = valueText(attr(f, ATTR.name));
      return name === undefined ? [] : [{ name, required: isTrue(attr(f, ATTR.required), true) }];
    }),
    mamWrapper: findMarker(app),
  };
}
