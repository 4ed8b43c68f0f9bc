/* SPDX-License-Identifier: MIT */
/*
 * One logging family. A file defines MK_LOG_SUBSYS ("net", "pci", ...)
 * before including this header; lines come out as "[subsys] message".
 * MK_LOG_LEVEL (mk_config.h) removes the levels above it at build time.
 */
#ifndef MK_LOG_H
#define MK_LOG_H

#include "console.h"

#define MK_LOG_ERROR 1
#define MK_LOG_WARN  2
#define MK_LOG_INFO  3
#define MK_LOG_DEBUG 4
#define MK_LOG_TRACE 5

#ifndef MK_LOG_LEVEL
#define MK_LOG_LEVEL MK_LOG_INFO
#endif
#ifndef MK_LOG_SUBSYS
#define MK_LOG_SUBSYS "kernel"
#endif

#define mk_log_at(level, tag, fmt, ...)                                   \
	do {                                                              \
		if ((level) <= MK_LOG_LEVEL)                              \
			mk_printf("[" MK_LOG_SUBSYS "] " tag fmt "\n",    \
				  ##__VA_ARGS__);                         \
	} while (0)

#define mk_log_error(fmt, ...) mk_log_at(MK_LOG_ERROR, "error: ", fmt, ##__VA_ARGS__)
#define mk_log_warn(fmt, ...)  mk_log_at(MK_LOG_WARN, "warning: ", fmt, ##__VA_ARGS__)
#define mk_log_info(fmt, ...)  mk_log_at(MK_LOG_INFO, "", fmt, ##__VA_ARGS__)
#define mk_log_debug(fmt, ...) mk_log_at(MK_LOG_DEBUG, "", fmt, ##__VA_ARGS__)
#define mk_log_trace(fmt, ...) mk_log_at(MK_LOG_TRACE, "", fmt, ##__VA_ARGS__)

#endif /* MK_LOG_H */
