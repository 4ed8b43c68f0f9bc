/* SPDX-License-Identifier: MIT */
/*
 * ARP protocol state (RFC 826 "Packet Reception"): answer requests for
 * our address, and learn neighbours from packets addressed to us into a
 * small cache that evicts the entry updated longest ago. Senders that
 * name no single host, or name us, are neither answered nor learned.
 * Entries never expire and the stack sends no requests of its own:
 * replies go to the MAC a request came from, so nothing needs resolving.
 */
#define MK_LOG_SUBSYS "net"
#include "mk_config.h"

#include "arp.h"
#include "stack.h"

#include "mk/errno.h"
#include "mk/kernel.h"
#include "mk/log.h"

#define ARP_CACHE_SIZE   16
#define ARP_FRAME_LEN    (MK_ETH_HDR_LEN + MK_ARP_LEN)
#define ARP_UNSPECIFIED  0              /* spa of a probe (RFC 5227 §2.1.1) */

struct arp_entry {
	bool used;
	int netif;
	uint32_t addr;
	uint8_t mac[MK_ETH_ADDR_LEN];
	uint64_t updated_ms;
};

static struct arp_entry arp_cache[ARP_CACHE_SIZE];

static struct arp_entry *arp_cache_find(int netif, uint32_t addr)
{
	size_t i;

	for (i = 0; i < ARP_CACHE_SIZE; i++) {
		struct arp_entry *e = &arp_cache[i];

		if (e->used && e->netif == netif && e->addr == addr)
			return e;
	}
	return NULL;
}

/* A free entry, or else the one updated longest ago. */
static struct arp_entry *arp_cache_victim(void)
{
	struct arp_entry *oldest = &arp_cache[0];
	size_t i;

	for (i = 0; i < ARP_CACHE_SIZE; i++) {
		if (!arp_cache[i].used)
			return &arp_cache[i];
		if (arp_cache[i].updated_ms < oldest->updated_ms)
			oldest = &arp_cache[i];
	}
	return oldest;
}

void mk_arp_cache_update(int netif, uint32_t addr, const uint8_t *mac)
{
	struct arp_entry *e = arp_cache_find(netif, addr);

	if (!e) {
		e = arp_cache_victim();
		e->used = true;
		e->netif = netif;
		e->addr = addr;
	}
	__builtin_memcpy(e->mac, mac, MK_ETH_ADDR_LEN);
	e->updated_ms = mk_uptime_ms();
}

int mk_arp_cache_lookup(int netif, uint32_t addr, uint8_t *mac,
			uint64_t *updated_ms)
{
	const struct arp_entry *e = arp_cache_find(netif, addr);

	if (!e)
		return -MK_ENOENT;
	__builtin_memcpy(mac, e->mac, MK_ETH_ADDR_LEN);
	if (updated_ms)
		*updated_ms = e->updated_ms;
	return 0;
}

/* RFC 826: swap sender and target, put in our addresses, send it back. */
static void arp_reply(struct mk_netif *nif, const struct mk_arp_pkt *req)
{
	struct mk_eth_hdr eth = { .type = MK_ETH_TYPE_ARP };
	struct mk_arp_pkt reply = {
		.op = MK_ARP_OP_REPLY,
		.spa = nif->addr,
		.tpa = req->spa,
	};

	__builtin_memcpy(eth.dst, req->sha, MK_ETH_ADDR_LEN);
	__builtin_memcpy(eth.src, nif->dev->mac, MK_ETH_ADDR_LEN);
	__builtin_memcpy(reply.sha, nif->dev->mac, MK_ETH_ADDR_LEN);
	__builtin_memcpy(reply.tha, req->sha, MK_ETH_ADDR_LEN);
	mk_eth_emit(nif->tx, &eth);
	mk_arp_emit(nif->tx + MK_ETH_HDR_LEN, &reply);

	if (mk_netif_transmit(nif, ARP_FRAME_LEN) == 0)
		mk_net_stats.arp_replies++;
}

/*
 * RFC 5227 §2.3 announcement: a broadcast request for our own address,
 * so that neighbours (QEMU's user network among them) learn our MAC at
 * once instead of after their first lookup times out.
 */
void mk_arp_announce(struct mk_netif *nif)
{
	struct mk_eth_hdr eth = { .type = MK_ETH_TYPE_ARP };
	struct mk_arp_pkt announce = {
		.op = MK_ARP_OP_REQUEST,
		.spa = nif->addr,
		.tpa = nif->addr,
	};

	__builtin_memset(eth.dst, 0xff, MK_ETH_ADDR_LEN);
	__builtin_memcpy(eth.src, nif->dev->mac, MK_ETH_ADDR_LEN);
	__builtin_memcpy(announce.sha, nif->dev->mac, MK_ETH_ADDR_LEN);
	mk_eth_emit(nif->tx, &eth);
	mk_arp_emit(nif->tx + MK_ETH_HDR_LEN, &announce);
	mk_netif_transmit(nif, ARP_FRAME_LEN);
}

static void arp_trace(const struct mk_arp_pkt *arp)
{
	char line[MK_ARP_PRINT_LEN];

	if (MK_LOG_LEVEL < MK_LOG_TRACE)
		return;
	mk_arp_print(line, sizeof(line), arp);
	mk_log_trace("%s", line);
}

/* RFC 5227 §2.1.1: a host asks whether an address is taken, from none. */
static bool arp_is_probe(const struct mk_arp_pkt *arp)
{
	return arp->op == MK_ARP_OP_REQUEST && arp->spa == ARP_UNSPECIFIED;
}

/*
 * Whom RFC 826 would answer and learn: one station (not a group, not all
 * zeros, not us) at one host's address by the rules IPv4 applies to a
 * source. Our own address from elsewhere is our announcement come back
 * or a host claiming it: neither is answered nor learned. A probe has no
 * address yet and is answered, so that its sender sees ours is taken.
 */
static bool arp_sender_ok(const struct mk_netif *nif,
			  const struct mk_arp_pkt *arp)
{
	if (mk_eth_addr_is_group(arp->sha) || mk_eth_addr_is_zero(arp->sha) ||
	    mk_eth_addr_eq(arp->sha, nif->dev->mac))
		return false;
	return arp_is_probe(arp) || mk_ipv4_source_ok(nif, arp->spa);
}

void mk_arp_input(struct mk_netif *nif, const uint8_t *pkt, size_t len)
{
	struct mk_arp_pkt arp;
	enum mk_net_drop drop = mk_arp_parse(pkt, len, &arp);

	if (drop == MK_NET_OK && (!nif->has_ipv4 || arp.tpa != nif->addr))
		drop = MK_DROP_ARP_NOT_FOR_US;
	if (drop == MK_NET_OK && !arp_sender_ok(nif, &arp))
		drop = MK_DROP_ARP_BAD_SENDER;
	if (drop != MK_NET_OK) {
		mk_net_count_drop(drop);
		return;
	}
	arp_trace(&arp);

	if (!arp_is_probe(&arp))
		mk_arp_cache_update(nif->index, arp.spa, arp.sha);
	if (arp.op == MK_ARP_OP_REQUEST)
		arp_reply(nif, &arp);
}
