/* SPDX-License-Identifier: MIT */
/* The system tick: PIT channel 0 on IRQ 0. mk_uptime_ms() is in kernel.h. */
#ifndef MK_TIMER_H
#define MK_TIMER_H

/* Ticks per second; mk_config.h may override it. */
#ifndef MK_TIMER_HZ
#define MK_TIMER_HZ 100
#endif

void mk_timer_init(void);

#endif /* MK_TIMER_H */
