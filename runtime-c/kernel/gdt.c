/* SPDX-License-Identifier: MIT */
/*
 * The kernel's GDT: flat 64-bit code and data, and a TSS whose interrupt
 * stack gives double faults a known-good stack (Intel SDM vol. 3 §7.7).
 */
#include <stdint.h>

#include <mk/interrupts.h>
#include <mk/lib.h>

/* Segment descriptor access and flag bits (SDM vol. 3 §3.4.5). */
#define SEG_PRESENT   (1ull << 47) /* P: present */
#define SEG_CODE_DATA (1ull << 44) /* S: code or data, not system */
#define SEG_EXECUTE   (1ull << 43) /* type: code */
#define SEG_WRITABLE  (1ull << 41) /* type: data writable / code readable */
#define SEG_LONG      (1ull << 53) /* L: 64-bit code */
#define SEG_TSS_AVAILABLE (0x9ull << 40) /* type: 64-bit TSS, not busy */

#define IST_STACK_SIZE 8192 /* interrupt stack for double faults */

/* 64-bit task state segment (SDM vol. 3 §7.7, figure 7-11). */
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];      /* stacks for privilege levels 0-2 */
	uint64_t reserved1;
	uint64_t ist[7];      /* interrupt stack table 1-7 */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;  /* past the limit: no I/O bitmap */
} __attribute__((packed));

struct descriptor_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static uint64_t gdt[5];
static struct tss tss;
static uint8_t ist_stack[IST_STACK_SIZE] __attribute__((aligned(16)));

static void set_tss_descriptor(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&tss;
	uint64_t limit = sizeof(tss) - 1;

	gdt[MK_GDT_TSS / 8] = SEG_PRESENT | SEG_TSS_AVAILABLE |
			      (limit & 0xffff) | ((base & 0xffffff) << 16) |
			      (((base >> 24) & 0xff) << 56);
	gdt[MK_GDT_TSS / 8 + 1] = base >> 32;
}

/*
 * Reload the segment registers: CS through a far return, the data
 * selectors directly, then the task register.
 */
static void load_gdt(void)
{
	struct descriptor_pointer ptr = { sizeof(gdt) - 1,
					  (uint64_t)(uintptr_t)gdt };

	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movl %2, %%eax\n\t"
			 "movw %%ax, %%ds\n\t"
			 "movw %%ax, %%es\n\t"
			 "movw %%ax, %%ss\n\t"
			 "movw %3, %%ax\n\t"
			 "ltr %%ax"
			 :
			 : "m"(ptr), "i"(MK_GDT_KERNEL_CODE),
			   "i"(MK_GDT_KERNEL_DATA), "i"(MK_GDT_TSS)
			 : "rax", "memory");
}

void mk_gdt_init(void)
{
	gdt[0] = 0;
	gdt[MK_GDT_KERNEL_CODE / 8] = SEG_PRESENT | SEG_CODE_DATA |
				      SEG_EXECUTE | SEG_WRITABLE | SEG_LONG;
	gdt[MK_GDT_KERNEL_DATA / 8] = SEG_PRESENT | SEG_CODE_DATA |
				      SEG_WRITABLE;

	tss.ist[0] = (uint64_t)(uintptr_t)(ist_stack + sizeof(ist_stack));
	tss.iomap_base = sizeof(tss);
	set_tss_descriptor();
	load_gdt();
}
