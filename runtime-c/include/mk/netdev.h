/* SPDX-License-Identifier: MIT */
/*
 * The seam between network drivers and the network stack. A driver fills
 * in a struct mk_netdev and registers it; the stack hands it frames to
 * send, and the driver hands received frames to mk_net_receive().
 */
#ifndef MK_NETDEV_H
#define MK_NETDEV_H

#include <stddef.h>
#include <stdint.h>

#define MK_ETH_ADDR_LEN 6
#define MK_NETDEV_MAX 4 /* devices one kernel drives at most */

struct mk_netdev;

struct mk_netdev_ops {
	/* Queue one whole Ethernet frame (no FCS); 0 or a negative errno. */
	int (*transmit)(struct mk_netdev *dev, const void *frame, size_t len);
	/*
	 * Hand every frame that arrived since the last call to
	 * mk_net_receive(), then give the buffers back to the device.
	 * Returns how many frames were handed up.
	 */
	int (*poll)(struct mk_netdev *dev);
};

struct mk_netdev {
	char name[16];                    /* "net0": the descriptor's name */
	uint8_t mac[MK_ETH_ADDR_LEN];     /* the address frames are sent from */
	const struct mk_netdev_ops *ops;
	void *priv;                       /* the driver's own state */
	int index;                        /* position in the device table */
};

/* Drivers: called once per device found, in PCI bus/slot order. */
int mk_netdev_register(struct mk_netdev *dev);
struct mk_netdev *mk_netdev_get(int index);
int mk_netdev_count(void);

/* Driver -> stack: one received frame, valid only during the call. */
void mk_net_receive(struct mk_netdev *dev, const uint8_t *frame, size_t len);

#endif /* MK_NETDEV_H */
