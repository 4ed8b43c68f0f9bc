/* SPDX-License-Identifier: MIT */
/* Ethernet II framing (IEEE 802.3 §3.2.6 with a type field): wire format. */
#ifndef MK_NET_ETH_H
#define MK_NET_ETH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drop.h"
#include "mk/netdev.h"

#define MK_ETH_HDR_LEN   14
#define MK_ETH_FRAME_MAX 1514           /* header + 1500-byte MTU, no FCS */
#define MK_ETH_MTU       (MK_ETH_FRAME_MAX - MK_ETH_HDR_LEN)

#define MK_ETH_TYPE_IPV4 0x0800
#define MK_ETH_TYPE_ARP  0x0806

/* Wide enough for "dst 52:54:00:12:34:56 src ... type 0x0800". */
#define MK_ETH_PRINT_LEN 64

struct mk_eth_hdr {
	uint8_t dst[MK_ETH_ADDR_LEN];
	uint8_t src[MK_ETH_ADDR_LEN];
	uint16_t type;
};

extern const uint8_t mk_eth_broadcast[MK_ETH_ADDR_LEN];

/*
 * Check the length and the source address (individual, not a group, not
 * all zeros) and read the header; the payload starts at 14. Whether the
 * source is the receiving device itself is for mk_netif_eth_parse().
 */
enum mk_net_drop mk_eth_parse(const uint8_t *frame, size_t len,
			      struct mk_eth_hdr *hdr);
/* Write the 14-byte header at `frame`. */
void mk_eth_emit(uint8_t *frame, const struct mk_eth_hdr *hdr);
int mk_eth_print(char *buf, size_t size, const struct mk_eth_hdr *hdr);

bool mk_eth_addr_eq(const uint8_t *a, const uint8_t *b);
/* The group bit (IEEE 802 §8.2.2): multicast and broadcast addresses. */
bool mk_eth_addr_is_group(const uint8_t *addr);
/* 00:00:00:00:00:00: no station's address, e.g. an unknown ARP target. */
bool mk_eth_addr_is_zero(const uint8_t *addr);

#endif /* MK_NET_ETH_H */
