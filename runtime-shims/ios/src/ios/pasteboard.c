/* Clipboard policy (clipboard.copyOut, clipboard.pasteIn): the general pasteboard's writes and reads
 * are swizzled on the class that implements it (_UIConcretePasteboard on iOS 10+, UIPasteboard when
 * that private subclass is absent). Each operation on the general pasteboard (UIPasteboardNameGeneral)
 * is routed by core/mam-pasteboard.c: through, to the app's private named pasteboard
 * (+[UIPasteboard pasteboardWithName:create:], "mam.private.<bundle id>"), or nowhere (a dropped
 * write; nil, an empty array, NO or 0 for a read). Other pasteboards pass through untouched. One
 * replacement per method signature finds the original implementation by selector. */
#include <string.h>
#include "mam-pasteboard.h"
#include "runtime.h"

typedef enum {
  W1,        /* - (void)m:(id)a */
  W2,        /* - (void)m:(id)a n:(id)b */
  WBOOL,     /* - (void)m:(id)a localOnly:(BOOL)b expirationDate:(id)c */
  R0,        /* - (id)m, nil when denied */
  R0_ARRAY,  /* - (id)m, an empty array when denied */
  R1,        /* - (id)m:(id)a */
  R2,        /* - (id)m:(id)a n:(id)b */
  B0,        /* - (BOOL)m */
  B1,        /* - (BOOL)m:(id)a */
  B2,        /* - (BOOL)m:(id)a n:(id)b */
  N0,        /* - (NSInteger)m */
} shape;

typedef struct {
  const char *name;
  shape shape;
  SEL sel;
  IMP orig;
} hook;

static hook hooks[] = {
  { "setString:", W1, 0, 0 }, { "setStrings:", W1, 0, 0 }, { "setURL:", W1, 0, 0 }, { "setURLs:", W1, 0, 0 },
  { "setImage:", W1, 0, 0 }, { "setImages:", W1, 0, 0 }, { "setColor:", W1, 0, 0 }, { "setColors:", W1, 0, 0 },
  { "setItems:", W1, 0, 0 }, { "addItems:", W1, 0, 0 }, { "setItemProviders:", W1, 0, 0 }, { "setObjects:", W1, 0, 0 },
  { "setItems:options:", W2, 0, 0 }, { "setData:forPasteboardType:", W2, 0, 0 }, { "setValue:forPasteboardType:", W2, 0, 0 },
  { "setItemProviders:localOnly:expirationDate:", WBOOL, 0, 0 }, { "setObjects:localOnly:expirationDate:", WBOOL, 0, 0 },
  { "string", R0, 0, 0 }, { "strings", R0, 0, 0 }, { "URL", R0, 0, 0 }, { "URLs", R0, 0, 0 }, { "image", R0, 0, 0 },
  { "images", R0, 0, 0 }, { "color", R0, 0, 0 }, { "colors", R0, 0, 0 },
  { "items", R0_ARRAY, 0, 0 }, { "itemProviders", R0_ARRAY, 0, 0 }, { "pasteboardTypes", R0_ARRAY, 0, 0 },
  { "dataForPasteboardType:", R1, 0, 0 }, { "valueForPasteboardType:", R1, 0, 0 },
  { "pasteboardTypesForItemSet:", R1, 0, 0 }, { "itemSetWithPasteboardTypes:", R1, 0, 0 },
  { "dataForPasteboardType:inItemSet:", R2, 0, 0 }, { "valuesForPasteboardType:inItemSet:", R2, 0, 0 },
  { "hasStrings", B0, 0, 0 }, { "hasURLs", B0, 0, 0 }, { "hasImages", B0, 0, 0 }, { "hasColors", B0, 0, 0 },
  { "containsPasteboardTypes:", B1, 0, 0 }, { "containsPasteboardTypes:inItemSet:", B2, 0, 0 },
  { "numberOfItems", N0, 0, 0 },
};
#define HOOK_COUNT (sizeof hooks / sizeof *hooks)

static mam_pasteboard_state state;
static id general_name, private_board;

static IMP orig_for(SEL cmd) {
  for (size_t i = 0; i < HOOK_COUNT; i++)
    if (hooks[i].sel == cmd) return hooks[i].orig;
  return NULL;
}

static int is_general(id board) {
  id name = MSG(id)(board, SELN("name"));
  return name && general_name && CFEqual(name, general_name);
}

static id private_pasteboard(int create) {
  if (private_board) return private_board;
  char name[320];
  char bundle_id[256];
  CFStringRef identifier = CFBundleGetIdentifier(CFBundleGetMainBundle());
  int have_id = identifier && CFStringGetCString(identifier, bundle_id, sizeof bundle_id, kCFStringEncodingUTF8);
  mam_private_pasteboard_name(have_id ? bundle_id : NULL, name, sizeof name);
  CFStringRef text = mam_cfstring(name);
  id board = MSG(id, id, BOOL)(CLS("UIPasteboard"), SELN("pasteboardWithName:create:"), (id)text, create);
  CFRelease(text);
  if (board) private_board = MSG(id)(board, SELN("retain"));
  return board;
}

/* The pasteboard an operation on board really goes to, or NULL for none. */
static id route(id board, mam_pasteboard_op op, mam_pasteboard_verdict *verdict) {
  *verdict = MAM_PB_ALLOW;
  if (!is_general(board)) return board;
  *verdict = mam_pasteboard_route(&mam_active_policy, &state, op, MSG(NSInteger)(board, SELN("changeCount")));
  if (*verdict == MAM_PB_ALLOW) return board;
  return *verdict == MAM_PB_REDIRECT ? private_pasteboard(op == MAM_PB_WRITE) : NULL;
}

static void noted(id board, id target, mam_pasteboard_verdict verdict) {
  if (target && (target != board || is_general(board)))
    mam_pasteboard_note_copy(&state, verdict, MSG(NSInteger)(board, SELN("changeCount")));
}

static void write1(id self, SEL cmd, id a) {
  mam_pasteboard_verdict v;
  id to = route(self, MAM_PB_WRITE, &v);
  if (to) ((void (*)(id, SEL, id))orig_for(cmd))(to, cmd, a);
  noted(self, to, v);
}

static void write2(id self, SEL cmd, id a, id b) {
  mam_pasteboard_verdict v;
  id to = route(self, MAM_PB_WRITE, &v);
  if (to) ((void (*)(id, SEL, id, id))orig_for(cmd))(to, cmd, a, b);
  noted(self, to, v);
}

static void write_bool(id self, SEL cmd, id a, BOOL local_only, id expiry) {
  mam_pasteboard_verdict v;
  id to = route(self, MAM_PB_WRITE, &v);
  if (to) ((void (*)(id, SEL, id, BOOL, id))orig_for(cmd))(to, cmd, a, local_only, expiry);
  noted(self, to, v);
}

static id read0(id self, SEL cmd) {
  mam_pasteboard_verdict v;
  id from = route(self, MAM_PB_READ, &v);
  return from ? ((id(*)(id, SEL))orig_for(cmd))(from, cmd) : NULL;
}

static id read0_array(id self, SEL cmd) {
  mam_pasteboard_verdict v;
  id from = route(self, MAM_PB_READ, &v);
  return from ? ((id(*)(id, SEL))orig_for(cmd))(from, cmd) : MSG(id)(CLS("NSArray"), SELN("array"));
}

static id read1(id self, SEL cmd, id a) {
  mam_pasteboard_verdict v;
  id from = route(self, MAM_PB_READ, &v);
  return from ? ((id(*)(id, SEL, id))orig_for(cmd))(from, cmd, a) : NULL;
}

static id read2(id self, SEL cmd, id a, id b) {
  mam_pasteboard_verdict v;
  id from = route(self, MAM_PB_READ, &v);
  return from ? ((id(*)(id, SEL, id, id))orig_for(cmd))(from, cmd, a, b) : NULL;
}

static BOOL has0(id self, SEL cmd) {
  mam_pasteboard_verdict v;
  id from = route(self, MAM_PB_READ, &v);
  return from ? ((BOOL(*)(id, SEL))orig_for(cmd))(from, cmd) : false;
}

static BOOL has1(id self, SEL cmd, id a) {
  mam_pasteboard_verdict v;
  id from = route(self, MAM_PB_READ, &v);
  return from ? ((BOOL(*)(id, SEL, id))orig_for(cmd))(from, cmd, a) : false;
}

static BOOL has2(id self, SEL cmd, id a, id b) {
  mam_pasteboard_verdict v;
  id from = route(self, MAM_PB_READ, &v);
  return from ? ((BOOL(*)(id, SEL, id, id))orig_for(cmd))(from, cmd, a, b) : false;
}

static NSInteger count0(id self, SEL cmd) {
  mam_pasteboard_verdict v;
  id from = route(self, MAM_PB_READ, &v);
  return from ? ((NSInteger(*)(id, SEL))orig_for(cmd))(from, cmd) : 0;
}

static IMP replacement(shape s) {
  static const IMP BY_SHAPE[] = { (IMP)write1, (IMP)write2, (IMP)write_bool, (IMP)read0, (IMP)read0_array, (IMP)read1,
                                  (IMP)read2, (IMP)has0, (IMP)has1, (IMP)has2, (IMP)count0 };
  return BY_SHAPE[s];
}

void mam_install_pasteboard_policy(void) {
  Class board = objc_getClass("_UIConcretePasteboard");
  if (!board) board = objc_getClass("UIPasteboard");
  if (!board || general_name) return;
  mam_pasteboard_state_init(&state);
  general_name = mam_uikit_string("UIPasteboardNameGeneral", "com.apple.UIKit.pboard.general");
  for (size_t i = 0; i < HOOK_COUNT; i++) {
    hooks[i].sel = SELN(hooks[i].name);
    hooks[i].orig = mam_swizzle(board, hooks[i].name, replacement(hooks[i].shape));
  }
}
