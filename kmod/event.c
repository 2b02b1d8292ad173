// SPDX-License-Identifier: GPL-2.0
/*
 * ra6notify events: one message per RA, built once and sent to every
 * registered port id of the namespace (and the legacy receiver). An event
 * that can't go out is counted in the next one's A_DROPPED.
 */
#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include "ra6notify.h"

/* exactly what ra6n_fill_event() puts: a put that fails is a bug here */
static size_t ra6n_event_size(const struct ra6n_ra *ra)
{
	return 9 * nla_total_size(sizeof(u32)) +	/* VERSION, IFINDEX,
							 * ROUTER_LIFETIME,
							 * REACHABLE, RETRANS,
							 * ACCEPT_RA, FORWARDING,
							 * SEQ, DROPPED
							 */
	       7 * nla_total_size(sizeof(u8)) +		/* FLAGS, M, O, H, PRF,
							 * CUR_HOP_LIMIT,
							 * OPTIONS_TRUNC
							 */
	       nla_total_size(sizeof(struct in6_addr)) +	/* SRC */
	       nla_total_size(sizeof(u64)) +			/* TSTAMP */
	       nla_total_size(ra->opt_copy);			/* OPTIONS */
}

static int ra6n_fill_event(struct sk_buff *skb, const struct sk_buff *in,
			   const struct ra6n_ra *ra, u32 seq, u32 dropped)
{
	struct nlattr *nla;

	if (nla_put_u32(skb, RA6NOTIFY_A_VERSION, RA6NOTIFY_VERSION) ||
	    nla_put_u32(skb, RA6NOTIFY_A_IFINDEX, ra->ifindex) ||
	    nla_put(skb, RA6NOTIFY_A_SRC, sizeof(ra->saddr), &ra->saddr) ||
	    nla_put_u8(skb, RA6NOTIFY_A_FLAGS, ra->flags) ||
	    nla_put_u8(skb, RA6NOTIFY_A_M, !!(ra->flags & RA6NOTIFY_FLAG_M)) ||
	    nla_put_u8(skb, RA6NOTIFY_A_O, !!(ra->flags & RA6NOTIFY_FLAG_O)) ||
	    nla_put_u8(skb, RA6NOTIFY_A_H, !!(ra->flags & RA6NOTIFY_FLAG_H)) ||
	    nla_put_u8(skb, RA6NOTIFY_A_PRF,
		       (ra->flags & RA6NOTIFY_FLAG_PRF_MASK) >>
		       RA6NOTIFY_FLAG_PRF_SHIFT) ||
	    nla_put_u32(skb, RA6NOTIFY_A_ROUTER_LIFETIME, ra->lifetime) ||
	    nla_put_u32(skb, RA6NOTIFY_A_REACHABLE, ra->reachable) ||
	    nla_put_u32(skb, RA6NOTIFY_A_RETRANS, ra->retrans) ||
	    nla_put_u8(skb, RA6NOTIFY_A_CUR_HOP_LIMIT, ra->hop_limit) ||
	    nla_put_u32(skb, RA6NOTIFY_A_ACCEPT_RA, (u32)ra->accept_ra) ||
	    nla_put_u32(skb, RA6NOTIFY_A_FORWARDING, (u32)ra->forwarding) ||
	    nla_put_u32(skb, RA6NOTIFY_A_SEQ, seq) ||
	    nla_put_u32(skb, RA6NOTIFY_A_DROPPED, dropped) ||
	    nla_put(skb, RA6NOTIFY_A_TSTAMP, sizeof(ra->tstamp), &ra->tstamp) ||
	    nla_put_u8(skb, RA6NOTIFY_A_OPTIONS_TRUNC,
		       ra->opt_copy < ra->opt_len))
		return -EMSGSIZE;
	nla = nla_reserve(skb, RA6NOTIFY_A_OPTIONS, ra->opt_copy);
	if (!nla)
		return -EMSGSIZE;
	return skb_copy_bits(in, ra->opt_off, nla_data(nla), ra->opt_copy);
}

static struct sk_buff *ra6n_build_event(const struct sk_buff *in,
					const struct ra6n_ra *ra,
					u32 seq, u32 dropped)
{
	struct sk_buff *skb;
	void *hdr;

	skb = ra6n_genl_new(ra6n_event_size(ra), seq, RA6NOTIFY_CMD_EVENT,
			    GFP_ATOMIC, &hdr);
	if (!skb)
		return NULL;
	if (WARN_ON_ONCE(ra6n_fill_event(skb, in, ra, seq, dropped))) {
		nlmsg_free(skb);
		return NULL;
	}
	genlmsg_end(skb, hdr);
	return skb;
}

/* hook context (softirq or BH off); never sleeps */
void ra6n_send_event(struct net *net, struct ra6n_net *rn,
		     const struct sk_buff *in, const struct ra6n_ra *ra,
		     u32 seq, u32 dropped)
{
	u32 ports[RA6NOTIFY_MAX_LISTENERS];
	struct sk_buff *skb, *c;
	unsigned int n, i;
	bool legacy;
	int err;

	/* copy the list: no sending under our lock */
	spin_lock_bh(&rn->lock);
	n = rn->nportids;
	memcpy(ports, rn->portids, n * sizeof(ports[0]));
	legacy = rn->legacy_set;
	spin_unlock_bh(&rn->lock);

	if (legacy)
		ra6n_legacy_send(rn);
	if (!n)
		return;
	skb = ra6n_build_event(in, ra, seq, dropped);
	if (!skb) {
		atomic64_inc(&rn->ctr.dropped_nomem);
		ra6n_ratelimit_lost(rn, ra->ifindex);
		return;
	}
	atomic64_inc(&rn->ctr.events_sent);
	for (i = 0; i < n; i++) {
		c = skb_clone(skb, GFP_ATOMIC);
		if (!c) {
			atomic64_inc(&rn->ctr.dropped_nomem);
			ra6n_ratelimit_lost(rn, ra->ifindex);
			continue;
		}
		/* a full socket sees ENOBUFS itself; a closed one is
		 * forgotten by NETLINK_URELEASE (not here: its port id may
		 * already be someone else's)
		 */
		err = genlmsg_unicast(net, c, ports[i]);
		if (err && err != -ECONNREFUSED)
			atomic64_inc(&rn->ctr.dropped_unicast);
	}
	consume_skb(skb);
}
