/* The iOS policy runtime's entry: a module initializer that dyld runs before main (the wrap adds
 * LC_LOAD_DYLIB for this library). It reads mam/policy.json from the app bundle, checks it against
 * Info.plist's MAMWrapper.PolicySHA256 (fail closed), and installs the enforcements the policy asks for. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "runtime.h"

#define POLICY_MAX (1 << 20)

mam_policy mam_active_policy;
volatile int mam_vpn_ok = 1;
static int blocked_for_good;

IMP mam_swizzle(Class cls, const char *selector, IMP replacement) {
  SEL sel = SELN(selector);
  Method m = cls ? class_getInstanceMethod(cls, sel) : NULL;
  if (!m) return NULL;
  IMP original = method_getImplementation(m);
  if (class_addMethod(cls, sel, replacement, method_getTypeEncoding(m))) return original;
  return method_setImplementation(m, replacement);
}

CFStringRef mam_cfstring(const char *utf8) { return CFStringCreateWithCString(NULL, utf8, kCFStringEncodingUTF8); }

id mam_uikit_string(const char *symbol, const char *fallback) {
  id *exported = dlsym(RTLD_DEFAULT, symbol);
  return exported && *exported ? *exported : (id)mam_cfstring(fallback);
}

/* struct Block_layout { void *isa; int flags; int reserved; void (*invoke)(void *, ...); ... }. */
void mam_call_bool_block(id block, BOOL value) {
  if (!block) return;
  void (*invoke)(id, BOOL) = ((void (**)(id, BOOL))block)[2];
  invoke(block, value);
}

static uint8_t *read_policy_file(size_t *len) {
  char path[1100];
  CFURLRef url = CFBundleCopyBundleURL(CFBundleGetMainBundle());
  if (!url) return NULL;
  BOOL ok = CFURLGetFileSystemRepresentation(url, true, (uint8_t *)path, 1024);
  CFRelease(url);
  if (!ok) return NULL;
  memcpy(path + strlen(path), "/mam/policy.json", 17);
  int fd = open(path, O_RDONLY | O_NOFOLLOW);
  if (fd < 0) return NULL;
  uint8_t *b = malloc(POLICY_MAX);
  size_t n = 0;
  ssize_t r;
  while (b && n < POLICY_MAX && (r = read(fd, b + n, POLICY_MAX - n)) > 0) n += (size_t)r;
  close(fd);
  *len = n;
  return b;
}

/* MAMWrapper.PolicySHA256 as a C string in out, or NULL. */
static const char *recorded_digest(char out[80]) {
  CFTypeRef marker = CFBundleGetValueForInfoDictionaryKey(CFBundleGetMainBundle(), CFSTR("MAMWrapper"));
  if (!marker || CFGetTypeID(marker) != CFDictionaryGetTypeID()) return NULL;
  CFTypeRef hex = CFDictionaryGetValue((CFDictionaryRef)marker, CFSTR("PolicySHA256"));
  if (!hex || CFGetTypeID(hex) != CFStringGetTypeID()) return NULL;
  return CFStringGetCString((CFStringRef)hex, out, 80, kCFStringEncodingUTF8) ? out : NULL;
}

static void on_active(CFNotificationCenterRef c, void *o, CFStringRef n, const void *obj, CFDictionaryRef info) {
  (void)c; (void)o; (void)n; (void)obj; (void)info;
  if (!blocked_for_good && mam_active_policy.vpn_mode != MAM_VPN_OFF) mam_vpn_refresh();
  mam_screen_app_active();
}

static void observe_activation(void) {
  CFNotificationCenterRef center = CFNotificationCenterGetLocalCenter();
  const char *names[] = { "UIApplicationDidBecomeActiveNotification", "UISceneDidActivateNotification" };
  for (size_t i = 0; i < 2; i++)
    CFNotificationCenterAddObserver(center, (const void *)&blocked_for_good, on_active, mam_cfstring(names[i]),
                                    NULL, CFNotificationSuspensionBehaviorDeliverImmediately);
}

static void apply_compromise(void) {
  int signals = mam_probe_jailbreak();
  switch (mam_compromise_action(&mam_active_policy, signals)) {
  case MAM_ACTION_ALLOW: return;
  case MAM_ACTION_WARN:
    mam_screen_show("Security warning", "This device appears to be jailbroken or instrumented. Company data in this app may be at risk.", 1);
    return;
  case MAM_ACTION_WIPE:
    mam_wipe_containers();
    blocked_for_good = 1;
    mam_screen_show("App data removed", "This device appears to be jailbroken. The app's data has been deleted and the app cannot be used on it.", 0);
    return;
  case MAM_ACTION_BLOCK:
    blocked_for_good = 1;
    mam_screen_show("Device not allowed", "This device appears to be jailbroken or instrumented. The app cannot be used on it.", 0);
    return;
  }
}

__attribute__((constructor)) static void mam_runtime_init(void) {
  void *pool = objc_autoreleasePoolPush();
  size_t len = 0;
  char digest[80];
  uint8_t *bytes = read_policy_file(&len);
  mam_policy_error err;
  mam_policy_status status = mam_policy_check(bytes, len, recorded_digest(digest), &mam_active_policy, &err);
  free(bytes);
  observe_activation();
  if (status != MAM_POLICY_OK) {
    blocked_for_good = 1;
    mam_vpn_ok = 0;
    mam_screen_show("App blocked", "This app's management policy is missing or has been altered. Reinstall the app from your organization.", 0);
    objc_autoreleasePoolPop(pool);
    return;
  }
  if (mam_active_policy.camera_block) mam_install_camera_block();
  if (mam_active_policy.screen_block) mam_install_screen_cover();
  if (mam_active_policy.copy_out != MAM_COPY_ALLOW || mam_active_policy.paste_block) mam_install_pasteboard_policy();
  if (mam_active_policy.open_in_block) mam_install_sharing_block();
  if (mam_active_policy.data_encrypt) {
    mam_install_data_protection();
    mam_protect_containers();
  }
  if (mam_active_policy.compromised_action != MAM_ACTION_ALLOW) apply_compromise();
  if (blocked_for_good) mam_vpn_ok = 0;
  else if (mam_active_policy.vpn_mode != MAM_VPN_OFF) mam_vpn_refresh();
  objc_autoreleasePoolPop(pool);
}
