/* CIDR text forms follow RFC 4291 section 2.2 (IPv6, with "::" standing for at least one group and an
 * optional dotted IPv4 tail) and the dotted-quad form without leading zeros, as schema/policy.schema.json's
 * cidr pattern accepts them. Host patterns follow the schema's hostPattern. */
#include "mam-net.h"
#include <string.h>

static int parse_decimal(const char *s, size_t len, size_t *i, unsigned max, unsigned *out) {
  size_t start = *i;
  unsigned v = 0;
  while (*i < len && s[*i] >= '0' && s[*i] <= '9' && *i - start < 4) v = v * 10 + (unsigned)(s[(*i)++] - '0');
  size_t n = *i - start;
  if (n == 0 || (n > 1 && s[start] == '0') || v > max) return 0;
  *out = v;
  return 1;
}

static int parse_ipv4(const char *s, size_t len, size_t *i, uint8_t out[4]) {
  for (int k = 0; k < 4; k++) {
    unsigned v;
    if (k > 0 && (*i >= len || s[(*i)++] != '.')) return 0;
    if (!parse_decimal(s, len, i, 255, &v)) return 0;
    out[k] = (uint8_t)v;
  }
  return 1;
}

static int hex_value(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Groups before and after "::" are collected separately, then the gap is filled with zeros. */
static int parse_ipv6(const char *s, size_t len, size_t *i, uint8_t out[16]) {
  uint16_t head[8], tail[8];
  int nhead = 0, ntail = 0, gap = 0;
  if (*i + 1 < len && s[*i] == ':' && s[*i + 1] == ':') { gap = 1; *i += 2; }
  while (*i < len && s[*i] != '/') {
    uint16_t *groups = gap ? tail : head;
    int *n = gap ? &ntail : &nhead;
    size_t start = *i;
    unsigned v = 0;
    while (*i < len && hex_value(s[*i]) >= 0 && *i - start < 5) v = v * 16 + (unsigned)hex_value(s[(*i)++]);
    size_t digits = *i - start;
    if (*i < len && s[*i] == '.') {
      uint8_t v4[4];
      *i = start;
      if (nhead + ntail > 6 || !parse_ipv4(s, len, i, v4)) return 0;
      groups[(*n)++] = (uint16_t)(v4[0] << 8 | v4[1]);
      groups[(*n)++] = (uint16_t)(v4[2] << 8 | v4[3]);
      break;
    }
    if (digits == 0 || digits > 4 || nhead + ntail >= 8) return 0;
    groups[(*n)++] = (uint16_t)v;
    if (*i >= len || s[*i] == '/') break;
    if (s[*i] != ':') return 0;
    (*i)++;
    if (*i < len && s[*i] == ':') {
      if (gap) return 0;
      gap = 1;
      (*i)++;
      if (*i >= len || s[*i] == '/') break;
    } else if (*i >= len || s[*i] == '/') {
      return 0;
    }
  }
  if (gap ? nhead + ntail > 7 : nhead != 8) return 0;
  memset(out, 0, 16);
  for (int k = 0; k < nhead; k++) { out[2 * k] = (uint8_t)(head[k] >> 8); out[2 * k + 1] = (uint8_t)head[k]; }
  for (int k = 0; k < ntail; k++) {
    int at = 8 - ntail + k;
    out[2 * at] = (uint8_t)(tail[k] >> 8);
    out[2 * at + 1] = (uint8_t)tail[k];
  }
  return 1;
}

static int has_char(const char *s, size_t len, char c) { return memchr(s, c, len) != NULL; }

int mam_ip_parse(const char *text, size_t len, uint8_t addr[16]) {
  size_t i = 0;
  if (has_char(text, len, ':')) return parse_ipv6(text, len, &i, addr) && i == len ? 6 : 0;
  memset(addr, 0, 16);
  return parse_ipv4(text, len, &i, addr) && i == len ? 4 : 0;
}

int mam_cidr_parse(const char *text, size_t len, mam_cidr *out) {
  size_t i = 0;
  if (len > 49) return 0;
  memset(out, 0, sizeof *out);
  out->family = has_char(text, len, ':') ? 6 : 4;
  if (out->family == 6 ? !parse_ipv6(text, len, &i, out->addr) : !parse_ipv4(text, len, &i, out->addr)) return 0;
  if (i >= len || text[i++] != '/') return 0;
  if (!parse_decimal(text, len, &i, out->family == 6 ? 128 : 32, &out->prefix)) return 0;
  return i == len;
}

static int prefix_equal(const uint8_t *a, const uint8_t *b, unsigned bits) {
  unsigned whole = bits / 8, rest = bits % 8;
  if (memcmp(a, b, whole) != 0) return 0;
  if (rest == 0) return 1;
  uint8_t mask = (uint8_t)(0xff << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

static const uint8_t V4_MAPPED[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

int mam_cidr_contains(const mam_cidr *net, int family, const uint8_t *addr) {
  if (net->family == family) return prefix_equal(net->addr, addr, net->prefix);
  if (net->family == 4 && family == 6 && memcmp(addr, V4_MAPPED, 12) == 0) return prefix_equal(net->addr, addr + 12, net->prefix);
  return 0;
}

static int label_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'; }

int mam_host_pattern_valid(const char *text, size_t len) {
  size_t i = 0;
  if (len > 253) return 0;
  if (len >= 2 && text[0] == '*' && text[1] == '.') i = 2;
  for (;;) {
    size_t start = i;
    while (i < len && label_char(text[i])) i++;
    size_t n = i - start;
    if (n == 0 || n > 63 || text[start] == '-' || text[i - 1] == '-') return 0;
    if (i == len) return 1;
    if (text[i++] != '.') return 0;
  }
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

static int equal_ci(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (lower(a[i]) != lower(b[i])) return 0;
  return 1;
}

int mam_host_matches(const char *pattern, const char *host) {
  size_t pl = strlen(pattern), hl = strlen(host);
  if (hl > 0 && host[hl - 1] == '.') hl--;
  if (pl >= 2 && pattern[0] == '*' && pattern[1] == '.') {
    size_t suffix = pl - 1; /* ".example.com" */
    return hl > suffix && equal_ci(host + hl - suffix, pattern + 1, suffix);
  }
  return hl == pl && equal_ci(host, pattern, pl);
}

static int name_is(const char *name, const char *prefix) {
  size_t n = strlen(prefix);
  if (strncmp(name, prefix, n) != 0 || name[n] == 0) return 0;
  for (const char *p = name + n; *p; p++)
    if (*p < '0' || *p > '9') return 0;
  return 1;
}

int mam_iface_is_tunnel(const char *name) {
  static const char *const PREFIXES[] = { "utun", "ipsec", "ppp", "tap", "tun" };
  for (size_t i = 0; i < sizeof PREFIXES / sizeof *PREFIXES; i++)
    if (name_is(name, PREFIXES[i])) return 1;
  return 0;
}

int mam_iface_is_lan(const char *name) { return name_is(name, "en"); }

int mam_addr_is_loopback(int family, const uint8_t *addr) {
  static const uint8_t V6_LOOPBACK[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
  if (family == 4) return addr[0] == 127;
  if (family != 6) return 0;
  if (memcmp(addr, V6_LOOPBACK, 16) == 0) return 1;
  return memcmp(addr, V4_MAPPED, 12) == 0 && addr[12] == 127;
}

static int usable_address(int family, const uint8_t *addr) {
  static const uint8_t ZERO[16] = { 0 };
  if (family == 4) return memcmp(addr, ZERO, 4) != 0 && addr[0] != 127 && !(addr[0] == 169 && addr[1] == 254);
  if (family != 6) return 0;
  if (memcmp(addr, ZERO, 16) == 0 || mam_addr_is_loopback(6, addr)) return 0;
  return !(addr[0] == 0xfe && (addr[1] & 0xc0) == 0x80);
}

int mam_iface_is_active_vpn(const char *name, int is_up, int family, const uint8_t *addr) {
  return is_up && mam_iface_is_tunnel(name) && addr && usable_address(family, addr);
}
