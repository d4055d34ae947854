// androguard (an independent Python binary XML parser) reads every wrapped APK: it lists the bootstrap
// provider and the added permission, no longer lists CAMERA, finds the mam.wrapper meta-data and the
// raised min SDK. One Python process reads all APKs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMamWrapperMarker } from '../../../src/android/manifest/mam-marker.js';
import { SYSTEM_PYTHON, corpusPresent, havePythonModules, missingTools, run, skipNotice } from '../../helpers/env.js';
import { ADD_PERMISSION, EditedSet, MAM_VERSION, MIN_SDK, POLICY_SHA256, PROVIDER_CLASS, REMOVE_PERMISSION, labelOf, testApks } from './harness.js';

const READ_APKS = `
import json, sys, logging
logging.disable(logging.CRITICAL)
from androguard.core.bytecodes.apk import APK
NS = '{http://schemas.android.com/apk/res/android}'
out = {}
for path in json.load(open(sys.argv[1])):
    try:
        a = APK(path)
        xml = a.get_android_manifest_xml()
        metas = {m.get(NS + 'name'): m.get(NS + 'value') for m in xml.findall('./application/meta-data')}
        out[path] = {'package': a.get_package(), 'providers': a.get_providers(), 'permissions': a.get_permissions(),
                     'min': a.get_min_sdk_version(), 'marker': metas.get('mam.wrapper')}
    except Exception as e:
        out[path] = {'error': repr(e)}
print(json.dumps(out))
`;

interface Seen { package?: string; providers?: string[]; permissions?: string[]; min?: string; marker?: string; error?: string }

const noPython = !havePythonModules('androguard.core.bytecodes.apk');
if (noPython) skipNotice('manifest edits vs androguard', `${SYSTEM_PYTHON} cannot import androguard 3.4`);
const skip = noPython || missingTools('manifest edits vs androguard', 'zip', 'unzip') || !corpusPresent('manifest edits vs androguard');
const apks = skip ? [] : testApks();
const set = new EditedSet();
let seen: Record<string, Seen> = {};
afterAll(() => set.dispose());

beforeAll(() => {
  if (skip) return;
  const outputs = apks.map((a) => set.get(a).output);
  writeFileSync(join(set.dir, 'apks.json'), JSON.stringify(outputs));
  writeFileSync(join(set.dir, 'read.py'), READ_APKS);
  seen = JSON.parse(run(SYSTEM_PYTHON, [join(set.dir, 'read.py'), join(set.dir, 'apks.json')])) as Record<string, Seen>;
}, 300_000);

describe.skipIf(skip)('wrapped manifests vs androguard', () => {
  for (const apk of apks) {
    it(labelOf(apk), () => {
      const s = seen[set.get(apk).output]!;
      expect(s.error).toBeUndefined();
      expect(s.providers).toContain(PROVIDER_CLASS);
      expect(s.permissions).toContain(ADD_PERMISSION);
      expect(s.permissions).not.toContain(REMOVE_PERMISSION);
      expect(s.marker).toBe(formatMamWrapperMarker(MAM_VERSION, POLICY_SHA256));
      expect(Number(s.min)).toBeGreaterThanOrEqual(MIN_SDK);
    });
  }
});
