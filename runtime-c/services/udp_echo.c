/* SPDX-License-Identifier: MIT */
/*
 * UDP echo (RFC 862): send every datagram back with the same data, unless
 * the answer would make the service an amplifier or one end of a loop.
 */
#define MK_LOG_SUBSYS "udp-echo"
#include "mk_config.h"

#include <stdbool.h>

#include "mk/log.h"
#include "mk/net.h"

#define PORT_NONE    0                  /* "if not used, zero" (RFC 768) */
#define PORT_ECHO    7                  /* RFC 862 */
#define PORT_DAYTIME 13                 /* RFC 867 */
#define PORT_QOTD    17                 /* RFC 865 */
#define PORT_CHARGEN 19                 /* RFC 864 */
#define PORT_TIME    37                 /* RFC 868 */

/*
 * Services that answer whatever reaches them: an echo sent to one of them
 * comes back, and is echoed again, for ever. A spoofed source port names
 * one of them to start such a loop.
 */
static const uint16_t reflector_ports[] = {
	PORT_ECHO, PORT_DAYTIME, PORT_QOTD, PORT_CHARGEN, PORT_TIME,
};

#define REFLECTOR_PORTS (sizeof(reflector_ports) / sizeof(reflector_ports[0]))

static bool from_reflector(uint16_t port)
{
	size_t i;

	for (i = 0; i < REFLECTOR_PORTS; i++)
		if (reflector_ports[i] == port)
			return true;
	return false;
}

/*
 * Unicast only: one datagram to a broadcast address would draw an answer
 * from every echo server on the link. Port 0 cannot be answered.
 */
static bool echo_refused(const struct mk_udp_datagram *dgram)
{
	return dgram->broadcast || dgram->src_port == PORT_NONE ||
	       from_reflector(dgram->src_port);
}

static void udp_echo_handler(const struct mk_udp_datagram *dgram, void *arg)
{
	(void)arg;
	if (echo_refused(dgram)) {
		mk_net_stats.udp_echo_refused++;
		return;
	}
	/* A failed reply is already counted (tx_errors) by the stack. */
	mk_udp_reply(dgram, dgram->payload, dgram->len);
}

int mk_udp_echo_start(uint16_t port)
{
	int rc = mk_udp_bind(port, udp_echo_handler, NULL);

	if (rc < 0) {
		mk_log_error("cannot bind port %u: error %d", port, rc);
		return rc;
	}
	mk_log_info("listening on port %u", port);
	return 0;
}
