/* SPDX-License-Identifier: MIT */
/*
 * What the generated glue provides to the runtime. The runtime calls
 * these; it never includes a generated file except mk_config.h.
 */
#ifndef MK_APP_H
#define MK_APP_H

#include <stdbool.h>

/*
 * Called once after the console, memory, interrupts, timer and PCI
 * drivers are up. Configures interfaces, starts services, runs the
 * user's entry function. Returns 0, or a status for mk_exit().
 */
int mk_app_setup(void);

/* True when the kernel has services to serve after mk_app_setup(). */
extern const bool mk_app_has_services;

#endif /* MK_APP_H */
