/* SPDX-License-Identifier: MIT */
/*
 * Network statistics: one counter per drop reason, their dump, and the
 * periodic dump a running kernel makes when they change.
 */
#define MK_LOG_SUBSYS "net"
#include "mk_config.h"

#include <stddef.h>

#include "drop.h"
#include "mk/kernel.h"
#include "mk/log.h"
#include "mk/net.h"

#define STATS_LINE_MAX 64               /* "[net] stats:" + this < 80 */
#define STATS_ITEM_MAX 48               /* " drop_eth_src_invalid=" 20 digits */

struct mk_net_stats mk_net_stats;

static uint64_t *const drop_counter[MK_NET_DROP_COUNT] = {
	[MK_DROP_ETH_SHORT] = &mk_net_stats.drop_eth_short,
	[MK_DROP_ETH_LONG] = &mk_net_stats.drop_eth_long,
	[MK_DROP_ETH_NOT_FOR_US] = &mk_net_stats.drop_eth_not_for_us,
	[MK_DROP_ETH_TYPE] = &mk_net_stats.drop_eth_type,
	[MK_DROP_ETH_SRC_GROUP] = &mk_net_stats.drop_eth_src_group,
	[MK_DROP_ETH_SRC_INVALID] = &mk_net_stats.drop_eth_src_invalid,
	[MK_DROP_ARP_SHORT] = &mk_net_stats.drop_arp_short,
	[MK_DROP_ARP_FORMAT] = &mk_net_stats.drop_arp_format,
	[MK_DROP_ARP_NOT_FOR_US] = &mk_net_stats.drop_arp_not_for_us,
	[MK_DROP_ARP_BAD_SENDER] = &mk_net_stats.drop_arp_bad_sender,
	[MK_DROP_IP_SHORT] = &mk_net_stats.drop_ip_short,
	[MK_DROP_IP_VERSION] = &mk_net_stats.drop_ip_version,
	[MK_DROP_IP_HEADER_LEN] = &mk_net_stats.drop_ip_header_len,
	[MK_DROP_IP_TOTAL_LEN] = &mk_net_stats.drop_ip_total_len,
	[MK_DROP_IP_CHECKSUM] = &mk_net_stats.drop_ip_checksum,
	[MK_DROP_IP_FRAGMENT] = &mk_net_stats.drop_ip_fragment,
	[MK_DROP_IP_NOT_FOR_US] = &mk_net_stats.drop_ip_not_for_us,
	[MK_DROP_IP_PROTOCOL] = &mk_net_stats.drop_ip_protocol,
	[MK_DROP_IP_BAD_SOURCE] = &mk_net_stats.drop_ip_bad_source,
	[MK_DROP_ICMP_SHORT] = &mk_net_stats.drop_icmp_short,
	[MK_DROP_ICMP_CHECKSUM] = &mk_net_stats.drop_icmp_checksum,
	[MK_DROP_ICMP_TYPE] = &mk_net_stats.drop_icmp_type,
	[MK_DROP_UDP_SHORT] = &mk_net_stats.drop_udp_short,
	[MK_DROP_UDP_LENGTH] = &mk_net_stats.drop_udp_length,
	[MK_DROP_UDP_CHECKSUM] = &mk_net_stats.drop_udp_checksum,
	[MK_DROP_UDP_NO_PORT] = &mk_net_stats.drop_udp_no_port,
};

void mk_net_count_drop(enum mk_net_drop reason)
{
	if (reason > MK_NET_OK && reason < MK_NET_DROP_COUNT)
		(*drop_counter[reason])++;
}

#define STAT(field) { #field, offsetof(struct mk_net_stats, field) }

/* Every counter, in the order of struct mk_net_stats. */
static const struct {
	const char *name;
	size_t offset;
} stat_fields[] = {
	STAT(rx_frames), STAT(tx_frames), STAT(tx_errors),
	STAT(drop_eth_short), STAT(drop_eth_long), STAT(drop_eth_not_for_us),
	STAT(drop_eth_type), STAT(drop_eth_src_group),
	STAT(drop_eth_src_invalid), STAT(drop_arp_short),
	STAT(drop_arp_format), STAT(drop_arp_not_for_us),
	STAT(drop_arp_bad_sender), STAT(drop_ip_short),
	STAT(drop_ip_version), STAT(drop_ip_header_len),
	STAT(drop_ip_total_len), STAT(drop_ip_checksum),
	STAT(drop_ip_fragment), STAT(drop_ip_not_for_us),
	STAT(drop_ip_protocol), STAT(drop_ip_bad_source),
	STAT(drop_icmp_short), STAT(drop_icmp_checksum), STAT(drop_icmp_type),
	STAT(drop_udp_short), STAT(drop_udp_length), STAT(drop_udp_checksum),
	STAT(drop_udp_no_port), STAT(arp_replies), STAT(icmp_echo_replies),
	STAT(udp_rx), STAT(udp_tx), STAT(eth_echoed), STAT(udp_echo_refused),
};

/* A field added to the struct but not here would never be printed. */
_Static_assert(sizeof(stat_fields) / sizeof(stat_fields[0]) ==
	       sizeof(struct mk_net_stats) / sizeof(uint64_t),
	       "stat_fields must list every counter of struct mk_net_stats");

static uint64_t stat_value(size_t i)
{
	const uint8_t *base = (const uint8_t *)&mk_net_stats;

	return *(const uint64_t *)(base + stat_fields[i].offset);
}

/* Print the non-zero counters as "name=value", a few to a line. */
void mk_net_stats_print(void)
{
	char line[STATS_LINE_MAX + 1], item[STATS_ITEM_MAX];
	size_t i, len, used = 0;

	for (i = 0; i < sizeof(stat_fields) / sizeof(stat_fields[0]); i++) {
		if (stat_value(i) == 0)
			continue;
		len = (size_t)mk_snprintf(item, sizeof(item), " %s=%llu",
					  stat_fields[i].name,
					  (unsigned long long)stat_value(i));
		if (used && used + len > STATS_LINE_MAX) {
			mk_log_info("stats:%s", line);
			used = 0;
		}
		__builtin_memcpy(line + used, item, len + 1);
		used += len;
	}
	if (used)
		mk_log_info("stats:%s", line);
	else
		mk_log_info("stats: no traffic");
}

/*
 * Boot counts as the last print of all-zero counters, so the first line
 * comes one interval in. Only the clock is read until an interval has
 * passed: the serve loop calls this on every wake-up.
 */
void mk_net_stats_print_if_due(void)
{
	static struct mk_net_stats printed;
	static uint64_t printed_ms;
	uint64_t now = mk_uptime_ms();

	if (now - printed_ms < MK_NET_STATS_INTERVAL_MS)
		return;
	if (!__builtin_memcmp(&printed, &mk_net_stats, sizeof(printed)))
		return;
	mk_net_stats_print();
	printed = mk_net_stats;
	printed_ms = now;
}
