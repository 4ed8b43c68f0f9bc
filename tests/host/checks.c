/* SPDX-License-Identifier: MIT */
/*
 * Checks the cases share, written apart from the stack so that a bug in
 * its checksum or counters cannot hide itself.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"

#define ETH_HDR     14
#define TYPE_IPV4   0x0800
#define TYPE_ARP    0x0806
#define PROTO_ICMP  1
#define PROTO_UDP   17

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint32_t sum16(uint32_t sum, const uint8_t *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		sum += i & 1 ? data[i] : (uint32_t)data[i] << 8;
	return sum;
}

static uint16_t finish(uint32_t sum)
{
	while (sum > 0xffff)
		sum = (sum >> 16) + (sum & 0xffff);
	return (uint16_t)~sum;
}

uint16_t host_csum(const uint8_t *data, size_t len)
{
	return finish(sum16(0, data, len));
}

/* Pseudo-header + UDP datagram of `ulen` bytes; ip points at the header. */
static uint16_t udp_csum(const uint8_t *ip, const uint8_t *udp, size_t ulen)
{
	uint32_t sum = sum16(0, ip + 12, 8);

	sum += PROTO_UDP + (uint32_t)ulen;
	return finish(sum16(sum, udp, ulen));
}

/* The IPv4 header length, or 0 when the frame cannot hold it. */
static size_t ip_hlen(const uint8_t *frame, size_t len)
{
	size_t ihl;

	if (len < ETH_HDR + 20 || be16(frame + 12) != TYPE_IPV4)
		return 0;
	ihl = (size_t)(frame[ETH_HDR] & 0x0f) * 4;
	return ihl >= 20 && ETH_HDR + ihl <= len ? ihl : 0;
}

void host_fix_ip_csum(uint8_t *frame, size_t len)
{
	size_t ihl = ip_hlen(frame, len);

	if (!ihl)
		return;
	put16(frame + ETH_HDR + 10, 0);
	put16(frame + ETH_HDR + 10, host_csum(frame + ETH_HDR, ihl));
}

void host_fix_l4_csum(uint8_t *frame, size_t len)
{
	size_t ihl = ip_hlen(frame, len), total, l4len, ulen;
	uint8_t *ip = frame + ETH_HDR, *l4;

	if (!ihl)
		return;
	total = be16(ip + 2);
	if (total > len - ETH_HDR)
		total = len - ETH_HDR;
	if (total < ihl + 8)
		return;
	l4 = ip + ihl;
	l4len = total - ihl;
	if (ip[9] == PROTO_ICMP) {
		put16(l4 + 2, 0);
		put16(l4 + 2, host_csum(l4, l4len));
	} else if (ip[9] == PROTO_UDP) {
		ulen = be16(l4 + 4);
		if (ulen < 8 || ulen > l4len)
			return;
		put16(l4 + 6, 0);
		put16(l4 + 6, udp_csum(ip, l4, ulen) ?: 0xffff);
	}
}

static bool l4_csum_ok(const uint8_t *ip, const uint8_t *l4, size_t l4len)
{
	if (ip[9] == PROTO_ICMP)
		return l4len >= 8 && host_csum(l4, l4len) == 0;
	if (ip[9] == PROTO_UDP)
		return l4len >= 8 && be16(l4 + 4) == l4len &&
		       be16(l4 + 6) != 0 && udp_csum(ip, l4, l4len) == 0;
	return false;
}

bool host_frame_csums_ok(const uint8_t *frame, size_t len)
{
	const uint8_t *ip = frame + ETH_HDR;

	if (len >= ETH_HDR && be16(frame + 12) == TYPE_ARP)
		return len == ETH_HDR + 28;
	/* What the stack sends has no IP options. */
	if (ip_hlen(frame, len) != 20 || be16(ip + 2) != len - ETH_HDR)
		return false;
	return host_csum(ip, 20) == 0 && l4_csum_ok(ip, ip + 20, len - 34);
}

#define DROP(field) { #field, offsetof(struct mk_net_stats, field) }

static const struct {
	const char *name;
	size_t offset;
} drop_fields[] = {
	DROP(drop_eth_short), DROP(drop_eth_long), DROP(drop_eth_not_for_us),
	DROP(drop_eth_type), DROP(drop_eth_src_group),
	DROP(drop_eth_src_invalid), DROP(drop_arp_short),
	DROP(drop_arp_format), DROP(drop_arp_not_for_us),
	DROP(drop_arp_bad_sender), DROP(drop_ip_short),
	DROP(drop_ip_version), DROP(drop_ip_header_len),
	DROP(drop_ip_total_len), DROP(drop_ip_checksum),
	DROP(drop_ip_fragment), DROP(drop_ip_not_for_us),
	DROP(drop_ip_protocol), DROP(drop_ip_bad_source),
	DROP(drop_icmp_short), DROP(drop_icmp_checksum), DROP(drop_icmp_type),
	DROP(drop_udp_short), DROP(drop_udp_length), DROP(drop_udp_checksum),
	DROP(drop_udp_no_port),
};

bool host_expect_drops(const char *name, uint64_t n)
{
	const uint8_t *base = (const uint8_t *)&mk_net_stats;
	bool ok = true;
	size_t i;

	for (i = 0; i < sizeof(drop_fields) / sizeof(drop_fields[0]); i++) {
		bool named = name && !strcmp(name, drop_fields[i].name);
		uint64_t want = named ? n : 0, got;

		memcpy(&got, base + drop_fields[i].offset, sizeof(got));
		if (got != want) {
			printf("  %s = %llu, expected %llu\n",
			       drop_fields[i].name, (unsigned long long)got,
			       (unsigned long long)want);
			ok = false;
		}
	}
	return ok;
}

/* The device sent exactly one frame since the last clear: this one. */
bool host_expect_tx(int dev, const uint8_t *frame, size_t len)
{
	const struct host_dev *h = &host_devs[dev];
	size_t i;

	if (h->tx_count != 1) {
		printf("  eth%d sent %d frames, expected 1\n", dev, h->tx_count);
		return false;
	}
	if (h->tx_len[0] != len) {
		printf("  eth%d sent %zu bytes, expected %zu\n", dev,
		       h->tx_len[0], len);
		return false;
	}
	for (i = 0; i < len; i++) {
		if (h->tx[0][i] != frame[i]) {
			printf("  eth%d byte %zu is 0x%02x, expected 0x%02x\n",
			       dev, i, h->tx[0][i], frame[i]);
			return false;
		}
	}
	return true;
}
