/* SPDX-License-Identifier: MIT */
/* Whole-kernel services: exit, panic, time. */
#ifndef MK_KERNEL_H
#define MK_KERNEL_H

#include <stdint.h>

/*
 * Status values for QEMU's isa-debug-exit device (I/O port 0xf4): QEMU
 * exits with (value << 1) | 1, so success is host status 33, failure 35.
 */
#define MK_DEBUG_EXIT_PORT 0xf4
#define MK_EXIT_SUCCESS 0x10
#define MK_EXIT_FAILURE 0x11

__attribute__((noreturn)) void mk_exit(int status);
__attribute__((noreturn, format(printf, 1, 2)))
void mk_panic(const char *fmt, ...);

/* Milliseconds since the timer started; 0 before. */
uint64_t mk_uptime_ms(void);

#endif /* MK_KERNEL_H */
