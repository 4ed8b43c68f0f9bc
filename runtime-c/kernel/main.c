/* SPDX-License-Identifier: MIT */
/*
 * mk_kernel_main: bring the machine up in order, hand over to the
 * generated application, then serve the network until the end.
 */
#define MK_LOG_SUBSYS "kernel"

#include <mk_config.h>
#include <mk/app.h>
#include <mk/boot.h>
#include <mk/console.h>
#include <mk/interrupts.h>
#include <mk/io.h>
#include <mk/kernel.h>
#include <mk/log.h>
#include <mk/memory.h>
#include <mk/net.h>
#include <mk/pci.h>
#include <mk/timer.h>

static const char *protocol_name(uint32_t boot_protocol)
{
	return boot_protocol == MK_BOOT_PROTOCOL_PVH ? "pvh" : "multiboot";
}

/*
 * Poll until idle, then sleep until an interrupt. The wake-up flag is
 * cleared before the poll and tested with interrupts off, so an
 * interrupt that lands after the poll but before the HLT is not lost:
 * it either set the flag already, or it is held pending until the
 * "sti; hlt" pair and then wakes the HLT. The timer tick wakes the loop
 * often enough to dump the network statistics when they are due.
 */
__attribute__((noreturn)) static void serve_forever(void)
{
	for (;;) {
		mk_irq_take_wakeup();
		mk_net_stats_print_if_due();
		if (mk_net_poll() > 0)
			continue;

		mk_irq_disable();
		if (mk_irq_take_wakeup()) {
			mk_irq_enable();
			continue;
		}
		mk_irq_enable_and_halt();
	}
}

__attribute__((noreturn))
void mk_kernel_main(uint32_t boot_protocol, uint64_t boot_info_paddr)
{
	int status;

	mk_console_init();
	mk_printf("MiniKraft %s booting (%s)\n", MK_KERNEL_NAME,
		  protocol_name(boot_protocol));

	mk_memory_init(boot_protocol, boot_info_paddr);
	mk_gdt_init();
	mk_interrupts_init();
	mk_timer_init();
	mk_irq_enable();
	mk_pci_init();

	status = mk_app_setup();
	if (status != 0) {
		mk_log_error("application setup failed: %d", status);
		mk_exit(MK_EXIT_FAILURE);
	}
	if (!mk_app_has_services) {
		mk_log_info("no services: exiting");
		mk_exit(MK_EXIT_SUCCESS);
	}
	mk_log_info("serving");
	serve_forever();
}
