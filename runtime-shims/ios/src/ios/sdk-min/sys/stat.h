#ifndef MAM_SDK_SYS_STAT_H
#define MAM_SDK_SYS_STAT_H
#include <stdint.h>
/* XNU bsd/sys/stat.h, struct stat with 64-bit inodes (arm64). */
struct mam_timespec { long tv_sec; long tv_nsec; };
struct stat {
  int32_t st_dev;
  uint16_t st_mode;
  uint16_t st_nlink;
  uint64_t st_ino;
  uint32_t st_uid;
  uint32_t st_gid;
  int32_t st_rdev;
  struct mam_timespec st_atimespec, st_mtimespec, st_ctimespec, st_birthtimespec;
  int64_t st_size;
  int64_t st_blocks;
  int32_t st_blksize;
  uint32_t st_flags;
  uint32_t st_gen;
  int32_t st_lspare;
  int64_t st_qspare[2];
};
#define S_IFMT 0170000
#define S_IFDIR 0040000
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
int stat(const char *, struct stat *);
int lstat(const char *, struct stat *);
#endif
