#ifndef MAM_SDK_STDIO_H
#define MAM_SDK_STDIO_H
#include <stddef.h>
int snprintf(char *, size_t, const char *, ...);
#endif
