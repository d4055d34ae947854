#ifndef MAM_SDK_STDLIB_H
#define MAM_SDK_STDLIB_H
#include <stddef.h>
void *malloc(size_t);
void *calloc(size_t, size_t);
void *realloc(void *, size_t);
void free(void *);
double strtod(const char *, char **);
char *getenv(const char *);
#endif
