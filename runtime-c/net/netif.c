/* SPDX-License-Identifier: MIT */
/*
 * The device table and the Ethernet layer.
 *
 * Receive: a driver's poll (called from mk_net_poll) hands each frame to
 * mk_net_receive(), which counts it, gives it whole to a raw handler if a
 * service installed one (eth echo), or else checks the Ethernet header
 * and passes the payload to ARP or IPv4. Every layer either consumes the
 * frame or counts exactly one drop reason.
 * Transmit: a layer builds a reply in its interface's tx buffer and calls
 * mk_netif_transmit(), which hands it to dev->ops->transmit().
 */
#define MK_LOG_SUBSYS "net"
#include "mk_config.h"

#include "stack.h"

#include "mk/errno.h"
#include "mk/log.h"

#define IPV4_PREFIX_MAX 32

static struct mk_netif netifs[MK_NETDEV_MAX];
static int netif_count;

int mk_netdev_register(struct mk_netdev *dev)
{
	struct mk_netif *nif;
	int i;

	if (!dev || !dev->ops || !dev->ops->transmit)
		return -MK_EINVAL;
	for (i = 0; i < netif_count; i++)
		if (netifs[i].dev == dev)
			return -MK_EINVAL;
	if (netif_count == MK_NETDEV_MAX)
		return -MK_ENOSPC;

	dev->index = netif_count;
	nif = &netifs[netif_count++];
	nif->dev = dev;
	nif->index = dev->index;
	return 0;
}

struct mk_netif *mk_netif_get(int index)
{
	if (index < 0 || index >= netif_count)
		return NULL;
	return &netifs[index];
}

struct mk_netdev *mk_netdev_get(int index)
{
	struct mk_netif *nif = mk_netif_get(index);

	return nif ? nif->dev : NULL;
}

int mk_netdev_count(void)
{
	return netif_count;
}

static void netif_set_name(struct mk_netdev *dev, const char *name)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < sizeof(dev->name); i++)
		dev->name[i] = name[i];
	dev->name[i] = '\0';
}

static void netif_log_config(const struct mk_netif *nif)
{
	const uint8_t *m = nif->dev->mac;
	char ipv4[40] = "no ipv4";

	if (nif->has_ipv4 && nif->has_gateway)
		mk_snprintf(ipv4, sizeof(ipv4), MK_IPV4_FMT "/%u via " MK_IPV4_FMT,
			    MK_IPV4_ARGS(nif->addr), nif->prefix_len,
			    MK_IPV4_ARGS(nif->gateway));
	else if (nif->has_ipv4)
		mk_snprintf(ipv4, sizeof(ipv4), MK_IPV4_FMT "/%u",
			    MK_IPV4_ARGS(nif->addr), nif->prefix_len);
	mk_log_info("%s: mac %02x:%02x:%02x:%02x:%02x:%02x %s", nif->dev->name,
		    m[0], m[1], m[2], m[3], m[4], m[5], ipv4);
}

int mk_net_configure(int index, const struct mk_netif_config *config)
{
	struct mk_netif *nif = mk_netif_get(index);

	if (!nif)
		return -MK_ENODEV;
	if (!config || config->prefix_len > IPV4_PREFIX_MAX)
		return -MK_EINVAL;
	if (config->has_mac && mk_eth_addr_is_group(config->mac))
		return -MK_EINVAL;

	if (config->name)
		netif_set_name(nif->dev, config->name);
	/* The device sends from dev->mac; the driver reads it from there. */
	if (config->has_mac)
		__builtin_memcpy(nif->dev->mac, config->mac, MK_ETH_ADDR_LEN);
	nif->has_ipv4 = config->has_ipv4;
	nif->addr = config->has_ipv4 ? config->address : 0;
	nif->prefix_len = config->has_ipv4 ? config->prefix_len : 0;
	nif->has_gateway = config->has_gateway;
	nif->gateway = config->has_gateway ? config->gateway : 0;
	netif_log_config(nif);
	if (nif->has_ipv4)
		mk_arp_announce(nif);
	return 0;
}

bool mk_netif_on_link(const struct mk_netif *nif, uint32_t addr)
{
	uint32_t mask;

	if (!nif->has_ipv4)
		return false;
	mask = nif->prefix_len ? ~0u << (IPV4_PREFIX_MAX - nif->prefix_len) : 0;
	return (addr & mask) == (nif->addr & mask);
}

int mk_netif_transmit(struct mk_netif *nif, size_t len)
{
	int rc = nif->dev->ops->transmit(nif->dev, nif->tx, len);

	if (rc < 0)
		mk_net_stats.tx_errors++;
	else
		mk_net_stats.tx_frames++;
	return rc < 0 ? rc : 0;
}

static bool eth_for_us(const struct mk_netif *nif, const uint8_t *dst)
{
	return mk_eth_addr_eq(dst, nif->dev->mac) ||
	       mk_eth_addr_eq(dst, mk_eth_broadcast);
}

static void eth_trace(const struct mk_eth_hdr *eth, size_t len)
{
	char line[MK_ETH_PRINT_LEN];

	if (MK_LOG_LEVEL < MK_LOG_TRACE)
		return;
	mk_eth_print(line, sizeof(line), eth);
	mk_log_trace("rx %zu bytes: %s", len, line);
}

/*
 * A frame from our own MAC is one we sent, come back through a loop in
 * the link, or a spoof: answering it would feed the loop.
 */
enum mk_net_drop mk_netif_eth_parse(const struct mk_netif *nif,
				    const uint8_t *frame, size_t len,
				    struct mk_eth_hdr *hdr)
{
	enum mk_net_drop drop = mk_eth_parse(frame, len, hdr);

	if (drop == MK_NET_OK && mk_eth_addr_eq(hdr->src, nif->dev->mac))
		drop = MK_DROP_ETH_SRC_INVALID;
	return drop;
}

static void eth_input(struct mk_netif *nif, const uint8_t *frame, size_t len)
{
	struct mk_eth_hdr eth;
	enum mk_net_drop drop = mk_netif_eth_parse(nif, frame, len, &eth);

	if (drop != MK_NET_OK) {
		mk_net_count_drop(drop);
		return;
	}
	eth_trace(&eth, len);
	if (!eth_for_us(nif, eth.dst)) {
		mk_net_count_drop(MK_DROP_ETH_NOT_FOR_US);
		return;
	}

	frame += MK_ETH_HDR_LEN;
	len -= MK_ETH_HDR_LEN;
	if (eth.type == MK_ETH_TYPE_ARP)
		mk_arp_input(nif, frame, len);
	else if (eth.type == MK_ETH_TYPE_IPV4)
		mk_ipv4_input(nif, &eth, frame, len);
	else
		mk_net_count_drop(MK_DROP_ETH_TYPE);
}

void mk_net_receive(struct mk_netdev *dev, const uint8_t *frame, size_t len)
{
	struct mk_netif *nif = dev ? mk_netif_get(dev->index) : NULL;

	mk_net_stats.rx_frames++;
	if (!frame)
		len = 0;
	/* A device that never registered: its frames are not for us. */
	if (!nif || nif->dev != dev) {
		mk_net_count_drop(MK_DROP_ETH_NOT_FOR_US);
		return;
	}

	if (nif->raw_input)
		nif->raw_input(nif, frame, len);
	else
		eth_input(nif, frame, len);
}

int mk_net_poll(void)
{
	int i, rc, frames = 0;

	for (i = 0; i < netif_count; i++) {
		struct mk_netdev *dev = netifs[i].dev;

		if (!dev->ops->poll)
			continue;
		rc = dev->ops->poll(dev);
		if (rc > 0)
			frames += rc;
	}
	return frames;
}
