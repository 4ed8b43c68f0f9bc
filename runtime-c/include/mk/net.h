/* SPDX-License-Identifier: MIT */
/*
 * The network stack's API for the generated glue: configure interfaces,
 * start services, and read the statistics.
 */
#ifndef MK_NET_H
#define MK_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netdev.h"

/* IPv4 addresses are kept in host byte order everywhere in the API. */
#define MK_IPV4(a, b, c, d) \
	(((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | \
	 ((uint32_t)(c) << 8) | (uint32_t)(d))

struct mk_netif_config {
	const char *name;               /* descriptor name, e.g. "net0" */
	bool has_mac;                   /* false: keep the device's own MAC */
	uint8_t mac[MK_ETH_ADDR_LEN];
	bool has_ipv4;
	uint32_t address;               /* e.g. MK_IPV4(10, 0, 2, 15) */
	uint8_t prefix_len;             /* 0..32 */
	bool has_gateway;
	uint32_t gateway;
};

/*
 * Attach configuration to the device at `index` (the index-th virtio-net
 * device in PCI order). 0 or a negative errno (-MK_ENODEV: no such device).
 */
int mk_net_configure(int index, const struct mk_netif_config *config);

/* Services. Each returns 0 or a negative MK_E* (-MK_EADDRINUSE, -MK_ENOSPC). */
int mk_udp_echo_start(uint16_t port);
int mk_eth_echo_start(int index);

/* UDP sockets, for services that are more than an echo. */
struct mk_udp_datagram {
	int netif;                      /* interface it arrived on */
	uint32_t src_addr;
	uint16_t src_port;
	uint32_t dst_addr;
	uint16_t dst_port;
	bool broadcast;                 /* dst_addr: limited or subnet bcast */
	const uint8_t *payload;
	size_t len;
};
typedef void (*mk_udp_handler)(const struct mk_udp_datagram *dgram,
			       void *arg);
int mk_udp_bind(uint16_t port, mk_udp_handler handler, void *arg);
/* Send `len` bytes from `port` back to the sender of `to`. */
int mk_udp_reply(const struct mk_udp_datagram *to, const void *payload,
		 size_t len);

/* Poll every device once; returns how many frames were processed. */
int mk_net_poll(void);

/*
 * Every frame that is not delivered is counted under exactly one reason.
 * The names appear as-is in the statistics dump.
 */
struct mk_net_stats {
	uint64_t rx_frames, tx_frames, tx_errors;
	uint64_t drop_eth_short, drop_eth_long, drop_eth_not_for_us;
	uint64_t drop_eth_type, drop_eth_src_group, drop_eth_src_invalid;
	uint64_t drop_arp_short, drop_arp_format, drop_arp_not_for_us;
	uint64_t drop_arp_bad_sender;
	uint64_t drop_ip_short, drop_ip_version, drop_ip_header_len;
	uint64_t drop_ip_total_len, drop_ip_checksum, drop_ip_fragment;
	uint64_t drop_ip_not_for_us, drop_ip_protocol, drop_ip_bad_source;
	uint64_t drop_icmp_short, drop_icmp_checksum, drop_icmp_type;
	uint64_t drop_udp_short, drop_udp_length, drop_udp_checksum;
	uint64_t drop_udp_no_port;
	uint64_t arp_replies, icmp_echo_replies, udp_rx, udp_tx, eth_echoed;
	/* Delivered to UDP echo, which declined to answer (udp_echo.c). */
	uint64_t udp_echo_refused;
};
extern struct mk_net_stats mk_net_stats;
void mk_net_stats_print(void);

/* Least time between two periodic dumps; mk_config.h may override it. */
#ifndef MK_NET_STATS_INTERVAL_MS
#define MK_NET_STATS_INTERVAL_MS 10000
#endif

/*
 * Dump the statistics if a counter changed since the last dump and
 * MK_NET_STATS_INTERVAL_MS have passed since it; for the serve loop.
 */
void mk_net_stats_print_if_due(void);

#endif /* MK_NET_H */
