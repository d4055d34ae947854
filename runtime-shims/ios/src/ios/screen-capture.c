/* Screen capture (screenCapture.block). iOS offers no public API that prevents a screenshot or a
 * recording (see core/mam-screen.h), so the runtime reacts: the cover overlay hides the app's windows
 * while UIScreen.isCaptured (iOS 11+: recording, AirPlay, mirroring) and while the app is inactive or
 * in the background, so the app switcher's snapshot shows the cover; after a screenshot
 * (UIApplicationUserDidTakeScreenshotNotification, posted once the image is saved) a dismissible notice
 * tells the user. Notifications come through the local CFNotificationCenter, which backs
 * NSNotificationCenter's default center. */
#include "mam-screen.h"
#include "runtime.h"

static int captured, active;
static mam_cover current = MAM_COVER_NONE;

static const char *const CAPTURE_TEXT =
    "Screen capture in progress\n\nThis app's content is hidden while the screen is recorded, mirrored or shared, as your organization requires.";
static const char *const SCREENSHOT_TEXT =
    "Screenshot taken\n\nYour organization does not allow screenshots of this app. Please delete the screenshot from your photos.";

static int screen_is_captured(void) {
  Class screen = objc_getClass("UIScreen");
  if (!screen || !class_getInstanceMethod(screen, SELN("isCaptured"))) return 0;
  return MSG(BOOL)(MSG(id)((id)screen, SELN("mainScreen")), SELN("isCaptured"));
}

static void update(void) {
  mam_cover c = mam_screen_cover(&mam_active_policy, captured, active);
  if (c == current) return;
  current = c;
  if (c == MAM_COVER_NONE) mam_overlay_hide(MAM_OVERLAY_COVER);
  else mam_overlay_show(MAM_OVERLAY_COVER, c == MAM_COVER_CAPTURE ? CAPTURE_TEXT : "", 0, 1);
}

static void on_captured(CFNotificationCenterRef c, void *o, CFStringRef n, const void *obj, CFDictionaryRef info) {
  (void)c; (void)o; (void)n; (void)obj; (void)info;
  captured = screen_is_captured();
  update();
}

static void on_inactive(CFNotificationCenterRef c, void *o, CFStringRef n, const void *obj, CFDictionaryRef info) {
  (void)c; (void)o; (void)n; (void)obj; (void)info;
  active = 0;
  update();
}

static void on_active(CFNotificationCenterRef c, void *o, CFStringRef n, const void *obj, CFDictionaryRef info) {
  (void)c; (void)o; (void)n; (void)obj; (void)info;
  active = 1;
  captured = screen_is_captured();
  update();
}

static void on_screenshot(CFNotificationCenterRef c, void *o, CFStringRef n, const void *obj, CFDictionaryRef info) {
  (void)c; (void)o; (void)n; (void)obj; (void)info;
  if (mam_screenshot_notice(&mam_active_policy)) mam_overlay_show(MAM_OVERLAY_NOTICE, SCREENSHOT_TEXT, 1, 1);
}

static void observe(const char *symbol, CFNotificationCallback cb) {
  CFNotificationCenterAddObserver(CFNotificationCenterGetLocalCenter(), (const void *)&current, cb,
                                  (CFStringRef)mam_uikit_string(symbol, symbol), NULL,
                                  CFNotificationSuspensionBehaviorDeliverImmediately);
}

/* App-level notifications only: in a scene-based app UIKit still posts them when the app as a whole
 * changes state, whereas one scene's deactivation says nothing about the others. */
void mam_install_screen_cover(void) {
  observe("UIScreenCapturedDidChangeNotification", on_captured);
  observe("UIApplicationUserDidTakeScreenshotNotification", on_screenshot);
  observe("UIApplicationWillResignActiveNotification", on_inactive);
  observe("UIApplicationDidEnterBackgroundNotification", on_inactive);
  observe("UIApplicationDidBecomeActiveNotification", on_active);
}
