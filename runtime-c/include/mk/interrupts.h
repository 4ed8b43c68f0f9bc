/* SPDX-License-Identifier: MIT */
/*
 * Descriptor tables, exceptions and device interrupts (8259 PIC).
 * Exceptions print a report and stop the kernel; IRQ handlers run with
 * interrupts disabled and must be short. Safe to include from assembly.
 */
#ifndef MK_INTERRUPTS_H
#define MK_INTERRUPTS_H

#define MK_EXCEPTION_COUNT 32 /* vectors 0-31 are the CPU's */
#define MK_IRQ_VECTOR_BASE 32 /* IRQ 0-15 arrive as vectors 32-47 */
#define MK_IRQ_COUNT       16
#define MK_VECTOR_COUNT    (MK_IRQ_VECTOR_BASE + MK_IRQ_COUNT)

#define MK_GDT_KERNEL_CODE 0x08 /* selectors of kernel/gdt.c: index * 8 */
#define MK_GDT_KERNEL_DATA 0x10
#define MK_GDT_TSS         0x18 /* a 16-byte system descriptor */

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

/* What boot/vectors.S pushes, lowest address first. */
struct mk_trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

typedef void (*mk_irq_handler)(void *arg);

void mk_gdt_init(void);
void mk_interrupts_init(void);

/* Route IRQ `irq` to `handler` and unmask it. 0 or a negative MK_E*. */
int mk_irq_register(unsigned int irq, mk_irq_handler handler, void *arg);

/*
 * Set by every interrupt; the idle loop clears it before polling and
 * sleeps only if it is still clear with interrupts disabled.
 */
bool mk_irq_take_wakeup(void);

/* Called by boot/vectors.S for every vector. */
void mk_interrupt_dispatch(struct mk_trap_frame *frame);

/* Print the exception report for `frame` and exit (kernel/trap.c). */
__attribute__((noreturn))
void mk_trap_report(const struct mk_trap_frame *frame);

/* Print "backtrace:", `rip`, then the frame-pointer chain from `rbp`. */
void mk_backtrace_print(uint64_t rip, uint64_t rbp);
#endif /* __ASSEMBLER__ */

#endif /* MK_INTERRUPTS_H */
