/* SPDX-License-Identifier: MIT */
/*
 * Ethernet echo: the interface answers every frame it receives, of any
 * type and to any destination, with the MAC addresses swapped. A frame
 * sent to a group (broadcast or multicast) is answered from the device's
 * own MAC instead, since a source address is individual (IEEE 802.3
 * §3.2.3). Frames from a group, all-zeros or our own source address are
 * dropped by mk_netif_eth_parse(): there is no one station to answer.
 */
#define MK_LOG_SUBSYS "eth-echo"
#include "mk_config.h"

#include "../net/stack.h"

#include "mk/errno.h"
#include "mk/kernel.h"
#include "mk/log.h"

#define ECHO_LOG_FIRST     5            /* log every one of the first */
#define ECHO_LOG_PERIOD_MS 1000         /* then at most one line a second */

static void eth_echo_log(struct mk_netif *nif, size_t len)
{
	uint64_t now = mk_uptime_ms();

	if (nif->echo_count > ECHO_LOG_FIRST &&
	    now - nif->echo_logged_ms < ECHO_LOG_PERIOD_MS)
		return;
	nif->echo_logged_ms = now;
	mk_log_info("echoed packet #%llu (%zu bytes)",
		    (unsigned long long)nif->echo_count, len);
}

/* Back to the sender, from the address it sent to if that is one station. */
static void eth_echo_swap(const struct mk_netif *nif, struct mk_eth_hdr *eth)
{
	uint8_t to[MK_ETH_ADDR_LEN];

	__builtin_memcpy(to, eth->dst, MK_ETH_ADDR_LEN);
	__builtin_memcpy(eth->dst, eth->src, MK_ETH_ADDR_LEN);
	if (mk_eth_addr_is_group(to))
		__builtin_memcpy(eth->src, nif->dev->mac, MK_ETH_ADDR_LEN);
	else
		__builtin_memcpy(eth->src, to, MK_ETH_ADDR_LEN);
}

static void eth_echo_input(struct mk_netif *nif, const uint8_t *frame,
			   size_t len)
{
	struct mk_eth_hdr eth;
	enum mk_net_drop drop = mk_netif_eth_parse(nif, frame, len, &eth);
	uint8_t *tx = nif->tx;

	if (drop != MK_NET_OK) {
		mk_net_count_drop(drop);
		return;
	}

	__builtin_memcpy(tx, frame, len);
	eth_echo_swap(nif, &eth);
	mk_eth_emit(tx, &eth);
	if (mk_netif_transmit(nif, len) < 0)
		return;

	mk_net_stats.eth_echoed++;
	nif->echo_count++;
	eth_echo_log(nif, len);
}

int mk_eth_echo_start(int index)
{
	struct mk_netif *nif = mk_netif_get(index);

	if (!nif)
		return -MK_ENODEV;
	nif->raw_input = eth_echo_input;
	mk_log_info("%s: echoing every frame", nif->dev->name);
	return 0;
}
