/* SPDX-License-Identifier: MIT */
/*
 * Physical memory: the map the boot loader reported, and a page
 * allocator for drivers. Memory is identity-mapped, so a pointer from
 * mk_page_alloc() is also the physical address a device DMAs to.
 */
#ifndef MK_MEMORY_H
#define MK_MEMORY_H

#include <stddef.h>
#include <stdint.h>

#define MK_PAGE_SIZE 4096

/* Parse the boot information of `boot_protocol` and print the map. */
void mk_memory_init(uint32_t boot_protocol, uint64_t boot_info_paddr);

/* `count` contiguous zeroed pages, or NULL when memory is exhausted. */
void *mk_page_alloc(size_t count);

/* Usable RAM the boot loader reported, in bytes. */
uint64_t mk_memory_usable_bytes(void);

/* True when [addr, addr + len) is usable RAM (for walking stacks). */
int mk_memory_is_ram(uint64_t addr, uint64_t len);

static inline uint64_t mk_virt_to_phys(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

#endif /* MK_MEMORY_H */
