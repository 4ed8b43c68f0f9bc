/* SPDX-License-Identifier: MIT */
/* ARP for IPv4 over Ethernet (RFC 826): wire format. */
#ifndef MK_NET_ARP_H
#define MK_NET_ARP_H

#include <stddef.h>
#include <stdint.h>

#include "drop.h"
#include "mk/netdev.h"

#define MK_ARP_LEN         28           /* Ethernet/IPv4 packet size */
#define MK_ARP_HTYPE_ETH   1            /* ar$hrd: Ethernet (10Mb) */
#define MK_ARP_OP_REQUEST  1            /* ares_op$REQUEST */
#define MK_ARP_OP_REPLY    2            /* ares_op$REPLY */
#define MK_ARP_PRINT_LEN   96

struct mk_arp_pkt {
	uint16_t op;
	uint8_t sha[MK_ETH_ADDR_LEN];   /* sender hardware address */
	uint32_t spa;                   /* sender protocol address */
	uint8_t tha[MK_ETH_ADDR_LEN];   /* target hardware address */
	uint32_t tpa;                   /* target protocol address */
};

/*
 * Check length, address formats (Ethernet, IPv4, 6 and 4 bytes) and op.
 * Bytes past the 28 (Ethernet padding) are ignored.
 */
enum mk_net_drop mk_arp_parse(const uint8_t *pkt, size_t len,
			      struct mk_arp_pkt *arp);
/* Write the 28-byte packet at `pkt`. */
void mk_arp_emit(uint8_t *pkt, const struct mk_arp_pkt *arp);
int mk_arp_print(char *buf, size_t size, const struct mk_arp_pkt *arp);

#endif /* MK_NET_ARP_H */
