/* SPDX-License-Identifier: MIT */
/*
 * Multiboot (version 1) boot: the header and the 32-bit entry. QEMU
 * only accepts a 64-bit ELF when the header's address fields are valid
 * (flag bit 16, Multiboot 0.6.96 §3.1.3), and then loads the file from
 * the header's offset without reading the ELF program headers.
 */
#include <mk/boot.h>

#define MULTIBOOT_HEADER_MAGIC   0x1BADB002
#define MULTIBOOT_PAGE_ALIGN     (1 << 0)  /* modules on 4 KiB pages */
#define MULTIBOOT_MEMORY_INFO    (1 << 1)  /* pass mem_* and mmap_* */
#define MULTIBOOT_ADDRESS_FIELDS (1 << 16) /* use the fields below */
#define MULTIBOOT_FLAGS \
	(MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO | \
	 MULTIBOOT_ADDRESS_FIELDS)

	.section .boot.header, "a", @progbits
	.p2align 2
mk_multiboot_header:
	.long MULTIBOOT_HEADER_MAGIC
	.long MULTIBOOT_FLAGS
	.long -(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_FLAGS) /* checksum */
	.long mk_multiboot_header   /* header_addr: where this lands */
	.long __mk_image_start      /* load_addr: first byte loaded */
	.long __mk_load_end         /* load_end_addr: end of file data */
	.long __mk_image_end        /* bss_end_addr: end of zeroed memory */
	.long mk_entry_multiboot    /* entry_addr */

/*
 * Entered in 32-bit protected mode with paging off, EAX = the boot
 * magic and EBX = physical address of the Multiboot information.
 */
	.section .text.boot32, "ax", @progbits
	.code32
	.globl mk_entry_multiboot
	.type mk_entry_multiboot, @function
mk_entry_multiboot:
	cli
	cld
	mov $MK_BOOT_PROTOCOL_MULTIBOOT, %edi
	mov %ebx, %esi
	cmp $MK_MULTIBOOT_BOOT_MAGIC, %eax
	je mk_boot32
	xor %esi, %esi              /* no trustworthy information */
	jmp mk_boot32
	.size mk_entry_multiboot, . - mk_entry_multiboot
