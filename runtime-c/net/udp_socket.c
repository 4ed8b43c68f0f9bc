/* SPDX-License-Identifier: MIT */
/*
 * UDP ports: a table of bound handlers, datagram delivery, and replies.
 *
 * Receive: mk_udp_input() checks the datagram and calls the handler bound
 * to its destination port. While that handler runs, the sender's MAC is
 * remembered, so mk_udp_reply() inside it needs no ARP lookup; a reply
 * sent later asks the ARP cache for the next hop instead.
 */
#define MK_LOG_SUBSYS "net"
#include "mk_config.h"

#include "stack.h"
#include "udp.h"

#include "mk/errno.h"
#include "mk/log.h"

#define UDP_BINDINGS_MAX 16
#define UDP_PORT_NONE    0              /* "if not used, zero" (RFC 768) */
#define UDP_DATA_MAX     (MK_ETH_MTU - MK_IPV4_HDR_LEN - MK_UDP_HDR_LEN)

struct udp_binding {
	uint16_t port;
	mk_udp_handler handler;         /* NULL: entry free */
	void *arg;
};

static struct udp_binding udp_bindings[UDP_BINDINGS_MAX];

/* The datagram whose handler is running, and the MAC it came from. */
static const struct mk_udp_datagram *udp_rx_dgram;
static uint8_t udp_rx_mac[MK_ETH_ADDR_LEN];

static struct udp_binding *udp_find(uint16_t port)
{
	size_t i;

	for (i = 0; i < UDP_BINDINGS_MAX; i++)
		if (udp_bindings[i].handler && udp_bindings[i].port == port)
			return &udp_bindings[i];
	return NULL;
}

int mk_udp_bind(uint16_t port, mk_udp_handler handler, void *arg)
{
	size_t i;

	if (port == UDP_PORT_NONE || !handler)
		return -MK_EINVAL;
	if (udp_find(port))
		return -MK_EADDRINUSE;

	for (i = 0; i < UDP_BINDINGS_MAX; i++) {
		struct udp_binding *b = &udp_bindings[i];

		if (b->handler)
			continue;
		b->port = port;
		b->handler = handler;
		b->arg = arg;
		return 0;
	}
	return -MK_ENOSPC;
}

static void udp_trace(const struct mk_udp_hdr *udp)
{
	char line[MK_UDP_PRINT_LEN];

	if (MK_LOG_LEVEL < MK_LOG_TRACE)
		return;
	mk_udp_print(line, sizeof(line), udp);
	mk_log_trace("%s", line);
}

void mk_udp_input(struct mk_netif *nif, const struct mk_eth_hdr *eth,
		  const struct mk_ipv4_hdr *ip, const uint8_t *seg,
		  size_t len)
{
	struct mk_udp_hdr udp;
	struct mk_udp_datagram dgram;
	const struct udp_binding *b;
	enum mk_net_drop drop = mk_udp_parse(seg, len, ip->src, ip->dst, &udp);

	b = drop == MK_NET_OK ? udp_find(udp.dst_port) : NULL;
	/* RFC 1122 §4.1.3.1 port unreachable: not sent yet, only counted. */
	if (drop == MK_NET_OK && !b)
		drop = MK_DROP_UDP_NO_PORT;
	if (drop != MK_NET_OK) {
		mk_net_count_drop(drop);
		return;
	}
	udp_trace(&udp);

	dgram = (struct mk_udp_datagram){
		.netif = nif->index,
		.src_addr = ip->src,
		.src_port = udp.src_port,
		.dst_addr = ip->dst,
		.dst_port = udp.dst_port,
		.broadcast = mk_ipv4_is_broadcast(nif, ip->dst),
		.payload = seg + MK_UDP_HDR_LEN,
		.len = (size_t)(udp.len - MK_UDP_HDR_LEN),
	};
	mk_net_stats.udp_rx++;
	udp_rx_dgram = &dgram;
	__builtin_memcpy(udp_rx_mac, eth->src, MK_ETH_ADDR_LEN);
	b->handler(&dgram, b->arg);
	udp_rx_dgram = NULL;
}

/* The MAC of the sender, or of the next hop towards it from the cache. */
static int udp_next_hop_mac(const struct mk_netif *nif,
			    const struct mk_udp_datagram *to, uint8_t *mac)
{
	uint32_t hop = to->src_addr;

	if (to == udp_rx_dgram) {
		__builtin_memcpy(mac, udp_rx_mac, MK_ETH_ADDR_LEN);
		return 0;
	}
	if (!mk_netif_on_link(nif, hop)) {
		if (!nif->has_gateway)
			return -MK_EHOSTUNREACH;
		hop = nif->gateway;
	}
	if (mk_arp_cache_lookup(nif->index, hop, mac, NULL) < 0)
		return -MK_EHOSTUNREACH;
	return 0;
}

int mk_udp_reply(const struct mk_udp_datagram *to, const void *payload,
		 size_t len)
{
	struct mk_netif *nif;
	struct mk_udp_hdr udp;
	uint8_t mac[MK_ETH_ADDR_LEN];
	uint8_t *buf;
	int rc;

	if (!to || (!payload && len) || to->src_port == UDP_PORT_NONE)
		return -MK_EINVAL;
	if (len > UDP_DATA_MAX)
		return -MK_EMSGSIZE;
	nif = mk_netif_get(to->netif);
	if (!nif)
		return -MK_ENODEV;
	if (!nif->has_ipv4)
		return -MK_EHOSTUNREACH;
	rc = udp_next_hop_mac(nif, to, mac);
	if (rc < 0)
		return rc;

	buf = mk_ipv4_payload_buf(nif);
	if (len)
		__builtin_memmove(buf + MK_UDP_HDR_LEN, payload, len);
	udp.src_port = to->dst_port;
	udp.dst_port = to->src_port;
	udp.len = (uint16_t)(MK_UDP_HDR_LEN + len);
	mk_udp_emit(buf, &udp, nif->addr, to->src_addr);

	rc = mk_ipv4_send(nif, mac, to->src_addr, MK_IP_PROTO_UDP,
			  MK_UDP_HDR_LEN + len);
	if (rc == 0)
		mk_net_stats.udp_tx++;
	return rc;
}
