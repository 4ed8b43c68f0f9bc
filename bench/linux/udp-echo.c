// SPDX-License-Identifier: MIT
// UDP echo server for the Linux side of the MiniKraft benchmark: every
// datagram received on the port is sent back unchanged to its sender.
// Batches with recvmmsg/sendmmsg so the baseline is not held back by
// one system call per packet.

#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEFAULT_PORT	7
#define BATCH		32	/* datagrams per recvmmsg/sendmmsg */
#define MAX_DATAGRAM	2048	/* larger than any frame on a 1500 MTU */

static char buffers[BATCH][MAX_DATAGRAM];
static struct sockaddr_in peers[BATCH];
static struct iovec iovs[BATCH];
static struct mmsghdr msgs[BATCH];

static int open_socket(int port)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0) {
		perror("udp-echo: socket");
		exit(1);
	}
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		perror("udp-echo: bind");
		exit(1);
	}
	return fd;
}

/* Point every message slot at its buffer and peer address again. */
static void reset_slots(void)
{
	for (int i = 0; i < BATCH; i++) {
		iovs[i].iov_base = buffers[i];
		iovs[i].iov_len = MAX_DATAGRAM;
		msgs[i].msg_hdr.msg_iov = &iovs[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = &peers[i];
		msgs[i].msg_hdr.msg_namelen = sizeof(peers[i]);
	}
}

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : DEFAULT_PORT;
	int fd = open_socket(port);

	printf("udp-echo: listening on port %d\n", port);
	fflush(stdout);
	for (;;) {
		reset_slots();
		int n = recvmmsg(fd, msgs, BATCH, MSG_WAITFORONE, NULL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("udp-echo: recvmmsg");
			return 1;
		}

		/* Send back exactly the bytes each datagram carried. */
		for (int i = 0; i < n; i++)
			iovs[i].iov_len = msgs[i].msg_len;
		if (sendmmsg(fd, msgs, n, 0) < 0)
			perror("udp-echo: sendmmsg");
	}
}
