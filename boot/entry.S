/* SPDX-License-Identifier: MIT */
/*
 * From 32-bit protected mode (either boot protocol) to 64-bit C:
 * identity-map the first 4 GiB, enter long mode, call mk_kernel_main().
 * Expects EDI = boot protocol and ESI = boot information address.
 */
#include <mk/boot.h>
#include <mk_config.h>

#define PAGE_SIZE      4096
#define PTE_PRESENT    (1 << 0)  /* entry is valid */
#define PTE_WRITABLE   (1 << 1)  /* writes allowed */
#define PTE_LARGE      (1 << 7)  /* page size: 2 MiB in a directory */
#define LARGE_PAGE_SHIFT 21      /* 2 MiB */
#define IDENTITY_GIB   4         /* RAM, PCI holes, APIC: all below 4 GiB */
#define ENTRIES_PER_TABLE 512

#define CR0_PG         (1 << 31) /* paging */
#define CR4_PAE        (1 << 5)  /* physical address extension */
#define MSR_EFER       0xc0000080 /* extended feature enable register */
#define EFER_LME       (1 << 8)  /* long mode enable */

#ifndef MK_STACK_SIZE
#define MK_STACK_SIZE  65536     /* boot stack, normally from mk_config.h */
#endif

#define GDT_CODE64     0x08      /* selectors in mk_boot_gdt below */
#define GDT_DATA       0x10

	.section .text.boot32, "ax", @progbits
	.code32
	.globl mk_boot32
mk_boot32:
	/* Clear .bss first: the page tables and the stack live there. */
	mov $__mk_bss_start, %edx
	mov %edi, %ebx              /* keep the arguments across stosb */
	mov %edx, %edi
	mov $__mk_bss_end, %ecx
	sub %edx, %ecx
	xor %eax, %eax
	rep stosb
	mov %ebx, %edi

	/* PML4[0] -> PDPT; PDPT[0..3] -> one page directory per GiB. */
	mov $mk_boot_pdpt + PTE_PRESENT + PTE_WRITABLE, %eax
	mov %eax, mk_boot_pml4
	mov $mk_boot_pd + PTE_PRESENT + PTE_WRITABLE, %eax
	xor %ecx, %ecx
1:	mov %eax, mk_boot_pdpt(, %ecx, 8)
	add $PAGE_SIZE, %eax
	inc %ecx
	cmp $IDENTITY_GIB, %ecx
	jb 1b

	/* Each directory entry maps 2 MiB at the same physical address. */
	mov $PTE_PRESENT + PTE_WRITABLE + PTE_LARGE, %eax
	xor %ecx, %ecx
2:	mov %eax, mk_boot_pd(, %ecx, 8)
	add $1 << LARGE_PAGE_SHIFT, %eax
	inc %ecx
	cmp $IDENTITY_GIB * ENTRIES_PER_TABLE, %ecx
	jb 2b

	/* Enable PAE, point CR3 at the tables, set EFER.LME, turn on paging. */
	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov $mk_boot_pml4, %eax
	mov %eax, %cr3
	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_LME, %eax
	wrmsr
	mov %cr0, %eax
	or $CR0_PG, %eax
	mov %eax, %cr0

	/* Load a GDT with a 64-bit code segment and jump into it. */
	lgdt mk_boot_gdt_pointer
	ljmp $GDT_CODE64, $mk_boot64

	.code64
mk_boot64:
	mov $GDT_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %eax, %eax
	mov %ax, %fs
	mov %ax, %gs

	/* Upper register halves are undefined after the switch: clear them. */
	mov %edi, %edi
	mov %esi, %esi
	mov $__mk_boot_stack_top, %esp
	xor %ebp, %ebp              /* ends the frame-pointer chain */
	call mk_kernel_main
3:	cli
	hlt
	jmp 3b

/* Flat GDT: null, 64-bit code (L=1), data. Intel SDM vol. 3 §3.4.5. */
	.section .rodata
	.p2align 3
mk_boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff    /* code: present, ring 0, long mode */
	.quad 0x00cf92000000ffff    /* data: present, ring 0, writable */
mk_boot_gdt_end:
mk_boot_gdt_pointer:
	.word mk_boot_gdt_end - mk_boot_gdt - 1
	.quad mk_boot_gdt

	.section .bss
	.p2align 12
mk_boot_pml4:
	.skip PAGE_SIZE
mk_boot_pdpt:
	.skip PAGE_SIZE
mk_boot_pd:
	.skip IDENTITY_GIB * PAGE_SIZE

	.p2align 4
	.globl __mk_boot_stack_bottom, __mk_boot_stack_top
__mk_boot_stack_bottom:
	.skip MK_STACK_SIZE
__mk_boot_stack_top:
