// SPDX-License-Identifier: GPL-2.0
/*
 * ra6nt: test client for the ra6notify module, built against the uapi
 * header only. Prints one line per result; exit status 0 = as expected.
 *
 * ra6nt [-u] [-p PROTO] CMD [ARGS]
 *   -u                drop to uid/gid 65534 (nobody) first
 *   -p PROTO          netlink unit of legacy mode (25)
 *   listen [-n N] [-t MS] [-r FILE] [-q]
 *                     register, touch FILE, print events; stop after N
 *                     events (0: at timeout)
 *   register          print "OK" or the errno name; exit 0 on success
 *   stats             counters (GET_STATS)
 *   set NAME VAL      write a module parameter (sysfs): OK or errno name
 *   ping              PING with a cookie, check the echo
 *   legacy [-t MS] [-r FILE]  seed-style client: send pid, wait for one msg
 *   rawrecv [-t MS] [-r FILE] raw ICMPv6 socket: print the RA it gets
 *   fuzz N            N random, truncated and half-valid messages to the
 *                     family and to the legacy unit
 *   pingloop N MS     PING and GET_STATS, N at most, for MS at most,
 *                     whatever the module does meanwhile (rmmod/insmod)
 */
#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
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

#define GENL_MSG(nlh)	((struct genlmsghdr *)NLMSG_DATA(nlh))
#define GENL_ATTRS(nlh)	((const char *)NLMSG_DATA(nlh) + GENL_HDRLEN)

static int proto = RA6NOTIFY_LEGACY_NETLINK_DEFAULT;
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

static const char *ename(int e)
{
	switch (e) {
	case 0: return "OK";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case EINVAL: return "EINVAL";
	case ENOENT: return "ENOENT";
	case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
	case ETIMEDOUT: return "ETIMEDOUT";
	}
	return strerror(e);
}

static int nl_open(int unit)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW, unit);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	return fd;
}

static int nl_send(int fd, const void *buf, size_t len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	if (sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
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

/* a generic netlink request: header, genl header, one optional attr */
static int genl_send(int fd, uint16_t family, uint8_t cmd, uint16_t flags,
		     uint32_t seq, uint16_t atype, const void *a, size_t alen)
{
	char buf[256];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = GENL_MSG(nlh);
	struct nlattr *na = (struct nlattr *)(buf + NLMSG_HDRLEN + GENL_HDRLEN);
	size_t len = NLMSG_HDRLEN + GENL_HDRLEN;

	memset(buf, 0, sizeof(buf));
	if (a) {
		na->nla_type = atype;
		na->nla_len = NLA_HDRLEN + alen;
		memcpy((char *)na + NLA_HDRLEN, a, alen);
		len += NLA_ALIGN(na->nla_len);
	}
	nlh->nlmsg_len = len;
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	g->cmd = cmd;
	g->version = RA6NOTIFY_VERSION;
	return nl_send(fd, buf, len);
}

static const struct nlattr *attr_in(const char *p, int rem, int type)
{
	const struct nlattr *a = (const void *)p;

	while (rem >= (int)sizeof(*a) && a->nla_len >= sizeof(*a) &&
	       a->nla_len <= rem) {
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		rem -= NLA_ALIGN(a->nla_len);
		a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len));
	}
	return NULL;
}

static const struct nlattr *attr(const struct nlmsghdr *nlh, int type)
{
	return attr_in(GENL_ATTRS(nlh),
		       (int)nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, type);
}

/* the answer to @seq: a message (its length) or -errno of an error */
static int answer(int fd, char *buf, size_t len, uint32_t seq, int ms)
{
	uint64_t end = now_ns() + (uint64_t)ms * 1000000;

	for (;;) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
		uint64_t t = now_ns();
		int n;

		if (t >= end)
			return -ETIMEDOUT;
		n = nl_recv(fd, buf, len, (end - t) / 1000000 + 1);
		if (n < 0)
			return n;
		if (!n || !NLMSG_OK(nlh, (unsigned int)n) || nlh->nlmsg_seq != seq)
			continue;
		if (nlh->nlmsg_type == NLMSG_ERROR)
			return ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
		return n;
	}
}

/* the family's id, or -errno (ENOENT: not loaded) */
static int family_id(int fd)
{
	char buf[4096];
	const struct nlattr *a;
	int n;

	n = genl_send(fd, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0, 1,
		      CTRL_ATTR_FAMILY_NAME, RA6NOTIFY_GENL_NAME,
		      sizeof(RA6NOTIFY_GENL_NAME));
	if (n)
		return n;
	n = answer(fd, buf, sizeof(buf), 1, 2000);
	if (n <= 0)
		return n ? n : -EPROTO;
	a = attr((struct nlmsghdr *)buf, CTRL_ATTR_FAMILY_ID);
	if (!a || a->nla_len < NLA_HDRLEN + 2)
		return -EPROTO;
	return *(const uint16_t *)((const char *)a + NLA_HDRLEN);
}

/* a generic netlink socket and the family's id in *fam */
static int genl_open(int *fam)
{
	int fd = nl_open(NETLINK_GENERIC);

	if (fd < 0)
		return fd;
	*fam = family_id(fd);
	if (*fam < 0) {
		int e = *fam;

		close(fd);
		return e;
	}
	return fd;
}

/* REGISTER with an ack; 0 or -errno */
static int genl_register(int fd, int fam)
{
	char buf[4096];
	int n;

	n = genl_send(fd, fam, RA6NOTIFY_CMD_REGISTER, NLM_F_ACK, 2, 0, NULL, 0);
	if (n)
		return n;
	n = answer(fd, buf, sizeof(buf), 2, 2000);
	return n > 0 ? -EPROTO : n;
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

static int cmd_listen(int argc, char **argv)
{
	int count = 1, ms = 5000, quiet = 0, got = 0, fam, fd, n, o;
	const char *ready = NULL;
	struct sigaction sa;
	uint64_t end, dsum = 0, maxseq = 0;
	char buf[8192];

	while ((o = getopt(argc, argv, "n:t:r:q")) != -1) {
		switch (o) {
		case 'n': count = atoi(optarg); break;
		case 't': ms = atoi(optarg); break;
		case 'r': ready = optarg; break;
		case 'q': quiet = 1; break;
		default: return 2;
		}
	}
	fd = genl_open(&fam);
	if (fd < 0) {
		printf("LISTEN open %s\n", ename(-fd));
		return 1;
	}
	n = genl_register(fd, fam);
	if (n) {
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
			if (nlh->nlmsg_type != fam)
				continue;
			if (GENL_MSG(nlh)->cmd == RA6NOTIFY_CMD_GOODBYE)
				printf("GOODBYE\n");
			if (GENL_MSG(nlh)->cmd != RA6NOTIFY_CMD_EVENT)
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

static int cmd_register(void)
{
	int fam, fd = genl_open(&fam), e;

	if (fd < 0) {
		printf("%s\n", ename(-fd));
		return 1;
	}
	e = -genl_register(fd, fam);
	printf("%s\n", ename(e));
	return e != 0;
}

static void print_stats(const struct ra6notify_stats *st)
{
	printf("STATS version=%u size=%u ras_seen=%llu ras_invalid=%llu events_sent=%llu dropped=%llu dropped_ratelimit=%llu dropped_nomem=%llu dropped_unicast=%llu coalesced=%llu legacy_sent=%llu listeners=%u rate=%u burst=%u enabled=%u legacy=%u proto=%u coalesce_ms=%u\n",
	       st->version, st->size, (unsigned long long)st->ras_seen,
	       (unsigned long long)st->ras_invalid,
	       (unsigned long long)st->events_sent,
	       (unsigned long long)st->dropped,
	       (unsigned long long)st->dropped_ratelimit,
	       (unsigned long long)st->dropped_nomem,
	       (unsigned long long)st->dropped_unicast,
	       (unsigned long long)st->coalesced,
	       (unsigned long long)st->legacy_sent, st->listeners,
	       st->rate, st->burst, st->enabled, st->legacy, st->proto,
	       st->coalesce_ms);
}

/* PING or GET_STATS and its answer */
static int cmd_request(uint8_t cmd)
{
	uint64_t cookie = 0x1122334455667788ull;
	char buf[4096];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	const struct nlattr *s;
	struct ra6notify_stats st;
	int fam, fd = genl_open(&fam), n;

	if (fd < 0) {
		printf("NL %s\n", ename(-fd));
		return 1;
	}
	if (cmd == RA6NOTIFY_CMD_PING)
		n = genl_send(fd, fam, cmd, 0, 3, RA6NOTIFY_A_COOKIE, &cookie, 8);
	else
		n = genl_send(fd, fam, cmd, 0, 3, 0, NULL, 0);
	if (!n)
		n = answer(fd, buf, sizeof(buf), 3, 2000);
	if (n <= 0) {
		printf("NL %s\n", ename(-n));
		return 1;
	}
	if (cmd == RA6NOTIFY_CMD_PING) {
		printf("PONG cmd=%u version=%llu cookie=%s\n", GENL_MSG(nlh)->cmd,
		       (unsigned long long)attr_uint(nlh, RA6NOTIFY_A_VERSION),
		       attr_uint(nlh, RA6NOTIFY_A_COOKIE) == cookie ? "ok" : "bad");
		return GENL_MSG(nlh)->cmd != RA6NOTIFY_CMD_PING ||
		       attr_uint(nlh, RA6NOTIFY_A_COOKIE) != cookie;
	}
	s = attr(nlh, RA6NOTIFY_A_STATS);
	if (GENL_MSG(nlh)->cmd != RA6NOTIFY_CMD_STATS || !s ||
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
	fd = nl_open(proto);
	if (fd < 0) {
		printf("LEGACY open %s\n", ename(-fd));
		return 1;
	}
	/* the vendor protocol: type 0, no flags, payload = pid */
	memset(buf, 0, sizeof(buf));
	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(pid));
	memcpy(NLMSG_DATA(nlh), &pid, sizeof(pid));
	nl_send(fd, buf, nlh->nlmsg_len);
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

static int cmd_set(const char *name, const char *val)
{
	char path[128];
	int fd, e = 0;

	snprintf(path, sizeof(path), "/sys/module/ra6notify/parameters/%s", name);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, val, strlen(val)) < 0)
		e = errno;
	if (fd >= 0)
		close(fd);
	printf("%s\n", ename(e));
	return e != 0;
}

/* random, truncated and half-valid messages: the module must survive */
static int cmd_fuzz(int count)
{
	unsigned char buf[512];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = GENL_MSG(nlh);
	struct nlattr *a = (struct nlattr *)(buf + NLMSG_HDRLEN + GENL_HDRLEN);
	int fam, fd = genl_open(&fam), lfd = nl_open(proto), i, j, len;
	int sent = 0, lsent = 0;

	if (fd < 0) {
		printf("FUZZ open %s\n", ename(-fd));
		return 1;
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	srand(12345);
	for (i = 0; i < count; i++) {
		int to_legacy = lfd >= 0 && i % 4 == 3;

		len = rand() % sizeof(buf);
		for (j = 0; j < len; j++)
			buf[j] = rand();
		if (len >= (int)(NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN) && (i & 1)) {
			/* plausible headers and attribute, lying lengths */
			nlh->nlmsg_type = to_legacy ? rand() % 40 : fam;
			nlh->nlmsg_len = (i & 2) ? len : rand() % 600;
			nlh->nlmsg_flags = NLM_F_REQUEST | ((i & 4) ? NLM_F_ACK : 0);
			g->cmd = rand() % (RA6NOTIFY_CMD_MAX + 3);
			g->reserved = (i & 8) ? rand() : 0;
			a->nla_type = rand() % (RA6NOTIFY_A_MAX + 3);
			a->nla_len = rand() % 64;
		}
		if (nl_send(to_legacy ? lfd : fd, buf, len) == 0) {
			if (to_legacy)
				lsent++;
			else
				sent++;
		}
		/* drain answers so the socket never blocks */
		while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
			;
	}
	printf("FUZZ sent=%d to the family, %d to the legacy unit, of %d\n",
	       sent, lsent, count);
	return 0;
}

/*
 * Requests that need no privilege, as fast as they go, while root may be
 * unloading the module: one socket; the family looked up again after a
 * failure (not at once: a lookup of a missing family runs modprobe).
 */
static int cmd_pingloop(int count, int ms)
{
	uint64_t end = now_ns() + (uint64_t)ms * 1000000;
	unsigned int sent = 0, answered = 0, lookups = 0;
	int fd = nl_open(NETLINK_GENERIC), fam = -1, i, n;
	char buf[4096];

	if (fd < 0) {
		printf("PINGLOOP open %s\n", ename(-fd));
		return 1;
	}
	for (i = 0; i < count && now_ns() < end; i++) {
		uint8_t cmd = (i & 1) ? RA6NOTIFY_CMD_GET_STATS : RA6NOTIFY_CMD_PING;
		uint64_t cookie = i;

		if (fam < 0) {
			lookups++;
			fam = family_id(fd);
			if (fam < 0) {
				usleep(20000);
				continue;
			}
		}
		if (genl_send(fd, fam, cmd, 0, 10 + i, RA6NOTIFY_A_COOKIE,
			      cmd == RA6NOTIFY_CMD_PING ? &cookie : NULL, 8))
			break;
		sent++;
		n = answer(fd, buf, sizeof(buf), 10 + i, 200);
		if (n > 0)
			answered++;
		else
			fam = -1;
	}
	printf("PINGLOOP sent=%u answered=%u lookups=%u\n", sent, answered,
	       lookups);
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
		return cmd_register();
	if (!strcmp(argv[0], "stats"))
		return cmd_request(RA6NOTIFY_CMD_GET_STATS);
	if (!strcmp(argv[0], "ping"))
		return cmd_request(RA6NOTIFY_CMD_PING);
	if (!strcmp(argv[0], "set") && argc > 2)
		return cmd_set(argv[1], argv[2]);
	if (!strcmp(argv[0], "legacy"))
		return cmd_legacy(argc, argv);
	if (!strcmp(argv[0], "rawrecv"))
		return cmd_rawrecv(argc, argv);
	if (!strcmp(argv[0], "fuzz") && argc > 1)
		return cmd_fuzz(atoi(argv[1]));
	if (!strcmp(argv[0], "pingloop") && argc > 2)
		return cmd_pingloop(atoi(argv[1]), atoi(argv[2]));
	fprintf(stderr, "unknown command\n");
	return 2;
}
