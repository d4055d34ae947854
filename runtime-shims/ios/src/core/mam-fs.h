/* File-system walks over the app's containers (POSIX only): applying a callback to every entry, and
 * deleting a folder's contents for the jailbreak "wipe" action. */
#ifndef MAM_FS_H
#define MAM_FS_H
#include <stddef.h>

/* Calls visit(path, is_dir, ctx) for every entry below dir, parents before children; symbolic links are
 * visited but not followed. Returns the number of entries visited. */
size_t mam_walk_tree(const char *dir, void (*visit)(const char *path, int is_dir, void *ctx), void *ctx);
/* Deletes everything inside dir (dir itself stays; symbolic links are removed, never followed).
 * Returns the number of entries that could not be removed. */
size_t mam_remove_contents(const char *dir);

#endif
