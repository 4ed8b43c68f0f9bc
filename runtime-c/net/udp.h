/* SPDX-License-Identifier: MIT */
/* UDP over IPv4 (RFC 768): wire format. */
#ifndef MK_NET_UDP_H
#define MK_NET_UDP_H

#include <stddef.h>
#include <stdint.h>

#include "drop.h"

#define MK_UDP_HDR_LEN   8
#define MK_UDP_PRINT_LEN 48

struct mk_udp_hdr {
	uint16_t src_port;
	uint16_t dst_port;
	uint16_t len;                   /* header + data */
	uint16_t csum;                  /* 0: sender computed none */
};

/*
 * Check the length field against the `len` bytes of IP payload and, when
 * it is non-zero, the checksum over the pseudo-header (src, dst in host
 * order) and the datagram. The data is seg[8, hdr->len).
 */
enum mk_net_drop mk_udp_parse(const uint8_t *seg, size_t len, uint32_t src,
			      uint32_t dst, struct mk_udp_hdr *hdr);
/*
 * Write the header at `seg` and checksum the hdr->len-byte datagram,
 * whose data must already sit after the header.
 */
void mk_udp_emit(uint8_t *seg, const struct mk_udp_hdr *hdr, uint32_t src,
		 uint32_t dst);
int mk_udp_print(char *buf, size_t size, const struct mk_udp_hdr *hdr);

#endif /* MK_NET_UDP_H */
