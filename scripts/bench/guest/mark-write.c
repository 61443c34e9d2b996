// SPDX-License-Identifier: GPL-2.0
/*
 * vfteam-mark-write DST_IP PORT FILE VALUE
 *
 * Sends one UDP datagram to DST_IP:PORT, then writes VALUE to FILE, with
 * nothing but two system calls in between. The benchmark captures the
 * datagram on the host side of the switch: its timestamp is the moment of
 * the write (e.g. "prepare" into the team's migration file), on the same
 * clock as the frames it then looks for, which a command started through
 * the guest agent could not give (tens of milliseconds of process start-up
 * under TCG).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char mark[] = "vfteam-bench-mark";

int main(int argc, char **argv)
{
	struct sockaddr_in dst = { .sin_family = AF_INET };
	size_t len;
	int s, fd;

	if (argc != 5) {
		fprintf(stderr, "usage: %s DST_IP PORT FILE VALUE\n", argv[0]);
		return 2;
	}
	if (inet_pton(AF_INET, argv[1], &dst.sin_addr) != 1) {
		fprintf(stderr, "%s: not an IPv4 address: %s\n", argv[0], argv[1]);
		return 2;
	}
	dst.sin_port = htons(atoi(argv[2]));
	len = strlen(argv[4]);

	/* opened first so that only the send and the write are left */
	fd = open(argv[3], O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", argv[0], argv[3], strerror(errno));
		return 1;
	}
	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0) {
		fprintf(stderr, "%s: socket: %s\n", argv[0], strerror(errno));
		return 1;
	}
	if (sendto(s, mark, sizeof(mark) - 1, 0, (struct sockaddr *)&dst,
		   sizeof(dst)) < 0) {
		fprintf(stderr, "%s: sendto %s: %s\n", argv[0], argv[1], strerror(errno));
		return 1;
	}
	if (write(fd, argv[4], len) != (ssize_t)len) {
		fprintf(stderr, "%s: write %s: %s\n", argv[0], argv[3], strerror(errno));
		return 1;
	}
	return 0;
}
