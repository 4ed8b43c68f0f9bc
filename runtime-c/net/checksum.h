/* SPDX-License-Identifier: MIT */
/* The Internet checksum (RFC 1071), used by IPv4, ICMP and UDP. */
#ifndef MK_NET_CHECKSUM_H
#define MK_NET_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Add `len` bytes to a running one's complement sum. The data is summed
 * as big-endian 16-bit words; an odd last byte is padded with zero, so
 * every chunk except the last must have an even length.
 */
uint32_t mk_csum_add(uint32_t sum, const uint8_t *data, size_t len);

/* Fold a running sum to 16 bits and complement it: the field value. */
uint16_t mk_csum_finish(uint32_t sum);

/* The checksum of a buffer: 0 over a buffer whose checksum is right. */
uint16_t mk_csum(const uint8_t *data, size_t len);

/* Sum of the IPv4 pseudo-header (RFC 768) for UDP over IPv4. */
uint32_t mk_csum_pseudo(uint32_t src, uint32_t dst, uint8_t protocol,
			uint16_t len);

#endif /* MK_NET_CHECKSUM_H */
