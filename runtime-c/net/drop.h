/* SPDX-License-Identifier: MIT */
/*
 * Why a frame was not delivered. Parsers return one of these (MK_NET_OK
 * when the frame passed); the stack counts it in struct mk_net_stats.
 */
#ifndef MK_NET_DROP_H
#define MK_NET_DROP_H

enum mk_net_drop {
	MK_NET_OK = 0,
	MK_DROP_ETH_SHORT,         /* under 14 bytes */
	MK_DROP_ETH_LONG,          /* over 1514 bytes */
	MK_DROP_ETH_NOT_FOR_US,    /* neither our MAC nor broadcast */
	MK_DROP_ETH_TYPE,          /* not IPv4 or ARP */
	MK_DROP_ETH_SRC_GROUP,     /* source MAC is multicast or broadcast */
	MK_DROP_ETH_SRC_INVALID,   /* source MAC is zero, or ours (a loop) */
	MK_DROP_ARP_SHORT,         /* under 28 bytes */
	MK_DROP_ARP_FORMAT,        /* not Ethernet/IPv4, unknown op */
	MK_DROP_ARP_NOT_FOR_US,    /* target is not our address */
	MK_DROP_ARP_BAD_SENDER,    /* sender no host may be, or ourselves */
	MK_DROP_IP_SHORT,          /* under 20 bytes */
	MK_DROP_IP_VERSION,        /* version is not 4 */
	MK_DROP_IP_HEADER_LEN,     /* IHL < 5, or beyond the bytes received */
	MK_DROP_IP_TOTAL_LEN,      /* below IHL * 4, or beyond the bytes */
	MK_DROP_IP_CHECKSUM,       /* header checksum wrong */
	MK_DROP_IP_FRAGMENT,       /* MF set or offset non-zero */
	MK_DROP_IP_NOT_FOR_US,     /* not our address (or broadcast) */
	MK_DROP_IP_PROTOCOL,       /* not ICMP or UDP */
	MK_DROP_IP_BAD_SOURCE,     /* source no host may use (RFC 1122) */
	MK_DROP_ICMP_SHORT,        /* under 8 bytes */
	MK_DROP_ICMP_CHECKSUM,     /* message checksum wrong */
	MK_DROP_ICMP_TYPE,         /* anything but an echo request */
	MK_DROP_UDP_SHORT,         /* under 8 bytes */
	MK_DROP_UDP_LENGTH,        /* length < 8 or beyond the IP payload */
	MK_DROP_UDP_CHECKSUM,      /* non-zero checksum wrong */
	MK_DROP_UDP_NO_PORT,       /* nothing bound to the port */
	MK_NET_DROP_COUNT
};

/* Count one dropped frame under `reason` (stats.c). */
void mk_net_count_drop(enum mk_net_drop reason);

#endif /* MK_NET_DROP_H */
