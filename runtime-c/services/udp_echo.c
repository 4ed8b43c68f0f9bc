/* SPDX-License-Identifier: MIT */
/* UDP echo (RFC 862): send every datagram back with the same data. */
#define MK_LOG_SUBSYS "udp-echo"
#include "mk_config.h"

#include "mk/log.h"
#include "mk/net.h"

static void udp_echo_handler(const struct mk_udp_datagram *dgram, void *arg)
{
	(void)arg;
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
