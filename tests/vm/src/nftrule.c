// SPDX-License-Identifier: GPL-2.0
/*
 * nftrule: nftables rules for the VM test without the nft tool (which
 * would bring a dozen shared libraries into the initramfs of every
 * architecture): one nf_tables netlink batch, as nft sends it. Table
 * "inet ra6t", chain "input" (type filter hook input priority 0, policy
 * accept), like OpenWrt's fw4 ("table inet fw4").
 *
 *   nftrule ct       append "ct state established,related accept": the
 *                    netns then has conntrack and IPv6 defragmentation
 *                    before LOCAL_IN, as on an OpenWrt router
 *   nftrule droprs   append "meta l4proto ipv6-icmp icmpv6 type
 *                    nd-router-advert drop"
 *   nftrule flush    delete the table
 *
 * Prints "NFT OK" or "NFT <what> <errno name>"; exit status 0 on success.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TABLE	"ra6t"
#define CHAIN	"input"

static unsigned char buf[8192];
static size_t len;
static uint32_t seq;

/* start a message; returns its offset */
static size_t msg_begin(uint16_t type, uint16_t flags, uint8_t family,
			uint16_t res_id)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)(buf + len);
	struct nfgenmsg *nfg;
	size_t at = len;

	memset(nlh, 0, NLMSG_HDRLEN + sizeof(*nfg));
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++seq;
	nfg = NLMSG_DATA(nlh);
	nfg->nfgen_family = family;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = htons(res_id);
	len += NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*nfg));
	return at;
}

static void msg_end(size_t at)
{
	((struct nlmsghdr *)(buf + at))->nlmsg_len = len - at;
}

static void put(uint16_t type, const void *data, size_t n)
{
	struct nlattr *a = (struct nlattr *)(buf + len);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + n;
	memcpy(buf + len + NLA_HDRLEN, data, n);
	memset(buf + len + NLA_HDRLEN + n, 0, NLA_ALIGN(n) - n);
	len += NLA_HDRLEN + NLA_ALIGN(n);
}

static void put_str(uint16_t type, const char *s)
{
	put(type, s, strlen(s) + 1);
}

static void put_be32(uint16_t type, uint32_t v)
{
	v = htonl(v);
	put(type, &v, sizeof(v));
}

static size_t nest_begin(uint16_t type)
{
	size_t at = len;

	put(type | NLA_F_NESTED, NULL, 0);
	return at;
}

static void nest_end(size_t at)
{
	((struct nlattr *)(buf + at))->nla_len = len - at;
}

struct expr {
	size_t elem, data;
};

static struct expr expr_begin(const char *name)
{
	struct expr e;

	e.elem = nest_begin(NFTA_LIST_ELEM);
	put_str(NFTA_EXPR_NAME, name);
	e.data = nest_begin(NFTA_EXPR_DATA);
	return e;
}

static void expr_end(struct expr e)
{
	nest_end(e.data);
	nest_end(e.elem);
}

static void expr_cmp(enum nft_cmp_ops op, const void *v, size_t n)
{
	struct expr e = expr_begin("cmp");
	size_t d;

	put_be32(NFTA_CMP_SREG, NFT_REG_1);
	put_be32(NFTA_CMP_OP, op);
	d = nest_begin(NFTA_CMP_DATA);
	put(NFTA_DATA_VALUE, v, n);
	nest_end(d);
	expr_end(e);
}

static void expr_verdict(int verdict)
{
	struct expr e = expr_begin("immediate");
	size_t d, v;

	put_be32(NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
	d = nest_begin(NFTA_IMMEDIATE_DATA);
	v = nest_begin(NFTA_DATA_VERDICT);
	put_be32(NFTA_VERDICT_CODE, verdict);
	nest_end(v);
	nest_end(d);
	expr_end(e);
}

/* ct state established,related accept */
static void rule_ct(void)
{
	/* NF_CT_STATE_BIT(IP_CT_ESTABLISHED) | NF_CT_STATE_BIT(IP_CT_RELATED) */
	uint32_t mask = (1u << 1) | (1u << 2), zero = 0;
	struct expr e = expr_begin("ct");
	size_t d;

	put_be32(NFTA_CT_KEY, NFT_CT_STATE);
	put_be32(NFTA_CT_DREG, NFT_REG_1);
	expr_end(e);
	e = expr_begin("bitwise");
	put_be32(NFTA_BITWISE_SREG, NFT_REG_1);
	put_be32(NFTA_BITWISE_DREG, NFT_REG_1);
	put_be32(NFTA_BITWISE_LEN, sizeof(mask));
	d = nest_begin(NFTA_BITWISE_MASK);
	put(NFTA_DATA_VALUE, &mask, sizeof(mask));
	nest_end(d);
	d = nest_begin(NFTA_BITWISE_XOR);
	put(NFTA_DATA_VALUE, &zero, sizeof(zero));
	nest_end(d);
	expr_end(e);
	expr_cmp(NFT_CMP_NEQ, &zero, sizeof(zero));
	expr_verdict(NF_ACCEPT);
}

/* meta l4proto ipv6-icmp icmpv6 type nd-router-advert drop */
static void rule_droprs(void)
{
	uint8_t icmpv6 = 58, ra = 134;
	struct expr e = expr_begin("meta");

	put_be32(NFTA_META_KEY, NFT_META_L4PROTO);
	put_be32(NFTA_META_DREG, NFT_REG_1);
	expr_end(e);
	expr_cmp(NFT_CMP_EQ, &icmpv6, 1);
	e = expr_begin("payload");
	put_be32(NFTA_PAYLOAD_DREG, NFT_REG_1);
	put_be32(NFTA_PAYLOAD_BASE, NFT_PAYLOAD_TRANSPORT_HEADER);
	put_be32(NFTA_PAYLOAD_OFFSET, 0);
	put_be32(NFTA_PAYLOAD_LEN, 1);
	expr_end(e);
	expr_cmp(NFT_CMP_EQ, &ra, 1);
	expr_verdict(NF_DROP);
}

static uint16_t nft_type(int msg)
{
	return (NFNL_SUBSYS_NFTABLES << 8) | msg;
}

static const char *ename(int e)
{
	switch (e) {
	case ENOENT: return "ENOENT";
	case EPERM: return "EPERM";
	case EINVAL: return "EINVAL";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
	}
	return strerror(e);
}

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	const char *cmd = argc > 1 ? argv[1] : "";
	uint32_t acks, last;
	size_t m, h;
	int fd, n;

	if (strcmp(cmd, "ct") && strcmp(cmd, "droprs") && strcmp(cmd, "flush")) {
		fprintf(stderr, "usage: nftrule ct|droprs|flush\n");
		return 2;
	}
	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER);
	if (fd < 0) {
		printf("NFT socket %s\n", ename(errno));
		return 1;
	}
	m = msg_begin(NFNL_MSG_BATCH_BEGIN, 0, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
	msg_end(m);
	if (!strcmp(cmd, "flush")) {
		m = msg_begin(nft_type(NFT_MSG_DELTABLE), NLM_F_ACK, NFPROTO_INET, 0);
		put_str(NFTA_TABLE_NAME, TABLE);
		msg_end(m);
	} else {
		m = msg_begin(nft_type(NFT_MSG_NEWTABLE), NLM_F_CREATE | NLM_F_ACK,
			      NFPROTO_INET, 0);
		put_str(NFTA_TABLE_NAME, TABLE);
		msg_end(m);
		m = msg_begin(nft_type(NFT_MSG_NEWCHAIN), NLM_F_CREATE | NLM_F_ACK,
			      NFPROTO_INET, 0);
		put_str(NFTA_CHAIN_TABLE, TABLE);
		put_str(NFTA_CHAIN_NAME, CHAIN);
		h = nest_begin(NFTA_CHAIN_HOOK);
		put_be32(NFTA_HOOK_HOOKNUM, NF_INET_LOCAL_IN);
		put_be32(NFTA_HOOK_PRIORITY, 0);
		nest_end(h);
		put_be32(NFTA_CHAIN_POLICY, NF_ACCEPT);
		put_str(NFTA_CHAIN_TYPE, "filter");
		msg_end(m);
		m = msg_begin(nft_type(NFT_MSG_NEWRULE),
			      NLM_F_CREATE | NLM_F_APPEND | NLM_F_ACK,
			      NFPROTO_INET, 0);
		put_str(NFTA_RULE_TABLE, TABLE);
		put_str(NFTA_RULE_CHAIN, CHAIN);
		h = nest_begin(NFTA_RULE_EXPRESSIONS);
		if (!strcmp(cmd, "ct"))
			rule_ct();
		else
			rule_droprs();
		nest_end(h);
		msg_end(m);
	}
	last = seq;
	m = msg_begin(NFNL_MSG_BATCH_END, 0, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
	msg_end(m);
	if (sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		printf("NFT send %s\n", ename(errno));
		return 1;
	}
	/* one ack per message that asked for it: seq 2 .. last */
	for (acks = 0; acks < last - 1;) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			printf("NFT recv %s\n", ename(errno));
			return 1;
		}
		for (; NLMSG_OK(nlh, (unsigned int)n); nlh = NLMSG_NEXT(nlh, n)) {
			const struct nlmsgerr *e = NLMSG_DATA(nlh);

			if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			if (e->error) {
				printf("NFT %s: message %u of %u %s\n", cmd,
				       nlh->nlmsg_seq, last, ename(-e->error));
				return 1;
			}
			acks++;
		}
	}
	printf("NFT OK\n");
	return 0;
}
