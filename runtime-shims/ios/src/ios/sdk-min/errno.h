#ifndef MAM_SDK_ERRNO_H
#define MAM_SDK_ERRNO_H
/* XNU bsd/sys/errno.h */
int *__error(void);
#define errno (*__error())
#define ENOENT 2
#define EACCES 13
#define ECONNREFUSED 61
#define EHOSTUNREACH 65
#endif
