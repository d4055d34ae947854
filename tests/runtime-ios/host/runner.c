/* Host test driver for the iOS runtime's portable decisions (runtime-shims/ios/src/core). The vitest
 * files feed it inputs and compare its answers with independent oracles (node:crypto, node:net's
 * BlockList, the published policy schema, src/policy). One command per line on stdin for "batch". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mam-decide.h"
#include "mam-fs.h"
#include "mam-net.h"
#include "mam-pasteboard.h"
#include "mam-policy.h"
#include "mam-screen.h"
#include "mam-sha256.h"
#include "mam-share.h"

static uint8_t *read_all(const char *path, size_t *len) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0, r;
  uint8_t *b = malloc(cap);
  while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
    n += r;
    if (n == cap) b = realloc(b, cap *= 2);
  }
  if (f != stdin) fclose(f);
  *len = n;
  return b;
}

static int policy_command(const char *path) {
  size_t len;
  uint8_t *b = read_all(path, &len);
  static mam_policy p;
  mam_policy_error err;
  if (!b) return 2;
  if (mam_policy_parse(b, len, &p, &err)) {
    size_t need = mam_policy_dump(&p, NULL, 0);
    char *out = malloc(need + 1);
    mam_policy_dump(&p, out, need + 1);
    printf("OK %s\n", out);
    free(out);
  } else {
    printf("REJECT %s %zu %s\n", err.code, err.offset, err.where);
  }
  free(b);
  return 0;
}

static int check_command(const char *path, const char *hex) {
  size_t len = 0;
  uint8_t *b = strcmp(path, "none") == 0 ? NULL : read_all(path, &len);
  static mam_policy p;
  mam_policy_error err;
  mam_policy_status s = mam_policy_check(b, len, strcmp(hex, "none") == 0 ? NULL : hex, &p, &err);
  printf("%s%s%s\n", mam_policy_status_name(s), s == MAM_POLICY_INVALID ? " " : "", s == MAM_POLICY_INVALID ? err.code : "");
  free(b);
  return s == MAM_POLICY_OK ? 0 : 1;
}

/* "name:up:address" → an interface; address "-" for none. */
static size_t parse_ifaces(char *rest, mam_iface *out, uint8_t (*addrs)[16], char names[][32], size_t cap) {
  size_t n = 0;
  for (char *tok = strtok(rest, " "); tok && n < cap; tok = strtok(NULL, " ")) {
    char *c1 = strchr(tok, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c2) continue;
    snprintf(names[n], 32, "%.*s", (int)(c1 - tok), tok);
    out[n].name = names[n];
    out[n].is_up = c1[1] == '1';
    out[n].family = strcmp(c2 + 1, "-") == 0 ? 0 : mam_ip_parse(c2 + 1, strlen(c2 + 1), addrs[n]);
    out[n].addr = out[n].family ? addrs[n] : NULL;
    n++;
  }
  return n;
}

static const char *errno_name(int e) {
  return e == 0 ? "0" : e == ECONNREFUSED ? "ECONNREFUSED" : e == EHOSTUNREACH ? "EHOSTUNREACH" : "OTHER";
}

static const char *ACTION_NAMES[] = { "allow", "warn", "block", "wipe" };
static const char *VERDICT_NAMES[] = { "allow", "redirect", "deny" };
static const char *COVER_NAMES[] = { "none", "capture", "snapshot" };

/* A simulated device: the general pasteboard (content and change count), the app's private one, and
 * the runtime's state. Actions: app-copy:X, other-copy:X, app-paste, other-paste; each paste prints
 * what it gets ("-" for nothing). */
static void clip_command(char *rest, const mam_policy *p) {
  char general[64] = "-", own[64] = "-";
  long count = 7;
  mam_pasteboard_state s;
  mam_pasteboard_state_init(&s);
  const char *sep = "";
  for (char *tok = strtok(rest, " "); tok; tok = strtok(NULL, " ")) {
    if (strncmp(tok, "app-copy:", 9) == 0) {
      mam_pasteboard_verdict v = mam_pasteboard_route(p, &s, MAM_PB_WRITE, count);
      if (v == MAM_PB_ALLOW) { snprintf(general, sizeof general, "%s", tok + 9); count++; }
      if (v == MAM_PB_REDIRECT) snprintf(own, sizeof own, "%s", tok + 9);
      mam_pasteboard_note_copy(&s, v, count);
    } else if (strncmp(tok, "other-copy:", 11) == 0) {
      snprintf(general, sizeof general, "%s", tok + 11);
      count++;
    } else if (strcmp(tok, "app-paste") == 0 || strcmp(tok, "other-paste") == 0) {
      mam_pasteboard_verdict v = tok[0] == 'o' ? MAM_PB_ALLOW : mam_pasteboard_route(p, &s, MAM_PB_READ, count);
      printf("%s%s", sep, v == MAM_PB_ALLOW ? general : v == MAM_PB_REDIRECT ? own : "-");
      sep = " ";
    }
  }
  puts("");
}

static int exposure_line(const char *cmd, char *rest, const mam_policy *p) {
  char scheme[64];
  if (strcmp(cmd, "pb-decide") == 0) {
    char *op = strtok(rest, " "), *origin = strtok(NULL, " ");
    mam_pasteboard_op o = op && strcmp(op, "write") == 0 ? MAM_PB_WRITE : MAM_PB_READ;
    mam_pasteboard_origin from = origin && strcmp(origin, "this") == 0 ? MAM_PB_FROM_THIS_APP : MAM_PB_FROM_OTHER_APP;
    puts(VERDICT_NAMES[mam_pasteboard_decide(p, o, from)]);
  } else if (strcmp(cmd, "clip") == 0) clip_command(rest, p);
  else if (strcmp(cmd, "pb-name") == 0) {
    char name[300];
    mam_private_pasteboard_name(strcmp(rest, "-") == 0 ? NULL : rest, name, sizeof name);
    puts(name);
  } else if (strcmp(cmd, "url-scheme") == 0) puts(mam_url_scheme(rest, scheme, sizeof scheme) ? scheme : "-");
  else if (strcmp(cmd, "url-sharing") == 0) printf("%d\n", mam_url_open_is_sharing(rest));
  else if (strcmp(cmd, "url-refused") == 0) printf("%d\n", mam_url_open_refused(p, rest));
  else if (strcmp(cmd, "picker") == 0) printf("%d\n", mam_document_picker_is_sharing(atol(rest)));
  else if (strcmp(cmd, "cover") == 0) puts(COVER_NAMES[mam_screen_cover(p, rest[0] == '1', rest[2] == '1')]);
  else if (strcmp(cmd, "screenshot-notice") == 0) printf("%d\n", mam_screenshot_notice(p));
  else return 0;
  return 1;
}

static void batch_line(char *line, const mam_policy *p) {
  char *cmd = strtok(line, " "), *rest = strtok(NULL, "");
  static uint8_t addrs[16][16];
  static char names[16][32];
  mam_iface ifs[16];
  uint8_t a[16];
  mam_cidr c;
  if (!rest) rest = "";
  if (!cmd) { puts("?"); return; }
  if (exposure_line(cmd, rest, p)) return;
  if (strcmp(cmd, "cidr-valid") == 0) printf("%d\n", mam_cidr_parse(rest, strlen(rest), &c));
  else if (strcmp(cmd, "cidr-contains") == 0) {
    char *net = strtok(rest, " "), *addr = strtok(NULL, " ");
    int fam = addr ? mam_ip_parse(addr, strlen(addr), a) : 0;
    printf("%d\n", net && fam && mam_cidr_parse(net, strlen(net), &c) && mam_cidr_contains(&c, fam, a));
  } else if (strcmp(cmd, "host-valid") == 0) printf("%d\n", mam_host_pattern_valid(rest, strlen(rest)));
  else if (strcmp(cmd, "host-match") == 0) {
    char *pat = strtok(rest, " "), *host = strtok(NULL, " ");
    printf("%d\n", pat && host && mam_host_matches(pat, host));
  } else if (strcmp(cmd, "tunnel") == 0) printf("%d\n", mam_iface_is_tunnel(rest));
  else if (strcmp(cmd, "image") == 0) printf("%d\n", mam_classify_image(rest));
  else if (strcmp(cmd, "env") == 0) {
    char *name = strtok(rest, "="), *value = strtok(NULL, "");
    printf("%d\n", mam_classify_environment(name, value ? value : ""));
  } else if (strcmp(cmd, "compromise") == 0) printf("%s\n", ACTION_NAMES[mam_compromise_action(p, atoi(rest))]);
  else if (strcmp(cmd, "vpn-up") == 0) {
    size_t n = parse_ifaces(rest, ifs, addrs, names, 16);
    printf("%d\n", mam_vpn_is_up(ifs, n, NULL, 0));
  } else if (strcmp(cmd, "scoped-vpn") == 0) {
    const char *scoped[1] = { rest };
    printf("%d\n", mam_vpn_is_up(NULL, 0, scoped, 1));
  } else if (strcmp(cmd, "allowed") == 0) {
    char *ssid = strtok(rest, " "), *tail = strtok(NULL, "");
    size_t n = tail ? parse_ifaces(tail, ifs, addrs, names, 16) : 0;
    printf("%d\n", mam_on_allowed_network(p, ssid && strcmp(ssid, "-") != 0 ? ssid : NULL, ifs, n));
  } else if (strcmp(cmd, "requirement") == 0) printf("%d\n", mam_vpn_requirement_met(p, rest[0] == '1', rest[2] == '1'));
  else if (strcmp(cmd, "connect") == 0) {
    char *met = strtok(rest, " "), *addr = strtok(NULL, " ");
    int fam = addr && strcmp(addr, "unix") != 0 ? mam_ip_parse(addr, strlen(addr), a) : 0;
    printf("%s\n", errno_name(mam_connect_verdict(p, met && met[0] == '1', fam, a)));
  } else if (strcmp(cmd, "host-blocked") == 0) printf("%d\n", mam_host_blocked(p, rest));
  else printf("? %s\n", cmd);
}

static int batch_command(const char *policy_path) {
  static mam_policy p;
  mam_policy_error err;
  mam_policy_defaults(&p);
  if (policy_path) {
    size_t len;
    uint8_t *b = read_all(policy_path, &len);
    if (!b || !mam_policy_parse(b, len, &p, &err)) return 2;
    free(b);
  }
  char line[4096];
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\r\n")] = 0;
    batch_line(line, &p);
  }
  return 0;
}

static void print_entry(const char *path, int is_dir, void *ctx) {
  (void)ctx;
  printf("%s %s\n", is_dir ? "d" : "f", path);
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "sha256") == 0) {
    size_t len;
    uint8_t *b = read_all(argv[2], &len);
    char hex[65];
    if (!b) return 2;
    mam_sha256_hex(b, len, hex);
    puts(hex);
    free(b);
    return 0;
  }
  if (argc == 3 && strcmp(argv[1], "policy") == 0) return policy_command(argv[2]);
  if (argc == 4 && strcmp(argv[1], "check") == 0) return check_command(argv[2], argv[3]);
  if (argc >= 2 && strcmp(argv[1], "batch") == 0) return batch_command(argc > 2 ? argv[2] : NULL);
  if (argc == 3 && strcmp(argv[1], "walk") == 0) { mam_walk_tree(argv[2], print_entry, NULL); return 0; }
  if (argc == 3 && strcmp(argv[1], "wipe") == 0) { printf("%zu\n", mam_remove_contents(argv[2])); return 0; }
  if (argc == 2 && strcmp(argv[1], "jailbreak-paths") == 0) {
    for (int i = 0; mam_jailbreak_paths[i]; i++) puts(mam_jailbreak_paths[i]);
    return 0;
  }
  fprintf(stderr, "usage: runner sha256|policy FILE | check FILE HEX | batch [POLICY] | walk|wipe DIR | jailbreak-paths\n");
  return 2;
}
