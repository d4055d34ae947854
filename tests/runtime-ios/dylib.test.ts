// The committed iOS runtime, runtime-shims/ios/libmamruntime.dylib, checked with LLVM's Mach-O tools and
// Python's macholib: an arm64 MH_DYLIB with the install name the manifest records, a module
// initializer, an __interpose section, iOS 14.0 in LC_BUILD_VERSION, the selectors and notification names
// of every enforcement among its C strings, every undefined symbol exported
// by the .tbd stub of the library it is bound to; the manifest's hash and size; and a rebuild with
// build.sh gives the same bytes.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SYSTEM_PYTHON, havePythonModules, missingTools, run, skipNotice } from '../helpers/env.js';

const SHIM = join(ROOT, 'runtime-shims', 'ios');
const DYLIB = join(SHIM, 'libmamruntime.dylib');
const LLD = '/usr/lib/llvm-14/bin/ld64.lld';
const manifest = JSON.parse(readFileSync(join(SHIM, 'shim-manifest.json'), 'utf8')) as {
  dylib: { file: string; installName: string; sha256: string; size: number; minimumOS: string };
};

/** Every .tbd under tbd/: install name and exported symbols (the flow lists of our hand-written stubs). */
function readStubs(): { installName: string; symbols: Set<string> }[] {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.tbd')) files.push(p);
    }
  };
  walk(join(SHIM, 'tbd'));
  return files.map((f) => {
    const text = readFileSync(f, 'utf8');
    const installName = /install-name:\s*'([^']+)'/.exec(text)![1]!;
    const list = /symbols:\s*\[([^\]]*)\]/.exec(text)![1]!;
    return { installName, symbols: new Set(list.split(',').map((s) => s.trim()).filter(Boolean)) };
  });
}

function noMacholib(): boolean {
  const missing = !havePythonModules('macholib');
  if (missing) skipNotice('iOS runtime via macholib', `${SYSTEM_PYTHON} cannot import macholib`);
  return missing;
}

describe('iOS runtime artifact', () => {
  it('matches the manifest: file name, SHA-256 and size', () => {
    const bytes = readFileSync(DYLIB);
    expect(manifest.dylib.file).toBe(basename(DYLIB));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(manifest.dylib.sha256);
    expect(bytes.length).toBe(manifest.dylib.size);
  });

  it.skipIf(missingTools('iOS runtime Mach-O headers', 'llvm-objdump'))('is an arm64 MH_DYLIB with the recorded install name, iOS 14.0, and a module initializer', () => {
    const header = run('llvm-objdump', ['--macho', '--private-header', DYLIB]);
    expect(header).toMatch(/MH_MAGIC_64\s+ARM64\s+\S+\s+0x\S+\s+DYLIB/);
    const commands = run('llvm-objdump', ['--macho', '--private-headers', DYLIB]);
    const id = /cmd LC_ID_DYLIB\n\s+cmdsize \d+\n\s+name (\S+)/.exec(commands);
    expect(id?.[1]).toBe(manifest.dylib.installName);
    const build = /cmd LC_BUILD_VERSION\n\s+cmdsize \d+\n\s+platform (\S+)\n\s+sdk \S+\n\s+minos (\S+)/.exec(commands);
    expect(build?.slice(1)).toEqual(['ios', manifest.dylib.minimumOS]);
    expect(commands).not.toMatch(/LC_CODE_SIGNATURE/);
    expect(/cryptid (\d+)/.exec(commands)?.[1] ?? '0').toBe('0');
    const sections = run('llvm-objdump', ['--macho', '--section-headers', DYLIB]);
    const size = (name: string): number => parseInt(new RegExp(`\\s${name}\\s+([0-9a-f]+)`).exec(sections)?.[1] ?? '0', 16);
    expect(size('__mod_init_func')).toBe(8);
    // {replacement, original} pairs: connect, connectx, getaddrinfo.
    expect(size('__interpose')).toBe(3 * 16);
    const binds = run('llvm-objdump', ['--macho', '--bind', DYLIB]);
    const interposed = [...binds.matchAll(/__interpose\s+0x[0-9A-F]+\s+pointer\s+\d+\s+libSystem\s+(\S+)/g)].map((m) => m[1]);
    expect(interposed).toEqual(['_connect', '_connectx', '_getaddrinfo']);
  });

  it.skipIf(missingTools('iOS runtime undefined symbols', 'llvm-nm', 'llvm-objdump'))('binds every undefined symbol to a linked library whose .tbd exports it', () => {
    const stubs = readStubs();
    const byLeaf = new Map(stubs.map((s) => [basename(s.installName).replace(/\.A\.dylib$|\.B\.dylib$/, '').replace(/^lib/, ''), s]));
    const lines = run('llvm-nm', ['-m', '--undefined-only', DYLIB]).trim().split('\n');
    expect(lines.length).toBeGreaterThan(50);
    const unexplained = lines.filter((l) => {
      const m = /\(undefined\) external (\S+) \(from (\S+)\)/.exec(l);
      return !m || !byLeaf.get(m[2]!.replace(/^lib/, ''))?.symbols.has(m[1]!);
    });
    expect(unexplained).toEqual([]);
    const loads = [...run('llvm-objdump', ['--macho', '--private-headers', DYLIB]).matchAll(/cmd LC_LOAD_DYLIB\n\s+cmdsize \d+\n\s+name (\S+)/g)].map((m) => m[1]);
    expect(loads.sort()).toEqual(stubs.map((s) => s.installName).sort());
  });

  it.skipIf(missingTools('iOS runtime C strings', 'llvm-objdump'))('names the methods and notifications each enforcement hooks', () => {
    const listing = run('llvm-objdump', ['--macho', '--section=__TEXT,__cstring', DYLIB]);
    const strings = new Set(listing.split('\n').map((l) => /^[0-9a-f]{8,16}\s+(.*)$/.exec(l)?.[1]));
    const expected = [
      // camera, data at rest
      'devicesWithMediaType:', 'deviceInputWithDevice:error:', 'isSourceTypeAvailable:', 'writeToFile:options:error:',
      // screen capture
      'UIScreenCapturedDidChangeNotification', 'UIApplicationUserDidTakeScreenshotNotification', 'isCaptured',
      'UIApplicationWillResignActiveNotification', 'UIApplicationDidEnterBackgroundNotification', 'UIApplicationDidBecomeActiveNotification',
      // clipboard
      '_UIConcretePasteboard', 'UIPasteboardNameGeneral', 'pasteboardWithName:create:', 'changeCount',
      'setString:', 'setStrings:', 'setURL:', 'setImage:', 'setItems:', 'setItems:options:', 'addItems:', 'setData:forPasteboardType:',
      'string', 'strings', 'URL', 'image', 'items', 'dataForPasteboardType:', 'hasStrings', 'numberOfItems',
      // sharing
      'initWithActivityItems:applicationActivities:', 'presentViewController:animated:completion:',
      'presentOpenInMenuFromRect:inView:animated:', 'presentOpenInMenuFromBarButtonItem:animated:',
      'presentOptionsMenuFromRect:inView:animated:', 'presentOptionsMenuFromBarButtonItem:animated:',
      'openURL:options:completionHandler:', 'documentPickerMode',
    ];
    expect(expected.filter((name) => !strings.has(name))).toEqual([]);
  });

  it.skipIf(noMacholib())('reads the same with macholib: MH_DYLIB, CPU_TYPE_ARM64, LC_ID_DYLIB', () => {
    const script = `
import sys
from macholib.MachO import MachO
from macholib.mach_o import LC_ID_DYLIB, LC_BUILD_VERSION
m = MachO(sys.argv[1])
h = m.headers[0]
out = [str(len(m.headers)), str(h.header.filetype), str(h.header.cputype)]
for lc, cmd, data in h.commands:
    if lc.cmd == LC_ID_DYLIB:
        out.append(data.rstrip(b"\\0").decode())
    if lc.cmd == LC_BUILD_VERSION:
        out.append("%d %d.%d" % (cmd.platform, cmd.minos >> 16, (cmd.minos >> 8) & 255))
print("\\n".join(out))`;
    const [count, filetype, cputype, ...rest] = run(SYSTEM_PYTHON, ['-c', script, DYLIB]).trim().split('\n');
    expect([count, filetype, cputype]).toEqual(['1', '6', String(0x0100000c)]); // MH_DYLIB, CPU_TYPE_ARM64
    expect(rest).toContain(manifest.dylib.installName);
    expect(rest).toContain(`2 ${manifest.dylib.minimumOS}`); // PLATFORM_IOS
  });

  it.skipIf(missingTools('iOS runtime rebuild', 'clang', LLD))('rebuilds from source to the same bytes and hash (deterministic build)', () => {
    const out = mkdtempSync(join(tmpdir(), 'mam-ios-dylib-'));
    run('bash', [join(SHIM, 'build.sh'), out]);
    const rebuilt = readFileSync(join(out, 'libmamruntime.dylib'));
    expect(createHash('sha256').update(rebuilt).digest('hex')).toBe(manifest.dylib.sha256);
    expect(Buffer.compare(rebuilt, readFileSync(DYLIB))).toBe(0);
  });
});
