/* SPDX-License-Identifier: MIT */
/*
 * Physical memory: the RAM regions from the boot information of either
 * protocol, and a bump allocator over them for driver pages. Nothing is
 * ever freed: drivers allocate once at start-up.
 */
#define MK_LOG_SUBSYS "memory"

#include <stdbool.h>

#include <mk_config.h>
#include <mk/boot.h>
#include <mk/kernel.h>
#include <mk/lib.h>
#include <mk/log.h>
#include <mk/memory.h>

#define MEMORY_REGION_MAX 32      /* usable regions kept from the map */
#define LOW_MEMORY_END    0x100000 /* below 1 MiB: BIOS, boot data */
#define E820_RAM          1       /* memory map type: usable RAM */
#define IDENTITY_MAP_END  (4ull << 30) /* boot/entry.S maps 4 GiB */

/* struct hvm_start_info (Xen public/arch-x86/hvm/start_info.h). */
struct pvh_start_info {
	uint32_t magic;
	uint32_t version;             /* >= 1: memmap fields valid */
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct pvh_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;                /* E820 types */
	uint32_t reserved;
};

/* Multiboot information (Multiboot 0.6.96 §3.3), fields we read. */
#define MULTIBOOT_INFO_MEMORY (1u << 0) /* mem_lower/mem_upper valid */
#define MULTIBOOT_INFO_MMAP   (1u << 6) /* mmap_addr/mmap_length valid */

struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower;           /* KiB below 1 MiB */
	uint32_t mem_upper;           /* KiB above 1 MiB */
	uint32_t unused[8];           /* boot_device .. syms */
	uint32_t mmap_length;
	uint32_t mmap_addr;
};

struct multiboot_mmap_entry {
	uint32_t size;                /* of the rest of this entry */
	uint64_t base_addr;
	uint64_t length;
	uint32_t type;
} __attribute__((packed));

struct region {
	uint64_t base, end;           /* usable [base, end) */
	uint64_t next;                /* bump pointer */
};

static struct region regions[MEMORY_REGION_MAX];
static int region_count;
static uint64_t usable_bytes;

/* Keep [base, end), page-aligned inwards, for the allocator. */
static void add_free_range(uint64_t base, uint64_t end)
{
	base = MK_ALIGN_UP(base, (uint64_t)MK_PAGE_SIZE);
	end &= ~(uint64_t)(MK_PAGE_SIZE - 1);
	if (base >= end)
		return;
	if (region_count == MEMORY_REGION_MAX) {
		mk_log_warn("more than %d RAM regions: ignoring 0x%llx-0x%llx",
			    MEMORY_REGION_MAX, (unsigned long long)base,
			    (unsigned long long)end);
		return;
	}
	regions[region_count++] = (struct region){ base, end, base };
}

/*
 * Record one RAM range from the map. The allocator gets it minus what
 * must never be handed out: everything below 1 MiB (BIOS data, the boot
 * information), the image itself (code, data, stack, page tables) and
 * anything above the identity-mapped 4 GiB.
 */
static void add_ram(uint64_t base, uint64_t len)
{
	uint64_t end = base + len;
	uint64_t image_start = (uint64_t)(uintptr_t)__mk_image_start;
	uint64_t image_end = (uint64_t)(uintptr_t)__mk_image_end;

	usable_bytes += len;
	if (end > IDENTITY_MAP_END)
		end = IDENTITY_MAP_END;
	if (base < LOW_MEMORY_END)
		base = LOW_MEMORY_END;
	if (base < image_start)
		add_free_range(base, end < image_start ? end : image_start);
	if (end > image_end)
		add_free_range(base > image_end ? base : image_end, end);
}

static void add_map_entry(uint64_t base, uint64_t len, uint32_t type)
{
	mk_log_info("  0x%010llx-0x%010llx %s", (unsigned long long)base,
		    (unsigned long long)(base + len),
		    type == E820_RAM ? "usable" : "reserved");
	if (type == E820_RAM)
		add_ram(base, len);
}

/* Without a map, trust the descriptor: RAM from 1 MiB to its size. */
static void add_configured_ram(void)
{
	mk_log_warn("no memory map from the boot loader: assuming %llu bytes",
		    (unsigned long long)MK_MEMORY_BYTES);
	add_map_entry(LOW_MEMORY_END, MK_MEMORY_BYTES - LOW_MEMORY_END,
		      E820_RAM);
}

static void parse_pvh(uint64_t paddr)
{
	const struct pvh_start_info *info = (const void *)(uintptr_t)paddr;
	const struct pvh_memmap_entry *map;

	if (!paddr || info->magic != MK_PVH_START_MAGIC) {
		mk_log_error("bad PVH start info at 0x%llx",
			     (unsigned long long)paddr);
		add_configured_ram();
		return;
	}
	if (info->version < 1 || !info->memmap_paddr) {
		add_configured_ram();
		return;
	}
	map = (const void *)(uintptr_t)info->memmap_paddr;
	for (uint32_t i = 0; i < info->memmap_entries; i++)
		add_map_entry(map[i].addr, map[i].size, map[i].type);
}

static void parse_multiboot(uint64_t paddr)
{
	const struct multiboot_info *info = (const void *)(uintptr_t)paddr;
	uint64_t p, end;

	if (!paddr) {
		mk_log_error("entered without the Multiboot magic");
		add_configured_ram();
		return;
	}
	if (!(info->flags & MULTIBOOT_INFO_MMAP)) {
		if (!(info->flags & MULTIBOOT_INFO_MEMORY)) {
			add_configured_ram();
			return;
		}
		add_map_entry(LOW_MEMORY_END,
			      (uint64_t)info->mem_upper * 1024, E820_RAM);
		return;
	}

	/* Each entry's size field excludes the size field itself. */
	p = info->mmap_addr;
	end = p + info->mmap_length;
	while (p + sizeof(struct multiboot_mmap_entry) <= end) {
		const struct multiboot_mmap_entry *e =
			(const void *)(uintptr_t)p;

		add_map_entry(e->base_addr, e->length, e->type);
		p += e->size + sizeof(e->size);
	}
}

void mk_memory_init(uint32_t boot_protocol, uint64_t boot_info_paddr)
{
	mk_log_info("memory map:");
	if (boot_protocol == MK_BOOT_PROTOCOL_PVH)
		parse_pvh(boot_info_paddr);
	else
		parse_multiboot(boot_info_paddr);
	mk_log_info("usable RAM: %llu KiB, image 0x%llx-0x%llx",
		    (unsigned long long)(usable_bytes / 1024),
		    (unsigned long long)(uintptr_t)__mk_image_start,
		    (unsigned long long)(uintptr_t)__mk_image_end);
	if (region_count == 0)
		mk_panic("no usable RAM above the kernel image");
}

void *mk_page_alloc(size_t count)
{
	uint64_t bytes = (uint64_t)count * MK_PAGE_SIZE;

	for (int i = 0; i < region_count; i++) {
		struct region *r = &regions[i];

		if (r->end - r->next < bytes)
			continue;
		void *p = (void *)(uintptr_t)r->next;

		r->next += bytes;
		return memset(p, 0, bytes);
	}
	mk_log_error("out of memory: %zu pages wanted", count);
	return NULL;
}

uint64_t mk_memory_usable_bytes(void)
{
	return usable_bytes;
}

int mk_memory_is_ram(uint64_t addr, uint64_t len)
{
	uint64_t image_start = (uint64_t)(uintptr_t)__mk_image_start;
	uint64_t image_end = (uint64_t)(uintptr_t)__mk_image_end;

	if (addr + len < addr)
		return 0;
	if (addr >= image_start && addr + len <= image_end)
		return 1;
	for (int i = 0; i < region_count; i++) {
		if (addr >= regions[i].base && addr + len <= regions[i].end)
			return 1;
	}
	return 0;
}
