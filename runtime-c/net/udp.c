/* SPDX-License-Identifier: MIT */
/* UDP header (RFC 768 "Format"): parse, emit and a one-line printer. */
#include "udp.h"

#include "byteorder.h"
#include "checksum.h"
#include "ipv4.h"
#include "mk/console.h"

#define UDP_SRC_OFF  0
#define UDP_DST_OFF  2
#define UDP_LEN_OFF  4
#define UDP_CSUM_OFF 6
#define UDP_CSUM_NONE 0                 /* "all zero ... no checksum" */
#define UDP_CSUM_ZERO 0xffff            /* a computed 0, as sent */

static uint16_t udp_csum(const uint8_t *seg, uint16_t len, uint32_t src,
			 uint32_t dst)
{
	uint32_t sum = mk_csum_pseudo(src, dst, MK_IP_PROTO_UDP, len);

	return mk_csum_finish(mk_csum_add(sum, seg, len));
}

enum mk_net_drop mk_udp_parse(const uint8_t *seg, size_t len, uint32_t src,
			      uint32_t dst, struct mk_udp_hdr *hdr)
{
	if (len < MK_UDP_HDR_LEN)
		return MK_DROP_UDP_SHORT;

	hdr->src_port = mk_get_be16(seg + UDP_SRC_OFF);
	hdr->dst_port = mk_get_be16(seg + UDP_DST_OFF);
	hdr->len = mk_get_be16(seg + UDP_LEN_OFF);
	hdr->csum = mk_get_be16(seg + UDP_CSUM_OFF);
	if (hdr->len < MK_UDP_HDR_LEN || hdr->len > len)
		return MK_DROP_UDP_LENGTH;

	if (hdr->csum != UDP_CSUM_NONE && udp_csum(seg, hdr->len, src, dst))
		return MK_DROP_UDP_CHECKSUM;
	return MK_NET_OK;
}

void mk_udp_emit(uint8_t *seg, const struct mk_udp_hdr *hdr, uint32_t src,
		 uint32_t dst)
{
	uint16_t csum;

	mk_put_be16(seg + UDP_SRC_OFF, hdr->src_port);
	mk_put_be16(seg + UDP_DST_OFF, hdr->dst_port);
	mk_put_be16(seg + UDP_LEN_OFF, hdr->len);
	mk_put_be16(seg + UDP_CSUM_OFF, 0);

	csum = udp_csum(seg, hdr->len, src, dst);
	mk_put_be16(seg + UDP_CSUM_OFF, csum ? csum : UDP_CSUM_ZERO);
}

int mk_udp_print(char *buf, size_t size, const struct mk_udp_hdr *hdr)
{
	return mk_snprintf(buf, size, "udp %u > %u len %u csum 0x%04x",
			   hdr->src_port, hdr->dst_port, hdr->len, hdr->csum);
}
