// SPDX-License-Identifier: GPL-2.0
/*
 * ra_send: send Router Advertisements to ff02::1 on IFNAME.
 * usage: ra_send IFNAME FLAGS-HEX [COUNT [MODE]]
 * MODE: same (identical RAs), vary (router lifetime changes every RA),
 * badhop (hop limit 64: ndisc drops it), badopt (zero-length option),
 * bigopt (RA bigger than RA6NOTIFY_OPTIONS_MAX: options get cut),
 * frag (bigger than the MTU: sent as two fragments, which ND ignores).
 * Each RA carries a source link-layer address and an MTU option.
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

int main(int argc, char **argv)
{
	unsigned char pkt[2048];
	struct nd_router_advert *ra = (struct nd_router_advert *)pkt;
	struct sockaddr_in6 dst = { .sin6_family = AF_INET6 };
	const char *mode = argc > 4 ? argv[4] : "same";
	int fd, hops = 255, i, tries;
	unsigned int ifidx, count;
	size_t len;

	if (argc < 3) {
		fprintf(stderr, "usage: ra_send IFNAME FLAGS [COUNT [MODE]]\n");
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
	for (i = 0; i < (int)count; i++) {
		if (!strcmp(mode, "vary"))
			ra->nd_ra_router_lifetime = htons(1000 + i % 60000);
		/* the link-local source may still be tentative: retry */
		for (tries = 0; tries < 50; tries++) {
			if (sendto(fd, pkt, len, 0, (struct sockaddr *)&dst,
				   sizeof(dst)) >= 0)
				break;
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
		if (tries == 50) {
			perror("sendto (gave up)");
			return 1;
		}
	}
	printf("SENT %u RA flags=0x%02x mode=%s on %s\n", count,
	       ra->nd_ra_flags_reserved, mode, argv[1]);
	return 0;
}
