/* Encryption at rest on iOS is the Data Protection class A (NSFileProtectionComplete): the file's key
 * is unavailable while the device is locked. NSData writes get NSDataWritingFileProtectionComplete
 * (0x20000000, mask 0xf0000000), NSFileManager file creation gets the NSFileProtectionKey attribute,
 * and the app's existing containers (and so the files later created in them, which inherit their
 * folder's class) are set to NSFileProtectionComplete at launch. */
#include <stdio.h>
#include <stdlib.h>
#include "mam-fs.h"
#include "runtime.h"

#define NSDataWritingAtomic 1ul
#define NSDataWritingFileProtectionComplete 0x20000000ul
#define NSDataWritingFileProtectionMask 0xf0000000ul

static IMP orig_write_file, orig_write_url, orig_create_file;

static NSUInteger protect_options(NSUInteger options) {
  return (options & ~NSDataWritingFileProtectionMask) | NSDataWritingFileProtectionComplete;
}

static BOOL write_file(id self, SEL cmd, id path, NSUInteger options, id *error) {
  return ((BOOL(*)(id, SEL, id, NSUInteger, id *))orig_write_file)(self, cmd, path, protect_options(options), error);
}

static BOOL write_url(id self, SEL cmd, id url, NSUInteger options, id *error) {
  return ((BOOL(*)(id, SEL, id, NSUInteger, id *))orig_write_url)(self, cmd, url, protect_options(options), error);
}

static BOOL write_file_atomically(id self, SEL cmd, id path, BOOL atomically) {
  (void)cmd;
  return write_file(self, SELN("writeToFile:options:error:"), path, atomically ? NSDataWritingAtomic : 0, NULL);
}

static BOOL write_url_atomically(id self, SEL cmd, id url, BOOL atomically) {
  (void)cmd;
  return write_url(self, SELN("writeToURL:options:error:"), url, atomically ? NSDataWritingAtomic : 0, NULL);
}

static id complete_attributes(id attributes) {
  id out = attributes ? MSG(id, id)(CLS("NSMutableDictionary"), SELN("dictionaryWithDictionary:"), attributes)
                      : MSG(id)(CLS("NSMutableDictionary"), SELN("dictionary"));
  MSG(void, id, id)(out, SELN("setObject:forKey:"), NSFileProtectionComplete, NSFileProtectionKey);
  return out;
}

static BOOL create_file(id self, SEL cmd, id path, id contents, id attributes) {
  return ((BOOL(*)(id, SEL, id, id, id))orig_create_file)(self, cmd, path, contents, complete_attributes(attributes));
}

void mam_install_data_protection(void) {
  Class data = objc_getClass("NSData"), fm = objc_getClass("NSFileManager");
  orig_write_file = mam_swizzle(data, "writeToFile:options:error:", (IMP)write_file);
  orig_write_url = mam_swizzle(data, "writeToURL:options:error:", (IMP)write_url);
  if (orig_write_file) mam_swizzle(data, "writeToFile:atomically:", (IMP)write_file_atomically);
  if (orig_write_url) mam_swizzle(data, "writeToURL:atomically:", (IMP)write_url_atomically);
  orig_create_file = mam_swizzle(fm, "createFileAtPath:contents:attributes:", (IMP)create_file);
}

typedef struct { id manager; id attributes; } protect_ctx;

static void protect_one(const char *path, int is_dir, void *ctx) {
  (void)is_dir;
  protect_ctx *c = ctx;
  id p = (id)mam_cfstring(path);
  MSG(BOOL, id, id, id *)(c->manager, SELN("setAttributes:ofItemAtPath:error:"), c->attributes, p, NULL);
  CFRelease(p);
}

/* Documents, Library and tmp of the app's data container. */
static const char *const CONTAINERS[] = { "Documents", "Library", "tmp" };

static const char *home(char out[1024]) {
  id h = NSHomeDirectory();
  return h && CFStringGetCString((CFStringRef)h, out, 1024, kCFStringEncodingUTF8) ? out : NULL;
}

void mam_protect_containers(void) {
  char base[1024], dir[1100];
  if (!home(base)) return;
  protect_ctx ctx = { MSG(id)(CLS("NSFileManager"), SELN("defaultManager")), complete_attributes(NULL) };
  for (size_t i = 0; i < 3; i++) {
    snprintf(dir, sizeof dir, "%s/%s", base, CONTAINERS[i]);
    protect_one(dir, 1, &ctx);
    mam_walk_tree(dir, protect_one, &ctx);
  }
}

void mam_wipe_containers(void) {
  char base[1024], dir[1100];
  if (!home(base)) return;
  for (size_t i = 0; i < 3; i++) {
    snprintf(dir, sizeof dir, "%s/%s", base, CONTAINERS[i]);
    mam_remove_contents(dir);
  }
}
