/* Forced VPN: reads the interfaces (getifaddrs), the scoped proxy interfaces (CFNetworkCopySystemProxySettings
 * "__SCOPED__") and the current Wi-Fi SSID (CNCopyCurrentNetworkInfo, which needs the Access WiFi
 * Information entitlement; without it only CIDR networks can match), decides with core/mam-decide.c,
 * and shows the blocking screen until the requirement is met; a timer re-checks every 5 s meanwhile. */
#include <string.h>
#include "runtime.h"

#define MAX_IFACES 64
#define MAX_SCOPED 32

typedef struct {
  mam_iface ifaces[MAX_IFACES];
  uint8_t addrs[MAX_IFACES][16];
  size_t n;
  char scoped[MAX_SCOPED][32];
  const char *scoped_ptrs[MAX_SCOPED];
  size_t nscoped;
  char ssid[132];
  int have_ssid;
} network_view;

static CFRunLoopTimerRef recheck_timer;

static void read_interfaces(network_view *v, struct ifaddrs **list) {
  if (getifaddrs(list) != 0) { *list = NULL; return; }
  for (struct ifaddrs *a = *list; a && v->n < MAX_IFACES; a = a->ifa_next) {
    mam_iface *f = &v->ifaces[v->n];
    f->name = a->ifa_name;
    f->is_up = (a->ifa_flags & IFF_UP) != 0;
    f->family = 0;
    f->addr = NULL;
    if (a->ifa_addr && a->ifa_addr->sa_family == AF_INET) {
      memcpy(v->addrs[v->n], ((const struct sockaddr_in *)a->ifa_addr)->sin_addr, 4);
      f->family = 4;
    } else if (a->ifa_addr && a->ifa_addr->sa_family == AF_INET6) {
      memcpy(v->addrs[v->n], ((const struct sockaddr_in6 *)a->ifa_addr)->sin6_addr, 16);
      f->family = 6;
    }
    if (f->family) f->addr = v->addrs[v->n];
    v->n++;
  }
}

static void read_scoped(network_view *v) {
  CFDictionaryRef settings = CFNetworkCopySystemProxySettings();
  if (!settings) return;
  CFTypeRef scoped = CFDictionaryGetValue(settings, CFSTR("__SCOPED__"));
  if (scoped && CFGetTypeID(scoped) == CFDictionaryGetTypeID()) {
    const void *keys[MAX_SCOPED];
    CFIndex count = CFDictionaryGetCount((CFDictionaryRef)scoped);
    if (count > MAX_SCOPED) count = 0;
    CFDictionaryGetKeysAndValues((CFDictionaryRef)scoped, keys, NULL);
    for (CFIndex i = 0; i < count; i++)
      if (CFGetTypeID(keys[i]) == CFStringGetTypeID() &&
          CFStringGetCString((CFStringRef)keys[i], v->scoped[v->nscoped], 32, kCFStringEncodingUTF8)) {
        v->scoped_ptrs[v->nscoped] = v->scoped[v->nscoped];
        v->nscoped++;
      }
  }
  CFRelease(settings);
}

static void read_ssid(network_view *v) {
  CFArrayRef names = CNCopySupportedInterfaces();
  if (!names) return;
  for (CFIndex i = 0; i < CFArrayGetCount(names) && !v->have_ssid; i++) {
    CFDictionaryRef info = CNCopyCurrentNetworkInfo((CFStringRef)CFArrayGetValueAtIndex(names, i));
    if (!info) continue;
    CFTypeRef ssid = CFDictionaryGetValue(info, CFSTR("SSID"));
    v->have_ssid = ssid && CFGetTypeID(ssid) == CFStringGetTypeID() &&
                   CFStringGetCString((CFStringRef)ssid, v->ssid, sizeof v->ssid, kCFStringEncodingUTF8);
    CFRelease(info);
  }
  CFRelease(names);
}

static void on_timer(CFRunLoopTimerRef t, void *info) {
  (void)t; (void)info;
  mam_vpn_refresh();
}

static void set_timer(int on) {
  if (on && !recheck_timer) {
    recheck_timer = CFRunLoopTimerCreate(NULL, CFAbsoluteTimeGetCurrent() + 5, 5, 0, 0, on_timer, NULL);
    CFRunLoopAddTimer(CFRunLoopGetMain(), recheck_timer, kCFRunLoopCommonModes);
  } else if (!on && recheck_timer) {
    CFRunLoopTimerInvalidate(recheck_timer);
    CFRelease(recheck_timer);
    recheck_timer = NULL;
  }
}

void mam_vpn_refresh(void) {
  static network_view v;
  struct ifaddrs *list = NULL;
  memset(&v, 0, sizeof v);
  read_interfaces(&v, &list);
  read_scoped(&v);
  int up = mam_vpn_is_up(v.ifaces, v.n, v.scoped_ptrs, v.nscoped);
  int allowed = !up && mam_active_policy.vpn_mode == MAM_VPN_OUTSIDE_ALLOWED &&
                (read_ssid(&v), mam_on_allowed_network(&mam_active_policy, v.have_ssid ? v.ssid : NULL, v.ifaces, v.n));
  if (list) freeifaddrs(list);
  int ok = mam_vpn_requirement_met(&mam_active_policy, up, allowed);
  mam_vpn_ok = ok;
  set_timer(!ok);
  if (ok) mam_screen_hide();
  else mam_screen_show("VPN required", "Connect to your organization's VPN to use this app. It will continue as soon as the VPN is on.", 0);
}
