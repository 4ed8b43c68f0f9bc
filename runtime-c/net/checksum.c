/* SPDX-License-Identifier: MIT */
/*
 * The Internet checksum (RFC 1071 §1): the one's complement of the one's
 * complement sum of 16-bit words.
 */
#include "checksum.h"

static uint32_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

uint32_t mk_csum_add(uint32_t sum, const uint8_t *data, size_t len)
{
	size_t i;

	/* Folding every word keeps the sum in 17 bits for any length. */
	for (i = 0; i + 1 < len; i += 2)
		sum = csum_fold(sum + (uint32_t)((data[i] << 8) | data[i + 1]));
	if (len & 1)
		sum = csum_fold(sum + ((uint32_t)data[len - 1] << 8));
	return sum;
}

uint16_t mk_csum_finish(uint32_t sum)
{
	return (uint16_t)~csum_fold(sum);
}

uint16_t mk_csum(const uint8_t *data, size_t len)
{
	return mk_csum_finish(mk_csum_add(0, data, len));
}

uint32_t mk_csum_pseudo(uint32_t src, uint32_t dst, uint8_t protocol,
			uint16_t len)
{
	uint32_t sum = 0;

	sum += src >> 16;
	sum += src & 0xffff;
	sum += dst >> 16;
	sum += dst & 0xffff;
	sum += protocol;
	sum += len;
	return csum_fold(sum);
}
