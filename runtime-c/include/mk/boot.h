/* SPDX-License-Identifier: MIT */
/*
 * What boot/ hands to the C kernel: the protocol that started it and the
 * physical address of that protocol's boot information. Safe to include
 * from assembly.
 */
#ifndef MK_BOOT_H
#define MK_BOOT_H

#define MK_BOOT_PROTOCOL_PVH       1 /* EBX held struct hvm_start_info */
#define MK_BOOT_PROTOCOL_MULTIBOOT 2 /* EBX held the Multiboot info */

#define MK_PVH_START_MAGIC       0x336ec578 /* hvm_start_info.magic */
#define MK_MULTIBOOT_BOOT_MAGIC  0x2BADB002 /* EAX at a Multiboot entry */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Entered from boot/entry.S in long mode; never returns. */
__attribute__((noreturn))
void mk_kernel_main(uint32_t boot_protocol, uint64_t boot_info_paddr);

/* Linker symbols from boot/sections.ld. */
extern char __mk_image_start[], __mk_text_end[], __mk_image_end[];
extern char __mk_boot_stack_bottom[], __mk_boot_stack_top[];
#endif

#endif /* MK_BOOT_H */
