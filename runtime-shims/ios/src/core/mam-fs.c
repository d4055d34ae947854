/* Container walks with opendir/readdir/lstat (POSIX.1-2008), bounded to PATH_MAX-long paths. */
#include "mam-fs.h"
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAM_PATH_MAX 1024

static int join(char *out, const char *dir, const char *name) {
  int n = snprintf(out, MAM_PATH_MAX, "%s/%s", dir, name);
  return n > 0 && n < MAM_PATH_MAX;
}

static int skip_name(const char *n) { return strcmp(n, ".") == 0 || strcmp(n, "..") == 0; }

size_t mam_walk_tree(const char *dir, void (*visit)(const char *path, int is_dir, void *ctx), void *ctx) {
  DIR *d = opendir(dir);
  size_t count = 0;
  if (!d) return 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    char path[MAM_PATH_MAX];
    struct stat st;
    if (skip_name(e->d_name) || !join(path, dir, e->d_name) || lstat(path, &st) != 0) continue;
    int is_dir = S_ISDIR(st.st_mode);
    visit(path, is_dir, ctx);
    count++;
    if (is_dir) count += mam_walk_tree(path, visit, ctx);
  }
  closedir(d);
  return count;
}

size_t mam_remove_contents(const char *dir) {
  DIR *d = opendir(dir);
  size_t failed = 0;
  if (!d) return 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    char path[MAM_PATH_MAX];
    struct stat st;
    if (skip_name(e->d_name)) continue;
    if (!join(path, dir, e->d_name) || lstat(path, &st) != 0) { failed++; continue; }
    if (S_ISDIR(st.st_mode)) {
      failed += mam_remove_contents(path);
      if (rmdir(path) != 0) failed++;
    } else if (unlink(path) != 0) {
      failed++;
    }
  }
  closedir(d);
  return failed;
}
