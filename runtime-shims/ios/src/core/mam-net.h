/* Network decisions: CIDR networks (RFC 4632, RFC 4291 section 2.2 text forms), host patterns
 * (docs/policy-spec-draft.md "Clarifications"), and which interfaces count as a VPN or a LAN. */
#ifndef MAM_NET_H
#define MAM_NET_H
#include <stddef.h>
#include <stdint.h>

typedef struct {
  int family;          /* 4 or 6 */
  uint8_t addr[16];    /* network byte order; IPv4 in the first 4 bytes */
  unsigned prefix;
} mam_cidr;

/* Parses "a.b.c.d/n" or "ipv6/n" exactly as the policy schema's pattern accepts them. */
int mam_cidr_parse(const char *text, size_t len, mam_cidr *out);
/* Whether an address (family 4: 4 bytes, 6: 16 bytes) lies inside; IPv4-mapped IPv6 addresses
 * (::ffff:a.b.c.d) also match IPv4 networks. */
int mam_cidr_contains(const mam_cidr *net, int family, const uint8_t *addr);
/* Parses a bare IPv4 or IPv6 address (no prefix) into addr; returns the family or 0. */
int mam_ip_parse(const char *text, size_t len, uint8_t addr[16]);

/* Whether a host pattern is well-formed: "name" or "*.name", labels [A-Za-z0-9-] without a leading or
 * trailing hyphen, at most 63 characters each, at most 253 in all, no trailing dot. */
int mam_host_pattern_valid(const char *text, size_t len);
/* Whether a host name matches a pattern (case-insensitive; one trailing dot on the host is ignored). */
int mam_host_matches(const char *pattern, const char *host);

/* A tunnel interface name: utun, ipsec, ppp, tap or tun followed by digits. */
int mam_iface_is_tunnel(const char *name);
/* A Wi-Fi or wired interface whose address may place the device on an allowed network: en followed by digits. */
int mam_iface_is_lan(const char *name);
/* Whether an interface shows a VPN that is up: a tunnel name, IFF_UP, and an address that is not
 * unspecified, loopback or link-local (iOS keeps utun0..3 up with fe80:: addresses and no VPN). */
int mam_iface_is_active_vpn(const char *name, int is_up, int family, const uint8_t *addr);
/* Loopback: 127.0.0.0/8, ::1, ::ffff:127.0.0.0/104. */
int mam_addr_is_loopback(int family, const uint8_t *addr);

#endif
