/* Policy v1 validation and normalization, the C twin of src/policy/validate.ts + model.ts: the same
 * fields, types, enumerations, ranges and POLICY_* codes as schema/policy.schema.json, checked member
 * by member in document order; the first problem found is reported. */
#include "mam-policy.h"
#include "mam-json.h"
#include "mam-text.h"
#include <stdio.h>
#include <string.h>

typedef enum { F_BOOL, F_ENUM, F_INT, F_NETWORKS, F_HOSTS } field_kind;

typedef struct {
  const char *name;
  field_kind kind;
  size_t offset;
  const char *const *values;   /* F_ENUM, NULL-terminated, index = stored value */
  int min, max;                /* F_INT */
} field;

typedef struct {
  const char *name;
  const field *fields;
  size_t count;
} section;

static const char *const ACTIONS[] = { "allow", "warn", "block", "wipe", NULL };
static const char *const VPN_MODES[] = { "off", "always", "outsideAllowedNetworks", NULL };
static const char *const COPY_OUT[] = { "allow", "block", "withinApp", NULL };
static const char *const ALLOW_BLOCK[] = { "allow", "block", NULL };

#define AT(m) offsetof(mam_policy, m)
static const field CAMERA[] = { { "block", F_BOOL, AT(camera_block), NULL, 0, 0 } };
static const field DATA[] = { { "encrypt", F_BOOL, AT(data_encrypt), NULL, 0, 0 } };
static const field COMPROMISED[] = { { "action", F_ENUM, AT(compromised_action), ACTIONS, 0, 0 },
                                     { "detectInstrumentation", F_BOOL, AT(detect_instrumentation), NULL, 0, 0 } };
static const field VPN[] = { { "mode", F_ENUM, AT(vpn_mode), VPN_MODES, 0, 0 },
                             { "allowedNetworks", F_NETWORKS, 0, NULL, 0, 0 } };
static const field CLIPBOARD[] = { { "copyOut", F_ENUM, AT(copy_out), COPY_OUT, 0, 0 },
                                   { "pasteIn", F_ENUM, AT(paste_block), ALLOW_BLOCK, 0, 0 } };
static const field SCREEN[] = { { "block", F_BOOL, AT(screen_block), NULL, 0, 0 } };
static const field SHARING[] = { { "openIn", F_ENUM, AT(open_in_block), ALLOW_BLOCK, 0, 0 } };
static const field NETWORK[] = { { "blockLoopback", F_BOOL, AT(block_loopback), NULL, 0, 0 },
                                 { "blockedHosts", F_HOSTS, 0, NULL, 0, 0 } };
static const field PASSCODE[] = { { "required", F_BOOL, AT(passcode_required), NULL, 0, 0 },
                                  { "minLength", F_INT, AT(passcode_min_length), NULL, 4, 16 },
                                  { "timeoutSeconds", F_INT, AT(passcode_timeout), NULL, 0, 86400 },
                                  { "allowBiometrics", F_BOOL, AT(passcode_biometrics), NULL, 0, 0 } };
#define SECTION(n, f) { n, f, sizeof f / sizeof *f }
static const section SECTIONS[] = {
  SECTION("camera", CAMERA), SECTION("dataAtRest", DATA), SECTION("compromisedDevice", COMPROMISED),
  SECTION("vpn", VPN), SECTION("clipboard", CLIPBOARD), SECTION("screenCapture", SCREEN),
  SECTION("sharing", SHARING), SECTION("network", NETWORK), SECTION("passcode", PASSCODE),
};

void mam_policy_defaults(mam_policy *p) {
  memset(p, 0, sizeof *p);
  p->compromised_action = MAM_ACTION_ALLOW;
  p->detect_instrumentation = 1;
  p->passcode_min_length = 6;
  p->passcode_timeout = 300;
  p->passcode_biometrics = 1;
}

static int report(mam_policy_error *err, const char *code, const char *path, const mam_json *member) {
  err->code = code;
  mam_text t = { err->where, sizeof err->where, 0 };
  mam_text_puts(&t, path);
  if (member && member->key) mam_text_member_path(&t, member->key, member->key_len);
  mam_text_finish(&t);
  return 0;
}

static void child_path(char *out, size_t cap, const char *path, const mam_json *member) {
  mam_text t = { out, cap, 0 };
  mam_text_puts(&t, path);
  mam_text_member_path(&t, member->key, member->key_len);
  mam_text_finish(&t);
}

static int is_integer(const mam_json *v) {
  return v->type == MAM_JSON_NUMBER && v->number >= -9007199254740991.0 && v->number <= 9007199254740991.0 &&
         (double)(long long)v->number == v->number;
}

static int read_network(const mam_json *e, const char *path, mam_allowed_network *out, mam_policy_error *err) {
  if (e->type != MAM_JSON_OBJECT) return report(err, "POLICY_TYPE", path, NULL);
  for (const mam_json *m = e->first; m; m = m->next)
    if (!(m->key_len == 4 && (memcmp(m->key, "ssid", 4) == 0 || memcmp(m->key, "cidr", 4) == 0)))
      return report(err, "POLICY_UNKNOWN_FIELD", path, m);
  for (const mam_json *m = e->first; m; m = m->next)
    if (m->type != MAM_JSON_STRING) return report(err, "POLICY_TYPE", path, m);
  if (e->count != 1) return report(err, "POLICY_NETWORK_KIND", path, NULL);
  const mam_json *v = e->first;
  out->is_cidr = memcmp(v->key, "cidr", 4) == 0;
  if (out->is_cidr ? !mam_cidr_parse(v->str, v->len, &out->cidr) : (mam_utf8_code_points(v->str, v->len) < 1 || mam_utf8_code_points(v->str, v->len) > 32))
    return report(err, out->is_cidr ? "POLICY_CIDR" : "POLICY_SSID", path, v);
  memcpy(out->text, v->str, v->len + 1);
  out->len = v->len;
  return 1;
}

static int read_list(const mam_json *v, const char *path, field_kind kind, mam_policy *p, mam_policy_error *err) {
  if (v->type != MAM_JSON_ARRAY) return report(err, "POLICY_TYPE", path, NULL);
  size_t cap = kind == F_NETWORKS ? MAM_MAX_ALLOWED_NETWORKS : MAM_MAX_BLOCKED_HOSTS;
  if (v->count > cap) return report(err, "POLICY_RUNTIME_LIMIT", path, NULL);
  size_t i = 0;
  for (const mam_json *e = v->first; e; e = e->next, i++) {
    char at[160];
    snprintf(at, sizeof at, "%s[%zu]", path, i);
    if (kind == F_NETWORKS) {
      if (!read_network(e, at, &p->allowed[i], err)) return 0;
      continue;
    }
    if (e->type != MAM_JSON_STRING) return report(err, "POLICY_TYPE", at, NULL);
    if (!mam_host_pattern_valid(e->str, e->len)) return report(err, "POLICY_HOST_PATTERN", at, NULL);
    memcpy(p->blocked_hosts[i], e->str, e->len + 1);
  }
  if (kind == F_NETWORKS) p->allowed_count = v->count; else p->blocked_count = v->count;
  return 1;
}

static int read_field(const field *f, const mam_json *v, const char *path, mam_policy *p, mam_policy_error *err) {
  int *slot = (int *)((char *)p + f->offset);
  switch (f->kind) {
  case F_BOOL:
    if (v->type != MAM_JSON_TRUE && v->type != MAM_JSON_FALSE) return report(err, "POLICY_TYPE", path, NULL);
    *slot = v->type == MAM_JSON_TRUE;
    return 1;
  case F_INT:
    if (!is_integer(v)) return report(err, "POLICY_TYPE", path, NULL);
    if (v->number < f->min || v->number > f->max) return report(err, "POLICY_RANGE", path, NULL);
    *slot = (int)v->number;
    return 1;
  case F_ENUM:
    if (v->type != MAM_JSON_STRING) return report(err, "POLICY_TYPE", path, NULL);
    for (int i = 0; f->values[i]; i++)
      if (strlen(f->values[i]) == v->len && memcmp(f->values[i], v->str, v->len) == 0) { *slot = i; return 1; }
    return report(err, "POLICY_ENUM", path, NULL);
  default:
    return read_list(v, path, f->kind, p, err);
  }
}

static int read_section(const section *s, const mam_json *v, const char *path, mam_policy *p, mam_policy_error *err) {
  if (v->type != MAM_JSON_OBJECT) return report(err, "POLICY_TYPE", path, NULL);
  for (const mam_json *m = v->first; m; m = m->next) {
    const field *f = NULL;
    for (size_t i = 0; i < s->count; i++)
      if (strlen(s->fields[i].name) == m->key_len && memcmp(s->fields[i].name, m->key, m->key_len) == 0) f = &s->fields[i];
    if (!f) return report(err, "POLICY_UNKNOWN_FIELD", path, m);
    char at[160];
    child_path(at, sizeof at, path, m);
    if (!read_field(f, m, at, p, err)) return 0;
  }
  if (s->fields == VPN && p->vpn_mode == MAM_VPN_OUTSIDE_ALLOWED && p->allowed_count == 0) {
    char at[160];
    snprintf(at, sizeof at, "%s.allowedNetworks", path);
    return report(err, "POLICY_VPN_NO_ALLOWED_NETWORKS", at, NULL);
  }
  return 1;
}

static int read_top_member(const mam_json *m, mam_policy *p, mam_policy_error *err, int *have_version) {
  char at[160];
  child_path(at, sizeof at, "$", m);
  if (m->key_len == 13 && memcmp(m->key, "schemaVersion", 13) == 0) {
    *have_version = 1;
    if (!is_integer(m)) return report(err, "POLICY_TYPE", at, NULL);
    return m->number == 1 ? 1 : report(err, "POLICY_VERSION", at, NULL);
  }
  if (m->key_len == 4 && memcmp(m->key, "name", 4) == 0) {
    if (m->type != MAM_JSON_STRING) return report(err, "POLICY_TYPE", at, NULL);
    size_t n = mam_utf8_code_points(m->str, m->len);
    if (n < 1 || n > 200) return report(err, "POLICY_LENGTH", at, NULL);
    memcpy(p->name, m->str, m->len + 1);
    p->name_len = m->len;
    p->has_name = 1;
    return 1;
  }
  for (size_t i = 0; i < sizeof SECTIONS / sizeof *SECTIONS; i++)
    if (strlen(SECTIONS[i].name) == m->key_len && memcmp(SECTIONS[i].name, m->key, m->key_len) == 0)
      return read_section(&SECTIONS[i], m, at, p, err);
  return report(err, "POLICY_UNKNOWN_FIELD", "$", m);
}

int mam_policy_parse(const uint8_t *bytes, size_t len, mam_policy *p, mam_policy_error *err) {
  mam_json_error jerr;
  memset(err, 0, sizeof *err);
  mam_policy_defaults(p);
  mam_json *root = mam_json_parse(bytes, len, &jerr);
  if (!root) {
    err->code = jerr.code;
    err->offset = jerr.offset;
    snprintf(err->where, sizeof err->where, "$");
    return 0;
  }
  int ok = 1, have_version = 0;
  if (root->type != MAM_JSON_OBJECT) ok = report(err, "POLICY_TYPE", "$", NULL);
  for (const mam_json *m = root->type == MAM_JSON_OBJECT ? root->first : NULL; ok && m; m = m->next)
    ok = read_top_member(m, p, err, &have_version);
  if (ok && !have_version) ok = report(err, "POLICY_REQUIRED", "$.schemaVersion", NULL);
  mam_json_free(root);
  if (!ok) mam_policy_defaults(p);
  return ok;
}

static void put_bool(mam_text *t, const char *key, int v, const char *after) {
  mam_text_puts(t, "\"");
  mam_text_puts(t, key);
  mam_text_puts(t, v ? "\":true" : "\":false");
  mam_text_puts(t, after);
}

static void put_word(mam_text *t, const char *key, const char *word, const char *after) {
  mam_text_puts(t, "\"");
  mam_text_puts(t, key);
  mam_text_puts(t, "\":\"");
  mam_text_puts(t, word);
  mam_text_puts(t, "\"");
  mam_text_puts(t, after);
}

size_t mam_policy_dump(const mam_policy *p, char *buf, size_t cap) {
  mam_text t = { buf, cap, 0 };
  char num[64];
  mam_text_puts(&t, "{\"camera\":{");
  put_bool(&t, "block", p->camera_block, "},\"clipboard\":{");
  put_word(&t, "copyOut", COPY_OUT[p->copy_out], ",");
  put_word(&t, "pasteIn", ALLOW_BLOCK[p->paste_block], "},\"compromisedDevice\":{");
  put_word(&t, "action", ACTIONS[p->compromised_action], ",");
  put_bool(&t, "detectInstrumentation", p->detect_instrumentation, "},\"dataAtRest\":{");
  put_bool(&t, "encrypt", p->data_encrypt, "},");
  if (p->has_name) {
    mam_text_puts(&t, "\"name\":");
    mam_text_json_string(&t, p->name, p->name_len);
    mam_text_puts(&t, ",");
  }
  mam_text_puts(&t, "\"network\":{");
  put_bool(&t, "blockLoopback", p->block_loopback, ",\"blockedHosts\":[");
  for (size_t i = 0; i < p->blocked_count; i++) {
    if (i) mam_text_puts(&t, ",");
    mam_text_json_string(&t, p->blocked_hosts[i], strlen(p->blocked_hosts[i]));
  }
  mam_text_puts(&t, "]},\"passcode\":{");
  put_bool(&t, "allowBiometrics", p->passcode_biometrics, ",");
  snprintf(num, sizeof num, "\"minLength\":%d,", p->passcode_min_length);
  mam_text_puts(&t, num);
  put_bool(&t, "required", p->passcode_required, ",");
  snprintf(num, sizeof num, "\"timeoutSeconds\":%d},\"schemaVersion\":1,\"screenCapture\":{", p->passcode_timeout);
  mam_text_puts(&t, num);
  put_bool(&t, "block", p->screen_block, "},\"sharing\":{");
  put_word(&t, "openIn", ALLOW_BLOCK[p->open_in_block], "},\"vpn\":{\"allowedNetworks\":[");
  for (size_t i = 0; i < p->allowed_count; i++) {
    mam_text_puts(&t, i ? ",{\"" : "{\"");
    mam_text_puts(&t, p->allowed[i].is_cidr ? "cidr\":" : "ssid\":");
    mam_text_json_string(&t, p->allowed[i].text, p->allowed[i].len);
    mam_text_puts(&t, "}");
  }
  mam_text_puts(&t, "],");
  put_word(&t, "mode", VPN_MODES[p->vpn_mode], "}}");
  return mam_text_finish(&t);
}
