/* SPDX-License-Identifier: MIT */
/*
 * What the kernel gives the network stack, faked for the host: console
 * output (captured), the clock, and two network devices whose transmit
 * records frames. Plus the checks the test cases share.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "mk/console.h"
#include "mk/errno.h"
#include "mk/kernel.h"

#define HOST_LOG_SIZE 65536

struct host_dev host_devs[HOST_NETDEVS];
uint64_t host_clock_ms;
bool host_failed;

static char log_buf[HOST_LOG_SIZE];
static size_t log_used;

int mk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}

int mk_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Keep the log; start over when full (the fuzz loop logs a lot). */
int mk_printf(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return n;
	if (getenv("MK_HOST_VERBOSE"))
		fputs(line, stdout);
	if (log_used + strlen(line) + 1 > sizeof(log_buf))
		log_used = 0;
	memcpy(log_buf + log_used, line, strlen(line) + 1);
	log_used += strlen(line);
	return n;
}

uint64_t mk_uptime_ms(void)
{
	return host_clock_ms;
}

const char *host_log(void)
{
	return log_buf;
}

void host_log_clear(void)
{
	log_used = 0;
	log_buf[0] = '\0';
}

size_t host_log_count(const char *needle)
{
	size_t n = 0;
	const char *p = log_buf;

	while ((p = strstr(p, needle))) {
		n++;
		p += strlen(needle);
	}
	return n;
}

static int host_transmit(struct mk_netdev *dev, const void *frame, size_t len)
{
	struct host_dev *h = dev->priv;
	int slot = h->tx_count % HOST_TX_MAX;

	if (h->fail_tx)
		return -MK_EIO;
	if (len > HOST_FRAME_MAX) {
		h->oversize_tx = true;
		return -MK_EMSGSIZE;
	}
	memcpy(h->tx[slot], frame, len);
	h->tx_len[slot] = len;
	h->tx_count++;
	return 0;
}

static int host_poll(struct mk_netdev *dev)
{
	struct host_dev *h = dev->priv;

	if (!h->rx_frame)
		return 0;
	mk_net_receive(dev, h->rx_frame, h->rx_len);
	h->rx_frame = NULL;
	return 1;
}

static const struct mk_netdev_ops host_ops = {
	.transmit = host_transmit,
	.poll = host_poll,
};

static void host_register(int i)
{
	struct host_dev *h = &host_devs[i];

	snprintf(h->dev.name, sizeof(h->dev.name), "eth%d", i);
	memcpy(h->dev.mac, (uint8_t[]){ 0x52, 0x54, 0, 0x12, 0x34, 0x56 },
	       MK_ETH_ADDR_LEN);
	h->dev.mac[5] += (uint8_t)i;
	h->dev.ops = &host_ops;
	h->dev.priv = h;
	if (mk_netdev_register(&h->dev) != 0) {
		fprintf(stderr, "cannot register eth%d\n", i);
		exit(2);
	}
}

void host_setup(void)
{
	struct mk_netif_config net0 = {
		.name = "net0", .has_ipv4 = true,
		.address = MK_IPV4(10, 0, 2, 15), .prefix_len = 24,
		.has_gateway = true, .gateway = MK_IPV4(10, 0, 2, 2),
	};
	struct mk_netif_config net1 = {
		.name = "net1", .has_ipv4 = true,
		.address = MK_IPV4(10, 0, 3, 15), .prefix_len = 24,
	};

	host_register(0);
	host_register(1);
	if (mk_net_configure(0, &net0) || mk_net_configure(1, &net1) ||
	    mk_udp_echo_start(7)) {
		fprintf(stderr, "setup failed\n");
		exit(2);
	}
	host_clear_tx();
	host_log_clear();
	memset(&mk_net_stats, 0, sizeof(mk_net_stats));
}

void host_clear_tx(void)
{
	int i;

	for (i = 0; i < HOST_NETDEVS; i++)
		host_devs[i].tx_count = 0;
}

void host_send(int dev, const uint8_t *frame, size_t len)
{
	mk_net_receive(&host_devs[dev].dev, frame, len);
}

void host_fail(const char *file, int line, const char *what)
{
	host_failed = true;
	printf("  %s:%d: check failed: %s\n", file, line, what);
}
