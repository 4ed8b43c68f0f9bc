/* SPDX-License-Identifier: MIT */
/*
 * The loud end of the kernel: exception reports, mk_panic() and
 * mk_exit(). Reports go to the serial console, then QEMU's isa-debug-exit
 * device ends the run with a failure status.
 */
#define MK_LOG_SUBSYS "kernel"

#include <stdarg.h>
#include <stdbool.h>

#include <mk/boot.h>
#include <mk/console.h>
#include <mk/interrupts.h>
#include <mk/io.h>
#include <mk/kernel.h>
#include <mk/memory.h>

#define BACKTRACE_DEPTH 16
#define VECTOR_PAGE_FAULT 14

/* Intel SDM vol. 3 §6.3.1, table 6-1. */
static const char *const exception_names[MK_EXCEPTION_COUNT] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range exceeded", "#UD invalid opcode",
	"#NM device not available", "#DF double fault",
	"coprocessor segment overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack-segment fault",
	"#GP general protection", "#PF page fault", "reserved 15",
	"#MF x87 floating-point error", "#AC alignment check",
	"#MC machine check", "#XM SIMD floating-point",
	"#VE virtualization exception", "#CP control protection",
	"reserved 22", "reserved 23", "reserved 24", "reserved 25",
	"reserved 26", "reserved 27", "#HV hypervisor injection",
	"#VC VMM communication", "#SX security exception", "reserved 31",
};

static bool reporting; /* a fault inside the report must not recurse */

__attribute__((noreturn)) void mk_exit(int status)
{
	mk_irq_disable();
	mk_outb(MK_DEBUG_EXIT_PORT, (uint8_t)status);

	/* No isa-debug-exit device: stop here for good. */
	for (;;)
		__asm__ volatile("hlt");
}

static bool is_text(uint64_t addr)
{
	return addr >= (uint64_t)(uintptr_t)__mk_image_start &&
	       addr < (uint64_t)(uintptr_t)__mk_text_end;
}

/*
 * Print `rip`, then walk saved frame pointers: [rbp] is the caller's
 * rbp, [rbp + 8] the return address. Every frame is checked to lie in
 * RAM before it is read, so a corrupt chain ends the walk instead of
 * faulting again.
 */
void mk_backtrace_print(uint64_t rip, uint64_t rbp)
{
	int depth = 0;

	mk_printf("backtrace:\n");
	mk_printf("  #%d 0x%016llx\n", depth++, (unsigned long long)rip);
	while (depth < BACKTRACE_DEPTH) {
		if (!rbp || (rbp & 7) || !mk_memory_is_ram(rbp, 16))
			break;
		const uint64_t *frame = (const uint64_t *)(uintptr_t)rbp;

		if (!is_text(frame[1]))
			break;
		mk_printf("  #%d 0x%016llx\n", depth++,
			  (unsigned long long)frame[1]);
		if (frame[0] <= rbp)
			break; /* stacks grow down: callers sit higher */
		rbp = frame[0];
	}
}

/*
 * A leaf function may keep no frame of its own; then its caller's
 * return address is on top of the stack and the chain skips it.
 */
static void print_stack_top(uint64_t rsp)
{
	if ((rsp & 7) || !mk_memory_is_ram(rsp, 8))
		return;
	uint64_t top = *(const uint64_t *)(uintptr_t)rsp;

	if (is_text(top))
		mk_printf("[RSP]=%016llx (the caller, if the function keeps no frame)\n",
			  (unsigned long long)top);
}

static void print_registers(const struct mk_trap_frame *f)
{
	mk_printf("RAX=%016llx RBX=%016llx RCX=%016llx\n"
		  "RDX=%016llx RSI=%016llx RDI=%016llx\n"
		  "RBP=%016llx RSP=%016llx R8 =%016llx\n"
		  "R9 =%016llx R10=%016llx R11=%016llx\n"
		  "R12=%016llx R13=%016llx R14=%016llx\n"
		  "R15=%016llx\n",
		  (unsigned long long)f->rax, (unsigned long long)f->rbx,
		  (unsigned long long)f->rcx, (unsigned long long)f->rdx,
		  (unsigned long long)f->rsi, (unsigned long long)f->rdi,
		  (unsigned long long)f->rbp, (unsigned long long)f->rsp,
		  (unsigned long long)f->r8, (unsigned long long)f->r9,
		  (unsigned long long)f->r10, (unsigned long long)f->r11,
		  (unsigned long long)f->r12, (unsigned long long)f->r13,
		  (unsigned long long)f->r14, (unsigned long long)f->r15);
}

__attribute__((noreturn))
void mk_trap_report(const struct mk_trap_frame *f)
{
	if (reporting)
		mk_exit(MK_EXIT_FAILURE);
	reporting = true;

	mk_printf("\n*** KERNEL PANIC: exception %llu (%s), error code 0x%llx\n",
		  (unsigned long long)f->vector, exception_names[f->vector],
		  (unsigned long long)f->error_code);
	mk_printf("RIP=%016llx RSP=%016llx RFLAGS=%016llx CS=%04llx\n",
		  (unsigned long long)f->rip, (unsigned long long)f->rsp,
		  (unsigned long long)f->rflags, (unsigned long long)f->cs);
	if (f->vector == VECTOR_PAGE_FAULT)
		mk_printf("CR2=%016llx (faulting address) CR3=%016llx\n",
			  (unsigned long long)mk_read_cr2(),
			  (unsigned long long)mk_read_cr3());
	print_registers(f);
	print_stack_top(f->rsp);
	mk_backtrace_print(f->rip, f->rbp);
	mk_exit(MK_EXIT_FAILURE);
}

__attribute__((noreturn)) void mk_panic(const char *fmt, ...)
{
	char message[256];
	va_list ap;

	mk_irq_disable();
	if (reporting)
		mk_exit(MK_EXIT_FAILURE);
	reporting = true;

	va_start(ap, fmt);
	mk_vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	mk_printf("\n*** KERNEL PANIC: %s\n", message);
	/* Start at the caller: its return address and its saved rbp. */
	mk_backtrace_print((uint64_t)(uintptr_t)__builtin_return_address(0),
			   *(const uint64_t *)(uintptr_t)mk_read_rbp());
	mk_exit(MK_EXIT_FAILURE);
}
