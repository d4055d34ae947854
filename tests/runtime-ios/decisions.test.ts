// The iOS runtime's network and device decisions (runtime-shims/ios/src/core, built for this machine).
// Oracles: the published schema's cidr and hostPattern patterns (schema/policy.schema.json) for what is
// well-formed; node:net's BlockList for CIDR membership; docs/policy-spec-draft.md's stated rules for
// host patterns, VPN modes and actions; the real file system for the container wipe.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { BlockList } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/env.js';
import { batch, buildRunner, hostCompiler, prng, runRunner } from './host-runner.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'policy.schema.json'), 'utf8')) as {
  $defs: Record<string, { pattern: string; maxLength: number }>;
};
const matches = (def: string, s: string): boolean => s.length <= schema.$defs[def]!.maxLength && new RegExp(schema.$defs[def]!.pattern, 'u').test(s);

const cc = hostCompiler();
let runner = '';
const work = mkdtempSync(join(tmpdir(), 'mam-ios-decide-'));
const policy = (name: string, p: object): string => {
  const f = join(work, name);
  writeFileSync(f, JSON.stringify({ schemaVersion: 1, ...p }));
  return f;
};

beforeAll(() => {
  if (cc) runner = buildRunner(cc);
});

function cidrCandidates(rnd: () => number): string[] {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const hex = (): string => Math.floor(rnd() * 0x10000).toString(16).slice(0, 1 + Math.floor(rnd() * 4));
  const octet = (): string => pick(['0', '1', '9', '10', '99', '100', '199', '249', '250', '255', '256', '01', '300', String(Math.floor(rnd() * 256))]);
  const prefix = (): string => pick(['0', '8', '24', '32', '33', '64', '128', '129', '08', '', '-1']);
  const out: string[] = [];
  for (let i = 0; i < 3000; i++) {
    if (rnd() < 0.4) {
      const n = pick([3, 4, 4, 4, 5]);
      out.push(`${Array.from({ length: n }, octet).join('.')}/${prefix()}`);
      continue;
    }
    const groups = Array.from({ length: pick([1, 2, 3, 5, 6, 7, 8, 8, 9]) }, hex);
    if (rnd() < 0.6) groups.splice(Math.floor(rnd() * (groups.length + 1)), rnd() < 0.5 ? 1 : 0, '');
    let text = groups.join(':');
    if (text.startsWith(':') && !text.startsWith('::')) text = ':' + text;
    if (text.endsWith(':') && !text.endsWith('::')) text += ':';
    if (rnd() < 0.2) text += `:${octet()}.${octet()}.${octet()}.${octet()}`;
    out.push(`${text}/${prefix()}${rnd() < 0.03 ? pick([' ', '%en0', 'x']) : ''}`);
  }
  return out.concat(['::/0', '::1/128', '1::/16', '::ffff:10.0.0.0/104', '1:2:3:4:5:6:7::/64', '::2:3:4:5:6:7:8/64', ':::/0', '1:::2/8', '1::2::3/8']);
}

describe.skipIf(!cc)('CIDR networks', () => {
  it('accepts exactly what the schema pattern accepts (3000 generated candidates)', () => {
    const cands = cidrCandidates(prng(3));
    const got = batch(runner, cands.map((c) => `cidr-valid ${c}`));
    const disagreements = cands.filter((c, i) => (got[i] === '1') !== matches('cidr', c));
    expect(disagreements).toEqual([]);
    expect(got.filter((g) => g === '1').length).toBeGreaterThan(300);
  });

  it('decides membership as node:net BlockList does (IPv4 and IPv6, every prefix length)', () => {
    const rnd = prng(5);
    const byte = (): number => Math.floor(rnd() * 256);
    const lines: string[] = [];
    const expected: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const v4 = rnd() < 0.5;
      const net = v4 ? [byte(), byte(), byte(), byte()].join('.') : Array.from({ length: 8 }, () => ((byte() << 8) | byte()).toString(16)).join(':');
      const prefix = Math.floor(rnd() * (v4 ? 33 : 129));
      // Addresses near the network: flip one bit, sometimes inside the prefix, sometimes after it.
      const addrBytes = v4 ? net.split('.').map(Number) : net.split(':').flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 255]);
      const bit = Math.floor(rnd() * addrBytes.length * 8);
      addrBytes[bit >> 3]! ^= 0x80 >> (bit & 7);
      const addr = v4 ? addrBytes.join('.') : Array.from({ length: 8 }, (_, k) => ((addrBytes[2 * k]! << 8) | addrBytes[2 * k + 1]!).toString(16)).join(':');
      const list = new BlockList();
      list.addSubnet(net, prefix, v4 ? 'ipv4' : 'ipv6');
      lines.push(`cidr-contains ${net}/${prefix} ${addr}`);
      expected.push(list.check(addr, v4 ? 'ipv4' : 'ipv6') ? '1' : '0');
    }
    expect(batch(runner, lines)).toEqual(expected);
  });

  it('matches IPv4-mapped IPv6 addresses against IPv4 networks, as node:net BlockList does', () => {
    const pairs: [string, string][] = [['10.0.0.0/8', '::ffff:10.2.3.4'], ['10.0.0.0/8', '::ffff:11.2.3.4'], ['192.168.1.0/24', '::ffff:192.168.1.77'], ['192.168.1.0/24', '::ffff:192.168.2.77']];
    const expected = pairs.map(([n, a]) => {
      const list = new BlockList();
      const [ip, len] = n.split('/');
      list.addSubnet(ip!, Number(len), 'ipv4');
      return list.check(a, 'ipv6') ? '1' : '0';
    });
    expect(batch(runner, pairs.map(([n, a]) => `cidr-contains ${n} ${a}`))).toEqual(expected);
    expect(expected).toEqual(['1', '0', '1', '0']);
  });
});

describe.skipIf(!cc)('host patterns', () => {
  it('accepts exactly what the schema pattern accepts', () => {
    const rnd = prng(9);
    const alphabet = 'abcXYZ09-.*_ ';
    const cands = Array.from({ length: 3000 }, () => Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(''));
    cands.push('a'.repeat(63), 'a'.repeat(64), `${'a'.repeat(63)}.`.repeat(3) + 'a'.repeat(61), `${'a'.repeat(63)}.`.repeat(3) + 'a'.repeat(62), '*.a', '*', '*.', '**.a', 'a.*.b');
    const got = batch(runner, cands.map((c) => `host-valid ${c}`));
    expect(cands.filter((c, i) => (got[i] === '1') !== matches('hostPattern', c))).toEqual([]);
  });

  it('matches as the policy spec says: wildcards at any depth but not the bare domain, case-insensitive', () => {
    const cases: [string, string, string][] = [
      ['*.example.com', 'a.example.com', '1'], ['*.example.com', 'a.b.example.com', '1'], ['*.example.com', 'example.com', '0'],
      ['*.example.com', 'badexample.com', '0'], ['*.example.com', 'A.EXAMPLE.COM', '1'], ['*.example.com', 'a.example.com.', '1'],
      ['host.example', 'host.example', '1'], ['host.example', 'HOST.Example', '1'], ['host.example', 'a.host.example', '0'],
      ['host.example', 'host.example.org', '0'], ['X.Example.COM', 'x.example.com', '1'],
    ];
    expect(batch(runner, cases.map(([p, h]) => `host-match ${p} ${h}`))).toEqual(cases.map((c) => c[2]));
    const f = policy('hosts.json', { network: { blockedHosts: ['*.tracker.example', 'ads.example'] } });
    expect(batch(runner, ['host-blocked x.tracker.example', 'host-blocked tracker.example', 'host-blocked ADS.example', 'host-blocked example'], f)).toEqual(['1', '0', '1', '0']);
  });
});

describe.skipIf(!cc)('VPN', () => {
  it('counts a tunnel interface only when it is up with a routable address', () => {
    const lines = [
      'vpn-up utun0:1:fe80::1 utun1:1:fe80::abcd en0:1:192.168.1.5',       // iOS idle tunnels: no VPN
      'vpn-up utun3:1:10.8.0.2',
      'vpn-up utun3:0:10.8.0.2',                                            // down
      'vpn-up ipsec0:1:172.16.0.9',
      'vpn-up ppp0:1:2001:db8::5',
      'vpn-up tap1:1:- tun0:1:0.0.0.0',                                      // no usable address
      'vpn-up en0:1:10.8.0.2 pdp_ip0:1:100.64.0.1',                         // not tunnels
      'vpn-up utunx:1:10.0.0.1 xutun0:1:10.0.0.1',
      'scoped-vpn utun4', 'scoped-vpn en0', 'scoped-vpn ipsec1',
    ];
    expect(batch(runner, lines)).toEqual(['0', '1', '0', '1', '1', '0', '0', '0', '1', '0', '1']);
  });

  it('applies the three modes as the policy spec defines them', () => {
    const off = policy('off.json', {});
    const always = policy('always.json', { vpn: { mode: 'always' } });
    const outside = policy('outside.json', { vpn: { mode: 'outsideAllowedNetworks', allowedNetworks: [{ ssid: 'CorpWiFi' }, { cidr: '10.0.0.0/8' }, { cidr: '2001:db8::/32' }] } });
    const req = ['requirement 0 0', 'requirement 0 1', 'requirement 1 0', 'requirement 1 1'];
    expect(batch(runner, req, off)).toEqual(['1', '1', '1', '1']);
    expect(batch(runner, req, always)).toEqual(['0', '0', '1', '1']);
    expect(batch(runner, req, outside)).toEqual(['0', '1', '1', '1']);
    expect(batch(runner, [
      'allowed CorpWiFi', 'allowed corpwifi', 'allowed - en0:1:10.1.2.3', 'allowed - en0:0:10.1.2.3',
      'allowed - pdp_ip0:1:10.1.2.3', 'allowed - en1:1:2001:db8:1::7', 'allowed Guest en0:1:192.168.0.4',
    ], outside)).toEqual(['1', '0', '1', '0', '0', '1', '0']);
  });

  it('refuses IP connections while the requirement is unmet, loopback only when the policy says so', () => {
    const plain = policy('plain.json', { vpn: { mode: 'always' } });
    const loop = policy('loop.json', { vpn: { mode: 'always' }, network: { blockLoopback: true } });
    const lines = ['connect 0 93.184.216.34', 'connect 1 93.184.216.34', 'connect 0 2001:db8::1', 'connect 0 127.0.0.1', 'connect 0 ::1', 'connect 1 ::ffff:127.0.0.2', 'connect 0 unix'];
    expect(batch(runner, lines, plain)).toEqual(['EHOSTUNREACH', '0', 'EHOSTUNREACH', '0', '0', '0', '0']);
    expect(batch(runner, lines, loop)).toEqual(['EHOSTUNREACH', '0', 'EHOSTUNREACH', 'ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED', '0']);
  });
});

describe.skipIf(!cc)('jailbreak', () => {
  it('classifies loaded images and environment variables', () => {
    const I = '16', J = '8';
    const lines = [
      'image /usr/lib/libc++.1.dylib', 'image /System/Library/Frameworks/UIKit.framework/UIKit',
      'image /private/var/containers/Bundle/Application/X/App.app/Frameworks/libmamruntime.dylib',
      'image /Library/MobileSubstrate/MobileSubstrate.dylib', 'image /usr/lib/libsubstitute.dylib',
      'image /var/jb/usr/lib/libellekit.dylib', 'image /usr/lib/frida/frida-agent.dylib', 'image /tmp/FridaGadget.dylib',
      'image /usr/lib/libcycript.dylib', 'image /var/jb/Library/TweakInject/Foo.dylib', 'image /usr/lib/libhooker.dylib',
      'image /Library/MobileSubstrate/DynamicLibraries/Tweak.dylib',
      'image /private/preboot/ABCD/jb-XYZ/procursus/usr/lib/Tweak.dylib',
      'image /private/preboot/Cryptexes/OS/System/Library/Frameworks/Foo.framework/Foo',
      'env DYLD_INSERT_LIBRARIES=/tmp/x.dylib', 'env DYLD_INSERT_LIBRARIES=', 'env HOME=/var/mobile',
    ];
    expect(batch(runner, lines)).toEqual(['0', '0', '0', I, I, I, I, I, I, J, I, I, J, '0', I, '0', '0']);
  });

  it('lists rootful and rootless jailbreak files, Cydia, Sileo and Zebra', () => {
    const paths = runRunner(runner, ['jailbreak-paths']).stdout.trim().split('\n');
    for (const p of ['/Applications/Cydia.app', '/Applications/Sileo.app', '/Applications/Zebra.app', '/var/jb', '/Library/MobileSubstrate/MobileSubstrate.dylib', '/etc/apt'])
      expect(paths).toContain(p);
    expect(paths.every((p) => p.startsWith('/'))).toBe(true);
  });

  it("chooses the policy's action only for signals that count", () => {
    const F = 1, W = 2, K = 4, I = 16;
    for (const action of ['allow', 'warn', 'block', 'wipe'] as const) {
      const f = policy(`act-${action}.json`, { compromisedDevice: { action } });
      expect(batch(runner, [`compromise 0`, `compromise ${F}`, `compromise ${W | K}`, `compromise ${I}`], f)).toEqual(['allow', action, action, action]);
    }
    const noInstr = policy('noinstr.json', { compromisedDevice: { action: 'block', detectInstrumentation: false } });
    expect(batch(runner, [`compromise ${I}`, `compromise ${I | F}`], noInstr)).toEqual(['allow', 'block']);
  });

  it('wipes a container without following symbolic links out of it', () => {
    const root = mkdtempSync(join(tmpdir(), 'mam-wipe-'));
    const box = join(root, 'container');
    const outside = join(root, 'outside');
    mkdirSync(join(box, 'Documents', 'deep', 'er'), { recursive: true });
    mkdirSync(join(box, 'Library', 'Caches'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(outside, 'keep.txt'), 'keep');
    writeFileSync(join(box, 'Documents', 'deep', 'er', 'a.bin'), 'a');
    writeFileSync(join(box, 'Library', '.hidden'), 'h');
    symlinkSync(outside, join(box, 'Documents', 'link-to-outside'));
    const walked = runRunner(runner, ['walk', box]).stdout.trim().split('\n').map((l) => l.replace(box, ''));
    expect(walked.sort()).toEqual(['d /Documents', 'd /Documents/deep', 'd /Documents/deep/er', 'd /Library', 'd /Library/Caches', 'f /Documents/deep/er/a.bin', 'f /Documents/link-to-outside', 'f /Library/.hidden'].sort());
    expect(runRunner(runner, ['wipe', box]).stdout.trim()).toBe('0');
    expect(readdirSync(box)).toEqual([]);
    expect(existsSync(join(outside, 'keep.txt'))).toBe(true);
  });
});

