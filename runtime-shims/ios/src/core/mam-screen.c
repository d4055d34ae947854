/* Screen capture decisions (see mam-screen.h for what iOS allows). */
#include "mam-screen.h"

mam_cover mam_screen_cover(const mam_policy *p, int captured, int active) {
  if (!p->screen_block) return MAM_COVER_NONE;
  if (captured) return MAM_COVER_CAPTURE;
  return active ? MAM_COVER_NONE : MAM_COVER_SNAPSHOT;
}

int mam_screenshot_notice(const mam_policy *p) { return p->screen_block; }
