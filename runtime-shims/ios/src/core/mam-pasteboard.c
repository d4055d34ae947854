/* Clipboard decisions; the table is docs/policy.md's "clipboard" section read operation by operation. */
#include "mam-pasteboard.h"
#include "mam-text.h"

void mam_pasteboard_state_init(mam_pasteboard_state *s) { s->mark = -1; }

static mam_pasteboard_verdict decide_write(const mam_policy *p) {
  switch (p->copy_out) {
  case MAM_COPY_ALLOW: return MAM_PB_ALLOW;
  case MAM_COPY_BLOCK: return MAM_PB_DENY;
  default: return MAM_PB_REDIRECT;
  }
}

/* Reads: in withinApp mode the app's own newest copy lives on the private pasteboard, and with
 * pasteIn "block" the private pasteboard is the only clipboard the app sees. Otherwise the general
 * pasteboard is read unless pasteIn "block" and another app put its content there. */
static mam_pasteboard_verdict decide_read(const mam_policy *p, mam_pasteboard_origin origin) {
  if (p->copy_out == MAM_COPY_WITHIN_APP)
    return origin == MAM_PB_FROM_THIS_APP || p->paste_block ? MAM_PB_REDIRECT : MAM_PB_ALLOW;
  if (!p->paste_block) return MAM_PB_ALLOW;
  return origin == MAM_PB_FROM_THIS_APP && p->copy_out == MAM_COPY_ALLOW ? MAM_PB_ALLOW : MAM_PB_DENY;
}

mam_pasteboard_verdict mam_pasteboard_decide(const mam_policy *p, mam_pasteboard_op op, mam_pasteboard_origin origin) {
  return op == MAM_PB_WRITE ? decide_write(p) : decide_read(p, origin);
}

mam_pasteboard_origin mam_pasteboard_origin_of(const mam_pasteboard_state *s, long change_count) {
  return s->mark >= 0 && change_count == s->mark ? MAM_PB_FROM_THIS_APP : MAM_PB_FROM_OTHER_APP;
}

mam_pasteboard_verdict mam_pasteboard_route(const mam_policy *p, const mam_pasteboard_state *s, mam_pasteboard_op op,
                                            long change_count) {
  return mam_pasteboard_decide(p, op, mam_pasteboard_origin_of(s, change_count));
}

void mam_pasteboard_note_copy(mam_pasteboard_state *s, mam_pasteboard_verdict v, long change_count_after) {
  if (v != MAM_PB_DENY) s->mark = change_count_after;
}

size_t mam_private_pasteboard_name(const char *bundle_id, char *out, size_t cap) {
  mam_text t = { out, cap, 0 };
  mam_text_puts(&t, "mam.private.");
  mam_text_puts(&t, bundle_id && *bundle_id ? bundle_id : "app");
  return mam_text_finish(&t);
}
