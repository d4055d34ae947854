// Which META-INF entries are "JAR signature files": the ones apksigner's signer drops from its input
// and regenerates (MANIFEST.MF, *.SF, *.RSA, *.DSA, *.EC, SIG-*, directly in META-INF/, any case).
// Oracle: sign a zip full of look-alike names with `apksigner sign` and see which names it drops.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJarSignatureFile, pairV1SignerFiles } from '../../../src/android/sign/jar-signature.js';
import { missingTools, run, SYSTEM_PYTHON } from '../../helpers/env.js';

const NAMES = [
  'classes.dex', 'FOO.SF', 'CERT.RSA', 'res/raw/x.RSA',
  'META-INF/FOO.SF', 'META-INF/foo.rsa', 'META-INF/BAR.EC', 'META-INF/x.DSA', 'META-INF/SIG-1', 'META-INF/sig-lower',
  'META-INF/Manifest.mf', 'META-INF/a.mf', 'META-INF/MANIFEST.MF.bak', 'META-INF/CERT.RSA.txt', 'META-INF/x.Sf',
  'META-INF/services/a.b.C', 'META-INF/sub/OLD.RSA', 'META-INF/sub/OLD.SF', 'META-INF/kotlinx.version',
  'META-INF/com/android/build/gradle/app-metadata.properties', 'META-INF/androidx.core_core.version',
];

describe('isJarSignatureFile', () => {
  it('is false outside META-INF, in its subfolders and for directories', () => {
    expect(isJarSignatureFile('META-INF/')).toBe(false);
    expect(isJarSignatureFile('META-INF/sub/')).toBe(false);
    expect(isJarSignatureFile('meta-inf/CERT.RSA')).toBe(false);
  });

  it('pairs block files with their .SF files as apksigner does', () => {
    const { signers, issues } = pairV1SignerFiles(['META-INF/MANIFEST.MF', 'META-INF/A.SF', 'META-INF/A.RSA', 'META-INF/B.EC', 'META-INF/C.SF', 'META-INF/c.rsa']);
    expect(signers.map((s) => [s.name, s.signatureFileEntry])).toEqual([['A.RSA', 'META-INF/A.SF']]);
    expect(issues.map((i) => [i.code, i.where])).toEqual([['APKSIG_V1_MISSING_SIGNATURE_FILE', 'META-INF/B.EC']]);
  });

  describe.skipIf(missingTools('JAR signature file names vs apksigner sign', 'apksigner', 'keytool'))('vs apksigner sign', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mam-jsf-'));
    let dropped = new Set<string>();
    beforeAll(() => {
      const ks = join(dir, 'ks.p12');
      run('keytool', ['-genkeypair', '-keystore', ks, '-storetype', 'PKCS12', '-storepass', 'pass123456', '-alias', 'k', '-keyalg', 'EC', '-groupname', 'secp256r1', '-dname', 'CN=test', '-validity', '3650']);
      const script = `import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('META-INF/MANIFEST.MF', b'Manifest-Version: 1.0\\r\\n\\r\\n')
    for n in sys.argv[2:]:
        z.writestr(n, b'x')`;
      run(SYSTEM_PYTHON, ['-c', script, join(dir, 'in.apk'), ...NAMES]);
      run('apksigner', ['sign', '--ks', ks, '--ks-pass', 'pass:pass123456', '--min-sdk-version', '21', '--v2-signing-enabled', 'false', '--v3-signing-enabled', 'false', '--out', join(dir, 'out.apk'), join(dir, 'in.apk')]);
      const out = new Set(run(SYSTEM_PYTHON, ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', join(dir, 'out.apk')]).split('\n'));
      dropped = new Set(NAMES.filter((n) => !out.has(n)));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.each(NAMES)('%s', (name) => {
      expect(isJarSignatureFile(name)).toBe(dropped.has(name));
    });
  });
});
