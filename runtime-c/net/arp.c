/* SPDX-License-Identifier: MIT */
/* ARP packet (RFC 826 "Packet format"): parse, emit and a printer. */
#include "arp.h"

#include "byteorder.h"
#include "eth.h"
#include "ipv4.h"
#include "mk/console.h"

#define ARP_HTYPE_OFF 0                 /* ar$hrd */
#define ARP_PTYPE_OFF 2                 /* ar$pro */
#define ARP_HLEN_OFF  4                 /* ar$hln */
#define ARP_PLEN_OFF  5                 /* ar$pln */
#define ARP_OP_OFF    6                 /* ar$op */
#define ARP_SHA_OFF   8                 /* ar$sha */
#define ARP_SPA_OFF   14                /* ar$spa */
#define ARP_THA_OFF   18                /* ar$tha */
#define ARP_TPA_OFF   24                /* ar$tpa */
#define ARP_IPV4_LEN  4

enum mk_net_drop mk_arp_parse(const uint8_t *pkt, size_t len,
			      struct mk_arp_pkt *arp)
{
	if (len < MK_ARP_LEN)
		return MK_DROP_ARP_SHORT;
	if (mk_get_be16(pkt + ARP_HTYPE_OFF) != MK_ARP_HTYPE_ETH ||
	    mk_get_be16(pkt + ARP_PTYPE_OFF) != MK_ETH_TYPE_IPV4 ||
	    pkt[ARP_HLEN_OFF] != MK_ETH_ADDR_LEN ||
	    pkt[ARP_PLEN_OFF] != ARP_IPV4_LEN)
		return MK_DROP_ARP_FORMAT;

	arp->op = mk_get_be16(pkt + ARP_OP_OFF);
	if (arp->op != MK_ARP_OP_REQUEST && arp->op != MK_ARP_OP_REPLY)
		return MK_DROP_ARP_FORMAT;
	__builtin_memcpy(arp->sha, pkt + ARP_SHA_OFF, MK_ETH_ADDR_LEN);
	arp->spa = mk_get_be32(pkt + ARP_SPA_OFF);
	__builtin_memcpy(arp->tha, pkt + ARP_THA_OFF, MK_ETH_ADDR_LEN);
	arp->tpa = mk_get_be32(pkt + ARP_TPA_OFF);
	return MK_NET_OK;
}

void mk_arp_emit(uint8_t *pkt, const struct mk_arp_pkt *arp)
{
	mk_put_be16(pkt + ARP_HTYPE_OFF, MK_ARP_HTYPE_ETH);
	mk_put_be16(pkt + ARP_PTYPE_OFF, MK_ETH_TYPE_IPV4);
	pkt[ARP_HLEN_OFF] = MK_ETH_ADDR_LEN;
	pkt[ARP_PLEN_OFF] = ARP_IPV4_LEN;
	mk_put_be16(pkt + ARP_OP_OFF, arp->op);
	__builtin_memcpy(pkt + ARP_SHA_OFF, arp->sha, MK_ETH_ADDR_LEN);
	mk_put_be32(pkt + ARP_SPA_OFF, arp->spa);
	__builtin_memcpy(pkt + ARP_THA_OFF, arp->tha, MK_ETH_ADDR_LEN);
	mk_put_be32(pkt + ARP_TPA_OFF, arp->tpa);
}

int mk_arp_print(char *buf, size_t size, const struct mk_arp_pkt *arp)
{
	const uint8_t *h = arp->sha;

	return mk_snprintf(buf, size,
			   "arp op %u who-has " MK_IPV4_FMT " tell " MK_IPV4_FMT " at %02x:%02x:%02x:%02x:%02x:%02x",
			   arp->op, MK_IPV4_ARGS(arp->tpa),
			   MK_IPV4_ARGS(arp->spa),
			   h[0], h[1], h[2], h[3], h[4], h[5]);
}
