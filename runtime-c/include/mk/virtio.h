/* SPDX-License-Identifier: MIT */
/*
 * Virtio over PCI through the legacy I/O-port interface (virtio 1.2
 * §4.1.4.8), with split virtqueues in the legacy layout (§2.7, §2.7.2).
 */
#ifndef MK_VIRTIO_H
#define MK_VIRTIO_H

#include <stdint.h>

#include "pci.h"

#define MK_VIRTIO_PCI_VENDOR          0x1af4 /* Red Hat, Inc. */
#define MK_VIRTIO_PCI_DEVICE_NET_LEGACY 0x1000 /* transitional network */
#define MK_VIRTIO_PCI_DEVICE_NET_MODERN 0x1041 /* virtio 1.0+ only */

/* Legacy register block in BAR0, offsets in bytes (§4.1.4.8). */
#define MK_VIRTIO_REG_DEVICE_FEATURES 0x00 /* 32: features offered */
#define MK_VIRTIO_REG_DRIVER_FEATURES 0x04 /* 32: features accepted */
#define MK_VIRTIO_REG_QUEUE_ADDRESS   0x08 /* 32: queue page frame number */
#define MK_VIRTIO_REG_QUEUE_SIZE      0x0c /* 16: entries, read-only */
#define MK_VIRTIO_REG_QUEUE_SELECT    0x0e /* 16: queue the above refer to */
#define MK_VIRTIO_REG_QUEUE_NOTIFY    0x10 /* 16: write queue index: kick */
#define MK_VIRTIO_REG_DEVICE_STATUS   0x12 /* 8: status bits below */
#define MK_VIRTIO_REG_ISR_STATUS      0x13 /* 8: read acknowledges INTx */
#define MK_VIRTIO_REG_DEVICE_CONFIG   0x14 /* device config, no MSI-X */

/* Device status bits (§2.1). */
#define MK_VIRTIO_STATUS_ACKNOWLEDGE 0x01 /* guest noticed the device */
#define MK_VIRTIO_STATUS_DRIVER      0x02 /* guest has a driver for it */
#define MK_VIRTIO_STATUS_DRIVER_OK   0x04 /* driver ready */
#define MK_VIRTIO_STATUS_FAILED      0x80 /* driver gave up */

/* Legacy queue page frame numbers are in units of 4096 (§4.1.4.8). */
#define MK_VIRTIO_LEGACY_PFN_SHIFT   12
#define MK_VIRTIO_LEGACY_QUEUE_ALIGN 4096

/* Split virtqueue structures (§2.7.5, §2.7.6, §2.7.8). */
#define MK_VIRTQ_DESC_F_NEXT   1 /* chained with the `next` field */
#define MK_VIRTQ_DESC_F_WRITE  2 /* device writes (receive buffers) */
#define MK_VIRTQ_USED_F_NO_NOTIFY 1 /* device asks not to be kicked */

struct mk_virtq_desc {
	uint64_t addr;   /* guest-physical address */
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct mk_virtq_avail {
	uint16_t flags;
	uint16_t idx;    /* free-running: where the driver puts the next */
	uint16_t ring[];
};

struct mk_virtq_used_elem {
	uint32_t id;     /* head descriptor index of the used chain */
	uint32_t len;    /* bytes the device wrote: NOT trusted */
};

struct mk_virtq_used {
	uint16_t flags;
	uint16_t idx;    /* free-running: where the device puts the next */
	struct mk_virtq_used_elem ring[];
};

struct mk_virtq {
	uint16_t index;              /* queue number in the device */
	uint16_t size;               /* entries; a power of two */
	uint16_t io_base;            /* the device's BAR0 */
	uint16_t avail_idx;          /* driver's copy of avail->idx */
	uint16_t last_used;          /* next used entry to read */
	struct mk_virtq_desc *desc;
	struct mk_virtq_avail *avail;
	volatile struct mk_virtq_used *used;
};

/* Allocate queue `index` in the legacy layout and give it to the device. */
int mk_virtq_setup(struct mk_virtq *vq, uint16_t io_base, uint16_t index);

/* Offer descriptor `id` (a one-descriptor chain) to the device. */
void mk_virtq_push(struct mk_virtq *vq, uint16_t id);

/* Kick the device unless it asked not to be. */
void mk_virtq_notify(struct mk_virtq *vq);

/*
 * Take the next used element; returns 0 when there is none, 1 when
 * *elem was filled. The caller checks elem->id and elem->len.
 */
int mk_virtq_pop_used(struct mk_virtq *vq, struct mk_virtq_used_elem *elem);

/* Legacy register access. */
uint8_t mk_virtio_read_status(uint16_t io_base);
void mk_virtio_write_status(uint16_t io_base, uint8_t status);

/* Network device driver (drivers/virtio_net.c). */
int mk_virtio_net_probe(const struct mk_pci_device *dev);
int mk_virtio_net_probe_modern(const struct mk_pci_device *dev);

#endif /* MK_VIRTIO_H */
