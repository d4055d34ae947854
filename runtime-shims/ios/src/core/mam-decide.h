/* The runtime's decisions, free of any platform API: is the embedded policy intact, is the device
 * compromised and what follows, is the VPN requirement met, may a connection or a name lookup proceed. */
#ifndef MAM_DECIDE_H
#define MAM_DECIDE_H
#include <stddef.h>
#include <stdint.h>
#include "mam-policy.h"

typedef enum {
  MAM_POLICY_OK,
  MAM_POLICY_FILE_MISSING,      /* mam/policy.json absent or unreadable */
  MAM_POLICY_DIGEST_MISSING,    /* Info.plist has no MAMWrapper.PolicySHA256 */
  MAM_POLICY_DIGEST_MALFORMED,  /* not 64 hex digits */
  MAM_POLICY_DIGEST_MISMATCH,   /* the file's SHA-256 differs: altered */
  MAM_POLICY_INVALID,           /* intact but not a valid policy v1 */
} mam_policy_status;

/* Fail closed: anything but MAM_POLICY_OK means the app is blocked. bytes may be NULL (missing file),
 * expected_hex may be NULL (missing digest). On success p holds the policy. */
mam_policy_status mam_policy_check(const uint8_t *bytes, size_t len, const char *expected_hex, mam_policy *p,
                                   mam_policy_error *err);
const char *mam_policy_status_name(mam_policy_status s);

/* Jailbreak signals. */
enum {
  MAM_SIGNAL_JAILBREAK_FILE = 1 << 0,     /* a file or app of a known jailbreak exists */
  MAM_SIGNAL_SANDBOX_WRITE = 1 << 1,      /* a write outside the sandbox succeeded */
  MAM_SIGNAL_FORK = 1 << 2,               /* fork() succeeded (the sandbox forbids it) */
  MAM_SIGNAL_JAILBREAK_IMAGE = 1 << 3,    /* a loaded image from a jailbreak's tweak folders */
  MAM_SIGNAL_INSTRUMENTATION = 1 << 4,    /* a hooking or instrumentation library is loaded */
};

/* NULL-terminated list of paths whose existence shows a jailbreak (rootful and rootless /var/jb). */
extern const char *const mam_jailbreak_paths[];
/* The path a sandboxed app must not be able to create. */
extern const char *const mam_sandbox_probe_path;
/* Classifies a loaded image's path: 0, MAM_SIGNAL_JAILBREAK_IMAGE or MAM_SIGNAL_INSTRUMENTATION. */
int mam_classify_image(const char *path);
/* Classifies an environment variable (DYLD_INSERT_LIBRARIES and the like): 0 or MAM_SIGNAL_INSTRUMENTATION. */
int mam_classify_environment(const char *name, const char *value);
/* The action for the signals found: ALLOW when none counts (instrumentation counts only when the
 * policy's detectInstrumentation is true), otherwise the policy's action. */
mam_action mam_compromise_action(const mam_policy *p, int signals);

/* One network interface as getifaddrs reports it. */
typedef struct {
  const char *name;
  int is_up;
  int family;              /* 4, 6 or 0 for other families */
  const uint8_t *addr;     /* 4 or 16 bytes, NULL when none */
} mam_iface;

/* Whether a VPN is up: an active tunnel interface, or a tunnel among the scoped proxy interfaces. */
int mam_vpn_is_up(const mam_iface *ifaces, size_t n, const char *const *scoped_names, size_t nscoped);
/* Whether the device is on an allowed network: the current SSID equals an allowed one, or a LAN
 * interface (en*) that is up has an address inside an allowed CIDR. ssid may be NULL. */
int mam_on_allowed_network(const mam_policy *p, const char *ssid, const mam_iface *ifaces, size_t n);
/* Whether the policy's VPN requirement is met now. */
int mam_vpn_requirement_met(const mam_policy *p, int vpn_up, int on_allowed_network);

/* The errno with which connect() to this address fails, or 0 to let it through. family: 4, 6, or 0
 * for non-IP sockets (never refused). */
int mam_connect_verdict(const mam_policy *p, int vpn_requirement_met, int family, const uint8_t *addr);
/* Whether a host name lookup is refused (network.blockedHosts). */
int mam_host_blocked(const mam_policy *p, const char *host);

#endif
