/* The policy document v1 (docs/policy-spec-draft.md; rules in schema/policy.schema.json), read from its
 * embedded bytes into a normalized model: every absent section or field holds its documented default. */
#ifndef MAM_POLICY_H
#define MAM_POLICY_H
#include <stddef.h>
#include <stdint.h>
#include "mam-net.h"

#define MAM_MAX_ALLOWED_NETWORKS 64
#define MAM_MAX_BLOCKED_HOSTS 128

typedef enum { MAM_ACTION_ALLOW, MAM_ACTION_WARN, MAM_ACTION_BLOCK, MAM_ACTION_WIPE } mam_action;
typedef enum { MAM_VPN_OFF, MAM_VPN_ALWAYS, MAM_VPN_OUTSIDE_ALLOWED } mam_vpn_mode;
typedef enum { MAM_COPY_ALLOW, MAM_COPY_BLOCK, MAM_COPY_WITHIN_APP } mam_copy_out;

typedef struct {
  int is_cidr;
  char text[132];       /* the SSID (≤ 32 code points) or the CIDR text as written */
  size_t len;
  mam_cidr cidr;
} mam_allowed_network;

typedef struct {
  int has_name;
  char name[804];       /* ≤ 200 code points */
  size_t name_len;
  int camera_block;
  int data_encrypt;
  mam_action compromised_action;
  int detect_instrumentation;
  mam_vpn_mode vpn_mode;
  mam_allowed_network allowed[MAM_MAX_ALLOWED_NETWORKS];
  size_t allowed_count;
  mam_copy_out copy_out;
  int paste_block;
  int screen_block;
  int open_in_block;
  int block_loopback;
  char blocked_hosts[MAM_MAX_BLOCKED_HOSTS][254];
  size_t blocked_count;
  int passcode_required;
  int passcode_min_length;
  int passcode_timeout;
  int passcode_biometrics;
} mam_policy;

typedef struct {
  const char *code;     /* a POLICY_* code of src/policy/validate.ts, or POLICY_RUNTIME_LIMIT */
  char where[160];      /* JSON path of the offending value */
  size_t offset;        /* byte offset, for encoding and syntax errors */
} mam_policy_error;

void mam_policy_defaults(mam_policy *p);
/* Parses and validates policy bytes; 1 on success, 0 with *err filled (p then holds the defaults). */
int mam_policy_parse(const uint8_t *bytes, size_t len, mam_policy *p, mam_policy_error *err);
/* Writes the normalized policy as canonical JSON (keys sorted, no whitespace, as src/policy/canonical.ts).
 * Returns the length it needs; writes at most cap bytes (NUL-terminated when there is room). */
size_t mam_policy_dump(const mam_policy *p, char *buf, size_t cap);

#endif
