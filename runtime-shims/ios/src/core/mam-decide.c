/* Decisions of the iOS runtime. Jailbreak indicators follow the public OWASP MASTG iOS anti-reversing
 * guidance (files, sandbox integrity, fork, injected libraries); the policy semantics follow
 * docs/policy-spec-draft.md. */
#include "mam-decide.h"
#include "mam-sha256.h"
#include <errno.h>
#include <string.h>

static int hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static int same_hex(const char *a, const char *b) {
  for (int i = 0; i < 64; i++) {
    char x = a[i] >= 'A' && a[i] <= 'F' ? (char)(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return 0;
  }
  return 1;
}

mam_policy_status mam_policy_check(const uint8_t *bytes, size_t len, const char *expected_hex, mam_policy *p,
                                   mam_policy_error *err) {
  mam_policy_defaults(p);
  memset(err, 0, sizeof *err);
  if (!bytes) return MAM_POLICY_FILE_MISSING;
  if (!expected_hex) return MAM_POLICY_DIGEST_MISSING;
  if (strlen(expected_hex) != 64) return MAM_POLICY_DIGEST_MALFORMED;
  for (int i = 0; i < 64; i++)
    if (!hex_digit(expected_hex[i])) return MAM_POLICY_DIGEST_MALFORMED;
  char actual[65];
  mam_sha256_hex(bytes, len, actual);
  if (!same_hex(expected_hex, actual)) return MAM_POLICY_DIGEST_MISMATCH;
  return mam_policy_parse(bytes, len, p, err) ? MAM_POLICY_OK : MAM_POLICY_INVALID;
}

const char *mam_policy_status_name(mam_policy_status s) {
  static const char *const NAMES[] = { "OK", "FILE_MISSING", "DIGEST_MISSING", "DIGEST_MALFORMED", "DIGEST_MISMATCH", "INVALID" };
  return (unsigned)s < sizeof NAMES / sizeof *NAMES ? NAMES[s] : "UNKNOWN";
}

const char *const mam_jailbreak_paths[] = {
  "/Applications/Cydia.app", "/Applications/Sileo.app", "/Applications/Zebra.app", "/Applications/Installer.app",
  "/Applications/blackra1n.app", "/Applications/FakeCarrier.app", "/Applications/Icy.app",
  "/Applications/IntelliScreen.app", "/Applications/SBSettings.app", "/Applications/MxTube.app",
  "/Applications/RockApp.app", "/Applications/WinterBoard.app", "/Applications/Filza.app",
  "/Library/MobileSubstrate/MobileSubstrate.dylib", "/Library/MobileSubstrate/DynamicLibraries",
  "/usr/lib/libsubstrate.dylib", "/usr/lib/substitute-inserter.dylib", "/usr/lib/libhooker.dylib",
  "/usr/lib/TweakInject", "/usr/libexec/cydia", "/usr/libexec/sftp-server", "/usr/sbin/sshd", "/usr/bin/sshd",
  "/bin/bash", "/bin/sh", "/usr/bin/ssh", "/etc/apt", "/etc/ssh/sshd_config", "/private/var/lib/apt",
  "/private/var/lib/cydia", "/private/var/mobile/Library/SBSettings/Themes", "/private/var/stash",
  "/private/var/tmp/cydia.log", "/var/cache/apt", "/var/lib/cydia", "/var/log/syslog", "/.installed_unc0ver",
  "/.bootstrapped_electra", "/.cydia_no_stash", "/usr/share/jailbreak/injectme.plist", "/var/binpack",
  "/var/jb", "/var/jb/Applications/Sileo.app", "/var/jb/usr/lib/libellekit.dylib", "/var/jb/.installed_dopamine",
  "/var/jb/.installed_palera1n", "/var/jb/basebin", "/var/jb/usr/bin/su", "/var/mobile/Library/Sileo",
  "/cores/binpack", "/cores/jbloader", "/private/preboot/procursus", NULL,
};

const char *const mam_sandbox_probe_path = "/private/jailbreak.test";

static int contains_ci(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  for (const char *h = hay; *h; h++) {
    size_t i = 0;
    while (i < n && h[i] && (h[i] | 0x20) == (needle[i] | 0x20)) i++;
    if (i == n) return 1;
  }
  return 0;
}

int mam_classify_image(const char *path) {
  static const char *const INSTRUMENTATION[] = { "substrate", "substitute", "libhooker", "ellekit", "frida",
                                                 "cycript", "sslkillswitch", "fishhook-inject", NULL };
  static const char *const JAILBREAK_DIRS[] = { "/Library/MobileSubstrate/", "/var/jb/", "/usr/lib/TweakInject/",
                                                "/Library/TweakInject/", NULL };
  if (!path) return 0;
  for (int i = 0; INSTRUMENTATION[i]; i++)
    if (contains_ci(path, INSTRUMENTATION[i])) return MAM_SIGNAL_INSTRUMENTATION;
  for (int i = 0; JAILBREAK_DIRS[i]; i++)
    if (strncmp(path, JAILBREAK_DIRS[i], strlen(JAILBREAK_DIRS[i])) == 0) return MAM_SIGNAL_JAILBREAK_IMAGE;
  return strstr(path, "/procursus/") ? MAM_SIGNAL_JAILBREAK_IMAGE : 0;
}

int mam_classify_environment(const char *name, const char *value) {
  if (!name || !value || !*value) return 0;
  return strcmp(name, "DYLD_INSERT_LIBRARIES") == 0 || strcmp(name, "_MSSafeMode") == 0 ||
         strcmp(name, "_SafeMode") == 0 ? MAM_SIGNAL_INSTRUMENTATION : 0;
}

mam_action mam_compromise_action(const mam_policy *p, int signals) {
  int counted = signals & ~MAM_SIGNAL_INSTRUMENTATION;
  if (p->detect_instrumentation) counted |= signals & MAM_SIGNAL_INSTRUMENTATION;
  return counted ? p->compromised_action : MAM_ACTION_ALLOW;
}

int mam_vpn_is_up(const mam_iface *ifaces, size_t n, const char *const *scoped_names, size_t nscoped) {
  for (size_t i = 0; i < n; i++)
    if (mam_iface_is_active_vpn(ifaces[i].name, ifaces[i].is_up, ifaces[i].family, ifaces[i].addr)) return 1;
  for (size_t i = 0; i < nscoped; i++)
    if (scoped_names[i] && mam_iface_is_tunnel(scoped_names[i])) return 1;
  return 0;
}

int mam_on_allowed_network(const mam_policy *p, const char *ssid, const mam_iface *ifaces, size_t n) {
  for (size_t k = 0; k < p->allowed_count; k++) {
    const mam_allowed_network *a = &p->allowed[k];
    if (!a->is_cidr) {
      if (ssid && strlen(ssid) == a->len && memcmp(ssid, a->text, a->len) == 0) return 1;
      continue;
    }
    for (size_t i = 0; i < n; i++)
      if (ifaces[i].is_up && ifaces[i].addr && mam_iface_is_lan(ifaces[i].name) &&
          mam_cidr_contains(&a->cidr, ifaces[i].family, ifaces[i].addr))
        return 1;
  }
  return 0;
}

int mam_vpn_requirement_met(const mam_policy *p, int vpn_up, int on_allowed_network) {
  switch (p->vpn_mode) {
  case MAM_VPN_OFF: return 1;
  case MAM_VPN_ALWAYS: return vpn_up;
  default: return vpn_up || on_allowed_network;
  }
}

int mam_connect_verdict(const mam_policy *p, int vpn_requirement_met, int family, const uint8_t *addr) {
  if (family != 4 && family != 6) return 0;
  int loopback = mam_addr_is_loopback(family, addr);
  if (loopback) return p->block_loopback ? ECONNREFUSED : 0;
  return vpn_requirement_met ? 0 : EHOSTUNREACH;
}

int mam_host_blocked(const mam_policy *p, const char *host) {
  if (!host) return 0;
  for (size_t i = 0; i < p->blocked_count; i++)
    if (mam_host_matches(p->blocked_hosts[i], host)) return 1;
  return 0;
}
