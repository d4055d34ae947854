#ifndef MAM_SDK_UNISTD_H
#define MAM_SDK_UNISTD_H
#include <stddef.h>
#include <stdint.h>
typedef int32_t pid_t;
typedef long ssize_t;
#define F_OK 0
int access(const char *, int);
int close(int);
ssize_t read(int, void *, size_t);
int unlink(const char *);
int rmdir(const char *);
pid_t fork(void);
void _exit(int) __attribute__((noreturn));
#endif
