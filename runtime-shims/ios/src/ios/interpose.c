/* C-level network enforcement by dyld interposing: the __DATA,__interpose section holds
 * {replacement, original} pairs that dyld applies to every image loaded at launch except this one,
 * so the calls below reach the real functions. connect/connectx fail while the VPN requirement is
 * unmet (and for loopback when network.blockLoopback); getaddrinfo refuses network.blockedHosts. */
#include <errno.h>
#include "runtime.h"

static int verdict(const struct sockaddr *sa) {
  if (!sa) return 0;
  if (sa->sa_family == AF_INET) return mam_connect_verdict(&mam_active_policy, mam_vpn_ok, 4, ((const struct sockaddr_in *)sa)->sin_addr);
  if (sa->sa_family == AF_INET6) return mam_connect_verdict(&mam_active_policy, mam_vpn_ok, 6, ((const struct sockaddr_in6 *)sa)->sin6_addr);
  return 0;
}

static int mam_connect(int fd, const struct sockaddr *addr, socklen_t len) {
  int e = verdict(addr);
  if (e) { errno = e; return -1; }
  return connect(fd, addr, len);
}

static int mam_connectx(int fd, const sa_endpoints_t *eps, uint32_t associd, unsigned int flags, const struct iovec *iov,
                        unsigned int iovcnt, size_t *len, uint32_t *connid) {
  int e = eps ? verdict(eps->sae_dstaddr) : 0;
  if (e) { errno = e; return -1; }
  return connectx(fd, eps, associd, flags, iov, iovcnt, len, connid);
}

static int mam_getaddrinfo(const char *host, const char *service, const struct addrinfo *hints, struct addrinfo **res) {
  if (mam_host_blocked(&mam_active_policy, host)) return EAI_NONAME;
  return getaddrinfo(host, service, hints, res);
}

__attribute__((used, section("__DATA,__interpose"))) static const struct { const void *replacement, *original; } mam_interpose[] = {
  { (const void *)mam_connect, (const void *)connect },
  { (const void *)mam_connectx, (const void *)connectx },
  { (const void *)mam_getaddrinfo, (const void *)getaddrinfo },
};
