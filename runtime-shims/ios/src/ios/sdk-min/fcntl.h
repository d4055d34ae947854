#ifndef MAM_SDK_FCNTL_H
#define MAM_SDK_FCNTL_H
/* XNU bsd/sys/fcntl.h */
#define O_RDONLY 0x0000
#define O_WRONLY 0x0001
#define O_CREAT 0x0200
#define O_EXCL 0x0800
#define O_NOFOLLOW 0x0100
int open(const char *, int, ...);
#endif
