/* SPDX-License-Identifier: MIT */
/* ICMP for IPv4 (RFC 792): wire format of the echo messages. */
#ifndef MK_NET_ICMP_H
#define MK_NET_ICMP_H

#include <stddef.h>
#include <stdint.h>

#include "drop.h"

#define MK_ICMP_HDR_LEN          8      /* type, code, checksum, id, seq */
#define MK_ICMP_ECHO_REPLY       0
#define MK_ICMP_ECHO_REQUEST     8
#define MK_ICMP_PRINT_LEN        64

struct mk_icmp_hdr {
	uint8_t type;
	uint8_t code;
	uint16_t id;                    /* echo identifier */
	uint16_t seq;                   /* echo sequence number */
};

/* Check the length and the checksum over the whole `len`-byte message. */
enum mk_net_drop mk_icmp_parse(const uint8_t *msg, size_t len,
			       struct mk_icmp_hdr *hdr);
/*
 * Write the header at `msg` and checksum the `len`-byte message, whose
 * data must already sit after the header.
 */
void mk_icmp_emit(uint8_t *msg, size_t len, const struct mk_icmp_hdr *hdr);
int mk_icmp_print(char *buf, size_t size, const struct mk_icmp_hdr *hdr,
		  size_t len);

#endif /* MK_NET_ICMP_H */
