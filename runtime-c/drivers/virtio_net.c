/* SPDX-License-Identifier: MIT */
/*
 * virtio-net over the legacy PCI interface (virtio 1.2 §5.1, §4.1.4.8).
 * Queue 0 receives: every descriptor is one posted 2 KiB buffer that the
 * device fills with a 10-byte header and a frame; poll hands the frame
 * to mk_net_receive() and posts the buffer again. Queue 1 transmits:
 * a frame is copied after a zeroed header into a free buffer; buffers
 * come back to the free list when the device marks them used.
 * Nothing the device writes is trusted: descriptor ids and lengths from
 * the used rings are checked before they index or size anything.
 */
#define MK_LOG_SUBSYS "virtio-net"

#include <stdbool.h>

#include <mk_config.h>
#include <mk/errno.h>
#include <mk/interrupts.h>
#include <mk/io.h>
#include <mk/lib.h>
#include <mk/log.h>
#include <mk/memory.h>
#include <mk/netdev.h>
#include <mk/virtio.h>

/* Buffers per queue (capped by the device's queue size). */
#ifndef MK_VIRTIO_NET_RX_BUFFERS
#define MK_VIRTIO_NET_RX_BUFFERS 128
#endif
#ifndef MK_VIRTIO_NET_TX_BUFFERS
#define MK_VIRTIO_NET_TX_BUFFERS 64
#endif
#ifndef MK_NETDEV_COUNT
#define MK_NETDEV_COUNT MK_NETDEV_MAX
#endif

#define VIRTIO_NET_F_MAC    (1u << 5) /* device config holds a MAC §5.1.3 */
#define VIRTIO_NET_CONFIG_MAC 0       /* mac[6] in device config §5.1.4 */
#define VIRTIO_NET_QUEUE_RX 0         /* receiveq1 §5.1.2 */
#define VIRTIO_NET_QUEUE_TX 1         /* transmitq1 */
#define VIRTIO_ISR_QUEUE    0x01      /* ISR status: a queue was used */

/*
 * struct virtio_net_hdr without VIRTIO_NET_F_MRG_RXBUF (§5.1.6): flags,
 * gso_type, hdr_len, gso_size, csum_start, csum_offset. A legacy driver
 * that negotiates neither checksum nor GSO sends it zeroed.
 */
#define VIRTIO_NET_HDR_LEN  10
#define VIRTIO_NET_BUF_SIZE 2048      /* header + a 1514-byte frame fits */
#define BUFS_PER_PAGE       (MK_PAGE_SIZE / VIRTIO_NET_BUF_SIZE)

/* Locally administered MAC base for a device that offers none. */
#define FALLBACK_MAC_PREFIX 0x02

struct vnet_stats {
	uint64_t rx_bad_id;     /* used id not a posted receive buffer */
	uint64_t rx_clamped;    /* used length past the buffer: clamped */
	uint64_t rx_short;      /* used length shorter than the header */
	uint64_t tx_bad_id;     /* used id not an in-flight transmit */
	uint64_t tx_full;       /* transmit refused: no free buffer */
};

struct vnet {
	struct mk_netdev netdev;
	uint16_t io_base;
	struct mk_virtq rx, tx;
	uint16_t rx_count, tx_count;
	uint8_t *rx_bufs, *tx_bufs;
	bool rx_posted[MK_VIRTIO_NET_RX_BUFFERS];
	bool tx_in_flight[MK_VIRTIO_NET_TX_BUFFERS];
	uint16_t tx_free[MK_VIRTIO_NET_TX_BUFFERS];
	uint16_t tx_free_count;
	struct vnet_stats stats;
};

static struct vnet devices[MK_NETDEV_MAX];
static int device_count;

static uint8_t *rx_buffer(struct vnet *v, uint16_t id)
{
	return v->rx_bufs + (size_t)id * VIRTIO_NET_BUF_SIZE;
}

static void rx_post(struct vnet *v, uint16_t id)
{
	v->rx_posted[id] = true;
	mk_virtq_push(&v->rx, id);
}

/* Hand one used receive buffer up, trusting no length the device gave. */
static bool rx_deliver(struct vnet *v, uint16_t id, uint32_t used_len)
{
	size_t len = used_len;

	if (len > VIRTIO_NET_BUF_SIZE) {
		v->stats.rx_clamped++;
		len = VIRTIO_NET_BUF_SIZE;
	}
	if (len < VIRTIO_NET_HDR_LEN) {
		v->stats.rx_short++;
		return false;
	}
	mk_net_receive(&v->netdev, rx_buffer(v, id) + VIRTIO_NET_HDR_LEN,
		       len - VIRTIO_NET_HDR_LEN);
	return true;
}

static int vnet_poll(struct mk_netdev *netdev)
{
	struct vnet *v = netdev->priv;
	struct mk_virtq_used_elem elem;
	int frames = 0, reposted = 0;

	/* At most one ring's worth per call, so a flood cannot starve us. */
	for (int budget = v->rx_count;
	     budget > 0 && mk_virtq_pop_used(&v->rx, &elem); budget--) {
		if (elem.id >= v->rx_count || !v->rx_posted[elem.id]) {
			v->stats.rx_bad_id++;
			continue;
		}
		v->rx_posted[elem.id] = false;
		frames += rx_deliver(v, elem.id, elem.len);
		rx_post(v, elem.id);
		reposted++;
	}
	if (reposted)
		mk_virtq_notify(&v->rx);
	return frames;
}

/* Return every buffer the device has finished sending to the free list. */
static void tx_reclaim(struct vnet *v)
{
	struct mk_virtq_used_elem elem;

	for (int budget = v->tx.size;
	     budget > 0 && mk_virtq_pop_used(&v->tx, &elem); budget--) {
		if (elem.id >= v->tx_count || !v->tx_in_flight[elem.id]) {
			v->stats.tx_bad_id++;
			continue;
		}
		v->tx_in_flight[elem.id] = false;
		v->tx_free[v->tx_free_count++] = elem.id;
	}
}

static int vnet_transmit(struct mk_netdev *netdev, const void *frame,
			 size_t len)
{
	struct vnet *v = netdev->priv;
	uint16_t id;
	uint8_t *buf;

	if (len == 0)
		return -MK_EINVAL;
	if (len > VIRTIO_NET_BUF_SIZE - VIRTIO_NET_HDR_LEN)
		return -MK_EMSGSIZE;
	tx_reclaim(v);
	if (v->tx_free_count == 0) {
		v->stats.tx_full++;
		return -MK_EAGAIN;
	}

	id = v->tx_free[--v->tx_free_count];
	buf = v->tx_bufs + (size_t)id * VIRTIO_NET_BUF_SIZE;
	memset(buf, 0, VIRTIO_NET_HDR_LEN);
	memcpy(buf + VIRTIO_NET_HDR_LEN, frame, len);
	v->tx.desc[id].len = VIRTIO_NET_HDR_LEN + len;
	v->tx_in_flight[id] = true;
	mk_virtq_push(&v->tx, id);
	mk_virtq_notify(&v->tx);
	return 0;
}

static const struct mk_netdev_ops vnet_ops = {
	.transmit = vnet_transmit,
	.poll = vnet_poll,
};

/* Reading the ISR status acknowledges the interrupt and lowers INTx. */
static void vnet_interrupt(void *arg)
{
	struct vnet *v = arg;

	(void)mk_inb(v->io_base + MK_VIRTIO_REG_ISR_STATUS);
}

/* Buffers for `count` descriptors, one per descriptor, fixed for life. */
static uint8_t *alloc_buffers(struct mk_virtq *vq, uint16_t count,
			      uint16_t desc_flags)
{
	uint8_t *bufs = mk_page_alloc((count + BUFS_PER_PAGE - 1) /
				      BUFS_PER_PAGE);

	if (!bufs)
		return NULL;
	for (uint16_t i = 0; i < count; i++) {
		uint8_t *buf = bufs + (size_t)i * VIRTIO_NET_BUF_SIZE;

		vq->desc[i] = (struct mk_virtq_desc){
			.addr = mk_virt_to_phys(buf),
			.len = VIRTIO_NET_BUF_SIZE,
			.flags = desc_flags,
		};
	}
	return bufs;
}

static int setup_queues(struct vnet *v)
{
	int err;

	err = mk_virtq_setup(&v->rx, v->io_base, VIRTIO_NET_QUEUE_RX);
	if (err < 0)
		return err;
	err = mk_virtq_setup(&v->tx, v->io_base, VIRTIO_NET_QUEUE_TX);
	if (err < 0)
		return err;

	v->rx_count = MK_MIN(v->rx.size, MK_VIRTIO_NET_RX_BUFFERS);
	v->tx_count = MK_MIN(v->tx.size, MK_VIRTIO_NET_TX_BUFFERS);
	v->rx_bufs = alloc_buffers(&v->rx, v->rx_count,
				   MK_VIRTQ_DESC_F_WRITE);
	v->tx_bufs = alloc_buffers(&v->tx, v->tx_count, 0);
	if (!v->rx_bufs || !v->tx_bufs)
		return -MK_ENOMEM;

	for (uint16_t i = 0; i < v->rx_count; i++)
		rx_post(v, i);
	for (uint16_t i = 0; i < v->tx_count; i++)
		v->tx_free[v->tx_free_count++] = v->tx_count - 1 - i;
	return 0;
}

static void read_mac(struct vnet *v, uint32_t features, int index)
{
	uint8_t *mac = v->netdev.mac;

	if (!(features & VIRTIO_NET_F_MAC)) {
		*mac++ = FALLBACK_MAC_PREFIX;
		memset(mac, 0, MK_ETH_ADDR_LEN - 2);
		mac[MK_ETH_ADDR_LEN - 2] = index + 1;
		return;
	}
	for (int i = 0; i < MK_ETH_ADDR_LEN; i++)
		mac[i] = mk_inb(v->io_base + MK_VIRTIO_REG_DEVICE_CONFIG +
				VIRTIO_NET_CONFIG_MAC + i);
}

static void enable_interrupt(struct vnet *v, const struct mk_pci_device *dev)
{
	int err;

	if (!dev->interrupt_pin || dev->interrupt_line >= MK_IRQ_COUNT) {
		mk_log_warn("%s: no usable INTx line: polling only",
			    v->netdev.name);
		return;
	}
	err = mk_irq_register(dev->interrupt_line, vnet_interrupt, v);
	if (err < 0)
		mk_log_warn("%s: IRQ %d unavailable (%d): polling only",
			    v->netdev.name, dev->interrupt_line, err);
}

/*
 * Device initialization, legacy sequence (§3.1.1, §3.1.2): reset,
 * acknowledge, driver, negotiate features, set up queues, driver OK.
 */
static int vnet_init(struct vnet *v, const struct mk_pci_device *dev,
		     int index)
{
	uint16_t io = v->io_base;
	uint32_t features;
	int err;

	/* Reset. */
	mk_virtio_write_status(io, 0);

	/* Acknowledge the device, then say we can drive it. */
	mk_virtio_write_status(io, MK_VIRTIO_STATUS_ACKNOWLEDGE);
	mk_virtio_write_status(io, MK_VIRTIO_STATUS_ACKNOWLEDGE |
				   MK_VIRTIO_STATUS_DRIVER);

	/* Negotiate: only the MAC; no merged buffers, no offloads. */
	features = mk_inl(io + MK_VIRTIO_REG_DEVICE_FEATURES) &
		   VIRTIO_NET_F_MAC;
	mk_outl(io + MK_VIRTIO_REG_DRIVER_FEATURES, features);

	/* Set up the queues and post every receive buffer. */
	err = setup_queues(v);
	if (err < 0)
		goto fail_device;
	read_mac(v, features, index);
	enable_interrupt(v, dev);

	/* Go. */
	mk_virtio_write_status(io, mk_virtio_read_status(io) |
				   MK_VIRTIO_STATUS_DRIVER_OK);
	mk_virtq_notify(&v->rx);
	return 0;

fail_device:
	mk_virtio_write_status(io, MK_VIRTIO_STATUS_FAILED);
	return err;
}

int mk_virtio_net_probe(const struct mk_pci_device *dev)
{
	int index = device_count;
	struct vnet *v;
	int err;

	/* index < 0 cannot happen; saying so keeps gcc's bounds check quiet. */
	if (index < 0 || index >= MK_NETDEV_COUNT || index >= MK_NETDEV_MAX) {
		mk_log_info("%02x:%02x.%x: not driven (%d devices configured)",
			    dev->bus, dev->slot, dev->function,
			    MK_NETDEV_COUNT);
		return 0;
	}
	v = &devices[index];
	err = mk_pci_io_bar(dev, 0, &v->io_base);
	if (err < 0)
		return err;
	mk_pci_enable(dev, MK_PCI_COMMAND_IO | MK_PCI_COMMAND_BUS_MASTER);

	v->netdev = (struct mk_netdev){ .ops = &vnet_ops, .priv = v };
	mk_snprintf(v->netdev.name, sizeof(v->netdev.name), "net%d", index);
	err = vnet_init(v, dev, index);
	if (err < 0)
		return err;
	err = mk_netdev_register(&v->netdev);
	if (err < 0)
		return err;
	device_count++;

	const uint8_t *m = v->netdev.mac;

	mk_log_info("%s: io 0x%x irq %d mac %02x:%02x:%02x:%02x:%02x:%02x rx %u/%u tx %u/%u",
		    v->netdev.name, v->io_base, dev->interrupt_line, m[0],
		    m[1], m[2], m[3], m[4], m[5], v->rx_count, v->rx.size,
		    v->tx_count, v->tx.size);
	return 0;
}

/*
 * A device with disable-legacy=on has no I/O BAR; driving it needs the
 * virtio 1.x PCI capabilities (§4.1.4), which this driver lacks.
 */
int mk_virtio_net_probe_modern(const struct mk_pci_device *dev)
{
	mk_log_warn("%02x:%02x.%x: modern-only virtio-net is not supported: use a transitional device (QEMU's default)",
		    dev->bus, dev->slot, dev->function);
	return -MK_ENODEV;
}
