/* SPDX-License-Identifier: MIT */
/* Ethernet II header: parse, emit and a one-line printer. */
#include "eth.h"

#include "byteorder.h"
#include "mk/console.h"

#define ETH_DST_OFF  0
#define ETH_SRC_OFF  6
#define ETH_TYPE_OFF 12
#define ETH_GROUP_BIT 0x01

const uint8_t mk_eth_broadcast[MK_ETH_ADDR_LEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

enum mk_net_drop mk_eth_parse(const uint8_t *frame, size_t len,
			      struct mk_eth_hdr *hdr)
{
	if (len < MK_ETH_HDR_LEN)
		return MK_DROP_ETH_SHORT;
	if (len > MK_ETH_FRAME_MAX)
		return MK_DROP_ETH_LONG;
	__builtin_memcpy(hdr->dst, frame + ETH_DST_OFF, MK_ETH_ADDR_LEN);
	__builtin_memcpy(hdr->src, frame + ETH_SRC_OFF, MK_ETH_ADDR_LEN);
	hdr->type = mk_get_be16(frame + ETH_TYPE_OFF);
	/*
	 * A source address is individual: its group bit is 0 (IEEE 802.3
	 * §3.2.3). Answering a group source would send to the whole link.
	 * All zeros is individual but names no station: no one to answer.
	 */
	if (mk_eth_addr_is_group(hdr->src))
		return MK_DROP_ETH_SRC_GROUP;
	if (mk_eth_addr_is_zero(hdr->src))
		return MK_DROP_ETH_SRC_INVALID;
	return MK_NET_OK;
}

void mk_eth_emit(uint8_t *frame, const struct mk_eth_hdr *hdr)
{
	__builtin_memcpy(frame + ETH_DST_OFF, hdr->dst, MK_ETH_ADDR_LEN);
	__builtin_memcpy(frame + ETH_SRC_OFF, hdr->src, MK_ETH_ADDR_LEN);
	mk_put_be16(frame + ETH_TYPE_OFF, hdr->type);
}

int mk_eth_print(char *buf, size_t size, const struct mk_eth_hdr *hdr)
{
	const uint8_t *d = hdr->dst, *s = hdr->src;

	return mk_snprintf(buf, size,
			   "dst %02x:%02x:%02x:%02x:%02x:%02x src %02x:%02x:%02x:%02x:%02x:%02x type 0x%04x",
			   d[0], d[1], d[2], d[3], d[4], d[5],
			   s[0], s[1], s[2], s[3], s[4], s[5], hdr->type);
}

bool mk_eth_addr_eq(const uint8_t *a, const uint8_t *b)
{
	return __builtin_memcmp(a, b, MK_ETH_ADDR_LEN) == 0;
}

bool mk_eth_addr_is_group(const uint8_t *addr)
{
	return (addr[0] & ETH_GROUP_BIT) != 0;
}

bool mk_eth_addr_is_zero(const uint8_t *addr)
{
	static const uint8_t zero[MK_ETH_ADDR_LEN];

	return mk_eth_addr_eq(addr, zero);
}
