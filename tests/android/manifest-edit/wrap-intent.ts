// The intent of the wrap's manifest edits, stated on aapt's text dump of the input (see
// expected-dump.ts): what `aapt dump xmltree` must print for the wrapped manifest.
import { ExpectedDump, attrLine, bool, elements, int, intValue, lineOf, str, stringValue, tagOf, type DumpNode } from './expected-dump.js';

const A = { name: 0x01010003, exported: 0x01010010, authorities: 0x01010018, initOrder: 0x0101001a, value: 0x01010024, minSdkVersion: 0x0101020c, targetSdkVersion: 0x01010270, required: 0x0101028e };
const PERMISSION_TAGS = ['uses-permission', 'uses-permission-sdk-23', 'uses-permission-sdk-m'];

export interface WrapIntent {
  package: string;
  addPermission: string;
  removePermission: string;
  minSdk: number;
  providerClass: string;
  marker: string;
}

/** Index where a new element goes in front of the element at `i` (before that element's comment line). */
function inFrontOf(children: DumpNode[], i: number): number {
  if (i < 0) return children.length;
  while (i > 0 && children[i - 1]!.content.startsWith('<!--')) i--;
  return i;
}

const nameOf = (n: DumpNode): string | undefined => stringValue(attrLine(n, A.name));

function removePermission(x: ExpectedDump, manifest: DumpNode, name: string): void {
  manifest.children = manifest.children.filter((c) => !(PERMISSION_TAGS.includes(tagOf(c) ?? '') && nameOf(c) === name));
}

function addPermission(x: ExpectedDump, manifest: DumpNode, name: string): void {
  const perms = elements(manifest, ...PERMISSION_TAGS);
  if (perms.some((p) => nameOf(p) === name)) return;
  const last = perms[perms.length - 1];
  const anchor = last ?? elements(manifest, 'application')[0];
  const at = last ? manifest.children.indexOf(last) + 1 : inFrontOf(manifest.children, anchor ? manifest.children.indexOf(anchor) : -1);
  manifest.children.splice(at, 0, x.element(manifest, 'uses-permission', anchor ? lineOf(anchor) : lineOf(manifest), [[A.name, 'name', str(name)]]));
}

function cameraFeatures(x: ExpectedDump, manifest: DumpNode): void {
  for (const f of elements(manifest, 'uses-feature')) {
    if (!/^android\.hardware\.camera(\.|$)/.test(nameOf(f) ?? '')) continue;
    const req = attrLine(f, A.required);
    if (req && req.content.includes('=(type 0x12)0x0')) continue;
    x.setAttr(f, A.required, 'required', bool(false), 'false');
  }
}

function raiseMinSdk(x: ExpectedDump, manifest: DumpNode, min: number): void {
  const sdk = elements(manifest, 'uses-sdk')[0];
  if (!sdk) {
    const first = manifest.children.findIndex((c) => tagOf(c) !== undefined);
    const el = x.element(manifest, 'uses-sdk', lineOf(manifest), [[A.minSdkVersion, 'minSdkVersion', int(min)], [A.targetSdkVersion, 'targetSdkVersion', int(1)]]);
    manifest.children.splice(inFrontOf(manifest.children, first), 0, el);
    return;
  }
  const minLine = attrLine(sdk, A.minSdkVersion);
  if (minLine && intValue(minLine) === undefined) return; // a codename
  const old = minLine ? intValue(minLine)! : 1;
  if (old >= min) return;
  x.setAttr(sdk, A.minSdkVersion, 'minSdkVersion', int(min), String(min));
  if (!attrLine(sdk, A.targetSdkVersion)) x.setAttr(sdk, A.targetSdkVersion, 'targetSdkVersion', int(old));
}

function application(x: ExpectedDump, manifest: DumpNode): DumpNode {
  let app = elements(manifest, 'application')[0];
  if (!app) {
    app = x.element(manifest, 'application', lineOf(manifest), []);
    manifest.children.push(app);
  }
  return app;
}

/** aapt's dump of the input, changed as the wrap intends. */
export function expectedWrappedDump(inputDump: string, w: WrapIntent): string {
  const x = new ExpectedDump(inputDump);
  const manifest = x.manifest();
  removePermission(x, manifest, w.removePermission);
  addPermission(x, manifest, w.addPermission);
  cameraFeatures(x, manifest);
  raiseMinSdk(x, manifest, w.minSdk);
  const app = application(x, manifest);
  const provider = x.element(app, 'provider', lineOf(app), [
    [A.name, 'name', str(w.providerClass)],
    [A.exported, 'exported', bool(false)],
    [A.authorities, 'authorities', str(`${w.package}.mam.bootstrap`)],
    [A.initOrder, 'initOrder', int(0x7fffffff)],
  ]);
  const firstChild = app.children.findIndex((c) => tagOf(c) !== undefined);
  app.children.splice(inFrontOf(app.children, firstChild), 0, provider);
  app.children.push(x.element(app, 'meta-data', lineOf(app), [[A.name, 'name', str('mam.wrapper')], [A.value, 'value', str(w.marker)]]));
  return x.render();
}
