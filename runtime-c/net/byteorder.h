/* SPDX-License-Identifier: MIT */
/*
 * Network byte order (big-endian) loads and stores, one byte at a time so
 * that no header field is ever read through a misaligned pointer.
 */
#ifndef MK_NET_BYTEORDER_H
#define MK_NET_BYTEORDER_H

#include <stdint.h>

static inline uint16_t mk_get_be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t mk_get_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static inline void mk_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void mk_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif /* MK_NET_BYTEORDER_H */
