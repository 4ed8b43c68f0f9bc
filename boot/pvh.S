/* SPDX-License-Identifier: MIT */
/*
 * PVH boot: the ELF note that names the 32-bit entry, and that entry.
 * Xen's arch-x86/xen.h and hvm/start_info.h define the protocol.
 */
#include <mk/boot.h>

#define XEN_ELFNOTE_PHYS32_ENTRY 18 /* note type: 32-bit physical entry */

/*
 * The note: namesz, descsz, type, "Xen\0", then the entry address.
 * QEMU reads the address as a 64-bit value for a 64-bit ELF.
 */
	.section .note.Xen, "a", @note
	.p2align 2
	.long 2f - 1f
	.long 4f - 3f
	.long XEN_ELFNOTE_PHYS32_ENTRY
1:	.asciz "Xen"
2:	.p2align 2
3:	.quad mk_entry_pvh
4:	.p2align 2

/*
 * Entered in 32-bit protected mode with paging off, flat segments and
 * EBX = physical address of struct hvm_start_info.
 */
	.section .text.boot32, "ax", @progbits
	.code32
	.globl mk_entry_pvh
	.type mk_entry_pvh, @function
mk_entry_pvh:
	cli
	cld
	mov $MK_BOOT_PROTOCOL_PVH, %edi
	mov %ebx, %esi
	jmp mk_boot32
	.size mk_entry_pvh, . - mk_entry_pvh
