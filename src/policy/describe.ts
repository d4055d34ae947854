// One human-readable line per rule of the effective (normalized) policy, for `mam wrap`'s report and
// `mam policy validate`. The lines state what the runtime will do, in the order of the spec's table.
import { normalizePolicy, type NormalizedPolicy, type Policy } from './model.js';

export function describePolicy(p: Policy): string[] {
  const n = normalizePolicy(p);
  return [
    `Camera: ${n.camera.block ? 'blocked' : 'allowed'}`,
    `Data at rest: ${n.dataAtRest.encrypt ? 'encrypted (Android: AES-256-GCM; iOS: NSFileProtectionComplete)' : 'not encrypted by mam'}`,
    `Rooted/jailbroken device: ${compromised(n)}`,
    `VPN: ${vpn(n)}`,
    `Clipboard: ${clipboard(n)}`,
    `Screen capture: ${n.screenCapture.block ? 'blocked' : 'allowed'}`,
    `Sharing to other apps: ${n.sharing.openIn === 'block' ? 'blocked' : 'allowed'}`,
    `Network: ${network(n)}`,
    `Passcode: ${passcode(n)}`,
  ];
}

function compromised(n: NormalizedPolicy): string {
  const action = {
    allow: 'allowed (not checked)',
    warn: 'warn the user',
    block: 'block the app',
    wipe: "wipe the app's data and block the app",
  }[n.compromisedDevice.action];
  if (n.compromisedDevice.action === 'allow') return action;
  return `${action}${n.compromisedDevice.detectInstrumentation ? '; Frida/Xposed/Substrate traces count as compromise' : ''}`;
}

function vpn(n: NormalizedPolicy): string {
  if (n.vpn.mode === 'off') return 'not required';
  if (n.vpn.mode === 'always') return 'required whenever the app uses the network';
  const nets = n.vpn.allowedNetworks.map((a) => (a.ssid !== undefined ? `Wi-Fi ${JSON.stringify(a.ssid)}` : a.cidr));
  return `required except on ${nets.length} allowed network${nets.length === 1 ? '' : 's'} (${nets.join(', ')})`;
}

function clipboard(n: NormalizedPolicy): string {
  const out = { allow: 'copy out allowed', block: 'copy out blocked', withinApp: 'copy out only within the app' }[n.clipboard.copyOut];
  return `${out}; paste in ${n.clipboard.pasteIn === 'block' ? 'blocked' : 'allowed'}`;
}

function network(n: NormalizedPolicy): string {
  const parts = [n.network.blockLoopback ? 'loopback (127.0.0.0/8, ::1) blocked' : 'loopback allowed'];
  const hosts = n.network.blockedHosts;
  parts.push(hosts.length ? `${hosts.length} blocked host pattern${hosts.length === 1 ? '' : 's'} (${hosts.join(', ')})` : 'no blocked hosts');
  return parts.join('; ');
}

function passcode(n: NormalizedPolicy): string {
  const c = n.passcode;
  if (!c.required) return 'not required';
  const again = c.timeoutSeconds === 0 ? 'asked again every time the app returns' : `asked again after ${c.timeoutSeconds} s in the background`;
  return `required, at least ${c.minLength} characters, ${again}, biometric unlock ${c.allowBiometrics ? 'allowed' : 'not allowed'}`;
}
