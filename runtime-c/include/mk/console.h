/* SPDX-License-Identifier: MIT */
/* The serial console (16550 UART on COM1) and printf on top of it. */
#ifndef MK_CONSOLE_H
#define MK_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

void mk_console_init(void);
void mk_console_write(const char *s, size_t len);
/*
 * %d %i %u %x %X %p %s %c %%, with hh/h/l/ll/z modifiers, width (or *),
 * '0' and '-', and a precision (or .*) for %s.
 */
int mk_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int mk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int mk_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* MK_CONSOLE_H */
