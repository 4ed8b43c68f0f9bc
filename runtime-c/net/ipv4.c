/* SPDX-License-Identifier: MIT */
/* IPv4 header (RFC 791 §3.1): parse, emit and a one-line printer. */
#include "ipv4.h"

#include "byteorder.h"
#include "checksum.h"
#include "mk/console.h"

#define IP_VIHL_OFF     0               /* version and IHL */
#define IP_TOS_OFF      1
#define IP_TOTAL_OFF    2
#define IP_ID_OFF       4
#define IP_FRAG_OFF     6
#define IP_TTL_OFF      8
#define IP_PROTO_OFF    9
#define IP_CSUM_OFF     10
#define IP_SRC_OFF      12
#define IP_DST_OFF      16
#define IP_IHL_MIN      5               /* 32-bit words */

static void ipv4_read(const uint8_t *pkt, struct mk_ipv4_hdr *hdr)
{
	hdr->tos = pkt[IP_TOS_OFF];
	hdr->id = mk_get_be16(pkt + IP_ID_OFF);
	hdr->frag = mk_get_be16(pkt + IP_FRAG_OFF);
	hdr->ttl = pkt[IP_TTL_OFF];
	hdr->protocol = pkt[IP_PROTO_OFF];
	hdr->src = mk_get_be32(pkt + IP_SRC_OFF);
	hdr->dst = mk_get_be32(pkt + IP_DST_OFF);
}

enum mk_net_drop mk_ipv4_parse(const uint8_t *pkt, size_t len,
			       struct mk_ipv4_hdr *hdr)
{
	unsigned int ihl;

	if (len < MK_IPV4_HDR_LEN)
		return MK_DROP_IP_SHORT;
	if (pkt[IP_VIHL_OFF] >> 4 != MK_IPV4_VERSION)
		return MK_DROP_IP_VERSION;

	ihl = pkt[IP_VIHL_OFF] & 0x0f;
	hdr->header_len = (uint16_t)(ihl * 4);
	if (ihl < IP_IHL_MIN || hdr->header_len > len)
		return MK_DROP_IP_HEADER_LEN;

	hdr->total_len = mk_get_be16(pkt + IP_TOTAL_OFF);
	if (hdr->total_len < hdr->header_len || hdr->total_len > len)
		return MK_DROP_IP_TOTAL_LEN;

	/* RFC 791 §3.1 "Header Checksum": the sum over the header, options too. */
	if (mk_csum(pkt, hdr->header_len) != 0)
		return MK_DROP_IP_CHECKSUM;

	ipv4_read(pkt, hdr);
	return MK_NET_OK;
}

void mk_ipv4_emit(uint8_t *pkt, const struct mk_ipv4_hdr *hdr)
{
	pkt[IP_VIHL_OFF] = MK_IPV4_VERSION << 4 | IP_IHL_MIN;
	pkt[IP_TOS_OFF] = hdr->tos;
	mk_put_be16(pkt + IP_TOTAL_OFF, hdr->total_len);
	mk_put_be16(pkt + IP_ID_OFF, hdr->id);
	mk_put_be16(pkt + IP_FRAG_OFF, hdr->frag);
	pkt[IP_TTL_OFF] = hdr->ttl;
	pkt[IP_PROTO_OFF] = hdr->protocol;
	mk_put_be16(pkt + IP_CSUM_OFF, 0);
	mk_put_be32(pkt + IP_SRC_OFF, hdr->src);
	mk_put_be32(pkt + IP_DST_OFF, hdr->dst);
	mk_put_be16(pkt + IP_CSUM_OFF, mk_csum(pkt, MK_IPV4_HDR_LEN));
}

int mk_ipv4_print(char *buf, size_t size, const struct mk_ipv4_hdr *hdr)
{
	return mk_snprintf(buf, size,
			   "ipv4 " MK_IPV4_FMT " > " MK_IPV4_FMT " proto %u len %u id %u frag 0x%04x ttl %u",
			   MK_IPV4_ARGS(hdr->src), MK_IPV4_ARGS(hdr->dst),
			   hdr->protocol, hdr->total_len, hdr->id, hdr->frag,
			   hdr->ttl);
}

bool mk_ipv4_is_fragment(const struct mk_ipv4_hdr *hdr)
{
	return (hdr->frag & (MK_IPV4_FLAG_MF | MK_IPV4_OFFSET_MASK)) != 0;
}
