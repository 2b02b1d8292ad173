// SPDX-License-Identifier: GPL-2.0
/*
 * ra_send: send Router Advertisements to ff02::1 on IFNAME.
 * MODE: same (identical RAs), vary (router lifetime changes every RA),
 * badhop (hop limit 64: ndisc drops it), badopt (zero-length option),
 * bigopt (RA bigger than RA6NOTIFY_OPTIONS_MAX: options get cut),
 * frag (bigger than the MTU: sent as two fragments, which ND ignores),
 * lens (one RA per option length 0, 8, ... up to ARG, default 1032, 5 ms
 * apart: an RDNSS, source link-layer address, MTU and prefix option as far
 * as they fit, the rest 8-byte experimental options, type 253).
 * Other RAs carry a source link-layer address and an MTU option.
 * usage: ra_send IFNAME FLAGS-HEX [COUNT [MODE [ARG]]]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Options of exactly @len bytes (a multiple of 8) at @p: real ones as far
 * as they fit, then padding options of type 253 (RFC 4727).
 */
static size_t fill_options(unsigned char *p, size_t len)
{
	static const unsigned char rdnss[24] = {
		25, 3, 0, 0, 0, 0, 0x0e, 0x10,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53,
	};
	static const unsigned char sllao[8] = { 1, 1, 2, 0, 0, 0, 0, 1 };
	static const unsigned char mtu[8] = { 5, 1, 0, 0, 0, 0, 0x05, 0xdc };
	static const unsigned char pio[32] = {
		3, 4, 64, 0xc0, 0, 0, 0x0e, 0x10, 0, 0, 0x07, 0x08, 0, 0, 0, 0,
		0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	static const struct { const unsigned char *b; size_t n; } real[] = {
		{ rdnss, sizeof(rdnss) }, { sllao, sizeof(sllao) },
		{ mtu, sizeof(mtu) }, { pio, sizeof(pio) },
	};
	size_t at = 0, i;

	for (i = 0; i < sizeof(real) / sizeof(real[0]); i++) {
		if (at + real[i].n <= len) {
			memcpy(p + at, real[i].b, real[i].n);
			at += real[i].n;
		}
	}
	for (; at < len; at += 8) {
		memset(p + at, 0, 8);
		p[at] = 253;
		p[at + 1] = 1;
	}
	return len;
}

static int send_ra(int fd, const unsigned char *pkt, size_t len,
		   const struct sockaddr_in6 *dst)
{
	int tries;

	/* the link-local source may still be tentative: retry */
	for (tries = 0; tries < 50; tries++) {
		if (sendto(fd, pkt, len, 0, (const struct sockaddr *)dst,
			   sizeof(*dst)) >= 0)
			return 0;
		if (errno == ENOBUFS) {
			usleep(1000);
			continue;
		}
		if (errno != EADDRNOTAVAIL && errno != ENETUNREACH) {
			perror("sendto");
			return 1;
		}
		usleep(100000);
	}
	perror("sendto (gave up)");
	return 1;
}

int main(int argc, char **argv)
{
	unsigned char pkt[2048];
	struct nd_router_advert *ra = (struct nd_router_advert *)pkt;
	struct sockaddr_in6 dst = { .sin6_family = AF_INET6 };
	const char *mode = argc > 4 ? argv[4] : "same";
	int fd, hops = 255, i;
	unsigned int ifidx, count;
	size_t len, olen;

	if (argc < 3) {
		fprintf(stderr, "usage: ra_send IFNAME FLAGS [COUNT [MODE [ARG]]]\n");
		return 2;
	}
	count = argc > 3 ? strtoul(argv[3], NULL, 0) : 1;
	ifidx = if_nametoindex(argv[1]);
	if (!ifidx) {
		perror("if_nametoindex");
		return 2;
	}
	if (!strcmp(mode, "badhop"))
		hops = 64;
	fd = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
	if (fd < 0) {
		perror("socket");
		return 2;
	}
	setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops));
	setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifidx, sizeof(ifidx));
	inet_pton(AF_INET6, "ff02::1", &dst.sin6_addr);
	dst.sin6_scope_id = ifidx;

	memset(pkt, 0, sizeof(pkt));
	ra->nd_ra_type = ND_ROUTER_ADVERT;
	ra->nd_ra_curhoplimit = 64;
	ra->nd_ra_flags_reserved = strtoul(argv[2], NULL, 16);
	ra->nd_ra_router_lifetime = htons(1800);
	ra->nd_ra_reachable = htonl(30000);
	ra->nd_ra_retransmit = htonl(1000);
	len = sizeof(*ra);
	/* source link-layer address option */
	pkt[len] = 1;
	pkt[len + 1] = 1;
	memcpy(pkt + len + 2, "\x02\x00\x00\x00\x00\x01", 6);
	len += 8;
	/* MTU option */
	pkt[len] = 5;
	pkt[len + 1] = 1;
	pkt[len + 7] = 0x05;
	pkt[len + 6] = 0xdc;
	len += 8;
	if (!strcmp(mode, "badopt")) {
		pkt[len] = 3;
		pkt[len + 1] = 0;
		len += 8;
	} else if (!strcmp(mode, "bigopt") || !strcmp(mode, "frag")) {
		/* nonce-like options of 8 bytes: 1200 or 1600 option bytes */
		for (i = 0; i < (mode[0] == 'f' ? 200 : 150); i++, len += 8) {
			pkt[len] = 14;
			pkt[len + 1] = 1;
		}
	}
	if (!strcmp(mode, "lens")) {
		size_t max = argc > 5 ? strtoul(argv[5], NULL, 0) : 1032;

		if (max > sizeof(pkt) - sizeof(*ra))
			max = sizeof(pkt) - sizeof(*ra);
		for (olen = 0, count = 0; olen <= max; olen += 8, count++) {
			len = sizeof(*ra) + fill_options(pkt + sizeof(*ra), olen);
			if (send_ra(fd, pkt, len, &dst))
				return 1;
			usleep(5000);
		}
	}
	for (i = 0; strcmp(mode, "lens") && i < (int)count; i++) {
		if (!strcmp(mode, "vary"))
			ra->nd_ra_router_lifetime = htons(1000 + i % 60000);
		if (send_ra(fd, pkt, len, &dst))
			return 1;
	}
	printf("SENT %u RA flags=0x%02x mode=%s on %s\n", count,
	       ra->nd_ra_flags_reserved, mode, argv[1]);
	return 0;
}
