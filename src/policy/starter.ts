// The starter policies that `mam policy init` writes. Both name every section explicitly, so that the
// file a user edits shows every setting.
//
// default: the mission's four policies on, with actions that do not lock users out —
//   camera blocked, data encrypted at rest, a warning on rooted/jailbroken or instrumented devices, no
//   forced VPN (a VPN rule needs the organisation's own networks, and "always" would cut off users
//   without a VPN client); clipboard, screenshots, sharing, network and passcode left open.
// strict: every protection on with its strictest action — wipe on compromise, VPN always, clipboard
//   blocked both ways, screenshots and sharing blocked, loopback blocked, an 8-character passcode
//   asked again after 60 s in the background, no biometric unlock.
import type { Policy } from './model.js';

export type StarterPreset = 'default' | 'strict';
export const STARTER_PRESETS: readonly StarterPreset[] = ['default', 'strict'];

export function starterPolicy(preset: StarterPreset): Policy {
  return preset === 'strict' ? strictPolicy() : defaultPolicy();
}

function defaultPolicy(): Policy {
  return {
    schemaVersion: 1,
    name: 'mam default policy',
    camera: { block: true },
    dataAtRest: { encrypt: true },
    compromisedDevice: { action: 'warn', detectInstrumentation: true },
    vpn: { mode: 'off', allowedNetworks: [] },
    clipboard: { copyOut: 'allow', pasteIn: 'allow' },
    screenCapture: { block: false },
    sharing: { openIn: 'allow' },
    network: { blockLoopback: false, blockedHosts: [] },
    passcode: { required: false, minLength: 6, timeoutSeconds: 300, allowBiometrics: true },
  };
}

function strictPolicy(): Policy {
  return {
    schemaVersion: 1,
    name: 'mam strict policy',
    camera: { block: true },
    dataAtRest: { encrypt: true },
    compromisedDevice: { action: 'wipe', detectInstrumentation: true },
    vpn: { mode: 'always', allowedNetworks: [] },
    clipboard: { copyOut: 'block', pasteIn: 'block' },
    screenCapture: { block: true },
    sharing: { openIn: 'block' },
    network: { blockLoopback: true, blockedHosts: [] },
    passcode: { required: true, minLength: 8, timeoutSeconds: 60, allowBiometrics: false },
  };
}
