// `mam dex merge` and `mam dex disasm` on the built CLI: a merge that would overflow the method table
// exits 4 with DEX_REFERENCE_LIMIT and leaves no output file; a good merge passes dexdump -c.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addReferences } from '../../../src/android/dex/edit-references.js';
import { serializeDex } from '../../../src/android/dex/serialize.js';
import { ROOT, missingTools, runMam, runStatus } from '../../helpers/env.js';
import { emptyDex } from './empty-dex.js';

const RUNTIME = join(ROOT, 'runtime-shims', 'android', 'mam-runtime.dex');
const work = mkdtempSync(join(tmpdir(), 'mam-dex-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function fillerDex(methods: number, path: string): void {
  const dex = emptyDex();
  addReferences(dex, { methods: Array.from({ length: methods }, (_, i) => ({ class: 'Lfiller/Many;', name: `m${i}`, descriptor: '()V' })) });
  writeFileSync(path, serializeDex(dex));
}

describe.skipIf(!existsSync(join(ROOT, 'dist', 'cli', 'main.js')) || missingTools('mam dex CLI', 'dexdump'))('mam dex (built CLI)', () => {
  it('merge: DEX_REFERENCE_LIMIT exits 4 and writes nothing', () => {
    const full = join(work, 'full.dex');
    fillerDex(65_400, full);
    const out = join(work, 'out-full.dex');
    const r = runMam(['dex', 'merge', full, RUNTIME, '-o', out]);
    expect(r.status, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/error\[DEX_REFERENCE_LIMIT\].*primary DEX has 65400 and the merge adds \d+, over the limit of 65536/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(work).filter((f) => f.includes('out-full'))).toEqual([]);
  });

  it('merge: a small primary takes the runtime, and dexdump -c verifies the result', () => {
    const small = join(work, 'small.dex');
    fillerDex(10, small);
    const out = join(work, 'out-small.dex');
    const r = runMam(['dex', 'merge', small, RUNTIME, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(runStatus('dexdump', ['-c', out]).stdout).toContain('Checksum verified');
  });

  it('disasm: prints the class; an unknown class exits 2', () => {
    const ok = runMam(['dex', 'disasm', RUNTIME, 'com.mam.runtime.CameraHooks', '--method', 'open']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^\.class .*Lcom\/mam\/runtime\/CameraHooks;$/m);
    const bad = runMam(['dex', 'disasm', RUNTIME, 'Lno/Such;']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('DEX_CLASS_NOT_FOUND');
  });
});
