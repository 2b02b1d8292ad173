// SPDX-License-Identifier: GPL-2.0
/*
 * wiretime: what crosses IFNAME, with the kernel's receive timestamp of
 * each frame, for timing a client's reaction on the wire:
 *
 *   RA t_ns=T                 an ICMPv6 Router Advertisement
 *   DHCP type=N el=E t_ns=T   a UDP datagram to port 547 (E: the Elapsed
 *                             Time option in 1/100 s, -1 if absent)
 *
 * A packet socket for all protocols sees frames sent by other sockets as
 * well as received ones (never its own, and it sends none), and
 * SO_TIMESTAMPNS stamps both at the same place in the stack, on one
 * clock: run it on the router's side of a link, where the RA goes out
 * and the Solicit comes in.
 *
 *   wiretime IFNAME READY-FILE TIMEOUT-MS
 *
 * Creates READY-FILE once listening; exits after TIMEOUT-MS, or on SIGTERM.
 * IPv6 without extension headers only (RAs and DHCPv6 carry none here).
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* The Elapsed Time option (8) of a DHCPv6 message, or -1. */
static int elapsed(const unsigned char *m, size_t len)
{
	size_t o = 4;

	while (o + 4 <= len) {
		unsigned int code = m[o] << 8 | m[o + 1];
		unsigned int olen = m[o + 2] << 8 | m[o + 3];

		if (o + 4 + olen > len)
			break;
		if (code == 8 && olen == 2)
			return m[o + 4] << 8 | m[o + 5];
		o += 4 + olen;
	}
	return -1;
}

static void report(const unsigned char *f, size_t n, const struct timespec *ts)
{
	long long t = ts->tv_sec * 1000000000LL + ts->tv_nsec;
	const unsigned char *ip = f + ETH_HLEN;

	if (n < ETH_HLEN + 40 || (f[12] << 8 | f[13]) != ETH_P_IPV6)
		return;
	n -= ETH_HLEN + 40;
	if (ip[6] == IPPROTO_ICMPV6 && n >= 16 && ip[40] == 134)
		printf("RA t_ns=%lld\n", t);
	else if (ip[6] == IPPROTO_UDP && n > 8 + 4 && (ip[42] << 8 | ip[43]) == 547)
		printf("DHCP type=%u el=%d t_ns=%lld\n", ip[48],
		       elapsed(ip + 48, n - 8), t);
	else
		return;
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	struct packet_mreq mr = { .mr_type = PACKET_MR_PROMISC };
	unsigned char frame[2048];
	union {
		char buf[CMSG_SPACE(sizeof(struct timespec))];
		struct cmsghdr align;
	} ctl;
	long long end;
	int fd, one = 1;

	if (argc != 4) {
		fprintf(stderr, "usage: wiretime IFNAME READY-FILE TIMEOUT-MS\n");
		return 2;
	}
	/* ETH_P_ALL: only "all" taps get the frames the host sends */
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = if_nametoindex(argv[1]);
	if (!sll.sll_ifindex) {
		perror("if_nametoindex");
		return 2;
	}
	mr.mr_ifindex = sll.sll_ifindex;
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	/* promiscuous: a NIC's multicast filter would hide a Solicit to
	 * ff02::1:2 when no server on this side joined the group
	 */
	if (fd < 0 || bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)) < 0) {
		perror("packet socket");
		return 2;
	}
	signal(SIGTERM, on_term);
	close(open(argv[2], O_WRONLY | O_CREAT, 0644));
	end = now_ms() + strtol(argv[3], NULL, 0);
	while (!stop && now_ms() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct iovec iov = { frame, sizeof(frame) };
		struct msghdr mh = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf),
		};
		struct cmsghdr *c;
		ssize_t n;

		if (poll(&p, 1, 100) <= 0)
			continue;
		n = recvmsg(fd, &mh, MSG_DONTWAIT);
		if (n <= 0)
			continue;
		for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
			if (c->cmsg_level == SOL_SOCKET &&
			    c->cmsg_type == SCM_TIMESTAMPNS) {
				struct timespec ts;

				memcpy(&ts, CMSG_DATA(c), sizeof(ts));
				report(frame, n, &ts);
			}
	}
	return 0;
}
