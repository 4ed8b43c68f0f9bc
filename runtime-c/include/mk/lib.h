/* SPDX-License-Identifier: MIT */
/*
 * The C library subset the runtime provides. gcc may emit calls to
 * memcpy, memmove, memset and memcmp on its own, so these keep their
 * standard names.
 */
#ifndef MK_LIB_H
#define MK_LIB_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

#define MK_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MK_ALIGN_UP(x, a) (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define MK_MIN(a, b) ((a) < (b) ? (a) : (b))

#endif /* MK_LIB_H */
