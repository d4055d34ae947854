/* Clipboard decisions (docs/policy.md "clipboard"): where each write to and read from the general
 * pasteboard goes. copyOut "allow" lets writes through, "block" drops them, "withinApp" redirects them
 * to a pasteboard private to the app; pasteIn "block" hides content that came from other apps.
 * Whose content the general pasteboard holds is told by its change count: the runtime records the
 * count after each of the app's own copies (the mark), and any later change was made by another app. */
#ifndef MAM_PASTEBOARD_H
#define MAM_PASTEBOARD_H
#include <stddef.h>
#include "mam-policy.h"

typedef enum { MAM_PB_WRITE, MAM_PB_READ } mam_pasteboard_op;
/* Whose content a read of the general pasteboard would return. */
typedef enum { MAM_PB_FROM_OTHER_APP, MAM_PB_FROM_THIS_APP } mam_pasteboard_origin;
/* ALLOW: the general pasteboard; REDIRECT: the app's private pasteboard; DENY: nothing (a dropped
 * write, an empty read). */
typedef enum { MAM_PB_ALLOW, MAM_PB_REDIRECT, MAM_PB_DENY } mam_pasteboard_verdict;

typedef struct {
  long mark;   /* the general pasteboard's change count after the app's last copy; -1 before any */
} mam_pasteboard_state;

void mam_pasteboard_state_init(mam_pasteboard_state *s);
/* The verdict for one operation on the general pasteboard (the mode × operation × origin table). */
mam_pasteboard_verdict mam_pasteboard_decide(const mam_policy *p, mam_pasteboard_op op, mam_pasteboard_origin origin);
/* Whose content the general pasteboard holds now, given its change count. */
mam_pasteboard_origin mam_pasteboard_origin_of(const mam_pasteboard_state *s, long change_count);
/* Routes one operation: the verdict for this state and change count. */
mam_pasteboard_verdict mam_pasteboard_route(const mam_policy *p, const mam_pasteboard_state *s, mam_pasteboard_op op,
                                            long change_count);
/* Records a copy that went through (ALLOW or REDIRECT) with the general pasteboard's count after it. */
void mam_pasteboard_note_copy(mam_pasteboard_state *s, mam_pasteboard_verdict v, long change_count_after);
/* The name of the app's private pasteboard: "mam.private." + the bundle identifier. Returns the length
 * needed; writes at most cap bytes, NUL-terminated when there is room. */
size_t mam_private_pasteboard_name(const char *bundle_id, char *out, size_t cap);

#endif
