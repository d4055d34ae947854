/* The blocking screen: a UIWindow above everything (window level 10000000, above alerts at 2000),
 * attached to the app's first UIWindowScene on iOS 13+, with a centered UILabel and, when dismissible,
 * a Continue button (UIButtonTypeSystem = 1, UIControlEventTouchUpInside = 1 << 6). It is built once
 * the app is active (UIKit is not ready while dyld runs initializers). */
#include <stdio.h>
#include <string.h>
#include "runtime.h"

#define UIControlEventTouchUpInside (1ul << 6)
#define UIButtonTypeSystem 1
#define NSTextAlignmentCenter 1
#define UIViewAutoresizingFlexibleSize 18

static char pending_text[512];
static int pending, pending_dismissible;
static id window;

static id first_window_scene(void) {
  id app = MSG(id)(CLS("UIApplication"), SELN("sharedApplication"));
  Class scene_class = objc_getClass("UIWindowScene");
  if (!app || !scene_class || !class_getInstanceMethod(object_getClass(app), SELN("connectedScenes"))) return NULL;
  id all = MSG(id)(MSG(id)(app, SELN("connectedScenes")), SELN("allObjects"));
  NSUInteger n = MSG(NSUInteger)(all, SELN("count"));
  for (NSUInteger i = 0; i < n; i++) {
    id s = MSG(id, NSUInteger)(all, SELN("objectAtIndex:"), i);
    if (MSG(BOOL, Class)(s, SELN("isKindOfClass:"), scene_class)) return s;
  }
  return NULL;
}

static void dismiss(id self, SEL cmd, id sender) {
  (void)self; (void)cmd; (void)sender;
  mam_screen_hide();
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

static id make_window(CGRect bounds) {
  id scene = first_window_scene();
  id w = MSG(id)(CLS("UIWindow"), SELN("alloc"));
  return scene ? MSG(id, id)(w, SELN("initWithWindowScene:"), scene) : MSG(id, CGRect)(w, SELN("initWithFrame:"), bounds);
}

static void add_button(id view, CGRect bounds) {
  id button = MSG(id, NSInteger)(CLS("UIButton"), SELN("buttonWithType:"), UIButtonTypeSystem);
  CGRect frame = { { bounds.size.width / 2 - 100, bounds.size.height - 140 }, { 200, 44 } };
  MSG(void, CGRect)(button, SELN("setFrame:"), frame);
  MSG(void, id, NSUInteger)(button, SELN("setTitle:forState:"), (id)CFSTR("Continue"), 0);
  MSG(void, id, SEL, NSUInteger)(button, SELN("addTarget:action:forControlEvents:"), dismiss_target(), SELN("dismiss:"), UIControlEventTouchUpInside);
  MSG(void, id)(view, SELN("addSubview:"), button);
}

static void build(void) {
  if (!objc_getClass("UIWindow")) return;
  id screen = MSG(id)(CLS("UIScreen"), SELN("mainScreen"));
  CGRect bounds = MSG(CGRect)(screen, SELN("bounds"));
  if (!window) window = make_window(bounds);
  id controller = MSG(id)(MSG(id)(CLS("UIViewController"), SELN("alloc")), SELN("init"));
  id view = MSG(id)(controller, SELN("view"));
  id color_class = CLS("UIColor");
  SEL bg = class_getClassMethod((Class)color_class, SELN("systemBackgroundColor")) ? SELN("systemBackgroundColor") : SELN("whiteColor");
  MSG(void, id)(view, SELN("setBackgroundColor:"), MSG(id)(color_class, bg));
  CGRect text_frame = { { 24, 0 }, { bounds.size.width - 48, bounds.size.height } };
  id label = MSG(id, CGRect)(MSG(id)(CLS("UILabel"), SELN("alloc")), SELN("initWithFrame:"), text_frame);
  CFStringRef text = mam_cfstring(pending_text);
  MSG(void, id)(label, SELN("setText:"), (id)text);
  CFRelease(text);
  MSG(void, NSInteger)(label, SELN("setNumberOfLines:"), 0);
  MSG(void, NSInteger)(label, SELN("setTextAlignment:"), NSTextAlignmentCenter);
  MSG(void, NSUInteger)(label, SELN("setAutoresizingMask:"), UIViewAutoresizingFlexibleSize);
  MSG(void, id)(view, SELN("addSubview:"), label);
  if (pending_dismissible) add_button(view, bounds);
  MSG(void, CGFloat)(window, SELN("setWindowLevel:"), 10000000.0);
  MSG(void, id)(window, SELN("setRootViewController:"), controller);
  MSG(void, BOOL)(window, SELN("setHidden:"), false);
  MSG(void)(window, SELN("makeKeyAndVisible"));
  pending = 0;
}

static int app_is_active(void) {
  id app = objc_getClass("UIApplication") ? MSG(id)(CLS("UIApplication"), SELN("sharedApplication")) : NULL;
  return app && MSG(NSInteger)(app, SELN("applicationState")) == 0;
}

void mam_screen_show(const char *title, const char *message, int dismissible) {
  snprintf(pending_text, sizeof pending_text, "%s\n\n%s", title, message);
  pending = 1;
  pending_dismissible = dismissible;
  if (app_is_active()) build();
}

void mam_screen_hide(void) {
  pending = 0;
  if (window) MSG(void, BOOL)(window, SELN("setHidden:"), true);
}

void mam_screen_app_active(void) {
  if (pending) build();
}
