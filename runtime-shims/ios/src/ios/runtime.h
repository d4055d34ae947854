/* The iOS runtime's glue, shared between its files: the loaded policy and state, the Objective-C
 * call helpers, and each enforcement's entry points. */
#ifndef MAM_RUNTIME_H
#define MAM_RUNTIME_H
#include "apple-decls.h"
#include "mam-decide.h"

extern mam_policy mam_active_policy;
/* 1 while the VPN requirement is met (connections go through). */
extern volatile int mam_vpn_ok;

/* objc_msgSend cast to the needed function type: MSG(ret, args...)(receiver, selector, args...). */
#define MSG(ret, ...) ((ret(*)(id, SEL, ##__VA_ARGS__))objc_msgSend)
#define CLS(name) ((id)objc_getClass(name))
#define SELN(name) sel_registerName(name)

/* Replaces an instance method (or, with object_getClass(cls), a class method) of exactly cls; an
 * inherited method is first copied down so the superclass keeps its own. Returns the original. */
IMP mam_swizzle(Class cls, const char *selector, IMP replacement);
CFStringRef mam_cfstring(const char *utf8);

void mam_install_camera_block(void);
void mam_install_data_protection(void);
void mam_protect_containers(void);
int mam_probe_jailbreak(void);
void mam_wipe_containers(void);
void mam_vpn_refresh(void);
void mam_install_screen_cover(void);
void mam_install_pasteboard_policy(void);
void mam_install_sharing_block(void);
/* A UIKit string constant (a notification or pasteboard name) by its symbol, or fallback when UIKit
 * does not export it. */
id mam_uikit_string(const char *symbol, const char *fallback);
/* Calls a block taking one BOOL (Clang Block ABI: invoke pointer at offset 16), if not NULL. */
void mam_call_bool_block(id block, BOOL value);

/* Full-screen overlays (block-screen.c), top to bottom. */
typedef enum { MAM_OVERLAY_BLOCK, MAM_OVERLAY_COVER, MAM_OVERLAY_NOTICE, MAM_OVERLAY_COUNT } mam_overlay;
/* Shows an overlay with this text over every window scene; dismissible adds a Continue button. With now,
 * it is built at once (UIKit is running: called from a notification); otherwise once the app is active. */
void mam_overlay_show(mam_overlay which, const char *text, int dismissible, int now);
void mam_overlay_hide(mam_overlay which);

/* The blocking screen: a full-screen window over the app; dismissible adds a Continue button. Shown once the app is active. */
void mam_screen_show(const char *title, const char *message, int dismissible);
void mam_screen_hide(void);
void mam_screen_app_active(void);

#endif
