#ifndef MAM_SDK_DIRENT_H
#define MAM_SDK_DIRENT_H
#include <stdint.h>
/* XNU bsd/sys/dirent.h, __DARWIN_64_BIT_INO_T layout (the only one on arm64). */
struct dirent {
  uint64_t d_ino;
  uint64_t d_seekoff;
  uint16_t d_reclen;
  uint16_t d_namlen;
  uint8_t d_type;
  char d_name[1024];
};
typedef struct mam_dir DIR;
DIR *opendir(const char *);
struct dirent *readdir(DIR *);
int closedir(DIR *);
#endif
