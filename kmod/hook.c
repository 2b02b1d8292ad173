// SPDX-License-Identifier: GPL-2.0
/*
 * ra6notify: where RAs are seen. Validates like ndisc_rcv() and
 * ndisc_router_discovery() (RFC 4861 6.1.2, RFC 6980) and never touches
 * the packet. Out of tree this is a netfilter LOCAL_IN hook, after the
 * firewall; in tree ndisc calls ra6notify_ndisc_rcv() after its own
 * checks.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/ipv6.h>
#include <linux/icmpv6.h>
#include <linux/jhash.h>
#include <linux/netfilter_ipv6.h>
#include <net/ipv6.h>
#include <net/addrconf.h>
#include <net/ip6_checksum.h>
#include "ra6notify.h"

#define RA6N_RA_LEN	16	/* icmp6hdr + reachable + retrans */

struct ra6n_hdr {
	u8 type;
	u8 code;
	__be16 cksum;
	u8 hop_limit;
	u8 flags;
	__be16 lifetime;
	__be32 reachable;
	__be32 retrans;
};

/* Walks the options like ndisc_parse_options(): each needs a non-zero
 * length that fits. Also finds how many whole options fit an event and
 * hashes them for coalescing.
 */
static bool ra6n_parse_opts(const struct sk_buff *skb, struct ra6n_ra *ra)
{
	int off = ra->opt_off;
	unsigned int rem = ra->opt_len, l, done;
	u8 buf[64], hdr[2];
	const u8 *p;
	u32 h = ra->hash;

	ra->opt_copy = 0;
	while (rem) {
		p = skb_header_pointer(skb, off, sizeof(hdr), hdr);
		if (!p || rem < sizeof(hdr))
			return false;
		l = p[1] << 3;
		if (!l || l > rem)
			return false;
		if (ra->opt_copy == off - ra->opt_off &&
		    ra->opt_copy + l <= RA6NOTIFY_OPTIONS_MAX)
			ra->opt_copy += l;
		for (done = 0; done < l; done += sizeof(buf)) {
			unsigned int n = min_t(unsigned int, l - done, sizeof(buf));

			p = skb_header_pointer(skb, off + done, n, buf);
			if (!p)
				return false;
			h = jhash(p, n, h);
		}
		off += l;
		rem -= l;
	}
	ra->hash = h;
	return true;
}

/* fills @ra from a valid RA, returns false for anything ndisc would drop */
static bool ra6n_validate(const struct sk_buff *skb, bool validated,
			  int thoff, const struct ipv6hdr *ip6h,
			  struct ra6n_ra *ra)
{
	const struct inet6_dev *idev;
	const struct ra6n_hdr *rh;
	unsigned int len, fhoff = 0;
	struct ra6n_hdr _rh;

	if (thoff < 0 || skb->len < (unsigned int)thoff + RA6N_RA_LEN)
		return false;
	len = skb->len - thoff;
	/* RFC 6980: no fragmented ND, reassembled already (by ipv6, or
	 * before LOCAL_IN by conntrack's nf_defrag_ipv6) or not yet. 3.10's
	 * ndisc takes reassembled ones: we don't.
	 */
	if (ra6n_reassembled(skb) ||
	    (!validated &&
	     ipv6_find_hdr(skb, &fhoff, NEXTHDR_FRAGMENT, NULL, NULL) >= 0))
		return false;
	rh = skb_header_pointer(skb, thoff, sizeof(_rh), &_rh);
	if (!rh || rh->code != 0 || ip6h->hop_limit != 255 ||
	    !(ipv6_addr_type(&ip6h->saddr) & IPV6_ADDR_LINKLOCAL))
		return false;
	/* icmpv6_rcv() checks this after LOCAL_IN: do it here, read-only */
	if (!validated && skb->ip_summed != CHECKSUM_UNNECESSARY &&
	    skb->ip_summed != CHECKSUM_PARTIAL &&
	    csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, len, IPPROTO_ICMPV6,
			    skb_checksum(skb, thoff, len, 0)))
		return false;
	idev = __in6_dev_get(skb->dev);
	if (!idev)
		return false;

	ra->saddr = ip6h->saddr;
	ra->ifindex = skb->dev->ifindex;
	ra->accept_ra = idev->cnf.accept_ra;
	ra->forwarding = idev->cnf.forwarding;
	ra->hop_limit = rh->hop_limit;
	ra->flags = rh->flags;
	ra->lifetime = ntohs(rh->lifetime);
	ra->reachable = ntohl(rh->reachable);
	ra->retrans = ntohl(rh->retrans);
	ra->opt_off = thoff + RA6N_RA_LEN;
	ra->opt_len = len - RA6N_RA_LEN;
	/* the checksum is left out: it depends on the destination */
	ra->hash = jhash(&ra->saddr, sizeof(ra->saddr),
			 jhash_3words(ra->hop_limit | ra->flags << 8 |
				      ra->lifetime << 16, ra->reachable,
				      ra->retrans, 0));
	return ra6n_parse_opts(skb, ra);
}

void ra6n_rcv(struct sk_buff *skb, bool validated)
{
	int nh = skb_network_offset(skb), thoff;
	const struct ipv6hdr *ip6h;
	struct ipv6hdr _ip6h;
	struct ra6n_net *rn;
	struct net *net;
	struct ra6n_ra ra;
	__be16 frag_off;
	u32 seq, dropped;
	u8 nexthdr, type, _type;
	const u8 *tp;

	if (!skb->dev || !READ_ONCE(ra6n_enabled))
		return;
	ip6h = skb_header_pointer(skb, nh, sizeof(_ip6h), &_ip6h);
	if (!ip6h)
		return;
	nexthdr = ip6h->nexthdr;
	thoff = ipv6_skip_exthdr(skb, nh + sizeof(_ip6h), &nexthdr, &frag_off);
	/* a first fragment goes on, to be counted as invalid below */
	if (thoff < 0 || nexthdr != IPPROTO_ICMPV6 || (frag_off & htons(~0x7)))
		return;
	tp = skb_header_pointer(skb, thoff, sizeof(_type), &_type);
	if (!tp)
		return;
	type = *tp;
	if (type != NDISC_ROUTER_ADVERTISEMENT)
		return;

	net = dev_net(skb->dev);
	rn = ra6n_pernet(net);
	atomic64_inc(&rn->ctr.ras_seen);
	memset(&ra, 0, sizeof(ra));
	ra.tstamp = ktime_to_ns(ktime_get());
	if (!ra6n_validate(skb, validated, thoff, ip6h, &ra)) {
		atomic64_inc(&rn->ctr.ras_invalid);
		return;
	}
	switch (ra6n_ratelimit(rn, &ra, &seq, &dropped)) {
	case RA6N_COALESCE:
		atomic64_inc(&rn->ctr.coalesced);
		break;
	case RA6N_LIMIT:
		atomic64_inc(&rn->ctr.dropped_ratelimit);
		break;
	case RA6N_SEND:
		ra6n_send_event(net, rn, skb, &ra, seq, dropped);
		break;
	}
}

#ifdef RA6NOTIFY_OOT
static unsigned int ra6n_nf_hook(RA6N_HOOKFN_ARGS)
{
	if (READ_ONCE(ra6n_ready))
		ra6n_rcv(skb, false);
	return NF_ACCEPT;	/* only looks */
}

/* last: an RA that the firewall drops reaches neither ndisc nor raw
 * sockets, and must not reach the client this way either
 */
static struct nf_hook_ops ra6n_nf_ops = {
	.hook = ra6n_nf_hook,
#ifdef RA6N_NF_HOOK_OWNER
	.owner = THIS_MODULE,
#endif
	.pf = NFPROTO_IPV6,
	.hooknum = NF_INET_LOCAL_IN,
	.priority = NF_IP6_PRI_LAST,
};

#ifdef RA6N_PERNET_HOOKS
int ra6n_hook_register(void)
{
	return 0;
}

void ra6n_hook_unregister(void)
{
}

int ra6n_hook_net_init(struct net *net)
{
	return nf_register_net_hook(net, &ra6n_nf_ops);
}

void ra6n_hook_net_exit(struct net *net)
{
	nf_unregister_net_hook(net, &ra6n_nf_ops);
}
#else
int ra6n_hook_register(void)
{
	return nf_register_hook(&ra6n_nf_ops);
}

void ra6n_hook_unregister(void)
{
	nf_unregister_hook(&ra6n_nf_ops);
}

int ra6n_hook_net_init(struct net *net)
{
	return 0;
}

void ra6n_hook_net_exit(struct net *net)
{
}
#endif /* RA6N_PERNET_HOOKS */
#else
/* in tree: ndisc_router_discovery() calls ra6notify_ndisc_rcv() */
int ra6n_hook_register(void)
{
	return 0;
}

void ra6n_hook_unregister(void)
{
}

int ra6n_hook_net_init(struct net *net)
{
	return 0;
}

void ra6n_hook_net_exit(struct net *net)
{
}
#endif /* RA6NOTIFY_OOT */
