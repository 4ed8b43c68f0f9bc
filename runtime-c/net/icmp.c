/* SPDX-License-Identifier: MIT */
/* ICMP echo header (RFC 792 "Echo or Echo Reply Message"): parse, emit. */
#include "icmp.h"

#include "byteorder.h"
#include "checksum.h"
#include "mk/console.h"

#define ICMP_TYPE_OFF 0
#define ICMP_CODE_OFF 1
#define ICMP_CSUM_OFF 2
#define ICMP_ID_OFF   4
#define ICMP_SEQ_OFF  6

enum mk_net_drop mk_icmp_parse(const uint8_t *msg, size_t len,
			       struct mk_icmp_hdr *hdr)
{
	if (len < MK_ICMP_HDR_LEN)
		return MK_DROP_ICMP_SHORT;
	/* RFC 792: the checksum covers the ICMP message, data included. */
	if (mk_csum(msg, len) != 0)
		return MK_DROP_ICMP_CHECKSUM;

	hdr->type = msg[ICMP_TYPE_OFF];
	hdr->code = msg[ICMP_CODE_OFF];
	hdr->id = mk_get_be16(msg + ICMP_ID_OFF);
	hdr->seq = mk_get_be16(msg + ICMP_SEQ_OFF);
	return MK_NET_OK;
}

void mk_icmp_emit(uint8_t *msg, size_t len, const struct mk_icmp_hdr *hdr)
{
	msg[ICMP_TYPE_OFF] = hdr->type;
	msg[ICMP_CODE_OFF] = hdr->code;
	mk_put_be16(msg + ICMP_CSUM_OFF, 0);
	mk_put_be16(msg + ICMP_ID_OFF, hdr->id);
	mk_put_be16(msg + ICMP_SEQ_OFF, hdr->seq);
	mk_put_be16(msg + ICMP_CSUM_OFF, mk_csum(msg, len));
}

int mk_icmp_print(char *buf, size_t size, const struct mk_icmp_hdr *hdr,
		  size_t len)
{
	return mk_snprintf(buf, size, "icmp type %u code %u id %u seq %u len %zu",
			   hdr->type, hdr->code, hdr->id, hdr->seq, len);
}
