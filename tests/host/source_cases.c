/* SPDX-License-Identifier: MIT */
/*
 * Cases for senders no one may answer: Ethernet sources that are a group,
 * all zeros or the device itself, IPv4 sources that name no single host,
 * and ARP senders that are either. Each checks that nothing was sent,
 * nothing was learned, and which counter moved.
 */
#include <string.h>

#include "../../runtime-c/net/stack.h"
#include "frames.h"
#include "harness.h"
#include "mk/errno.h"

#define ETH_SRC   6                     /* offsets in an Ethernet frame */
#define IP        14
#define ARP_OP    20                    /* offsets in an ARP frame */
#define ARP_REQUEST 1                   /* op values (RFC 826) */
#define ARP_REPLY   2
#define ARP_SHA   22
#define ARP_SPA   28
#define ARP_TPA   38
#define NET0      0
#define NET1      1
#define PEER_IP   MK_IPV4(10, 0, 2, 2)
#define NET0_IP   MK_IPV4(10, 0, 2, 15)

static uint8_t frame[2048];

static const uint8_t zero_mac[6];

static size_t copy(const uint8_t *src, size_t len)
{
	memcpy(frame, src, len);
	return len;
}

static void put_ip(uint8_t *p, uint32_t addr)
{
	p[0] = (uint8_t)(addr >> 24);
	p[1] = (uint8_t)(addr >> 16);
	p[2] = (uint8_t)(addr >> 8);
	p[3] = (uint8_t)addr;
}

static void set_ip_src(size_t len, uint32_t src)
{
	put_ip(frame + IP + 12, src);
	host_fix_ip_csum(frame, len);
	host_fix_l4_csum(frame, len);
}

/* An echo request and a UDP echo from `src`, to net0. */
static void send_ping_and_udp_from(uint32_t src)
{
	size_t len = copy(icmp56_request, sizeof(icmp56_request));

	set_ip_src(len, src);
	host_send(NET0, frame, len);
	len = copy(udp_request, sizeof(udp_request));
	set_ip_src(len, src);
	host_send(NET0, frame, len);
}

/* IEEE 802.3 §3.2.3: a source address is never a group address. */
void eth_src_group_dropped(void)
{
	static const uint8_t groups[][6] = {
		{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },         /* broadcast */
		{ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 },         /* IPv4 mcast */
		{ 0x03, 0x00, 0x00, 0x00, 0x00, 0x01 },         /* group bit */
	};
	size_t i, len;

	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		len = copy(icmp56_request, sizeof(icmp56_request));
		memcpy(frame + ETH_SRC, groups[i], 6);
		host_send(NET0, frame, len);
		len = copy(udp_request, sizeof(udp_request));
		memcpy(frame + ETH_SRC, groups[i], 6);
		host_send(NET0, frame, len);
		len = copy(arp_request, sizeof(arp_request));
		memcpy(frame + ETH_SRC, groups[i], 6);
		host_send(NET0, frame, len);
	}
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK(mk_net_stats.udp_rx == 0);
	CHECK_DROPS(drop_eth_src_group, 3 * i);
}

/* All zeros names no station; our own MAC is our frame come back. */
void eth_src_invalid_dropped(void)
{
	const uint8_t *sources[] = { zero_mac, host_devs[NET0].dev.mac };
	uint8_t mac[MK_ETH_ADDR_LEN];
	size_t i, len;

	for (i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
		len = copy(icmp56_request, sizeof(icmp56_request));
		memcpy(frame + ETH_SRC, sources[i], 6);
		host_send(NET0, frame, len);
		len = copy(udp_request, sizeof(udp_request));
		memcpy(frame + ETH_SRC, sources[i], 6);
		host_send(NET0, frame, len);
		len = copy(arp_request, sizeof(arp_request));
		memcpy(frame + ETH_SRC, sources[i], 6);
		host_send(NET0, frame, len);
	}
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK(mk_net_stats.udp_rx == 0);
	CHECK(mk_arp_cache_lookup(NET0, PEER_IP, mac, NULL) == -MK_ENOENT);
	CHECK_DROPS(drop_eth_src_invalid, 3 * i);
}

/* Echoing a group source would send the frame to the whole link. */
void eth_echo_src_group_dropped(void)
{
	size_t len = copy(udp_request, sizeof(udp_request));

	CHECK(mk_eth_echo_start(NET1) == 0);
	memset(frame + ETH_SRC, 0xff, 6);       /* broadcast */
	host_send(NET1, frame, len);
	frame[ETH_SRC] = 0x01;                  /* ff:ff:... with bit 0 only */
	memset(frame + ETH_SRC + 1, 0, 5);
	host_send(NET1, frame, len);
	CHECK(host_devs[NET1].tx_count == 0);
	CHECK(mk_net_stats.eth_echoed == 0);
	CHECK_DROPS(drop_eth_src_group, 2);

	host_send(NET1, udp_request, sizeof(udp_request));
	CHECK(host_devs[NET1].tx_count == 1);
}

/* Echoing our own frame would loop it; all zeros is no one to echo to. */
void eth_echo_src_invalid_dropped(void)
{
	size_t len = copy(udp_request, sizeof(udp_request));

	CHECK(mk_eth_echo_start(NET1) == 0);
	memset(frame + ETH_SRC, 0, 6);
	host_send(NET1, frame, len);
	memcpy(frame + ETH_SRC, host_devs[NET1].dev.mac, 6);
	host_send(NET1, frame, len);
	memcpy(frame, host_devs[NET1].dev.mac, 6);      /* to and from us */
	host_send(NET1, frame, len);
	CHECK(host_devs[NET1].tx_count == 0);
	CHECK(mk_net_stats.eth_echoed == 0);
	CHECK_DROPS(drop_eth_src_invalid, 3);

	host_send(NET1, udp_request, sizeof(udp_request));
	CHECK(host_devs[NET1].tx_count == 1);
}

/*
 * A frame to a group is answered all the same, but from the device's own
 * MAC: a source address is individual (IEEE 802.3 §3.2.3).
 */
void eth_echo_group_dst_from_own_mac(void)
{
	static const uint8_t groups[][6] = {
		{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },         /* broadcast */
		{ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 },         /* IPv4 mcast */
		{ 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 },         /* IPv6 mcast */
	};
	const struct host_dev *h = &host_devs[NET1];
	size_t i, len = copy(udp_request, sizeof(udp_request));

	CHECK(mk_eth_echo_start(NET1) == 0);
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		memcpy(frame, groups[i], 6);
		host_send(NET1, frame, len);
		CHECK(h->tx_count == (int)i + 1 && h->tx_len[i] == len);
		CHECK(!memcmp(h->tx[i], frame + ETH_SRC, 6));
		CHECK(!memcmp(h->tx[i] + ETH_SRC, h->dev.mac, 6));
		CHECK(!memcmp(h->tx[i] + 12, frame + 12, len - 12));
	}
	CHECK(mk_net_stats.eth_echoed == i);
	CHECK_NO_DROPS();
}

/* RFC 1122 §3.2.1.3, RFC 1112 §4: sources that name no single host. */
void ip_bad_source(void)
{
	static const uint32_t sources[] = {
		MK_IPV4(0, 0, 0, 0), MK_IPV4(0, 1, 2, 3),       /* this net */
		MK_IPV4(127, 0, 0, 1), MK_IPV4(127, 255, 0, 9), /* loopback */
		MK_IPV4(224, 0, 0, 1), MK_IPV4(239, 1, 2, 3),   /* multicast */
		MK_IPV4(240, 0, 0, 1), MK_IPV4(255, 255, 255, 255), /* E */
		MK_IPV4(10, 0, 2, 255),                 /* subnet broadcast */
		MK_IPV4(10, 0, 2, 0),                   /* subnet number */
		NET0_IP,                                /* our own address */
	};
	const size_t n = sizeof(sources) / sizeof(sources[0]);
	size_t i;

	for (i = 0; i < n; i++)
		send_ping_and_udp_from(sources[i]);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK(mk_net_stats.udp_rx == 0);
	CHECK_DROPS(drop_ip_bad_source, 2 * n);
}

/* Just outside each refused range, a source is a host like any other. */
void ip_source_edges_answered(void)
{
	static const uint32_t sources[] = {
		MK_IPV4(1, 0, 0, 0), MK_IPV4(126, 255, 255, 255),
		MK_IPV4(128, 0, 0, 0), MK_IPV4(223, 255, 255, 255),
		MK_IPV4(10, 0, 2, 1), MK_IPV4(10, 0, 2, 254),
		MK_IPV4(10, 0, 3, 0), MK_IPV4(10, 0, 3, 255),   /* off-link */
	};
	const size_t n = sizeof(sources) / sizeof(sources[0]);
	size_t i, len = copy(icmp56_request, sizeof(icmp56_request));

	for (i = 0; i < n; i++) {
		set_ip_src(len, sources[i]);
		host_send(NET0, frame, len);
	}
	CHECK(host_devs[NET0].tx_count == (int)n);
	CHECK(mk_net_stats.icmp_echo_replies == n);
	CHECK_NO_DROPS();
}

/* Reconfigure net0 as 10.0.2.15/prefix_len, and forget what it sent. */
static bool configure_net0(uint8_t prefix_len)
{
	struct mk_netif_config config = {
		.has_ipv4 = true, .address = NET0_IP,
		.prefix_len = prefix_len,
	};

	if (mk_net_configure(NET0, &config) != 0)
		return false;
	host_clear_tx();
	return true;
}

/* The subnet number moves with the prefix; /31 and /32 have none. */
void ip_source_subnet_number_by_prefix(void)
{
	CHECK(configure_net0(16));
	send_ping_and_udp_from(MK_IPV4(10, 0, 0, 0));
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_ip_bad_source, 2);
	send_ping_and_udp_from(MK_IPV4(10, 0, 2, 0));
	CHECK(host_devs[NET0].tx_count == 2);

	/* RFC 3021 §2.2: on a /31 both addresses are hosts. */
	CHECK(configure_net0(31));
	send_ping_and_udp_from(MK_IPV4(10, 0, 2, 14));
	CHECK(host_devs[NET0].tx_count == 2);
	CHECK(configure_net0(32));
	send_ping_and_udp_from(MK_IPV4(10, 0, 2, 14));
	CHECK(host_devs[NET0].tx_count == 2);
	CHECK_DROPS(drop_ip_bad_source, 2);
}

/* An ARP request for net0 from the peer's MAC, claiming `spa`. */
static size_t arp_from(uint16_t op, uint32_t spa)
{
	size_t len = copy(arp_request, sizeof(arp_request));

	frame[ARP_OP] = (uint8_t)(op >> 8);
	frame[ARP_OP + 1] = (uint8_t)op;
	put_ip(frame + ARP_SPA, spa);
	return len;
}

/* A sender no IPv4 datagram may come from: neither answered nor learned. */
void arp_bad_sender_address(void)
{
	static const uint32_t senders[] = {
		MK_IPV4(0, 1, 2, 3), MK_IPV4(127, 0, 0, 1),
		MK_IPV4(224, 0, 0, 1), MK_IPV4(240, 0, 0, 1),
		MK_IPV4(255, 255, 255, 255), MK_IPV4(10, 0, 2, 255),
		MK_IPV4(10, 0, 2, 0), NET0_IP,
	};
	const size_t n = sizeof(senders) / sizeof(senders[0]);
	uint8_t mac[MK_ETH_ADDR_LEN];
	size_t i;

	for (i = 0; i < n; i++) {
		host_send(NET0, frame, arp_from(ARP_REQUEST, senders[i]));
		host_send(NET0, frame, arp_from(ARP_REPLY, senders[i]));
		CHECK(mk_arp_cache_lookup(NET0, senders[i], mac, NULL) ==
		      -MK_ENOENT);
	}
	/* 0.0.0.0 is a probe's sender (RFC 5227 §2.1.1), never a reply's. */
	host_send(NET0, frame, arp_from(ARP_REPLY, 0));
	CHECK(mk_arp_cache_lookup(NET0, 0, mac, NULL) == -MK_ENOENT);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK(mk_net_stats.arp_replies == 0);
	CHECK_DROPS(drop_arp_bad_sender, 2 * n + 1);
}

/* A sender hardware address is one station, and not this one. */
void arp_bad_sender_mac(void)
{
	const uint8_t *macs[] = {
		zero_mac, mk_eth_broadcast,
		(const uint8_t[]){ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 },
		host_devs[NET0].dev.mac,
	};
	const size_t n = sizeof(macs) / sizeof(macs[0]);
	uint8_t mac[MK_ETH_ADDR_LEN];
	size_t i, len;

	for (i = 0; i < n; i++) {
		len = copy(arp_request, sizeof(arp_request));
		memcpy(frame + ARP_SHA, macs[i], 6);
		host_send(NET0, frame, len);
	}
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK(mk_arp_cache_lookup(NET0, PEER_IP, mac, NULL) == -MK_ENOENT);
	CHECK_DROPS(drop_arp_bad_sender, n);
}

/*
 * RFC 5227 §2.3: configuring sends an announcement (sender and target
 * our address). Coming back through a loop it is dropped with the rest
 * of our own frames; the same packet from another station claims our
 * address and is not answered either.
 */
void arp_own_announcement_ignored(void)
{
	static const uint8_t other[] = { 0x02, 0, 0, 0, 0, 0x77 };
	const struct host_dev *h = &host_devs[NET0];
	uint8_t mac[MK_ETH_ADDR_LEN];
	size_t len;

	struct mk_netif_config config = {
		.has_ipv4 = true, .address = NET0_IP, .prefix_len = 24,
	};

	CHECK(mk_net_configure(NET0, &config) == 0);
	CHECK(h->tx_count == 1 && h->tx_len[0] == sizeof(arp_request));
	len = copy(h->tx[0], h->tx_len[0]);
	host_clear_tx();
	host_send(NET0, frame, len);
	CHECK_DROPS(drop_eth_src_invalid, 1);

	memcpy(frame + ETH_SRC, other, 6);
	memcpy(frame + ARP_SHA, other, 6);
	host_send(NET0, frame, len);
	CHECK(h->tx_count == 0);
	CHECK(mk_arp_cache_lookup(NET0, NET0_IP, mac, NULL) == -MK_ENOENT);
	CHECK(mk_net_stats.drop_arp_bad_sender == 1);
}

/*
 * RFC 5227 §2.1.1: a probe (sender 0.0.0.0) for our address is answered,
 * which is how its sender learns the address is taken, but 0.0.0.0 is
 * not learned.
 */
void arp_probe_answered_not_learned(void)
{
	const uint8_t *tx = host_devs[NET0].tx[0];
	uint8_t mac[MK_ETH_ADDR_LEN];

	host_send(NET0, frame, arp_from(ARP_REQUEST, 0));
	CHECK(host_devs[NET0].tx_count == 1);
	CHECK(!memcmp(tx, arp_request + ETH_SRC, 6));   /* to the prober */
	CHECK(tx[ARP_OP + 1] == ARP_REPLY);
	CHECK(!memcmp(tx + ARP_TPA, zero_mac, 4));
	CHECK(mk_net_stats.arp_replies == 1);
	CHECK(mk_arp_cache_lookup(NET0, 0, mac, NULL) == -MK_ENOENT);
	CHECK_NO_DROPS();
}
