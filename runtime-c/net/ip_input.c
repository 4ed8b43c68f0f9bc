/* SPDX-License-Identifier: MIT */
/*
 * IPv4 protocol state: accept datagrams for this host (RFC 1122 §3.2.1),
 * answer ICMP echo requests (RFC 792), and send datagrams.
 *
 * Receive: mk_ipv4_input() checks the header, drops fragments (there is
 * no reassembly yet), datagrams for other hosts and datagrams from
 * addresses no host may send from, and hands the payload
 * (exactly total length minus the header, never Ethernet padding) to ICMP
 * or UDP. Transmit: a caller writes its transport header and data at
 * mk_ipv4_payload_buf() and calls mk_ipv4_send().
 */
#define MK_LOG_SUBSYS "net"
#include "mk_config.h"

#include "icmp.h"
#include "stack.h"

#include "mk/errno.h"
#include "mk/log.h"

#define IPV4_PAYLOAD_OFF      (MK_ETH_HDR_LEN + MK_IPV4_HDR_LEN)
#define IPV4_PAYLOAD_MAX      (MK_ETH_MTU - MK_IPV4_HDR_LEN)
#define IPV4_ADDR_BITS        32
#define IPV4_PREFIX_ALL_HOSTS 31        /* from /31 on, no address set aside */

/* Atomic datagrams (DF set) may carry any ID (RFC 6864 §4.1). */
static uint16_t ipv4_next_id;

uint8_t *mk_ipv4_payload_buf(struct mk_netif *nif)
{
	return nif->tx + IPV4_PAYLOAD_OFF;
}

int mk_ipv4_send(struct mk_netif *nif, const uint8_t *dst_mac, uint32_t dst,
		 uint8_t protocol, size_t payload_len)
{
	struct mk_eth_hdr eth = { .type = MK_ETH_TYPE_IPV4 };
	struct mk_ipv4_hdr ip = {
		.header_len = MK_IPV4_HDR_LEN,
		.frag = MK_IPV4_FLAG_DF,
		.ttl = MK_IPV4_TTL,
		.protocol = protocol,
		.src = nif->addr,
		.dst = dst,
	};

	if (payload_len > IPV4_PAYLOAD_MAX)
		return -MK_EMSGSIZE;
	ip.total_len = (uint16_t)(MK_IPV4_HDR_LEN + payload_len);
	ip.id = ipv4_next_id++;
	__builtin_memcpy(eth.dst, dst_mac, MK_ETH_ADDR_LEN);
	__builtin_memcpy(eth.src, nif->dev->mac, MK_ETH_ADDR_LEN);

	mk_eth_emit(nif->tx, &eth);
	mk_ipv4_emit(nif->tx + MK_ETH_HDR_LEN, &ip);
	return mk_netif_transmit(nif, IPV4_PAYLOAD_OFF + payload_len);
}

/*
 * The host part of nif's subnet, or 0 where the subnet sets no address
 * aside: on a /31 or /32 every address is a host (RFC 3021 §2.2).
 */
static uint32_t ipv4_host_mask(const struct mk_netif *nif)
{
	if (nif->prefix_len >= IPV4_PREFIX_ALL_HOSTS)
		return 0;
	return nif->prefix_len ? ~0u >> nif->prefix_len : ~0u;
}

/* The limited broadcast, or the directed broadcast of our subnet. */
bool mk_ipv4_is_broadcast(const struct mk_netif *nif, uint32_t addr)
{
	uint32_t host_mask = ipv4_host_mask(nif);

	if (addr == MK_IPV4_BROADCAST)
		return true;
	return host_mask && mk_netif_on_link(nif, addr) &&
	       (addr & host_mask) == host_mask;
}

/*
 * Our subnet's own number, host part all zeros: RFC 1122 §3.2.1.3 allows
 * no host number of 0 outside its special cases, and hosts derived from
 * 4.2BSD take it for a broadcast (§3.3.6).
 */
static bool ipv4_is_subnet_number(const struct mk_netif *nif, uint32_t addr)
{
	uint32_t host_mask = ipv4_host_mask(nif);

	return host_mask && mk_netif_on_link(nif, addr) &&
	       (addr & host_mask) == 0;
}

/*
 * Source addresses that name no single host: RFC 1122 §3.2.1.3 for this
 * network and loopback, RFC 1112 §4 for multicast and the reserved
 * class E (which holds the limited broadcast). "This network" is a legal
 * source only while a host learns its address, as a DHCP client does;
 * this stack serves no DHCP.
 */
static const struct {
	uint32_t net;
	uint8_t prefix_len;
} ipv4_bad_source_nets[] = {
	{ MK_IPV4(0, 0, 0, 0), 8 },             /* this network */
	{ MK_IPV4(127, 0, 0, 0), 8 },           /* loopback */
	{ MK_IPV4(224, 0, 0, 0), 4 },           /* multicast */
	{ MK_IPV4(240, 0, 0, 0), 4 },           /* class E, 255.255.255.255 */
};

#define IPV4_BAD_SOURCE_NETS \
	(sizeof(ipv4_bad_source_nets) / sizeof(ipv4_bad_source_nets[0]))

/* `addr` lies in net/prefix_len, for a prefix_len of 1 to 32. */
static bool ipv4_in_net(uint32_t addr, uint32_t net, uint8_t prefix_len)
{
	uint32_t mask = ~0u << (IPV4_ADDR_BITS - prefix_len);

	return (addr & mask) == net;
}

/*
 * RFC 1122 §3.2.1.3: silently discard a datagram whose source is not one
 * host. Our own address as a source is a spoof or a loop: no reply. ARP
 * applies the same test to the addresses senders claim (arp_cache.c).
 */
bool mk_ipv4_source_ok(const struct mk_netif *nif, uint32_t src)
{
	size_t i;

	for (i = 0; i < IPV4_BAD_SOURCE_NETS; i++)
		if (ipv4_in_net(src, ipv4_bad_source_nets[i].net,
				ipv4_bad_source_nets[i].prefix_len))
			return false;
	return src != nif->addr && !mk_ipv4_is_broadcast(nif, src) &&
	       !ipv4_is_subnet_number(nif, src);
}

/* Broadcasts are taken for UDP only: echo to a broadcast is ignored. */
static bool ipv4_for_us(const struct mk_netif *nif,
			const struct mk_ipv4_hdr *ip)
{
	if (!nif->has_ipv4)
		return false;
	if (ip->dst == nif->addr)
		return true;
	return ip->protocol == MK_IP_PROTO_UDP &&
	       mk_ipv4_is_broadcast(nif, ip->dst);
}

/* RFC 792 "Echo or Echo Reply Message": same id, seq and data, type 0. */
static void icmp_echo_reply(struct mk_netif *nif, const struct mk_eth_hdr *eth,
			    const struct mk_ipv4_hdr *ip,
			    const struct mk_icmp_hdr *req, const uint8_t *msg,
			    size_t len)
{
	struct mk_icmp_hdr reply = {
		.type = MK_ICMP_ECHO_REPLY,
		.id = req->id,
		.seq = req->seq,
	};
	uint8_t *buf = mk_ipv4_payload_buf(nif);

	/* len <= IPV4_PAYLOAD_MAX: frames over 1514 bytes never get here. */
	__builtin_memcpy(buf, msg, len);
	mk_icmp_emit(buf, len, &reply);
	if (mk_ipv4_send(nif, eth->src, ip->src, MK_IP_PROTO_ICMP, len) == 0)
		mk_net_stats.icmp_echo_replies++;
}

static void icmp_trace(const struct mk_icmp_hdr *icmp, size_t len)
{
	char line[MK_ICMP_PRINT_LEN];

	if (MK_LOG_LEVEL < MK_LOG_TRACE)
		return;
	mk_icmp_print(line, sizeof(line), icmp, len);
	mk_log_trace("%s", line);
}

static void icmp_input(struct mk_netif *nif, const struct mk_eth_hdr *eth,
		       const struct mk_ipv4_hdr *ip, const uint8_t *msg,
		       size_t len)
{
	struct mk_icmp_hdr icmp;
	enum mk_net_drop drop = mk_icmp_parse(msg, len, &icmp);

	if (drop == MK_NET_OK &&
	    (icmp.type != MK_ICMP_ECHO_REQUEST || icmp.code != 0))
		drop = MK_DROP_ICMP_TYPE;
	if (drop != MK_NET_OK) {
		mk_net_count_drop(drop);
		return;
	}
	icmp_trace(&icmp, len);
	icmp_echo_reply(nif, eth, ip, &icmp, msg, len);
}

static void ipv4_trace(const struct mk_ipv4_hdr *ip)
{
	char line[MK_IPV4_PRINT_LEN];

	if (MK_LOG_LEVEL < MK_LOG_TRACE)
		return;
	mk_ipv4_print(line, sizeof(line), ip);
	mk_log_trace("%s", line);
}

void mk_ipv4_input(struct mk_netif *nif, const struct mk_eth_hdr *eth,
		   const uint8_t *pkt, size_t len)
{
	struct mk_ipv4_hdr ip;
	enum mk_net_drop drop = mk_ipv4_parse(pkt, len, &ip);

	if (drop == MK_NET_OK && mk_ipv4_is_fragment(&ip))
		drop = MK_DROP_IP_FRAGMENT;
	if (drop == MK_NET_OK && !ipv4_for_us(nif, &ip))
		drop = MK_DROP_IP_NOT_FOR_US;
	if (drop == MK_NET_OK && !mk_ipv4_source_ok(nif, ip.src))
		drop = MK_DROP_IP_BAD_SOURCE;
	if (drop != MK_NET_OK) {
		mk_net_count_drop(drop);
		return;
	}
	ipv4_trace(&ip);

	/* The payload ends at total length: padding is not part of it. */
	pkt += ip.header_len;
	len = (size_t)(ip.total_len - ip.header_len);
	if (ip.protocol == MK_IP_PROTO_ICMP)
		icmp_input(nif, eth, &ip, pkt, len);
	else if (ip.protocol == MK_IP_PROTO_UDP)
		mk_udp_input(nif, eth, &ip, pkt, len);
	else
		mk_net_count_drop(MK_DROP_IP_PROTOCOL);
}
