/* SPDX-License-Identifier: MIT */
/*
 * One function per behaviour of the stack. Each sends frames through a
 * fake device and checks both what was sent back (or that nothing was)
 * and which counter moved.
 */
#include <string.h>

#include "../../runtime-c/net/stack.h"
#include "frames.h"
#include "harness.h"
#include "mk/errno.h"

#define ETH_HDR   14
#define IP        14                    /* IPv4 header offset in a frame */
#define L4        34                    /* ICMP/UDP offset, no IP options */
#define NET0      0
#define NET1      1
#define PEER_IP   MK_IPV4(10, 0, 2, 2)

static uint8_t frame[2048];

static size_t copy(const uint8_t *src, size_t len)
{
	memcpy(frame, src, len);
	return len;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void arp_request_answered(void)
{
	uint8_t mac[MK_ETH_ADDR_LEN];

	host_send(NET0, arp_request, sizeof(arp_request));
	CHECK(host_expect_tx(NET0, arp_reply, sizeof(arp_reply)));
	CHECK(mk_net_stats.arp_replies == 1);
	CHECK_NO_DROPS();
	CHECK(mk_arp_cache_lookup(NET0, PEER_IP, mac, NULL) == 0);
	CHECK(!memcmp(mac, arp_request + 6, MK_ETH_ADDR_LEN));
}

/* RFC 5227 §2.3: configuring an address announces it to the link. */
static void arp_announce_on_configure(void)
{
	static const uint8_t broadcast[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t our_ip[] = { 10, 0, 2, 15 };
	struct mk_netif_config config = {
		.has_ipv4 = true,
		.address = MK_IPV4(10, 0, 2, 15), .prefix_len = 24,
	};
	const uint8_t *tx = host_devs[NET0].tx[0];

	CHECK(mk_net_configure(NET0, &config) == 0);
	CHECK(host_devs[NET0].tx_count == 1);
	CHECK(host_devs[NET0].tx_len[0] == 42);
	CHECK(!memcmp(tx, broadcast, 6));
	CHECK(get16(tx + 12) == 0x0806);                /* ARP */
	CHECK(get16(tx + 20) == 1);                     /* request */
	CHECK(!memcmp(tx + 22, host_devs[NET0].dev.mac, 6));
	CHECK(!memcmp(tx + 28, our_ip, 4));             /* sender address */
	CHECK(!memcmp(tx + 38, our_ip, 4));             /* target: the same */
	CHECK_NO_DROPS();
}

static void arp_cache_refresh(void)
{
	static const uint8_t mac_b[] = { 0x02, 0, 0, 0, 0, 0xbb };
	uint8_t mac[MK_ETH_ADDR_LEN];
	uint64_t when;
	size_t len = copy(arp_request, sizeof(arp_request));

	host_clock_ms = 100;
	host_send(NET0, frame, len);
	/* The same IP from another MAC, later, as a reply addressed to us. */
	memcpy(frame, arp_reply + 6, 6);        /* to our MAC */
	memcpy(frame + 6, mac_b, 6);
	put16(frame + 20, 2);                   /* op reply */
	memcpy(frame + 22, mac_b, 6);
	memcpy(frame + 32, arp_reply + 6, 6);
	host_clock_ms = 2500;
	host_clear_tx();
	host_send(NET0, frame, len);

	CHECK(host_devs[NET0].tx_count == 0);
	CHECK(mk_arp_cache_lookup(NET0, PEER_IP, mac, &when) == 0);
	CHECK(!memcmp(mac, mac_b, 6));
	CHECK(when == 2500);
	CHECK(mk_net_stats.arp_replies == 1);
	CHECK_NO_DROPS();
}

static void arp_not_for_us(void)
{
	size_t len = copy(arp_request, sizeof(arp_request));

	frame[41] = 99;                         /* who-has 10.0.2.99 */
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_arp_not_for_us, 1);
	CHECK(mk_arp_cache_lookup(NET0, PEER_IP, frame, NULL) == -MK_ENOENT);
}

static void arp_truncated(void)
{
	size_t len;

	/* Every length from an empty ARP packet to one byte short. */
	for (len = ETH_HDR; len < sizeof(arp_request); len++)
		host_send(NET0, arp_request, len);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_arp_short, sizeof(arp_request) - ETH_HDR);
}

static void arp_bad_format(void)
{
	static const size_t fields[] = { 15, 17, 18, 19, 21 };
	size_t i;

	/* htype, ptype, hlen, plen, op: each broken in turn. */
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		copy(arp_request, sizeof(arp_request));
		frame[fields[i]] ^= 0x40;
		host_send(NET0, frame, sizeof(arp_request));
	}
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_arp_format, 5);
}

static void icmp_echo_56(void)
{
	host_send(NET0, icmp56_request, sizeof(icmp56_request));
	CHECK(host_expect_tx(NET0, icmp56_reply, sizeof(icmp56_reply)));
	CHECK(mk_net_stats.icmp_echo_replies == 1);
	CHECK(mk_net_stats.tx_frames == 1);
	CHECK_NO_DROPS();
}

/* An echo request whose ICMP message carries `data` bytes. */
static size_t icmp_echo_frame(size_t data)
{
	size_t i, len = L4 + 8 + data;

	memcpy(frame, icmp56_request, L4 + 8);
	for (i = 0; i < data; i++)
		frame[L4 + 8 + i] = (uint8_t)(i * 7 + 3);
	put16(frame + IP + 2, (uint16_t)(len - ETH_HDR));
	host_fix_ip_csum(frame, len);
	host_fix_l4_csum(frame, len);
	return len;
}

static void icmp_echo_1472(void)
{
	size_t len = icmp_echo_frame(1472);
	const uint8_t *tx = host_devs[NET0].tx[0];

	CHECK(len == 1514);
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 1);
	CHECK(host_devs[NET0].tx_len[0] == 1514);
	CHECK(host_frame_csums_ok(tx, 1514));
	CHECK(!memcmp(tx, frame + 6, 6) && !memcmp(tx + 6, frame, 6));
	CHECK(!memcmp(tx + IP + 12, frame + IP + 16, 4));
	CHECK(!memcmp(tx + IP + 16, frame + IP + 12, 4));
	CHECK(tx[L4] == 0 && tx[L4 + 1] == 0);  /* echo reply, code 0 */
	CHECK(!memcmp(tx + L4 + 4, frame + L4 + 4, 1472 + 4));
	CHECK(mk_net_stats.icmp_echo_replies == 1);
	CHECK_NO_DROPS();
}

static void icmp_bad_checksum(void)
{
	size_t len = copy(icmp56_request, sizeof(icmp56_request));

	frame[len - 1] ^= 0x01;                 /* data, not the header */
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_icmp_checksum, 1);
}

static void icmp_not_echo_request(void)
{
	size_t len = copy(icmp56_reply, sizeof(icmp56_reply));

	memcpy(frame, icmp56_request, IP + 20);  /* addressed to us */
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_icmp_type, 1);
}

static void icmp_short(void)
{
	size_t len = copy(icmp56_request, L4 + 7);

	put16(frame + IP + 2, 27);
	host_fix_ip_csum(frame, len);
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_icmp_short, 1);
}

static void ip_bad_checksum(void)
{
	size_t len = copy(icmp56_request, sizeof(icmp56_request));

	frame[IP + 8] = 63;                     /* TTL changed, sum not */
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_ip_checksum, 1);
}

static void ip_ihl_below_5(void)
{
	size_t len = copy(icmp56_request, sizeof(icmp56_request));

	frame[IP] = 0x44;
	host_fix_ip_csum(frame, len);
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_ip_header_len, 1);
}

static void ip_ihl_beyond_frame(void)
{
	/* IHL 15 asks for 60 header bytes; only 40 arrived. */
	size_t len = copy(icmp56_request, IP + 40);

	frame[IP] = 0x4f;
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_ip_header_len, 1);
}

static void ip_total_len_beyond_frame(void)
{
	size_t len = copy(icmp56_request, sizeof(icmp56_request));

	put16(frame + IP + 2, (uint16_t)(len - ETH_HDR + 1));
	host_fix_ip_csum(frame, len);
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_ip_total_len, 1);
}

static void ip_total_len_below_header(void)
{
	size_t len = copy(icmp56_request, sizeof(icmp56_request));

	put16(frame + IP + 2, 19);
	host_fix_ip_csum(frame, len);
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_ip_total_len, 1);
}

static void ip_version_6(void)
{
	size_t len = copy(icmp56_request, sizeof(icmp56_request));

	frame[IP] = 0x65;
	host_fix_ip_csum(frame, len);
	host_send(NET0, frame, len);
	CHECK_DROPS(drop_ip_version, 1);
}

static void ip_short(void)
{
	host_send(NET0, icmp56_request, IP + 19);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_ip_short, 1);
}

static void ip_fragments_counted(void)
{
	size_t len = copy(icmp56_request, sizeof(icmp56_request));

	put16(frame + IP + 6, 0x2000);          /* MF, offset 0 */
	host_fix_ip_csum(frame, len);
	host_send(NET0, frame, len);
	put16(frame + IP + 6, 0x0008);          /* last fragment, offset 64 */
	host_fix_ip_csum(frame, len);
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_ip_fragment, 2);
}

static void ip_not_for_us(void)
{
	size_t len = copy(icmp56_request, sizeof(icmp56_request));

	frame[IP + 19] = 99;
	host_fix_ip_csum(frame, len);
	host_send(NET0, frame, len);
	/* Echo to the broadcast address is ignored too (RFC 1122 §3.2.2.6). */
	frame[IP + 19] = 255;
	host_fix_ip_csum(frame, len);
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_ip_not_for_us, 2);
}

static void ip_unknown_protocol(void)
{
	size_t len = copy(icmp56_request, sizeof(icmp56_request));

	frame[IP + 9] = 6;                      /* TCP */
	host_fix_ip_csum(frame, len);
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_ip_protocol, 1);
}

static void ip_options_skipped(void)
{
	size_t len = sizeof(icmp56_request) + 4;
	const uint8_t *tx = host_devs[NET0].tx[0];

	/* IHL 6: four NOP option bytes before the ICMP message. */
	memcpy(frame, icmp56_request, L4);
	memset(frame + L4, 1, 4);
	memcpy(frame + L4 + 4, icmp56_request + L4,
	       sizeof(icmp56_request) - L4);
	frame[IP] = 0x46;
	put16(frame + IP + 2, (uint16_t)(len - ETH_HDR));
	host_fix_ip_csum(frame, len);
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 1);
	CHECK(host_devs[NET0].tx_len[0] == sizeof(icmp56_reply));
	CHECK(!memcmp(tx, icmp56_reply, sizeof(icmp56_reply)));
	CHECK_NO_DROPS();
}

static void udp_echo(void)
{
	host_send(NET0, udp_request, sizeof(udp_request));
	CHECK(host_expect_tx(NET0, udp_reply, sizeof(udp_reply)));
	CHECK(mk_net_stats.udp_rx == 1 && mk_net_stats.udp_tx == 1);
	CHECK_NO_DROPS();
}

static void udp_checksum_zero_accepted(void)
{
	size_t len = copy(udp_request, sizeof(udp_request));

	put16(frame + L4 + 6, 0);
	host_send(NET0, frame, len);
	/* The reply carries a computed checksum all the same. */
	CHECK(host_expect_tx(NET0, udp_reply, sizeof(udp_reply)));
	CHECK_NO_DROPS();
}

static void udp_bad_checksum(void)
{
	size_t len = copy(udp_request, sizeof(udp_request));

	frame[len - 1] ^= 0x20;
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK(mk_net_stats.udp_rx == 0);
	CHECK_DROPS(drop_udp_checksum, 1);
}

static void udp_length_beyond_datagram(void)
{
	size_t len = copy(udp_request, sizeof(udp_request));

	put16(frame + L4 + 4, (uint16_t)(len - L4 + 1));
	host_send(NET0, frame, len);
	put16(frame + L4 + 4, 7);               /* below the header */
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_udp_length, 2);
}

static void udp_short(void)
{
	size_t len = copy(udp_request, L4 + 7);

	put16(frame + IP + 2, 27);
	host_fix_ip_csum(frame, len);
	host_send(NET0, frame, len);
	CHECK_DROPS(drop_udp_short, 1);
}

static void udp_no_port(void)
{
	size_t len = copy(udp_request, sizeof(udp_request));

	put16(frame + L4 + 2, 9);               /* discard: nothing bound */
	host_fix_l4_csum(frame, len);
	host_send(NET0, frame, len);
	/* No ICMP port unreachable is sent (yet). */
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_udp_no_port, 1);
}

static void udp_padding_not_echoed(void)
{
	const uint8_t *tx = host_devs[NET0].tx[0];
	size_t len = 60;                        /* minimum Ethernet frame */

	/* One byte of data, then 17 bytes of padding the NIC added. */
	memcpy(frame, udp_request, L4 + 9);
	memset(frame + L4 + 9, 0xaa, len - (L4 + 9));
	put16(frame + IP + 2, 29);
	put16(frame + L4 + 4, 9);
	host_fix_ip_csum(frame, len);
	host_fix_l4_csum(frame, len);
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 1);
	CHECK(host_devs[NET0].tx_len[0] == L4 + 9);
	CHECK(get16(tx + L4 + 4) == 9 && tx[L4 + 8] == udp_request[L4 + 8]);
	CHECK(host_frame_csums_ok(tx, L4 + 9));
	CHECK_NO_DROPS();
}

/* RFC 862 on a broadcast would draw an echo from every server on a link. */
static void udp_echo_broadcast_refused(void)
{
	size_t len = copy(udp_request, sizeof(udp_request));

	memset(frame, 0xff, 6);
	frame[IP + 19] = 255;                   /* 10.0.2.255 */
	host_fix_ip_csum(frame, len);
	host_fix_l4_csum(frame, len);
	host_send(NET0, frame, len);
	memset(frame + IP + 16, 0xff, 4);       /* 255.255.255.255 */
	host_fix_ip_csum(frame, len);
	host_fix_l4_csum(frame, len);
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK(mk_net_stats.udp_rx == 2);
	CHECK(mk_net_stats.udp_echo_refused == 2);
	CHECK_NO_DROPS();
}

/* From port 0, or a port that answers anything: no echo, no loop. */
static void udp_echo_reflector_ports_refused(void)
{
	static const uint16_t refused[] = { 0, 7, 13, 17, 19, 37 };
	size_t i, len = copy(udp_request, sizeof(udp_request));

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		put16(frame + L4, refused[i]);
		host_fix_l4_csum(frame, len);
		host_send(NET0, frame, len);
	}
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK(mk_net_stats.udp_echo_refused == i);
	CHECK(mk_net_stats.udp_rx == i);
	CHECK_NO_DROPS();

	put16(frame + L4, 38);                  /* just past time (37) */
	host_fix_l4_csum(frame, len);
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 1);
	CHECK(mk_net_stats.udp_echo_refused == i);
}

static struct mk_udp_datagram kept;

static void keep_datagram(const struct mk_udp_datagram *dgram, void *arg)
{
	(void)arg;
	kept = *dgram;
}

static void udp_late_reply_uses_arp_cache(void)
{
	size_t len = copy(udp_request, sizeof(udp_request));

	CHECK(mk_udp_bind(9000, keep_datagram, NULL) == 0);
	put16(frame + L4 + 2, 9000);
	host_fix_l4_csum(frame, len);
	host_send(NET0, frame, len);
	CHECK(kept.dst_port == 9000 && kept.len == 16);
	CHECK(host_devs[NET0].tx_count == 0);

	/* After the handler returned, only the ARP cache knows the MAC. */
	CHECK(mk_udp_reply(&kept, "x", 1) == -MK_EHOSTUNREACH);
	host_send(NET0, arp_request, sizeof(arp_request));
	host_clear_tx();
	CHECK(mk_udp_reply(&kept, "x", 1) == 0);
	CHECK(host_devs[NET0].tx_count == 1);
	CHECK(!memcmp(host_devs[NET0].tx[0], arp_request + 6, 6));
	CHECK(mk_udp_reply(&kept, frame, 1473) == -MK_EMSGSIZE);
	CHECK_NO_DROPS();
}

static void udp_bind_errors(void)
{
	int i, rc = 0;

	CHECK(mk_udp_bind(0, keep_datagram, NULL) == -MK_EINVAL);
	CHECK(mk_udp_bind(7, keep_datagram, NULL) == -MK_EADDRINUSE);
	CHECK(mk_udp_echo_start(7) == -MK_EADDRINUSE);
	for (i = 1000; rc == 0; i++)
		rc = mk_udp_bind((uint16_t)i, keep_datagram, NULL);
	CHECK(rc == -MK_ENOSPC);
}

static void eth_one_byte_frame(void)
{
	host_send(NET0, arp_request, 1);
	host_send(NET0, arp_request, 0);
	host_send(NET0, NULL, 0);
	host_send(NET0, arp_request, ETH_HDR - 1);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK(mk_net_stats.rx_frames == 4);
	CHECK_DROPS(drop_eth_short, 4);
}

static void eth_not_for_us(void)
{
	size_t len = copy(udp_request, sizeof(udp_request));

	frame[5] ^= 0x01;                       /* another host */
	host_send(NET0, frame, len);
	frame[0] = 0x01;                        /* multicast */
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_eth_not_for_us, 2);
}

static void eth_unknown_type(void)
{
	size_t len = copy(udp_request, sizeof(udp_request));

	put16(frame + 12, 0x86dd);              /* IPv6 */
	host_send(NET0, frame, len);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_eth_type, 1);
}

static void eth_too_long(void)
{
	size_t len = icmp_echo_frame(1473);

	host_send(NET0, frame, len);
	CHECK(len == 1515);
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_eth_long, 1);
}

static void eth_echo_swaps_macs(void)
{
	static const uint8_t other[] = { 0x02, 0, 0, 0, 0, 0x99 };
	const uint8_t *tx = host_devs[NET1].tx[0];
	size_t len = copy(udp_request, sizeof(udp_request));

	CHECK(mk_eth_echo_start(NET1) == 0);
	CHECK(mk_eth_echo_start(7) == -MK_ENODEV);
	memcpy(frame, other, 6);                /* any station */
	put16(frame + 12, 0x88b5);              /* any type */
	host_send(NET1, frame, len);
	CHECK(host_devs[NET1].tx_count == 1);
	CHECK(host_devs[NET1].tx_len[0] == len);
	CHECK(!memcmp(tx, frame + 6, 6) && !memcmp(tx + 6, other, 6));
	CHECK(!memcmp(tx + 12, frame + 12, len - 12));
	CHECK(mk_net_stats.eth_echoed == 1);
	CHECK(host_log_count("echoed packet #1 (58 bytes)") == 1);

	host_send(NET1, frame, 1);
	CHECK(host_devs[NET1].tx_count == 1);
	CHECK_DROPS(drop_eth_short, 1);
	CHECK(host_devs[NET0].tx_count == 0);
}

static void eth_echo_log_rate_limited(void)
{
	int i;

	mk_eth_echo_start(NET1);
	host_clock_ms = 5000;
	for (i = 0; i < 20; i++)
		host_send(NET1, udp_request, sizeof(udp_request));
	CHECK(host_log_count("echoed packet #") == 5);
	CHECK(host_log_count("echoed packet #5 ") == 1);
	host_clock_ms += 999;
	host_send(NET1, udp_request, sizeof(udp_request));
	CHECK(host_log_count("echoed packet #") == 5);
	host_clock_ms += 1;
	host_send(NET1, udp_request, sizeof(udp_request));
	CHECK(host_log_count("echoed packet #22 (58 bytes)") == 1);
	CHECK(mk_net_stats.eth_echoed == 22);
}

static void configure_mac_override(void)
{
	struct mk_netif_config config = {
		.name = "uplink", .has_mac = true,
		.mac = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 },
		.has_ipv4 = true, .address = MK_IPV4(10, 0, 2, 15),
		.prefix_len = 24,
	};
	const uint8_t *tx = host_devs[NET0].tx[0];

	CHECK(mk_net_configure(NET0, &config) == 0);
	CHECK(!strcmp(host_devs[NET0].dev.name, "uplink"));
	/* The announcement already goes out from the new MAC. */
	CHECK(host_devs[NET0].tx_count == 1);
	CHECK(!memcmp(tx + 6, config.mac, 6));
	host_clear_tx();
	host_send(NET0, arp_request, sizeof(arp_request));
	CHECK(host_devs[NET0].tx_count == 1);
	CHECK(!memcmp(tx + 6, config.mac, 6));
	CHECK(!memcmp(tx + 22, config.mac, 6));
	CHECK(mk_net_configure(4, &config) == -MK_ENODEV);
	config.prefix_len = 33;
	CHECK(mk_net_configure(NET0, &config) == -MK_EINVAL);
	CHECK(mk_net_configure(NET0, NULL) == -MK_EINVAL);
	CHECK(mk_netdev_count() == 2 && mk_netdev_get(2) == NULL);
}

static void register_errors(void)
{
	static const struct mk_netdev_ops no_transmit;
	static struct mk_netdev extra[MK_NETDEV_MAX];
	struct mk_netdev bare = { .ops = &no_transmit };
	int i;

	CHECK(mk_netdev_register(NULL) == -MK_EINVAL);
	CHECK(mk_netdev_register(&bare) == -MK_EINVAL);
	CHECK(mk_netdev_register(&host_devs[NET0].dev) == -MK_EINVAL);
	for (i = 2; i < MK_NETDEV_MAX; i++) {
		extra[i] = host_devs[NET0].dev;
		CHECK(mk_netdev_register(&extra[i]) == 0);
		CHECK(extra[i].index == i && mk_netdev_get(i) == &extra[i]);
	}
	extra[0] = host_devs[NET0].dev;
	CHECK(mk_netdev_register(&extra[0]) == -MK_ENOSPC);
}

static void tx_error_counted(void)
{
	host_devs[NET0].fail_tx = true;
	host_send(NET0, icmp56_request, sizeof(icmp56_request));
	CHECK(mk_net_stats.tx_errors == 1 && mk_net_stats.tx_frames == 0);
	CHECK(mk_net_stats.icmp_echo_replies == 0);
	CHECK_NO_DROPS();
}

static void poll_delivers_frames(void)
{
	host_devs[NET0].rx_frame = icmp56_request;
	host_devs[NET0].rx_len = sizeof(icmp56_request);
	CHECK(mk_net_poll() == 1);
	CHECK(mk_net_poll() == 0);
	CHECK(host_expect_tx(NET0, icmp56_reply, sizeof(icmp56_reply)));
}

static void unregistered_device(void)
{
	struct mk_netdev stranger = { .index = 0 };

	mk_net_receive(&stranger, udp_request, sizeof(udp_request));
	mk_net_receive(NULL, udp_request, sizeof(udp_request));
	CHECK(host_devs[NET0].tx_count == 0);
	CHECK_DROPS(drop_eth_not_for_us, 2);
}

static void stats_print(void)
{
	host_send(NET0, icmp56_request, sizeof(icmp56_request));
	host_send(NET0, arp_request, 3);
	host_log_clear();
	mk_net_stats_print();
	CHECK(host_log_count("[net] stats:") == 1);
	CHECK(host_log_count(" rx_frames=2 tx_frames=1 drop_eth_short=1") == 1);
	CHECK(host_log_count("icmp_echo_replies=1") == 1);
	CHECK(host_log_count("udp_rx") == 0);
	memset(&mk_net_stats, 0xff, sizeof(mk_net_stats));
	host_log_clear();
	mk_net_stats_print();
	CHECK(host_log_count("[net] stats:") >= 3);
	CHECK(host_log_count("eth_echoed=18446744073709551615") == 1);
}

/* At most once per MK_NET_STATS_INTERVAL_MS, and only after a change. */
static void stats_print_if_due(void)
{
	host_send(NET0, icmp56_request, sizeof(icmp56_request));
	host_clock_ms = MK_NET_STATS_INTERVAL_MS - 1;
	mk_net_stats_print_if_due();
	CHECK(host_log_count("[net] stats:") == 0);
	host_clock_ms = MK_NET_STATS_INTERVAL_MS;
	mk_net_stats_print_if_due();
	mk_net_stats_print_if_due();
	CHECK(host_log_count("[net] stats: rx_frames=1 tx_frames=1") == 1);

	/* Unchanged: nothing, however long it has been. */
	host_clock_ms = 5 * MK_NET_STATS_INTERVAL_MS;
	mk_net_stats_print_if_due();
	CHECK(host_log_count("[net] stats:") == 1);

	/* Changed: printed once the interval since the last print is up. */
	host_send(NET0, arp_request, 3);
	host_clock_ms += 1;
	mk_net_stats_print_if_due();
	CHECK(host_log_count("[net] stats:") == 2);
	CHECK(host_log_count("drop_eth_short=1") == 1);
	host_send(NET0, arp_request, 3);
	host_clock_ms += MK_NET_STATS_INTERVAL_MS - 1;
	mk_net_stats_print_if_due();
	CHECK(host_log_count("[net] stats:") == 2);
	host_clock_ms += 1;
	mk_net_stats_print_if_due();
	CHECK(host_log_count("drop_eth_short=2") == 1);
}

const struct host_case host_cases[] = {
	{ "arp_request_answered", arp_request_answered },
	{ "arp_cache_refresh", arp_cache_refresh },
	{ "arp_announce_on_configure", arp_announce_on_configure },
	{ "arp_not_for_us", arp_not_for_us },
	{ "arp_truncated", arp_truncated },
	{ "arp_bad_format", arp_bad_format },
	{ "arp_bad_sender_address", arp_bad_sender_address },
	{ "arp_bad_sender_mac", arp_bad_sender_mac },
	{ "arp_own_announcement_ignored", arp_own_announcement_ignored },
	{ "arp_probe_answered_not_learned", arp_probe_answered_not_learned },
	{ "icmp_echo_56", icmp_echo_56 },
	{ "icmp_echo_1472", icmp_echo_1472 },
	{ "icmp_bad_checksum", icmp_bad_checksum },
	{ "icmp_not_echo_request", icmp_not_echo_request },
	{ "icmp_short", icmp_short },
	{ "ip_bad_checksum", ip_bad_checksum },
	{ "ip_ihl_below_5", ip_ihl_below_5 },
	{ "ip_ihl_beyond_frame", ip_ihl_beyond_frame },
	{ "ip_total_len_beyond_frame", ip_total_len_beyond_frame },
	{ "ip_total_len_below_header", ip_total_len_below_header },
	{ "ip_version_6", ip_version_6 },
	{ "ip_short", ip_short },
	{ "ip_fragments_counted", ip_fragments_counted },
	{ "ip_not_for_us", ip_not_for_us },
	{ "ip_unknown_protocol", ip_unknown_protocol },
	{ "ip_bad_source", ip_bad_source },
	{ "ip_source_edges_answered", ip_source_edges_answered },
	{ "ip_source_subnet_number_by_prefix",
	  ip_source_subnet_number_by_prefix },
	{ "ip_options_skipped", ip_options_skipped },
	{ "udp_echo", udp_echo },
	{ "udp_checksum_zero_accepted", udp_checksum_zero_accepted },
	{ "udp_bad_checksum", udp_bad_checksum },
	{ "udp_length_beyond_datagram", udp_length_beyond_datagram },
	{ "udp_short", udp_short },
	{ "udp_no_port", udp_no_port },
	{ "udp_padding_not_echoed", udp_padding_not_echoed },
	{ "udp_echo_broadcast_refused", udp_echo_broadcast_refused },
	{ "udp_echo_reflector_ports_refused",
	  udp_echo_reflector_ports_refused },
	{ "udp_late_reply_uses_arp_cache", udp_late_reply_uses_arp_cache },
	{ "udp_bind_errors", udp_bind_errors },
	{ "eth_one_byte_frame", eth_one_byte_frame },
	{ "eth_not_for_us", eth_not_for_us },
	{ "eth_unknown_type", eth_unknown_type },
	{ "eth_src_group_dropped", eth_src_group_dropped },
	{ "eth_src_invalid_dropped", eth_src_invalid_dropped },
	{ "eth_too_long", eth_too_long },
	{ "eth_echo_swaps_macs", eth_echo_swaps_macs },
	{ "eth_echo_src_group_dropped", eth_echo_src_group_dropped },
	{ "eth_echo_src_invalid_dropped", eth_echo_src_invalid_dropped },
	{ "eth_echo_group_dst_from_own_mac",
	  eth_echo_group_dst_from_own_mac },
	{ "eth_echo_log_rate_limited", eth_echo_log_rate_limited },
	{ "configure_mac_override", configure_mac_override },
	{ "register_errors", register_errors },
	{ "tx_error_counted", tx_error_counted },
	{ "poll_delivers_frames", poll_delivers_frames },
	{ "unregistered_device", unregistered_device },
	{ "stats_print", stats_print },
	{ "stats_print_if_due", stats_print_if_due },
	{ "fuzz", fuzz_case },
};

const size_t host_case_count = sizeof(host_cases) / sizeof(host_cases[0]);
