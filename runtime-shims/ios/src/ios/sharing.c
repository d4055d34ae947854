/* Sharing (sharing.openIn "block"): documents do not leave the app through the system's sharing UI.
 * - UIActivityViewController is created with no activity items and no application activities (no
 *   share extension or action applies to nothing), and presenting one shows a notice instead.
 * - Presenting a UIDocumentPickerViewController that exports or moves files to another app's storage
 *   (documentPickerMode ExportToService or MoveToService) shows the notice instead.
 * - UIDocumentInteractionController's open-in and options menus answer NO ("no app can open it",
 *   their documented failure) and show the notice.
 * - -[UIApplication openURL:options:completionHandler:], the older -openURL: and
 *   -[UIScene openURL:options:completionHandler:] refuse URLs that hand content to another app
 *   (core/mam-share.c), calling the completion handler with NO. */
#include "mam-share.h"
#include "runtime.h"

#define UIAlertControllerStyleAlert 1
#define UIAlertActionStyleDefault 0
#define URL_MAX 4096

static IMP orig_activity_init, orig_present, orig_app_open, orig_app_open_legacy, orig_scene_open;

static id notice_alert(void) {
  id alert = MSG(id, id, id, NSInteger)(CLS("UIAlertController"), SELN("alertControllerWithTitle:message:preferredStyle:"),
                                        (id)CFSTR("Sharing is turned off"),
                                        (id)CFSTR("Your organization does not allow sending documents from this app to other apps."),
                                        UIAlertControllerStyleAlert);
  id ok = MSG(id, id, NSInteger, id)(CLS("UIAlertAction"), SELN("actionWithTitle:style:handler:"), (id)CFSTR("OK"),
                                     UIAlertActionStyleDefault, NULL);
  MSG(void, id)(alert, SELN("addAction:"), ok);
  return alert;
}

static void present_notice(id presenter, id completion) {
  if (presenter && orig_present && objc_getClass("UIAlertController"))
    ((void (*)(id, SEL, id, BOOL, id))orig_present)(presenter, SELN("presentViewController:animated:completion:"), notice_alert(), true, completion);
}

static int is_kind(id object, const char *class_name) {
  Class c = objc_getClass(class_name);
  return object && c && MSG(BOOL, Class)(object, SELN("isKindOfClass:"), c);
}

static int presents_sharing(id controller) {
  if (is_kind(controller, "UIActivityViewController")) return 1;
  if (!is_kind(controller, "UIDocumentPickerViewController") ||
      !class_getInstanceMethod(object_getClass(controller), SELN("documentPickerMode")))
    return 0;
  return mam_document_picker_is_sharing(MSG(NSInteger)(controller, SELN("documentPickerMode")));
}

static id activity_init(id self, SEL cmd, id items, id activities) {
  (void)items; (void)activities;
  return ((id(*)(id, SEL, id, id))orig_activity_init)(self, cmd, MSG(id)(CLS("NSArray"), SELN("array")), NULL);
}

static void present(id self, SEL cmd, id controller, BOOL animated, id completion) {
  if (presents_sharing(controller)) present_notice(self, completion);
  else ((void (*)(id, SEL, id, BOOL, id))orig_present)(self, cmd, controller, animated, completion);
}

/* The view controller on top in view's window (the key window without a view), to present the notice from. */
static id top_controller(id view) {
  id window = view ? MSG(id)(view, SELN("window")) : NULL;
  if (!window) window = MSG(id)(MSG(id)(CLS("UIApplication"), SELN("sharedApplication")), SELN("keyWindow"));
  id top = window ? MSG(id)(window, SELN("rootViewController")) : NULL;
  for (id next = top; next; next = MSG(id)(top, SELN("presentedViewController"))) top = next;
  return top;
}

static BOOL menu_in_view(id self, SEL cmd, CGRect rect, id view, BOOL animated) {
  (void)self; (void)cmd; (void)rect; (void)animated;
  present_notice(top_controller(view), NULL);
  return false;
}

static BOOL menu_from_item(id self, SEL cmd, id item, BOOL animated) {
  (void)self; (void)cmd; (void)animated;
  present_notice(top_controller(item ? MSG(id)(item, SELN("customView")) : NULL), NULL);
  return false;
}

static int refused(id url) {
  char text[URL_MAX];
  id absolute = url ? MSG(id)(url, SELN("absoluteString")) : NULL;
  if (!absolute) return 0;
  if (!CFStringGetCString((CFStringRef)absolute, text, sizeof text, kCFStringEncodingUTF8)) return mam_active_policy.open_in_block;
  return mam_url_open_refused(&mam_active_policy, text);
}

static void app_open(id self, SEL cmd, id url, id options, id completion) {
  if (refused(url)) mam_call_bool_block(completion, false);
  else ((void (*)(id, SEL, id, id, id))orig_app_open)(self, cmd, url, options, completion);
}

static BOOL app_open_legacy(id self, SEL cmd, id url) {
  return !refused(url) && ((BOOL(*)(id, SEL, id))orig_app_open_legacy)(self, cmd, url);
}

static void scene_open(id self, SEL cmd, id url, id options, id completion) {
  if (refused(url)) mam_call_bool_block(completion, false);
  else ((void (*)(id, SEL, id, id, id))orig_scene_open)(self, cmd, url, options, completion);
}

void mam_install_sharing_block(void) {
  Class activity = objc_getClass("UIActivityViewController"), controller = objc_getClass("UIViewController");
  Class interaction = objc_getClass("UIDocumentInteractionController"), app = objc_getClass("UIApplication");
  Class scene = objc_getClass("UIScene");
  if (activity) orig_activity_init = mam_swizzle(activity, "initWithActivityItems:applicationActivities:", (IMP)activity_init);
  if (controller) orig_present = mam_swizzle(controller, "presentViewController:animated:completion:", (IMP)present);
  if (interaction) {
    mam_swizzle(interaction, "presentOpenInMenuFromRect:inView:animated:", (IMP)menu_in_view);
    mam_swizzle(interaction, "presentOptionsMenuFromRect:inView:animated:", (IMP)menu_in_view);
    mam_swizzle(interaction, "presentOpenInMenuFromBarButtonItem:animated:", (IMP)menu_from_item);
    mam_swizzle(interaction, "presentOptionsMenuFromBarButtonItem:animated:", (IMP)menu_from_item);
  }
  if (app) {
    orig_app_open = mam_swizzle(app, "openURL:options:completionHandler:", (IMP)app_open);
    orig_app_open_legacy = mam_swizzle(app, "openURL:", (IMP)app_open_legacy);
  }
  if (scene) orig_scene_open = mam_swizzle(scene, "openURL:options:completionHandler:", (IMP)scene_open);
}
