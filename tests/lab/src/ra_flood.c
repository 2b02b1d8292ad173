// SPDX-License-Identifier: GPL-2.0
/*
 * ra_flood: a paced, bounded flood of Router Advertisements to ff02::1.
 *
 *   ra_flood IFNAME COUNT RATE MODE [MAX-SECONDS]
 *
 * Sends COUNT RAs at RATE per second (each one at its own absolute
 * deadline on CLOCK_MONOTONIC, clock_nanosleep TIMER_ABSTIME, so the rate
 * does not drift with the cost of a send), and stops early once
 * MAX-SECONDS (default 30) have passed. Hard bounds: COUNT <= 1000000,
 * RATE <= 100000, MAX-SECONDS <= 60. A lab tool: run it inside a network
 * namespace only.
 *
 * Every RA has M=1, router lifetime 1800, a source link-layer address, an
 * MTU option and a PIO for 2001:db8:1::/64 (L=1, A=0), hop limit 255,
 * from the interface's link-local address (the kernel picks it for
 * ff02::1). MODE:
 *   same   every RA identical
 *   vary   router lifetime and the PIO's lifetimes change with every RA
 *
 * Prints one line: "SENT <n> of <count> in <s> s, <rate>/s, <e> errors, mode <m>".
 * Exit 0 if all COUNT were sent, 1 otherwise.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_COUNT 1000000UL
#define MAX_RATE 100000UL
#define MAX_SECONDS 60UL

static uint64_t ns_of(const struct timespec *t)
{
	return (uint64_t)t->tv_sec * 1000000000ULL + (uint64_t)t->tv_nsec;
}

static struct timespec ts_of(uint64_t ns)
{
	struct timespec t = { .tv_sec = ns / 1000000000ULL, .tv_nsec = ns % 1000000000ULL };
	return t;
}

static void put32(unsigned char *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, 4);
}

int main(int argc, char **argv)
{
	unsigned char pkt[128];
	struct nd_router_advert *ra = (struct nd_router_advert *)pkt;
	struct sockaddr_in6 dst = { .sin6_family = AF_INET6 };
	unsigned long count, rate, max_s = 30, sent = 0, errors = 0, i;
	const char *mode;
	int fd, hops = 255, loop = 0, vary;
	unsigned int ifidx;
	size_t len, pio;
	uint64_t start, end, period, deadline, stop;
	struct timespec t;

	if (argc < 5) {
		fprintf(stderr, "usage: ra_flood IFNAME COUNT RATE same|vary [MAX-SECONDS]\n");
		return 2;
	}
	count = strtoul(argv[2], NULL, 0);
	rate = strtoul(argv[3], NULL, 0);
	mode = argv[4];
	if (argc > 5)
		max_s = strtoul(argv[5], NULL, 0);
	vary = !strcmp(mode, "vary");
	if (!count || count > MAX_COUNT || !rate || rate > MAX_RATE || !max_s ||
	    max_s > MAX_SECONDS || (!vary && strcmp(mode, "same"))) {
		fprintf(stderr, "ra_flood: COUNT 1..%lu, RATE 1..%lu, MODE same|vary, MAX-SECONDS 1..%lu\n",
			MAX_COUNT, MAX_RATE, MAX_SECONDS);
		return 2;
	}
	ifidx = if_nametoindex(argv[1]);
	if (!ifidx) {
		perror("if_nametoindex");
		return 2;
	}
	fd = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
	if (fd < 0) {
		perror("socket");
		return 2;
	}
	setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops));
	setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifidx, sizeof(ifidx));
	setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &loop, sizeof(loop));
	inet_pton(AF_INET6, "ff02::1", &dst.sin6_addr);
	dst.sin6_scope_id = ifidx;
	/* Wake-ups 100 us apart: keep the kernel from batching them (default slack 50 us). */
	prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);

	memset(pkt, 0, sizeof(pkt));
	ra->nd_ra_type = ND_ROUTER_ADVERT;
	ra->nd_ra_curhoplimit = 64;
	ra->nd_ra_flags_reserved = ND_RA_FLAG_MANAGED;
	ra->nd_ra_router_lifetime = htons(1800);
	len = sizeof(*ra);
	/* source link-layer address option */
	pkt[len] = ND_OPT_SOURCE_LINKADDR;
	pkt[len + 1] = 1;
	memcpy(pkt + len + 2, "\x02\x00\x00\x00\x00\x01", 6);
	len += 8;
	/* MTU 1500 */
	pkt[len] = ND_OPT_MTU;
	pkt[len + 1] = 1;
	put32(pkt + len + 4, 1500);
	len += 8;
	/* PIO 2001:db8:1::/64, L=1, A=0 */
	pio = len;
	pkt[len] = ND_OPT_PREFIX_INFORMATION;
	pkt[len + 1] = 4;
	pkt[len + 2] = 64;
	pkt[len + 3] = ND_OPT_PI_FLAG_ONLINK;
	put32(pkt + len + 4, 86400);
	put32(pkt + len + 8, 14400);
	inet_pton(AF_INET6, "2001:db8:1::", pkt + len + 16);
	len += 32;

	period = 1000000000ULL / rate;
	clock_gettime(CLOCK_MONOTONIC, &t);
	start = ns_of(&t);
	stop = start + max_s * 1000000000ULL;
	for (i = 0; i < count; i++) {
		deadline = start + i * period;
		if (deadline >= stop)
			break;
		t = ts_of(deadline);
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR)
			;
		if (vary) {
			ra->nd_ra_router_lifetime = htons(1000 + i % 60000);
			put32(pkt + pio + 4, 7200 + i % 79200);
			put32(pkt + pio + 8, 3600 + i % 3600);
		}
		if (sendto(fd, pkt, len, 0, (struct sockaddr *)&dst, sizeof(dst)) >= 0)
			sent++;
		else
			errors++;
	}
	clock_gettime(CLOCK_MONOTONIC, &t);
	end = ns_of(&t);
	printf("SENT %lu of %lu in %.3f s, %.0f/s, %lu errors, mode %s\n", sent, count,
	       (end - start) / 1e9, sent / ((end - start) / 1e9), errors, mode);
	return sent == count ? 0 : 1;
}
