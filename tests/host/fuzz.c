/* SPDX-License-Identifier: MIT */
/*
 * A deterministic mini-fuzzer: valid frames cut at every length, then
 * randomly mutated ones (with checksums often repaired so that the deeper
 * layers see them too). Every frame is copied into a buffer of exactly its
 * length, so AddressSanitizer catches any read past the end. After each
 * frame: at most one outcome counted, and every reply well-formed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frames.h"
#include "harness.h"

/* Override with -D for a longer run or another sequence. */
#ifndef FUZZ_ITERATIONS
#define FUZZ_ITERATIONS 200000
#endif
#ifndef FUZZ_SEED
#define FUZZ_SEED       0x4d696e694b726166ull
#endif
#define FUZZ_MAX_LEN    (HOST_FRAME_MAX + 2)

static uint64_t rng_state = FUZZ_SEED;

/* xorshift64* (Vigna, 2016): small, fast, the same on every host. */
static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static size_t rng_below(size_t n)
{
	return (size_t)(rng() % n);
}

static const struct {
	const uint8_t *frame;
	size_t len;
} seeds[] = {
	{ arp_request, sizeof(arp_request) },
	{ arp_reply, sizeof(arp_reply) },
	{ icmp56_request, sizeof(icmp56_request) },
	{ udp_request, sizeof(udp_request) },
};

#define SEED_COUNT (sizeof(seeds) / sizeof(seeds[0]))

/* Every counter that means "this frame is dealt with". */
static uint64_t outcomes(void)
{
	const struct mk_net_stats *s = &mk_net_stats;

	return s->drop_eth_short + s->drop_eth_long + s->drop_eth_not_for_us +
	       s->drop_eth_type + s->drop_eth_src_group +
	       s->drop_eth_src_invalid + s->drop_arp_short +
	       s->drop_arp_format + s->drop_arp_not_for_us +
	       s->drop_arp_bad_sender + s->drop_ip_short +
	       s->drop_ip_version + s->drop_ip_header_len +
	       s->drop_ip_total_len + s->drop_ip_checksum +
	       s->drop_ip_fragment + s->drop_ip_not_for_us +
	       s->drop_ip_protocol + s->drop_ip_bad_source +
	       s->drop_icmp_short + s->drop_icmp_checksum +
	       s->drop_icmp_type + s->drop_udp_short + s->drop_udp_length +
	       s->drop_udp_checksum + s->drop_udp_no_port + s->arp_replies +
	       s->icmp_echo_replies + s->udp_rx + s->eth_echoed;
}

/* Send one frame from an exact-size heap copy; false if an invariant broke. */
static bool fuzz_one(int dev, const uint8_t *data, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);
	uint64_t before = outcomes(), rx = mk_net_stats.rx_frames;
	const struct host_dev *h = &host_devs[dev];

	memcpy(copy, data, len);
	host_clear_tx();
	host_send(dev, copy, len);
	free(copy);

	if (mk_net_stats.rx_frames != rx + 1 || outcomes() - before > 1 ||
	    h->tx_count > 1 || h->oversize_tx || host_devs[!dev].tx_count)
		return false;
	/* eth echo (net1) sends back whatever came; net0 only builds. */
	return h->tx_count == 0 || dev == 1 ||
	       host_frame_csums_ok(h->tx[0], h->tx_len[0]);
}

/* A 16-bit field set to a length edge, or near the frame's own length. */
static void put_length_like(uint8_t *p, size_t len)
{
	static const uint16_t edges[] = { 0, 1, 7, 8, 19, 20, 0xffff };
	uint16_t x;

	if (rng() & 1)
		x = edges[rng_below(sizeof(edges) / sizeof(edges[0]))];
	else
		x = (uint16_t)(len - 14 + rng_below(5) - 2);
	p[0] = (uint8_t)(x >> 8);
	p[1] = (uint8_t)x;
}

static void mutate(uint8_t *buf, size_t *len)
{
	size_t pos = rng_below(*len ? *len : 1);

	switch (rng_below(6)) {
	case 0:
		buf[pos] = (uint8_t)rng();
		break;
	case 1:
		buf[pos] ^= (uint8_t)(1u << rng_below(8));
		break;
	case 2:
		if (pos + 1 < *len)
			put_length_like(buf + pos, *len);
		break;
	case 3:
		*len = rng_below(*len + 1);
		break;
	case 4:         /* grow: random tail, maybe past the MTU */
		while (*len < FUZZ_MAX_LEN && rng_below(4))
			buf[(*len)++] = (uint8_t)rng();
		break;
	default:        /* the IHL / version byte */
		if (*len > 14)
			buf[14] = (uint8_t)(0x40 | rng_below(16));
		break;
	}
}

static bool fuzz_truncations(void)
{
	size_t s, len;

	for (s = 0; s < SEED_COUNT; s++)
		for (len = 0; len <= seeds[s].len; len++)
			if (!fuzz_one(0, seeds[s].frame, len) ||
			    !fuzz_one(1, seeds[s].frame, len))
				return false;
	return true;
}

static bool fuzz_mutations(void)
{
	static uint8_t buf[FUZZ_MAX_LEN + 8];
	long i;

	for (i = 0; i < FUZZ_ITERATIONS; i++) {
		size_t s = rng_below(SEED_COUNT), len = seeds[s].len, n;

		memcpy(buf, seeds[s].frame, len);
		for (n = 1 + rng_below(4); n; n--)
			mutate(buf, &len);
		if (rng() & 1)
			host_fix_l4_csum(buf, len);
		if (rng() & 1)
			host_fix_ip_csum(buf, len);
		host_clock_ms += rng_below(50);
		if (!fuzz_one(rng_below(8) ? 0 : 1, buf, len)) {
			printf("  invariant broken at iteration %ld\n", i);
			return false;
		}
	}
	return true;
}

void fuzz_case(void)
{
	mk_eth_echo_start(1);
	CHECK(fuzz_truncations());
	CHECK(fuzz_mutations());
	/* Some of them must have been answered, or the fuzzer is too blunt. */
	CHECK(mk_net_stats.icmp_echo_replies > 100);
	CHECK(mk_net_stats.udp_rx > 100);
	CHECK(mk_net_stats.arp_replies > 100);
	printf("  %llu frames, %llu answered\n",
	       (unsigned long long)mk_net_stats.rx_frames,
	       (unsigned long long)(mk_net_stats.tx_frames));
}
