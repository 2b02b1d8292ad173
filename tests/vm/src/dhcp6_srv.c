// SPDX-License-Identifier: GPL-2.0
/*
 * A tiny DHCPv6 server for the VM test, where Kea can't run: it answers
 * Solicit with an Advertise, Request/Renew/Rebind with a Reply (one IA_NA
 * address, short timers), Information-Request with DNS, Release with
 * Success, and logs every message it gets and sends with CLOCK_MONOTONIC
 * and CLOCK_BOOTTIME ("RX|TX type=N mono_ns=T boot_ns=T"), so the test can
 * time the client's reaction against the kernel hook's stamp, and its Renew
 * against the Reply (boot_ns counts a suspend, mono_ns does not).
 *
 *   dhcp6_srv <ifname> <log>   (runs until killed)
 *
 * Test code only: no validation beyond what the test needs.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const uint8_t server_id[] = { 0, 3, 0, 1, 2, 0, 0, 0, 0, 0x53 };
#define T1 4
#define T2 6
#define PREF 8
#define VALID 12

static size_t opt(uint8_t *p, uint16_t code, const void *data, uint16_t len)
{
	p[0] = code >> 8;
	p[1] = code;
	p[2] = len >> 8;
	p[3] = len;
	memcpy(p + 4, data, len);
	return 4 + len;
}

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* the first option `code` in [p, p+len), or NULL */
static const uint8_t *find(const uint8_t *p, size_t len, uint16_t code, uint16_t *olen)
{
	while (len >= 4) {
		uint16_t c = p[0] << 8 | p[1], l = p[2] << 8 | p[3];

		if (4u + l > len)
			return NULL;
		if (c == code) {
			*olen = l;
			return p + 4;
		}
		p += 4 + l;
		len -= 4 + l;
	}
	return NULL;
}

static long long ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void stamp(FILE *log, const char *dir, unsigned int type)
{
	long long mono = ns(CLOCK_MONOTONIC);

	fprintf(log, "%s type=%u mono_ns=%lld boot_ns=%lld\n", dir, type, mono, ns(CLOCK_BOOTTIME));
}

int main(int argc, char **argv)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_port = htons(547) };
	struct ipv6_mreq mr;
	uint8_t in[1500], out[512], ia[64];
	FILE *log;
	int fd, one = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: dhcp6_srv <ifname> <log>\n");
		return 2;
	}
	log = fopen(argv[2], "a");
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (!log || fd < 0)
		return 1;
	setvbuf(log, NULL, _IOLBF, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, argv[1], strlen(argv[1]));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("bind");
		return 1;
	}
	memset(&mr, 0, sizeof(mr));
	inet_pton(AF_INET6, "ff02::1:2", &mr.ipv6mr_multiaddr);
	mr.ipv6mr_interface = if_nametoindex(argv[1]);
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mr, sizeof(mr)) < 0) {
		perror("IPV6_JOIN_GROUP");
		return 1;
	}
	fprintf(log, "READY\n");
	for (;;) {
		struct sockaddr_in6 from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, in, sizeof(in), 0, (struct sockaddr *)&from, &fl);
		const uint8_t *cid, *na;
		uint16_t cl, nl;
		size_t o = 4;
		uint8_t type;

		if (n < 4)
			continue;
		stamp(log, "RX", in[0]);
		cid = find(in + 4, n - 4, 1, &cl);
		if (!cid)
			continue;
		switch (in[0]) {
		case 1:
			type = 2;
			break;
		case 3: case 5: case 6: case 8: case 11:
			type = 7;
			break;
		default:
			continue;
		}
		out[0] = type;
		memcpy(out + 1, in + 1, 3);
		o += opt(out + o, 1, cid, cl);
		o += opt(out + o, 2, server_id, sizeof(server_id));
		na = find(in + 4, n - 4, 3, &nl);
		if (na && nl >= 12 && in[0] != 8 && in[0] != 11) {
			uint8_t *a = ia + 12;

			memcpy(ia, na, 4);
			be32(ia + 4, T1);
			be32(ia + 8, T2);
			a[0] = 0;
			a[1] = 5;
			a[2] = 0;
			a[3] = 24;
			inet_pton(AF_INET6, "2001:db8::100", a + 4);
			be32(a + 20, PREF);
			be32(a + 24, VALID);
			o += opt(out + o, 3, ia, 12 + 28);
		}
		if (in[0] == 11 || type == 2 || type == 7) {
			uint8_t dns[16];

			inet_pton(AF_INET6, "2001:db8::53", dns);
			o += opt(out + o, 23, dns, 16);
		}
		from.sin6_port = htons(546);
		if (sendto(fd, out, o, 0, (struct sockaddr *)&from, fl) < 0)
			continue;
		stamp(log, "TX", type);
	}
}
