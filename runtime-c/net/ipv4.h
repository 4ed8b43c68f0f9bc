/* SPDX-License-Identifier: MIT */
/* IPv4 header (RFC 791 §3.1): wire format. */
#ifndef MK_NET_IPV4_H
#define MK_NET_IPV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drop.h"

#define MK_IPV4_HDR_LEN      20         /* without options: IHL 5 */
#define MK_IPV4_VERSION      4
#define MK_IPV4_FLAG_DF      0x4000     /* don't fragment */
#define MK_IPV4_FLAG_MF      0x2000     /* more fragments */
#define MK_IPV4_OFFSET_MASK  0x1fff     /* fragment offset, 8-byte units */
#define MK_IPV4_TTL          64         /* RFC 1700 default */
#define MK_IPV4_BROADCAST    0xffffffffu /* limited broadcast (RFC 919) */
#define MK_IP_PROTO_ICMP     1
#define MK_IP_PROTO_UDP      17
#define MK_IPV4_PRINT_LEN    80

/* printf helpers for a host-order address: "10.0.2.15". */
#define MK_IPV4_FMT "%u.%u.%u.%u"
#define MK_IPV4_ARGS(a) \
	(unsigned)((a) >> 24), (unsigned)(((a) >> 16) & 0xff), \
	(unsigned)(((a) >> 8) & 0xff), (unsigned)((a) & 0xff)

struct mk_ipv4_hdr {
	uint16_t header_len;            /* IHL * 4: where the payload starts */
	uint8_t tos;
	uint16_t total_len;             /* header + payload, no padding */
	uint16_t id;
	uint16_t frag;                  /* flags and fragment offset */
	uint8_t ttl;
	uint8_t protocol;
	uint32_t src;                   /* host byte order */
	uint32_t dst;
};

/*
 * Check version, IHL, total length and header checksum against the `len`
 * bytes received. On success the payload is pkt[header_len, total_len):
 * whatever follows total_len (Ethernet padding) is not part of it.
 */
enum mk_net_drop mk_ipv4_parse(const uint8_t *pkt, size_t len,
			       struct mk_ipv4_hdr *hdr);
/* Write a 20-byte header (no options) with its checksum at `pkt`. */
void mk_ipv4_emit(uint8_t *pkt, const struct mk_ipv4_hdr *hdr);
int mk_ipv4_print(char *buf, size_t size, const struct mk_ipv4_hdr *hdr);

bool mk_ipv4_is_fragment(const struct mk_ipv4_hdr *hdr);

#endif /* MK_NET_IPV4_H */
