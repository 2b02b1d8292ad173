// SPDX-License-Identifier: GPL-2.0
/*
 * ra6nt: test client for the ra6notify module, built against the uapi
 * header only. Prints one line per result; exit status 0 = as expected.
 *
 * ra6nt [-u] [-p PROTO] CMD [ARGS]
 *   -u                drop to uid/gid 65534 (nobody) first
 *   listen [-g] [-n N] [-t MS] [-r FILE] [-q]
 *                     register (-g: join the group instead), touch FILE,
 *                     print events; stop after N events (0: at timeout)
 *   register | join   print "OK" or the errno name; exit 0 on success
 *   sset NAME VAL     setsockopt rate|burst|enable|reset
 *   stats | nlstats   counters via getsockopt | netlink
 *   ping              PING with a cookie, check the echo
 *   legacy [-t MS] [-r FILE]  seed-style client: send pid, wait for one msg
 *   rawrecv [-t MS] [-r FILE] raw ICMPv6 socket: print the RA it gets
 *   fuzz N            N random/truncated messages to the module
 *   badopt            sockopts with bad lengths and pointers
 *   pingloop N MS     PING and GET_STATS, N each at most, for MS at most,
 *                     whatever the module does meanwhile (rmmod/insmod)
 */
#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/ra6notify.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int proto = RA6NOTIFY_NETLINK_DEFAULT;
static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void touch(const char *f)
{
	int fd;

	if (!f)
		return;
	fd = open(f, O_CREAT | O_WRONLY, 0644);
	if (fd >= 0)
		close(fd);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int nl_open(unsigned int groups)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = groups };
	int fd = socket(AF_NETLINK, SOCK_RAW, proto);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	return fd;
}

static int nl_send(int fd, uint16_t type, uint16_t flags, const void *pl,
		   size_t plen)
{
	char buf[256];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	memset(buf, 0, sizeof(buf));
	nlh->nlmsg_len = NLMSG_LENGTH(plen);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = 42;
	memcpy(NLMSG_DATA(nlh), pl, plen);
	if (sendto(fd, buf, nlh->nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0)
		return -errno;
	return 0;
}

/* waits for a message; returns its length or -errno, 0 on timeout */
static int nl_recv(int fd, char *buf, size_t len, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n = poll(&p, 1, ms);

	if (n <= 0)
		return n;
	n = recv(fd, buf, len, 0);
	return n < 0 ? -errno : n;
}

/* REGISTER with an ack; 0 or -errno */
static int nl_register(int fd)
{
	char buf[4096];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	int n;

	n = nl_send(fd, RA6NOTIFY_MSG_REGISTER, NLM_F_REQUEST | NLM_F_ACK,
		    NULL, 0);
	if (n)
		return n;
	n = nl_recv(fd, buf, sizeof(buf), 2000);
	if (n <= 0)
		return n ? n : -ETIMEDOUT;
	if (nlh->nlmsg_type != NLMSG_ERROR)
		return -EPROTO;
	return ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
}

static const struct nlattr *attr(const struct nlmsghdr *nlh, int type)
{
	const struct nlattr *a = (const void *)((const char *)nlh +
						 NLMSG_HDRLEN);
	int rem = nlh->nlmsg_len - NLMSG_HDRLEN;

	while (rem >= (int)sizeof(*a) && a->nla_len >= sizeof(*a) &&
	       a->nla_len <= rem) {
		if (a->nla_type == type)
			return a;
		rem -= NLA_ALIGN(a->nla_len);
		a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
	}
	return NULL;
}

static uint64_t attr_uint(const struct nlmsghdr *nlh, int type)
{
	const struct nlattr *a = attr(nlh, type);
	uint64_t v = 0;
	uint32_t v32;

	if (!a)
		return (uint64_t)-1;
	switch (a->nla_len - NLA_HDRLEN) {
	case 1:
		return *((const uint8_t *)a + NLA_HDRLEN);
	case 4:
		memcpy(&v32, (const char *)a + NLA_HDRLEN, 4);
		return v32;
	case 8:
		memcpy(&v, (const char *)a + NLA_HDRLEN, 8);
		return v;
	}
	return (uint64_t)-1;
}

static void print_event(const struct nlmsghdr *nlh, uint64_t rx)
{
	const struct nlattr *src = attr(nlh, RA6NOTIFY_A_SRC);
	const struct nlattr *opt = attr(nlh, RA6NOTIFY_A_OPTIONS);
	char s[INET6_ADDRSTRLEN] = "?";

	if (src && src->nla_len == NLA_HDRLEN + 16)
		inet_ntop(AF_INET6, (const char *)src + NLA_HDRLEN, s, sizeof(s));
	printf("EVENT ver=%llu ifindex=%llu src=%s flags=0x%02llx m=%llu o=%llu h=%llu prf=%llu lifetime=%llu reachable=%llu retrans=%llu hop=%llu accept_ra=%lld forwarding=%lld seq=%llu dropped=%llu optlen=%d trunc=%lld lat_us=%llu\n",
	       (unsigned long long)attr_uint(nlh, RA6NOTIFY_A_VERSION),
	       (unsigned long long)attr_uint(nlh, RA6NOTIFY_A_IFINDEX), s,
	       (unsigned long long)attr_uint(nlh, RA6NOTIFY_A_FLAGS),
	       (unsigned long long)attr_uint(nlh, RA6NOTIFY_A_M),
	       (unsigned long long)attr_uint(nlh, RA6NOTIFY_A_O),
	       (unsigned long long)attr_uint(nlh, RA6NOTIFY_A_H),
	       (unsigned long long)attr_uint(nlh, RA6NOTIFY_A_PRF),
	       (unsigned long long)attr_uint(nlh, RA6NOTIFY_A_ROUTER_LIFETIME),
	       (unsigned long long)attr_uint(nlh, RA6NOTIFY_A_REACHABLE),
	       (unsigned long long)attr_uint(nlh, RA6NOTIFY_A_RETRANS),
	       (unsigned long long)attr_uint(nlh, RA6NOTIFY_A_CUR_HOP_LIMIT),
	       (long long)(int32_t)attr_uint(nlh, RA6NOTIFY_A_ACCEPT_RA),
	       (long long)(int32_t)attr_uint(nlh, RA6NOTIFY_A_FORWARDING),
	       (unsigned long long)attr_uint(nlh, RA6NOTIFY_A_SEQ),
	       (unsigned long long)attr_uint(nlh, RA6NOTIFY_A_DROPPED),
	       opt ? (int)(opt->nla_len - NLA_HDRLEN) : -1,
	       (long long)attr_uint(nlh, RA6NOTIFY_A_OPTIONS_TRUNC),
	       (unsigned long long)(rx - attr_uint(nlh, RA6NOTIFY_A_TSTAMP)) /
	       1000);
}

static const char *ename(int e)
{
	switch (e) {
	case 0: return "OK";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case EINVAL: return "EINVAL";
	case EFAULT: return "EFAULT";
	case ENOPROTOOPT: return "ENOPROTOOPT";
	case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
	case ETIMEDOUT: return "ETIMEDOUT";
	}
	return strerror(e);
}

static int cmd_listen(int argc, char **argv)
{
	int group = 0, count = 1, ms = 5000, quiet = 0, got = 0, fd, n, o;
	const char *ready = NULL;
	struct sigaction sa;
	uint64_t end, dsum = 0, maxseq = 0;
	char buf[8192];

	while ((o = getopt(argc, argv, "gn:t:r:q")) != -1) {
		switch (o) {
		case 'g': group = 1; break;
		case 'n': count = atoi(optarg); break;
		case 't': ms = atoi(optarg); break;
		case 'r': ready = optarg; break;
		case 'q': quiet = 1; break;
		default: return 2;
		}
	}
	fd = nl_open(group ? 1u << (RA6NOTIFY_GROUP_EVENTS - 1) : 0);
	if (fd < 0) {
		printf("LISTEN open %s\n", ename(-fd));
		return 1;
	}
	if (!group && (n = nl_register(fd))) {
		printf("LISTEN register %s\n", ename(-n));
		return 1;
	}
	n = 1 << 20;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &n, sizeof(n));
	/* SIGTERM ends the wait and still prints the summary */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	touch(ready);
	fflush(stdout);
	end = now_ns() + (uint64_t)ms * 1000000;
	while ((!count || got < count) && !stop) {
		uint64_t t = now_ns();
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

		if (t >= end)
			break;
		n = nl_recv(fd, buf, sizeof(buf), (end - t) / 1000000 + 1);
		if (n == -ENOBUFS) {
			printf("LISTEN ENOBUFS\n");
			continue;
		}
		if (n <= 0)
			continue;
		t = now_ns();
		for (; NLMSG_OK(nlh, (unsigned int)n); nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type == RA6NOTIFY_MSG_GOODBYE)
				printf("GOODBYE\n");
			if (nlh->nlmsg_type != RA6NOTIFY_MSG_EVENT)
				continue;
			got++;
			dsum += attr_uint(nlh, RA6NOTIFY_A_DROPPED);
			if (attr_uint(nlh, RA6NOTIFY_A_SEQ) > maxseq)
				maxseq = attr_uint(nlh, RA6NOTIFY_A_SEQ);
			if (!quiet)
				print_event(nlh, t);
		}
		fflush(stdout);
	}
	printf("LISTEN events=%d dropped_sum=%llu max_seq=%llu\n", got,
	       (unsigned long long)dsum, (unsigned long long)maxseq);
	return count && got < count;
}

static int cmd_register(int join)
{
	int fd = nl_open(0), e = 0, g = RA6NOTIFY_GROUP_EVENTS;

	if (fd < 0) {
		printf("%s\n", ename(-fd));
		return 1;
	}
	if (!join) {
		e = -nl_register(fd);
	} else {
		struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };

		if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
			e = errno;
		/* the other way in must be closed too */
		if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &g,
			       sizeof(g)) < 0) {
			if (!e)
				e = errno;
		} else if (e) {
			printf("bind %s but ADD_MEMBERSHIP OK\n", ename(e));
			return 1;
		}
	}
	printf("%s\n", ename(e));
	return e != 0;
}

static int so_fd(void)
{
	/* any AF_INET6 socket reaches nf_sockopt; UDP needs no privilege */
	return socket(AF_INET6, SOCK_DGRAM, 0);
}

static int cmd_sset(const char *name, const char *val)
{
	uint32_t v = strtoul(val, NULL, 0);
	int opt, fd = so_fd();

	if (!strcmp(name, "rate"))
		opt = RA6NOTIFY_SO_SET_RATE;
	else if (!strcmp(name, "burst"))
		opt = RA6NOTIFY_SO_SET_BURST;
	else if (!strcmp(name, "enable"))
		opt = RA6NOTIFY_SO_SET_ENABLE;
	else
		opt = RA6NOTIFY_SO_RESET_STATS;
	if (setsockopt(fd, IPPROTO_IPV6, opt, &v, sizeof(v)) < 0) {
		printf("%s\n", ename(errno));
		return 1;
	}
	printf("OK\n");
	return 0;
}

static void print_stats(const struct ra6notify_stats *st)
{
	printf("STATS version=%u size=%u ras_seen=%llu ras_invalid=%llu events_sent=%llu dropped=%llu dropped_ratelimit=%llu dropped_nomem=%llu dropped_unicast=%llu dropped_mcast=%llu coalesced=%llu legacy_sent=%llu listeners=%u group_listeners=%u rate=%u burst=%u enabled=%u legacy=%u proto=%u coalesce_ms=%u\n",
	       st->version, st->size, (unsigned long long)st->ras_seen,
	       (unsigned long long)st->ras_invalid,
	       (unsigned long long)st->events_sent,
	       (unsigned long long)st->dropped,
	       (unsigned long long)st->dropped_ratelimit,
	       (unsigned long long)st->dropped_nomem,
	       (unsigned long long)st->dropped_unicast,
	       (unsigned long long)st->dropped_mcast,
	       (unsigned long long)st->coalesced,
	       (unsigned long long)st->legacy_sent, st->listeners,
	       st->group_listeners, st->rate, st->burst, st->enabled,
	       st->legacy, st->proto, st->coalesce_ms);
}

static int cmd_stats(void)
{
	struct ra6notify_stats st;
	socklen_t len = sizeof(st);
	int fd = so_fd();

	memset(&st, 0, sizeof(st));
	if (getsockopt(fd, IPPROTO_IPV6, RA6NOTIFY_SO_GET_STATS, &st, &len) < 0) {
		printf("STATS %s\n", ename(errno));
		return 1;
	}
	print_stats(&st);
	return 0;
}

static int cmd_nlreq(uint16_t type)
{
	uint64_t cookie = 0x1122334455667788ull;
	char buf[4096], pl[12];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlattr *a = (struct nlattr *)pl;
	const struct nlattr *s;
	struct ra6notify_stats st;
	int fd = nl_open(0), n;

	if (fd < 0) {
		printf("NL %s\n", ename(-fd));
		return 1;
	}
	a->nla_len = NLA_HDRLEN + 8;
	a->nla_type = RA6NOTIFY_A_COOKIE;
	memcpy(pl + NLA_HDRLEN, &cookie, 8);
	nl_send(fd, type, NLM_F_REQUEST, pl, sizeof(pl));
	n = nl_recv(fd, buf, sizeof(buf), 2000);
	if (n <= 0 || !NLMSG_OK(nlh, (unsigned int)n)) {
		printf("NL no answer %d\n", n);
		return 1;
	}
	if (type == RA6NOTIFY_MSG_PING) {
		printf("PONG type=0x%x version=%llu proto=%llu cookie=%s\n",
		       nlh->nlmsg_type,
		       (unsigned long long)attr_uint(nlh, RA6NOTIFY_A_VERSION),
		       (unsigned long long)attr_uint(nlh, RA6NOTIFY_A_PROTO),
		       attr_uint(nlh, RA6NOTIFY_A_COOKIE) == cookie ? "ok" : "bad");
		return nlh->nlmsg_type != RA6NOTIFY_MSG_PING ||
		       attr_uint(nlh, RA6NOTIFY_A_COOKIE) != cookie;
	}
	s = attr(nlh, RA6NOTIFY_A_STATS);
	if (nlh->nlmsg_type != RA6NOTIFY_MSG_STATS || !s ||
	    s->nla_len < NLA_HDRLEN + 8) {
		printf("NL bad stats reply\n");
		return 1;
	}
	memset(&st, 0, sizeof(st));
	n = s->nla_len - NLA_HDRLEN;
	memcpy(&st, (const char *)s + NLA_HDRLEN,
	       n < (int)sizeof(st) ? n : (int)sizeof(st));
	print_stats(&st);
	return 0;
}

static int cmd_legacy(int argc, char **argv)
{
	int ms = 5000, fd, n, o;
	const char *ready = NULL;
	uint32_t pid = getpid();
	char buf[4096];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

	while ((o = getopt(argc, argv, "t:r:")) != -1) {
		if (o == 't')
			ms = atoi(optarg);
		else if (o == 'r')
			ready = optarg;
	}
	fd = nl_open(0);
	if (fd < 0) {
		printf("LEGACY open %s\n", ename(-fd));
		return 1;
	}
	/* the vendor protocol: type 0, no flags, payload = pid */
	nl_send(fd, 0, 0, &pid, sizeof(pid));
	touch(ready);
	fflush(stdout);
	n = nl_recv(fd, buf, sizeof(buf), ms);
	if (n <= 0) {
		printf("LEGACY nothing (%d)\n", n);
		return 1;
	}
	printf("LEGACY type=%u len=%u\n", nlh->nlmsg_type, nlh->nlmsg_len);
	return 0;
}

static int cmd_rawrecv(int argc, char **argv)
{
	int ms = 5000, fd, n, o;
	const char *ready = NULL;
	unsigned char buf[2048];
	struct icmp6_filter f;
	struct pollfd p;

	while ((o = getopt(argc, argv, "t:r:")) != -1) {
		if (o == 't')
			ms = atoi(optarg);
		else if (o == 'r')
			ready = optarg;
	}
	fd = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
	ICMP6_FILTER_SETBLOCKALL(&f);
	ICMP6_FILTER_SETPASS(ND_ROUTER_ADVERT, &f);
	setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f));
	touch(ready);
	p.fd = fd;
	p.events = POLLIN;
	if (poll(&p, 1, ms) <= 0) {
		printf("RAW nothing\n");
		return 1;
	}
	n = recv(fd, buf, sizeof(buf), 0);
	printf("RAW RA len=%d flags=0x%02x\n", n, n > 5 ? buf[5] : 0);
	return n < 16;
}

/* random, truncated and half-valid messages: the module must survive */
static int cmd_fuzz(int count)
{
	static const uint16_t types[] = {
		0, 1, 2, 3, 4, 0x10, RA6NOTIFY_MSG_REGISTER,
		RA6NOTIFY_MSG_UNREGISTER, RA6NOTIFY_MSG_PING,
		RA6NOTIFY_MSG_EVENT, RA6NOTIFY_MSG_GET_STATS,
		RA6NOTIFY_MSG_STATS, 0xffff,
	};
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	unsigned char buf[512];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	int fd = nl_open(0), i, j, len, sent = 0;

	if (fd < 0) {
		printf("FUZZ open %s\n", ename(-fd));
		return 1;
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	srand(12345);
	for (i = 0; i < count; i++) {
		len = rand() % sizeof(buf);
		for (j = 0; j < len; j++)
			buf[j] = rand();
		if (len >= NLMSG_HDRLEN && (i & 1)) {
			/* plausible header, random or lying length */
			nlh->nlmsg_type = types[rand() % (sizeof(types) / 2)];
			nlh->nlmsg_len = (i & 2) ? len : rand() % 600;
			nlh->nlmsg_flags = NLM_F_REQUEST | ((i & 4) ? NLM_F_ACK : 0);
		}
		if (sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa)) >= 0)
			sent++;
		/* drain answers so the socket never blocks */
		while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
			;
	}
	printf("FUZZ sent=%d of %d\n", sent, count);
	return 0;
}

static int cmd_badopt(void)
{
	char big[4096];
	int fd = so_fd(), lens[] = { 0, 1, 3, 5, 7, 8, 100, 4096 };
	socklen_t l;
	uint32_t v = 1;
	unsigned int i;
	int opt;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		for (opt = RA6NOTIFY_SO_BASE - 1; opt <= RA6NOTIFY_SO_BASE + 5; opt++) {
			l = lens[i];
			getsockopt(fd, IPPROTO_IPV6, opt, big, &l);
			getsockopt(fd, IPPROTO_IPV6, opt, NULL, &l);
			getsockopt(fd, IPPROTO_IPV6, opt, (void *)8, &l);
			if (opt != RA6NOTIFY_SO_SET_ENABLE &&
			    opt != RA6NOTIFY_SO_SET_RATE &&
			    opt != RA6NOTIFY_SO_SET_BURST) {
				setsockopt(fd, IPPROTO_IPV6, opt, big, lens[i]);
				setsockopt(fd, IPPROTO_IPV6, opt, NULL, lens[i]);
			}
		}
	}
	l = (socklen_t)-1;
	getsockopt(fd, IPPROTO_IPV6, RA6NOTIFY_SO_GET_STATS, big, &l);
	setsockopt(fd, IPPROTO_IPV6, RA6NOTIFY_SO_SET_RATE, NULL, sizeof(v));
	setsockopt(fd, IPPROTO_IPV6, RA6NOTIFY_SO_SET_RATE, &v, 3);
	l = 7;
	i = getsockopt(fd, IPPROTO_IPV6, RA6NOTIFY_SO_GET_STATS, big, &l) < 0 &&
	    errno == EINVAL;
	printf("BADOPT done short-get=%s\n", i ? "EINVAL" : "accepted");
	return !i;
}

/* Requests that need no privilege, as fast as they go, while root may
 * be unloading the module: one socket, reopened when it fails.
 */
static int cmd_pingloop(int count, int ms)
{
	uint64_t end = now_ns() + (uint64_t)ms * 1000000;
	unsigned int sent = 0, answered = 0, nosock = 0;
	char buf[4096];
	int fd = -1, i;

	for (i = 0; i < count && now_ns() < end; i++) {
		uint16_t type = (i & 1) ? RA6NOTIFY_MSG_GET_STATS : RA6NOTIFY_MSG_PING;
		uint64_t cookie = i;
		char pl[12];
		struct nlattr *a = (struct nlattr *)pl;

		if (fd < 0)
			fd = nl_open(0);
		if (fd < 0) {
			nosock++;
			usleep(2000);
			continue;
		}
		a->nla_len = NLA_HDRLEN + 8;
		a->nla_type = RA6NOTIFY_A_COOKIE;
		memcpy(pl + NLA_HDRLEN, &cookie, 8);
		if (nl_send(fd, type, NLM_F_REQUEST, pl, sizeof(pl))) {
			close(fd);
			fd = -1;
			continue;
		}
		sent++;
		if (nl_recv(fd, buf, sizeof(buf), 200) > 0)
			answered++;
	}
	printf("PINGLOOP sent=%u answered=%u nosocket=%u\n", sent, answered,
	       nosock);
	return 0;
}

int main(int argc, char **argv)
{
	int o;

	while ((o = getopt(argc, argv, "+up:")) != -1) {
		if (o == 'u') {
			if (setgid(65534) || setuid(65534)) {
				perror("setuid");
				return 2;
			}
		} else if (o == 'p') {
			proto = atoi(optarg);
		} else {
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	optind = 1;
	if (argc < 1)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[0], "listen"))
		return cmd_listen(argc, argv);
	if (!strcmp(argv[0], "register"))
		return cmd_register(0);
	if (!strcmp(argv[0], "join"))
		return cmd_register(1);
	if (!strcmp(argv[0], "sset") && argc > 2)
		return cmd_sset(argv[1], argv[2]);
	if (!strcmp(argv[0], "stats"))
		return cmd_stats();
	if (!strcmp(argv[0], "nlstats"))
		return cmd_nlreq(RA6NOTIFY_MSG_GET_STATS);
	if (!strcmp(argv[0], "ping"))
		return cmd_nlreq(RA6NOTIFY_MSG_PING);
	if (!strcmp(argv[0], "legacy"))
		return cmd_legacy(argc, argv);
	if (!strcmp(argv[0], "rawrecv"))
		return cmd_rawrecv(argc, argv);
	if (!strcmp(argv[0], "fuzz") && argc > 1)
		return cmd_fuzz(atoi(argv[1]));
	if (!strcmp(argv[0], "badopt"))
		return cmd_badopt();
	if (!strcmp(argv[0], "pingloop") && argc > 2)
		return cmd_pingloop(atoi(argv[1]), atoi(argv[2]));
	fprintf(stderr, "unknown command\n");
	return 2;
}
