// The manifest-edit test set: every corpus APK (split-set members included) and every project
// fixture APK, each wrapped with the full set of manifest edits, its new manifest put into a copy of
// the APK with Info-ZIP's `zip` (an independent writer), ready for aapt, apktool and androguard.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseAxml } from '../../../src/android/axml/parse.js';
import { serializeAxml } from '../../../src/android/axml/serialize.js';
import { stringPoolOf, type AxmlDocument } from '../../../src/android/axml/model.js';
import { summarizeManifest } from '../../../src/android/manifest/summarize.js';
import { applyManifestEdits, planManifestEdits, type ManifestEdit } from '../../../src/android/manifest/plan.js';
import { FIXTURES, corpusFiles, run } from '../../helpers/env.js';
import { unzipEntry } from '../axml/corpus-manifests.js';

export const PROVIDER_CLASS = 'com.mam.runtime.Bootstrap';
export const MAM_VERSION = '0.1.0';
export const POLICY_SHA256 = 'c0ffee'.padEnd(64, '5');
export const ADD_PERMISSION = 'android.permission.ACCESS_NETWORK_STATE';
export const REMOVE_PERMISSION = 'android.permission.CAMERA';
export const MIN_SDK = 21;

export const EFFECTS = { permissionsToAdd: [ADD_PERMISSION], permissionsToRemove: [REMOVE_PERMISSION], cameraFeaturesNotRequired: true };

/** Every APK of the test set that has a manifest: corpus (recursively) then fixtures. */
export function testApks(): string[] {
  const fixtures = existsSync(join(FIXTURES, 'android'))
    ? readdirSync(join(FIXTURES, 'android')).filter((n) => n.endsWith('.apk')).sort().map((n) => join(FIXTURES, 'android', n))
    : [];
  return [...corpusFiles('android', '.apk'), ...fixtures].filter((f) => unzipEntry(f, 'AndroidManifest.xml') !== undefined);
}

export function labelOf(apk: string): string {
  return apk.includes('/fixtures/') ? `fixtures/${basename(apk)}` : apk.includes('splitset') ? `splitset/${basename(apk)}` : basename(apk);
}

export interface EditedApk {
  label: string;
  input: string;
  output: string;
  before: AxmlDocument;
  after: AxmlDocument;
  bytes: Uint8Array;
  edits: ManifestEdit[];
  changes: string[];
  utf8: boolean;
}

/** Plans and applies the full edit set on a manifest. */
export function wrapManifest(doc: AxmlDocument, sha = POLICY_SHA256): { doc: AxmlDocument; edits: ManifestEdit[]; changes: string[] } {
  const edits = planManifestEdits(summarizeManifest(doc), EFFECTS, { version: MAM_VERSION, policySha256: sha, providerClass: PROVIDER_CLASS, minSdk: MIN_SDK });
  return { ...applyManifestEdits(doc, edits), edits };
}

/** Writes `manifest` into a copy of `apk` at `output`, replacing the entry with Info-ZIP zip. */
export function replaceManifest(apk: string, manifest: Uint8Array, output: string, work: string): void {
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'AndroidManifest.xml'), manifest);
  copyFileSync(apk, output);
  run('zip', ['-q', '-X', output, 'AndroidManifest.xml'], { cwd: work });
}

export class EditedSet {
  readonly dir = mkdtempSync(join(tmpdir(), 'mam-manifest-edit-'));
  private readonly cache = new Map<string, EditedApk>();

  get(input: string): EditedApk {
    let e = this.cache.get(input);
    if (!e) {
      const before = parseAxml(unzipEntry(input, 'AndroidManifest.xml')!);
      const { doc: after, edits, changes } = wrapManifest(before);
      const bytes = serializeAxml(after);
      const name = `${this.cache.size}-${basename(input)}`;
      const output = join(this.dir, name);
      replaceManifest(input, bytes, output, join(this.dir, `${name}.d`));
      e = { label: labelOf(input), input, output, before, after, bytes, edits, changes, utf8: stringPoolOf(before).utf8 };
      this.cache.set(input, e);
    }
    return e;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
