// The iOS runtime's clipboard, sharing and screen-capture decisions (runtime-shims/ios/src/core
// mam-pasteboard, mam-share, mam-screen, built for this machine). Expectations come from the policy's
// own words (docs/policy.md, docs/policy-spec-draft.md):
//   clipboard.copyOut  "block: nothing can be copied out of the app; withinApp: copies can be pasted
//                       only inside this app"
//   clipboard.pasteIn  "block: content copied in other apps cannot be pasted here"
//   sharing.openIn     "block: documents cannot be sent to other apps (share sheets, open-in, send intents)"
//   screenCapture      "iOS: content hidden while the screen is captured"
// run over every policy in fixtures/policy, with each field read from the fixture by JSON.parse and
// absent fields taking the documented defaults. URL schemes are checked against the WHATWG URL parser
// (node's URL), whose scheme grammar is RFC 3986's.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/env.js';
import { batch, buildRunner, hostCompiler, prng } from './host-runner.js';

type CopyOut = 'allow' | 'block' | 'withinApp';
type PasteIn = 'allow' | 'block';
interface Exposure { copyOut: CopyOut; pasteIn: PasteIn; screenBlock: boolean; openIn: 'allow' | 'block' }

const POLICY_DIR = join(FIXTURES, 'policy');
const fixtures = readdirSync(POLICY_DIR).filter((f) => f.endsWith('.json')).sort();
const exposureOf = (file: string): Exposure => {
  const doc = JSON.parse(readFileSync(join(POLICY_DIR, file), 'utf8')) as {
    clipboard?: { copyOut?: CopyOut; pasteIn?: PasteIn }; screenCapture?: { block?: boolean }; sharing?: { openIn?: 'allow' | 'block' };
  };
  return {
    copyOut: doc.clipboard?.copyOut ?? 'allow', pasteIn: doc.clipboard?.pasteIn ?? 'allow',
    screenBlock: doc.screenCapture?.block ?? false, openIn: doc.sharing?.openIn ?? 'allow',
  };
};

const cc = hostCompiler();
let runner = '';
const work = mkdtempSync(join(tmpdir(), 'mam-ios-exposure-'));
const policy = (name: string, p: object): string => {
  const f = join(work, name);
  writeFileSync(f, JSON.stringify({ schemaVersion: 1, ...p }));
  return f;
};
const clipboardPolicy = (copyOut: CopyOut, pasteIn: PasteIn): string => policy(`clip-${copyOut}-${pasteIn}.json`, { clipboard: { copyOut, pasteIn } });

beforeAll(() => {
  if (cc) runner = buildRunner(cc);
});

// Scenarios on a simulated device: the app and another app copy (A is the app's, B and C other apps');
// each paste prints what it gets, "-" for nothing. One expectation per clipboard mode, from the spec:
// the other app never sees A unless copyOut is allow; the app never gets B or C when pasteIn is block;
// withinApp keeps the app's copies pasteable inside it; otherwise the newest copy wins.
const SCENARIOS = [
  'app-copy:A other-paste',
  'app-copy:A app-paste',
  'other-copy:B app-paste',
  'app-copy:A other-copy:B app-paste',
  'other-copy:B app-copy:A app-paste other-paste',
  'app-copy:A other-copy:B app-copy:C app-paste other-paste other-copy:D app-paste',
];
const EXPECTED: Record<`${CopyOut}/${PasteIn}`, string[]> = {
  'allow/allow': ['A', 'A', 'B', 'B', 'A A', 'C C D'],
  'allow/block': ['A', 'A', '-', '-', 'A A', 'C C -'],
  'block/allow': ['-', '-', 'B', 'B', 'B B', 'B B D'],
  'block/block': ['-', '-', '-', '-', '- B', '- B -'],
  'withinApp/allow': ['-', 'A', 'B', 'B', 'A B', 'C B D'],
  'withinApp/block': ['-', 'A', '-', 'A', 'A B', 'C B C'],
};

describe.skipIf(!cc)('clipboard', () => {
  it('decides each operation by mode × operation × origin', () => {
    const ops = ['pb-decide write other', 'pb-decide read this', 'pb-decide read other'];
    const table: Record<`${CopyOut}/${PasteIn}`, string[]> = {
      'allow/allow': ['allow', 'allow', 'allow'],
      'allow/block': ['allow', 'allow', 'deny'],
      'block/allow': ['deny', 'allow', 'allow'],
      'block/block': ['deny', 'deny', 'deny'],
      'withinApp/allow': ['redirect', 'redirect', 'allow'],
      'withinApp/block': ['redirect', 'redirect', 'redirect'],
    };
    for (const [mode, expected] of Object.entries(table)) {
      const [copyOut, pasteIn] = mode.split('/') as [CopyOut, PasteIn];
      expect(batch(runner, ops, clipboardPolicy(copyOut, pasteIn)), mode).toEqual(expected);
    }
  });

  it('keeps copies in, and other apps\' copies out, as each of the six modes says', () => {
    for (const [mode, expected] of Object.entries(EXPECTED)) {
      const [copyOut, pasteIn] = mode.split('/') as [CopyOut, PasteIn];
      expect(batch(runner, SCENARIOS.map((s) => `clip ${s}`), clipboardPolicy(copyOut, pasteIn)), mode).toEqual(expected);
    }
  });

  it.each(fixtures)('applies the clipboard section of fixtures/policy/%s', (file) => {
    const e = exposureOf(file);
    expect(batch(runner, SCENARIOS.map((s) => `clip ${s}`), join(POLICY_DIR, file))).toEqual(EXPECTED[`${e.copyOut}/${e.pasteIn}`]);
  });

  it('names a private pasteboard per app', () => {
    expect(batch(runner, ['pb-name com.example.mail', 'pb-name com.example.notes', 'pb-name -'])).toEqual(['mam.private.com.example.mail', 'mam.private.com.example.notes', 'mam.private.app']);
  });
});

function schemeCandidates(rnd: () => number): string[] {
  const pick = (s: string): string => s[Math.floor(rnd() * s.length)]!;
  const out: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const alphabet = rnd() < 0.8 ? 'aZq09+-.' : 'aZ9+-._%~/?# ';
    const first = rnd() < 0.7 ? pick('aZq') : pick(alphabet);
    const name = first + Array.from({ length: Math.floor(rnd() * 8) }, () => pick(alphabet)).join('');
    out.push(`${name}${rnd() < 0.85 ? ':' : ''}//example.com/x`);
  }
  // The WHATWG parser first strips leading spaces; an NSURL's absoluteString never starts with one.
  return out.filter((c) => !c.startsWith(' '));
}

const OPEN_URLS: [string, string][] = [
  ['https://example.com/doc.pdf', '0'], ['HTTP://example.com', '0'], ['tel:+15551234', '0'], ['telprompt:5551234', '0'],
  ['facetime:user@example.com', '0'], ['facetime-audio:5551234', '0'], ['app-settings:', '0'],
  ['itms-apps://apps.apple.com/app/id1', '0'], ['mailto:someone@example.com', '0'], ['sms:5551234', '0'],
  ['mailto:someone@example.com?subject=Q3%20numbers&body=attached', '1'], ['sms:5551234&body=secret', '1'],
  ['sms:?body=secret', '1'], ['otherapp://import?data=abc', '1'], ['file:///private/var/mobile/doc.pdf', '1'],
  ['shareddocuments:///private/var/mobile/doc.pdf', '1'], ['com.googleusercontent.apps.1:/x', '1'],
  ['no-colon-here', '0'], ['/relative/path:x', '0'], [`${'a'.repeat(40)}:x`, '1'],
];

describe.skipIf(!cc)('sharing', () => {
  it('reads URL schemes as the WHATWG URL parser does (2000 generated candidates)', () => {
    const cands = schemeCandidates(prng(21));
    const got = batch(runner, cands.map((c) => `url-scheme ${c}`));
    const oracle = cands.map((c) => {
      try {
        return new URL(c).protocol.slice(0, -1);
      } catch {
        return '-';
      }
    });
    expect(cands.filter((c, i) => got[i] !== oracle[i])).toEqual([]);
    expect(got.filter((g) => g !== '-').length).toBeGreaterThan(600);
  });

  it('treats a URL as sharing when it hands content to another app', () => {
    expect(batch(runner, OPEN_URLS.map(([u]) => `url-sharing ${u}`))).toEqual(OPEN_URLS.map(([, e]) => e));
  });

  it.each(fixtures)('refuses sharing URL opens only when fixtures/policy/%s blocks open-in', (file) => {
    const blocked = exposureOf(file).openIn === 'block';
    expect(batch(runner, OPEN_URLS.map(([u]) => `url-refused ${u}`), join(POLICY_DIR, file))).toEqual(OPEN_URLS.map(([, e]) => (blocked ? e : '0')));
  });

  it('counts document pickers that export or move files to another app as sharing', () => {
    // UIDocumentPickerMode: import 0, open 1, exportToService 2, moveToService 3.
    expect(batch(runner, ['picker 0', 'picker 1', 'picker 2', 'picker 3', 'picker 4', 'picker -1'])).toEqual(['0', '0', '1', '1', '0', '0']);
  });
});

describe.skipIf(!cc)('screen capture', () => {
  it.each(fixtures)('covers the app while captured or inactive only when fixtures/policy/%s blocks capture', (file) => {
    const block = exposureOf(file).screenBlock;
    const lines = ['cover 0 1', 'cover 1 1', 'cover 0 0', 'cover 1 0', 'screenshot-notice'];
    const expected = block ? ['none', 'capture', 'snapshot', 'capture', '1'] : ['none', 'none', 'none', 'none', '0'];
    expect(batch(runner, lines, join(POLICY_DIR, file))).toEqual(expected);
  });
});
