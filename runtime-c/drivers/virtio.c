/* SPDX-License-Identifier: MIT */
/*
 * Legacy virtio PCI transport and split virtqueues (virtio 1.2 §2.7,
 * §4.1.4.8). A queue is one allocation in the legacy layout: the
 * descriptor table, the available ring right after it, then the used
 * ring on the next 4096-byte boundary (§2.7.2, "Legacy Interfaces: A
 * Note on Virtqueue Layout").
 *
 * Data path: the driver fills a descriptor, puts its index in the
 * available ring and bumps avail->idx; the device consumes it, writes
 * {id, len} into the used ring and bumps used->idx. Both indices are
 * free-running 16-bit counters; the ring slot is the index modulo the
 * queue size, which is a power of two so that wrap-around at 65536
 * keeps the two in step (§2.7.6).
 */
#define MK_LOG_SUBSYS "virtio"

#include <mk/errno.h>
#include <mk/io.h>
#include <mk/lib.h>
#include <mk/log.h>
#include <mk/memory.h>
#include <mk/virtio.h>

uint8_t mk_virtio_read_status(uint16_t io_base)
{
	return mk_inb(io_base + MK_VIRTIO_REG_DEVICE_STATUS);
}

void mk_virtio_write_status(uint16_t io_base, uint8_t status)
{
	mk_outb(io_base + MK_VIRTIO_REG_DEVICE_STATUS, status);
}

static size_t legacy_used_offset(uint16_t size)
{
	size_t desc = sizeof(struct mk_virtq_desc) * size;
	size_t avail = sizeof(uint16_t) * (3 + size); /* + used_event */

	return MK_ALIGN_UP(desc + avail, (size_t)MK_VIRTIO_LEGACY_QUEUE_ALIGN);
}

static size_t legacy_queue_bytes(uint16_t size)
{
	size_t used = sizeof(uint16_t) * 3 +           /* + avail_event */
		      sizeof(struct mk_virtq_used_elem) * size;

	return legacy_used_offset(size) +
	       MK_ALIGN_UP(used, (size_t)MK_VIRTIO_LEGACY_QUEUE_ALIGN);
}

int mk_virtq_setup(struct mk_virtq *vq, uint16_t io_base, uint16_t index)
{
	uint16_t size;
	uint8_t *mem;

	/* Select the queue and read its size: 0 means it does not exist. */
	mk_outw(io_base + MK_VIRTIO_REG_QUEUE_SELECT, index);
	size = mk_inw(io_base + MK_VIRTIO_REG_QUEUE_SIZE);
	if (size == 0)
		return -MK_ENODEV;
	if (size & (size - 1)) {
		mk_log_error("queue %u: size %u is not a power of two",
			     index, size);
		return -MK_EIO;
	}

	/* One zeroed, page-aligned allocation in the legacy layout. */
	mem = mk_page_alloc(legacy_queue_bytes(size) / MK_PAGE_SIZE);
	if (!mem)
		return -MK_ENOMEM;
	*vq = (struct mk_virtq){
		.index = index,
		.size = size,
		.io_base = io_base,
		.desc = (struct mk_virtq_desc *)mem,
		.avail = (struct mk_virtq_avail *)
			 (mem + sizeof(struct mk_virtq_desc) * size),
		.used = (struct mk_virtq_used *)(mem +
						 legacy_used_offset(size)),
	};

	/* Hand the device the page frame number of the whole queue. */
	mk_outl(io_base + MK_VIRTIO_REG_QUEUE_ADDRESS,
		mk_virt_to_phys(mem) >> MK_VIRTIO_LEGACY_PFN_SHIFT);
	return 0;
}

void mk_virtq_push(struct mk_virtq *vq, uint16_t id)
{
	vq->avail->ring[vq->avail_idx & (vq->size - 1)] = id;

	/* The ring entry must be visible before the index that covers it. */
	mk_barrier();
	vq->avail_idx++;
	*(volatile uint16_t *)&vq->avail->idx = vq->avail_idx;
}

void mk_virtq_notify(struct mk_virtq *vq)
{
	/* Our avail->idx store must land before we read the device's flag. */
	mk_mfence();
	if (!(vq->used->flags & MK_VIRTQ_USED_F_NO_NOTIFY))
		mk_outw(vq->io_base + MK_VIRTIO_REG_QUEUE_NOTIFY, vq->index);
}

int mk_virtq_pop_used(struct mk_virtq *vq, struct mk_virtq_used_elem *elem)
{
	if (vq->last_used == vq->used->idx)
		return 0;

	/* Read the entry only after the index that published it. */
	mk_barrier();
	elem->id = vq->used->ring[vq->last_used & (vq->size - 1)].id;
	elem->len = vq->used->ring[vq->last_used & (vq->size - 1)].len;
	vq->last_used++;
	return 1;
}
