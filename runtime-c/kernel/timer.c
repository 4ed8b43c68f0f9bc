/* SPDX-License-Identifier: MIT */
/*
 * The system tick: the 8254 PIT's channel 0 as a rate generator on IRQ 0,
 * MK_TIMER_HZ times a second. mk_uptime_ms() counts those ticks.
 */
#define MK_LOG_SUBSYS "timer"

#include <mk_config.h>
#include <mk/interrupts.h>
#include <mk/io.h>
#include <mk/kernel.h>
#include <mk/log.h>
#include <mk/timer.h>

#define PIT_INPUT_HZ   1193182 /* the PIT's fixed input clock */
#define PIT_CHANNEL0   0x40    /* channel 0 counter, wired to IRQ 0 */
#define PIT_COMMAND    0x43    /* mode/command register */
#define PIT_CH0_LOHI_RATE 0x34 /* channel 0, low then high byte, mode 2 */
#define PIT_IRQ        0

static volatile uint64_t ticks;

static void timer_tick(void *arg)
{
	(void)arg;
	ticks++;
}

void mk_timer_init(void)
{
	uint32_t divisor = (PIT_INPUT_HZ + MK_TIMER_HZ / 2) / MK_TIMER_HZ;

	/* Mode 2 (rate generator), the divisor low byte first. */
	mk_outb(PIT_COMMAND, PIT_CH0_LOHI_RATE);
	mk_outb(PIT_CHANNEL0, divisor & 0xff);
	mk_outb(PIT_CHANNEL0, (divisor >> 8) & 0xff);

	if (mk_irq_register(PIT_IRQ, timer_tick, NULL) < 0)
		mk_panic("timer: IRQ %d unavailable", PIT_IRQ);
	mk_log_info("PIT at %d Hz", MK_TIMER_HZ);
}

uint64_t mk_uptime_ms(void)
{
	return ticks * 1000 / MK_TIMER_HZ;
}
