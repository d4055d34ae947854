/* Screen capture decisions (docs/policy.md "screenCapture": iOS hides the app's content while the
 * screen is captured). iOS has no public API that stops a screenshot or a recording; an app can only
 * learn that the screen is being captured (UIScreen.isCaptured, recording, AirPlay or mirroring) and
 * that a screenshot was just taken, and it can draw over its own windows. So the runtime covers the
 * app while the screen is captured and while the app is not active (the app switcher's snapshot is
 * taken then), and tells the user after a screenshot. */
#ifndef MAM_SCREEN_H
#define MAM_SCREEN_H
#include "mam-policy.h"

typedef enum {
  MAM_COVER_NONE,       /* the app's content shows */
  MAM_COVER_CAPTURE,    /* covered: the screen is being recorded, mirrored or shared */
  MAM_COVER_SNAPSHOT,   /* covered: the app is inactive or in the background (app switcher snapshot) */
} mam_cover;

/* What covers the app now; capture wins over inactivity (its cover explains itself). */
mam_cover mam_screen_cover(const mam_policy *p, int captured, int active);
/* Whether a screenshot that was just taken calls for a notice to the user. */
int mam_screenshot_notice(const mam_policy *p);

#endif
