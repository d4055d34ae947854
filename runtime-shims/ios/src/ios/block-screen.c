/* Full-screen overlays above the app: the blocking screen (policy, jailbreak, VPN), the screenshot
 * notice and the screen-capture cover. Each is one UIWindow per connected UIWindowScene (iOS 13+; a
 * frame-based window before scenes), holding a view controller whose opaque view shows a centered
 * UILabel and, when dismissible, a Continue button (UIButtonTypeSystem = 1, UIControlEventTouchUpInside
 * = 1 << 6). Window levels sit above alerts (UIWindowLevelAlert = 2000): blocking screen 10000000,
 * cover 9999999, notice 9999998. Only the blocking screen becomes the key window. Overlays asked for
 * while dyld runs initializers are built once the app is active (UIKit is not ready before). */
#include <stdio.h>
#include <string.h>
#include "runtime.h"

#define UIControlEventTouchUpInside (1ul << 6)
#define UIButtonTypeSystem 1
#define NSTextAlignmentCenter 1
#define UIViewAutoresizingFlexibleSize 18
#define MAX_SCENES 8

typedef struct {
  char text[512];
  int pending, dismissible;
  double level;
  id windows[MAX_SCENES];
  size_t count;
} overlay;

static overlay overlays[MAM_OVERLAY_COUNT] = {
  [MAM_OVERLAY_BLOCK] = { .level = 10000000.0 },
  [MAM_OVERLAY_NOTICE] = { .level = 9999998.0 },
  [MAM_OVERLAY_COVER] = { .level = 9999999.0 },
};

static id shared_app(void) {
  return objc_getClass("UIApplication") ? MSG(id)(CLS("UIApplication"), SELN("sharedApplication")) : NULL;
}

/* The connected UIWindowScenes, at most MAX_SCENES; 0 before iOS 13. */
static size_t window_scenes(id out[MAX_SCENES]) {
  id app = shared_app();
  Class scene_class = objc_getClass("UIWindowScene");
  if (!app || !scene_class || !class_getInstanceMethod(object_getClass(app), SELN("connectedScenes"))) return 0;
  id all = MSG(id)(MSG(id)(app, SELN("connectedScenes")), SELN("allObjects"));
  NSUInteger n = MSG(NSUInteger)(all, SELN("count"));
  size_t found = 0;
  for (NSUInteger i = 0; i < n && found < MAX_SCENES; i++) {
    id s = MSG(id, NSUInteger)(all, SELN("objectAtIndex:"), i);
    if (MSG(BOOL, Class)(s, SELN("isKindOfClass:"), scene_class)) out[found++] = s;
  }
  return found;
}

static void dismiss(id self, SEL cmd, id sender) {
  (void)self; (void)cmd;
  NSInteger which = MSG(NSInteger)(sender, SELN("tag"));
  if (which >= 0 && which < MAM_OVERLAY_COUNT) mam_overlay_hide((mam_overlay)which);
}

static id dismiss_target(void) {
  static id target;
  if (target) return target;
  Class c = objc_getClass("MAMScreenDismissTarget");
  if (!c) {
    c = objc_allocateClassPair(objc_getClass("NSObject"), "MAMScreenDismissTarget", 0);
    class_addMethod(c, SELN("dismiss:"), (IMP)dismiss, "v@:@");
    objc_registerClassPair(c);
  }
  target = MSG(id)(MSG(id)((id)c, SELN("alloc")), SELN("init"));
  return target;
}

static void add_button(id view, CGRect bounds, mam_overlay which) {
  id button = MSG(id, NSInteger)(CLS("UIButton"), SELN("buttonWithType:"), UIButtonTypeSystem);
  CGRect frame = { { bounds.size.width / 2 - 100, bounds.size.height - 140 }, { 200, 44 } };
  MSG(void, CGRect)(button, SELN("setFrame:"), frame);
  MSG(void, NSInteger)(button, SELN("setTag:"), (NSInteger)which);
  MSG(void, id, NSUInteger)(button, SELN("setTitle:forState:"), (id)CFSTR("Continue"), 0);
  MSG(void, id, SEL, NSUInteger)(button, SELN("addTarget:action:forControlEvents:"), dismiss_target(), SELN("dismiss:"), UIControlEventTouchUpInside);
  MSG(void, id)(view, SELN("addSubview:"), button);
}

static id make_controller(const overlay *o, mam_overlay which, CGRect bounds) {
  id controller = MSG(id)(MSG(id)(CLS("UIViewController"), SELN("alloc")), SELN("init"));
  id view = MSG(id)(controller, SELN("view"));
  id color_class = CLS("UIColor");
  SEL bg = class_getClassMethod((Class)color_class, SELN("systemBackgroundColor")) ? SELN("systemBackgroundColor") : SELN("whiteColor");
  MSG(void, id)(view, SELN("setBackgroundColor:"), MSG(id)(color_class, bg));
  MSG(void, BOOL)(view, SELN("setOpaque:"), true);
  CGRect text_frame = { { 24, 0 }, { bounds.size.width - 48, bounds.size.height } };
  id label = MSG(id, CGRect)(MSG(id)(CLS("UILabel"), SELN("alloc")), SELN("initWithFrame:"), text_frame);
  CFStringRef text = mam_cfstring(o->text);
  MSG(void, id)(label, SELN("setText:"), (id)text);
  CFRelease(text);
  MSG(void, NSInteger)(label, SELN("setNumberOfLines:"), 0);
  MSG(void, NSInteger)(label, SELN("setTextAlignment:"), NSTextAlignmentCenter);
  MSG(void, NSUInteger)(label, SELN("setAutoresizingMask:"), UIViewAutoresizingFlexibleSize);
  MSG(void, id)(view, SELN("addSubview:"), label);
  MSG(void)(label, SELN("release"));
  if (o->dismissible) add_button(view, bounds, which);
  return controller;
}

static void drop_windows(overlay *o) {
  for (size_t i = 0; i < o->count; i++) {
    MSG(void, BOOL)(o->windows[i], SELN("setHidden:"), true);
    MSG(void)(o->windows[i], SELN("release"));
  }
  o->count = 0;
}

static void show_window(overlay *o, mam_overlay which, id window) {
  CGRect bounds = MSG(CGRect)(window, SELN("bounds"));
  id controller = make_controller(o, which, bounds);
  MSG(void, CGFloat)(window, SELN("setWindowLevel:"), o->level);
  MSG(void, id)(window, SELN("setRootViewController:"), controller);
  MSG(void)(controller, SELN("release"));
  MSG(void, BOOL)(window, SELN("setHidden:"), false);
  if (which == MAM_OVERLAY_BLOCK) MSG(void)(window, SELN("makeKeyAndVisible"));
  o->windows[o->count++] = window;
}

static void build(mam_overlay which) {
  overlay *o = &overlays[which];
  if (!objc_getClass("UIWindow")) return;
  drop_windows(o);
  id scenes[MAX_SCENES];
  size_t n = window_scenes(scenes);
  for (size_t i = 0; i < n; i++)
    show_window(o, which, MSG(id, id)(MSG(id)(CLS("UIWindow"), SELN("alloc")), SELN("initWithWindowScene:"), scenes[i]));
  if (n == 0) {
    CGRect bounds = MSG(CGRect)(MSG(id)(CLS("UIScreen"), SELN("mainScreen")), SELN("bounds"));
    show_window(o, which, MSG(id, CGRect)(MSG(id)(CLS("UIWindow"), SELN("alloc")), SELN("initWithFrame:"), bounds));
  }
  o->pending = 0;
}

static int app_is_active(void) {
  id app = shared_app();
  return app && MSG(NSInteger)(app, SELN("applicationState")) == 0;
}

void mam_overlay_show(mam_overlay which, const char *text, int dismissible, int now) {
  overlay *o = &overlays[which];
  if (o->count && !o->pending && o->dismissible == dismissible && strncmp(o->text, text, sizeof o->text - 1) == 0) return;
  snprintf(o->text, sizeof o->text, "%s", text);
  o->pending = 1;
  o->dismissible = dismissible;
  if (now ? shared_app() != NULL : app_is_active()) build(which);
}

void mam_overlay_hide(mam_overlay which) {
  overlay *o = &overlays[which];
  o->pending = 0;
  drop_windows(o);
}

void mam_screen_show(const char *title, const char *message, int dismissible) {
  char text[512];
  snprintf(text, sizeof text, "%s\n\n%s", title, message);
  mam_overlay_show(MAM_OVERLAY_BLOCK, text, dismissible, 0);
}

void mam_screen_hide(void) { mam_overlay_hide(MAM_OVERLAY_BLOCK); }

void mam_screen_app_active(void) {
  for (int i = 0; i < MAM_OVERLAY_COUNT; i++)
    if (overlays[i].pending) build((mam_overlay)i);
}
