/* SPDX-License-Identifier: MIT */
/*
 * Private to the stack: per-interface state, and the functions each
 * protocol layer offers the others on the receive and transmit paths.
 */
#ifndef MK_NET_STACK_H
#define MK_NET_STACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eth.h"
#include "ipv4.h"
#include "mk/net.h"
#include "mk/netdev.h"

struct mk_netif;

/* Takes every frame of an interface before Ethernet filtering. */
typedef void (*mk_netif_raw_input)(struct mk_netif *nif,
				   const uint8_t *frame, size_t len);

struct mk_netif {
	struct mk_netdev *dev;          /* NULL: slot unused */
	int index;
	bool has_ipv4;
	uint32_t addr;                  /* host byte order */
	uint8_t prefix_len;
	bool has_gateway;
	uint32_t gateway;
	mk_netif_raw_input raw_input;   /* set by a service, e.g. eth echo */
	uint64_t echo_count;            /* eth echo: frames answered */
	uint64_t echo_logged_ms;        /* eth echo: last log line */
	/* Replies are built here: one frame at a time, single-threaded. */
	uint8_t tx[MK_ETH_FRAME_MAX];
};

/* netif.c */
struct mk_netif *mk_netif_get(int index);
/* Send the first `len` bytes of nif->tx; counts tx_frames or tx_errors. */
int mk_netif_transmit(struct mk_netif *nif, size_t len);
bool mk_netif_on_link(const struct mk_netif *nif, uint32_t addr);
/* mk_eth_parse(), and the source is not nif's own MAC. */
enum mk_net_drop mk_netif_eth_parse(const struct mk_netif *nif,
				    const uint8_t *frame, size_t len,
				    struct mk_eth_hdr *hdr);

/* arp_cache.c: ARP input, answering requests, the neighbour cache. */
void mk_arp_input(struct mk_netif *nif, const uint8_t *pkt, size_t len);
void mk_arp_announce(struct mk_netif *nif);
void mk_arp_cache_update(int netif, uint32_t addr, const uint8_t *mac);
/* 0 and the MAC (and when it was learned), or -MK_ENOENT. */
int mk_arp_cache_lookup(int netif, uint32_t addr, uint8_t *mac,
			uint64_t *updated_ms);

/* ip_input.c: IPv4 input, ICMP echo, and IPv4 output. */
void mk_ipv4_input(struct mk_netif *nif, const struct mk_eth_hdr *eth,
		   const uint8_t *pkt, size_t len);
/* The limited broadcast, or the directed broadcast of nif's subnet. */
bool mk_ipv4_is_broadcast(const struct mk_netif *nif, uint32_t addr);
/* `addr` may be a source on nif: one host, not us (RFC 1122 §3.2.1.3). */
bool mk_ipv4_source_ok(const struct mk_netif *nif, uint32_t addr);
/* Where a transport header goes in nif->tx before mk_ipv4_send(). */
uint8_t *mk_ipv4_payload_buf(struct mk_netif *nif);
/* Prepend Ethernet and IPv4 headers to the payload in nif->tx and send. */
int mk_ipv4_send(struct mk_netif *nif, const uint8_t *dst_mac, uint32_t dst,
		 uint8_t protocol, size_t payload_len);

/* udp_socket.c */
void mk_udp_input(struct mk_netif *nif, const struct mk_eth_hdr *eth,
		  const struct mk_ipv4_hdr *ip, const uint8_t *seg,
		  size_t len);

#endif /* MK_NET_STACK_H */
