/* SPDX-License-Identifier: MIT */
/*
 * The host test harness for the network stack: fake devices that record
 * what the stack transmits, a fake clock, a captured log, and checks.
 */
#ifndef HOST_HARNESS_H
#define HOST_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mk/net.h"

#define HOST_FRAME_MAX 1514
#define HOST_TX_MAX    32               /* frames kept per device */
#define HOST_NETDEVS   2                /* net0: IPv4, net1: for eth echo */

struct host_dev {
	struct mk_netdev dev;
	int tx_count;                   /* frames transmitted since clear */
	size_t tx_len[HOST_TX_MAX];
	uint8_t tx[HOST_TX_MAX][HOST_FRAME_MAX];
	bool fail_tx;                   /* make transmit() fail */
	bool oversize_tx;               /* transmit() saw a frame > 1514 */
	const uint8_t *rx_frame;        /* poll() hands this up once */
	size_t rx_len;
};

extern struct host_dev host_devs[HOST_NETDEVS];
extern uint64_t host_clock_ms;

/* Register net0 (10.0.2.15/24) and net1 (10.0.3.15/24), echo on port 7. */
void host_setup(void);
void host_clear_tx(void);
void host_send(int dev, const uint8_t *frame, size_t len);

const char *host_log(void);
void host_log_clear(void);
size_t host_log_count(const char *needle);

/* An independent RFC 1071 checksum, to fix up and verify test frames. */
uint16_t host_csum(const uint8_t *data, size_t len);
/* Recompute the IPv4 header / ICMP / UDP checksum of an Ethernet frame. */
void host_fix_ip_csum(uint8_t *frame, size_t len);
void host_fix_l4_csum(uint8_t *frame, size_t len);
/* Every checksum of a transmitted IPv4 frame is right (true for ARP). */
bool host_frame_csums_ok(const uint8_t *frame, size_t len);

/* Exactly `n` drops under `name` and none under any other reason. */
bool host_expect_drops(const char *name, uint64_t n);
bool host_expect_tx(int dev, const uint8_t *frame, size_t len);
void host_fail(const char *file, int line, const char *what);
extern bool host_failed;

#define CHECK(cond)                                                     \
	do {                                                            \
		if (!(cond)) {                                          \
			host_fail(__FILE__, __LINE__, #cond);           \
			return;                                         \
		}                                                       \
	} while (0)
#define CHECK_DROPS(name, n) CHECK(host_expect_drops(#name, n))
#define CHECK_NO_DROPS()     CHECK(host_expect_drops(NULL, 0))

struct host_case {
	const char *name;
	void (*run)(void);
};

extern const struct host_case host_cases[];
extern const size_t host_case_count;
void fuzz_case(void);

/* source_cases.c: senders no one may answer, at each layer. */
void eth_src_group_dropped(void);
void eth_src_invalid_dropped(void);
void eth_echo_src_group_dropped(void);
void eth_echo_src_invalid_dropped(void);
void eth_echo_group_dst_from_own_mac(void);
void ip_bad_source(void);
void ip_source_edges_answered(void);
void ip_source_subnet_number_by_prefix(void);
void arp_bad_sender_address(void);
void arp_bad_sender_mac(void);
void arp_own_announcement_ignored(void);
void arp_probe_answered_not_learned(void);

#endif /* HOST_HARNESS_H */
