// What a policy implies for each platform, as data: the CONTRACT between the policy module and the
// wrap stages (src/android, src/ios, src/pipeline). Stages read these objects and apply them; they do
// not look at policy fields themselves. Embedding locations and markers follow
// docs/policy-spec-draft.md "Embedding and digest".
//
// Hook groups name families of call sites the runtime must intercept:
//   camera           Android: Camera.open, CameraManager.openCamera, capture intents;
//                    iOS: AVCaptureDevice / UIImagePickerController camera paths
//   file-encryption  Android: file streams and channels (AES-256-GCM chunks);
//                    iOS: file writes get NSFileProtectionComplete
//   network          socket connects and URL connections (VPN gate, loopback, blocked hosts)
//   clipboard        Android ClipboardManager, iOS UIPasteboard
//   sharing          Android ACTION_SEND/ACTION_VIEW intents to other apps; iOS activity and
//                    document-interaction controllers
//   screen-capture   iOS only (hide content while captured); Android uses FLAG_SECURE from the
//                    runtime's activity lifecycle callbacks and needs no call-site hook
import { normalizePolicy, type NormalizedPolicy, type Policy } from './model.js';

export type HookGroup = 'camera' | 'file-encryption' | 'network' | 'clipboard' | 'sharing' | 'screen-capture';

export const ANDROID_POLICY_ENTRY = 'assets/mam/policy.json';
export const ANDROID_WRAPPER_META_DATA = 'mam.wrapper';
export const IOS_POLICY_FILE = 'mam/policy.json';
export const IOS_WRAPPER_PLIST_KEY = 'MAMWrapper';

/** The `android:value` of the `mam.wrapper` meta-data. */
export function androidWrapperMetaValue(mamVersion: string, digest: string): string {
  return `mam ${mamVersion}; policy-sha256=${digest}`;
}

/** The `MAMWrapper` dictionary of Info.plist. */
export function iosWrapperPlistValue(mamVersion: string, digest: string): { Version: string; PolicySHA256: string } {
  return { Version: mamVersion, PolicySHA256: digest };
}

export interface AndroidEffects {
  /** `<uses-permission>` to add when absent; sorted. */
  permissionsToAdd: string[];
  /** `<uses-permission>` (and `<uses-permission-sdk-23>`) to remove; sorted. */
  permissionsToRemove: string[];
  /** Set android:required="false" on every `<uses-feature>` named android.hardware.camera*. */
  cameraFeaturesNotRequired: boolean;
  /** Call-site groups to rewrite in the app's DEX; in the order of HookGroup. */
  hookGroups: HookGroup[];
  /** Consequences the wrap report should mention. */
  notes: string[];
}

export interface IosEffects {
  /** Info.plist keys to delete. */
  infoPlistKeysToRemove: string[];
  /** Info.plist strings to add only when the key is absent (usage descriptions). */
  infoPlistStringsIfAbsent: Record<string, string>;
  /** Entitlements the runtime needs; preflight fails when a provisioning profile does not grant them. */
  entitlementsRequired: Record<string, unknown>;
  /** Entitlements to add only when the profile grants them (the runtime has a fallback). */
  entitlementsIfGranted: Record<string, unknown>;
  hookGroups: HookGroup[];
  notes: string[];
}

const HOOK_ORDER: readonly HookGroup[] = ['camera', 'file-encryption', 'network', 'clipboard', 'sharing', 'screen-capture'];

export function androidEffects(p: Policy): AndroidEffects {
  const n = normalizePolicy(p);
  const add = new Set<string>();
  const notes: string[] = [];
  if (n.vpn.mode !== 'off') add.add('android.permission.ACCESS_NETWORK_STATE');
  if (usesSsid(n)) {
    add.add('android.permission.ACCESS_WIFI_STATE');
    // Android 10+ reports the SSID only to apps holding fine location (a runtime permission).
    add.add('android.permission.ACCESS_FINE_LOCATION');
    notes.push('SSID-based allowed networks need location permission: the app will ask the user for it');
  }
  if (n.passcode.required && n.passcode.allowBiometrics) add.add('android.permission.USE_BIOMETRIC');
  if (n.camera.block) notes.push('the CAMERA permission is removed: unhooked camera paths fail with SecurityException');
  return {
    permissionsToAdd: [...add].sort(),
    permissionsToRemove: n.camera.block ? ['android.permission.CAMERA'] : [],
    cameraFeaturesNotRequired: n.camera.block,
    hookGroups: hookGroups(n).filter((g) => g !== 'screen-capture'),
    notes,
  };
}

export function iosEffects(p: Policy): IosEffects {
  const n = normalizePolicy(p);
  const strings: Record<string, string> = {};
  const required: Record<string, unknown> = {};
  const notes: string[] = [];
  if (n.passcode.required && n.passcode.allowBiometrics) strings['NSFaceIDUsageDescription'] = 'Unlock this app with Face ID.';
  if (usesSsid(n)) {
    // Since iOS 13 the current SSID needs this entitlement and location authorization.
    required['com.apple.developer.networking.wifi-info'] = true;
    strings['NSLocationWhenInUseUsageDescription'] = 'Your location is used only to recognise the Wi-Fi network your organisation allows without a VPN.';
    notes.push('SSID-based allowed networks need the Access Wi-Fi Information entitlement and location permission');
  }
  if (n.camera.block) notes.push('NSCameraUsageDescription is removed: iOS terminates the app on any unhooked camera access');
  return {
    infoPlistKeysToRemove: n.camera.block ? ['NSCameraUsageDescription'] : [],
    infoPlistStringsIfAbsent: strings,
    entitlementsRequired: required,
    entitlementsIfGranted: n.dataAtRest.encrypt ? { 'com.apple.developer.default-data-protection': 'NSFileProtectionComplete' } : {},
    hookGroups: hookGroups(n),
    notes,
  };
}

function hookGroups(n: NormalizedPolicy): HookGroup[] {
  const on: Record<HookGroup, boolean> = {
    camera: n.camera.block,
    'file-encryption': n.dataAtRest.encrypt,
    network: n.vpn.mode !== 'off' || n.network.blockLoopback || n.network.blockedHosts.length > 0,
    clipboard: n.clipboard.copyOut !== 'allow' || n.clipboard.pasteIn !== 'allow',
    sharing: n.sharing.openIn === 'block',
    'screen-capture': n.screenCapture.block,
  };
  return HOOK_ORDER.filter((g) => on[g]);
}

function usesSsid(n: NormalizedPolicy): boolean {
  return n.vpn.mode === 'outsideAllowedNetworks' && n.vpn.allowedNetworks.some((a) => a.ssid !== undefined);
}
