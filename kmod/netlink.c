// SPDX-License-Identifier: GPL-2.0
/*
 * ra6notify netlink side: one kernel socket per namespace, the request
 * protocol of <linux/ra6notify.h>, registrations that vanish with their
 * socket (NETLINK_URELEASE) and event delivery.
 */
#define pr_fmt(fmt) "ra6notify: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <net/netlink.h>
#include <net/sock.h>
#include "ra6notify.h"

#define RA6N_NOACK	1	/* handler answered itself or must stay silent */

/* caller holds rn->lock */
static bool ra6n_del_portid(struct ra6n_net *rn, u32 portid)
{
	bool found = false;
	unsigned int i;

	for (i = 0; i < rn->nportids; i++) {
		if (rn->portids[i] != portid)
			continue;
		rn->portids[i] = rn->portids[--rn->nportids];
		found = true;
		break;
	}
	if (rn->legacy_set && rn->legacy_portid == portid) {
		rn->legacy_set = false;
		found = true;
	}
	return found;
}

static int ra6n_register(struct ra6n_net *rn, u32 portid)
{
	unsigned int i;
	int err = 0;

	spin_lock_bh(&rn->lock);
	for (i = 0; i < rn->nportids; i++)
		if (rn->portids[i] == portid)
			goto out;
	if (rn->nportids == RA6NOTIFY_MAX_LISTENERS)
		err = -ENOSPC;
	else
		rn->portids[rn->nportids++] = portid;
out:
	spin_unlock_bh(&rn->lock);
	return err;
}

static int ra6n_unregister(struct ra6n_net *rn, u32 portid)
{
	unsigned int i;
	int err = -ENOENT;

	spin_lock_bh(&rn->lock);
	for (i = 0; i < rn->nportids; i++) {
		if (rn->portids[i] == portid) {
			rn->portids[i] = rn->portids[--rn->nportids];
			err = 0;
			break;
		}
	}
	spin_unlock_bh(&rn->lock);
	return err;
}

void ra6n_fill_stats(struct ra6n_net *rn, struct ra6notify_stats *st)
{
	struct ra6n_counters *c = &rn->ctr;

	memset(st, 0, sizeof(*st));
	st->version = RA6NOTIFY_VERSION;
	st->size = sizeof(*st);
	st->ras_seen = atomic64_read(&c->ras_seen);
	st->ras_invalid = atomic64_read(&c->ras_invalid);
	st->events_sent = atomic64_read(&c->events_sent);
	st->dropped_ratelimit = atomic64_read(&c->dropped_ratelimit);
	st->dropped_nomem = atomic64_read(&c->dropped_nomem);
	st->dropped_unicast = atomic64_read(&c->dropped_unicast);
	st->dropped_mcast = atomic64_read(&c->dropped_mcast);
	st->dropped = st->dropped_ratelimit + st->dropped_nomem +
		      st->dropped_unicast + st->dropped_mcast;
	st->coalesced = atomic64_read(&c->coalesced);
	st->legacy_sent = atomic64_read(&c->legacy_sent);
	spin_lock_bh(&rn->lock);
	st->listeners = rn->nportids + (rn->legacy_set ? 1 : 0);
	spin_unlock_bh(&rn->lock);
	st->group_listeners = rn->nlsk &&
		netlink_has_listeners(rn->nlsk, RA6NOTIFY_GROUP_EVENTS);
	st->rate = READ_ONCE(ra6n_rate);
	st->burst = READ_ONCE(ra6n_burst);
	st->enabled = READ_ONCE(ra6n_enabled);
	st->legacy = READ_ONCE(ra6n_legacy);
	st->proto = ra6n_proto;
	st->coalesce_ms = READ_ONCE(ra6n_coalesce_ms);
}

static int ra6n_reply(struct ra6n_net *rn, const struct sk_buff *in,
		      const struct nlmsghdr *req, u16 type)
{
	u32 portid = NETLINK_CB(in).portid;
	struct ra6notify_stats st;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	struct nlattr *cookie;
	u64 val = 0;

	skb = nlmsg_new(nla_total_size(sizeof(st)) + 3 * nla_total_size(8),
			GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	nlh = nlmsg_put(skb, portid, req->nlmsg_seq, type, 0, 0);
	if (!nlh)
		goto nospace;
	if (nla_put_u32(skb, RA6NOTIFY_A_VERSION, RA6NOTIFY_VERSION))
		goto nospace;
	if (type == RA6NOTIFY_MSG_PING) {
		cookie = nlmsg_find_attr(req, 0, RA6NOTIFY_A_COOKIE);
		if (cookie && nla_len(cookie) == sizeof(val))
			nla_memcpy(&val, cookie, sizeof(val));
		if (nla_put_u32(skb, RA6NOTIFY_A_PROTO, ra6n_proto) ||
		    nla_put(skb, RA6NOTIFY_A_COOKIE, sizeof(val), &val))
			goto nospace;
	} else {
		ra6n_fill_stats(rn, &st);
		if (nla_put(skb, RA6NOTIFY_A_STATS, sizeof(st), &st))
			goto nospace;
	}
	nlmsg_end(skb, nlh);
	return nlmsg_unicast(rn->nlsk, skb, portid);

nospace:
	kfree_skb(skb);
	return -EMSGSIZE;
}

static int ra6n_legacy_register(struct ra6n_net *rn, const struct sk_buff *skb)
{
	if (!ra6n_nl_capable(skb))
		return -EPERM;
	spin_lock_bh(&rn->lock);
	rn->legacy_portid = NETLINK_CB(skb).portid;
	rn->legacy_set = true;
	spin_unlock_bh(&rn->lock);
	return 0;
}

static int ra6n_nl_msg(struct ra6n_net *rn, struct sk_buff *skb,
		       struct nlmsghdr *nlh)
{
	u32 portid = NETLINK_CB(skb).portid;
	u16 type = nlh->nlmsg_type;
	int err;

	switch (type) {
	case RA6NOTIFY_MSG_REGISTER:
		if (!ra6n_nl_capable(skb))
			return -EPERM;
		return ra6n_register(rn, portid);
	case RA6NOTIFY_MSG_UNREGISTER:
		return ra6n_unregister(rn, portid);
	case RA6NOTIFY_MSG_PING:
	case RA6NOTIFY_MSG_GET_STATS:
		err = ra6n_reply(rn, skb, nlh, type == RA6NOTIFY_MSG_PING ?
				 RA6NOTIFY_MSG_PING : RA6NOTIFY_MSG_STATS);
		return err ? err : RA6N_NOACK;
	case RA6NOTIFY_MSG_EVENT:
	case RA6NOTIFY_MSG_STATS:
	case RA6NOTIFY_MSG_GOODBYE:
		return -EINVAL;	/* ours, but kernel -> user only */
	}
	/* control messages are never requests */
	if (type >= NLMSG_NOOP && type < NLMSG_MIN_TYPE)
		return RA6N_NOACK;
	/* seed clients expect no answer, not even an error */
	if (READ_ONCE(ra6n_legacy)) {
		ra6n_legacy_register(rn, skb);
		return RA6N_NOACK;
	}
	return (nlh->nlmsg_flags & NLM_F_REQUEST) ? -EOPNOTSUPP : RA6N_NOACK;
}

/* runs in the sender's context; its own loop because seed clients send
 * messages that netlink_rcv_skb() would not pass on (no NLM_F_REQUEST)
 */
static void ra6n_nl_rcv(struct sk_buff *skb)
{
	struct ra6n_net *rn = ra6n_pernet(sock_net(skb->sk));

	while (skb->len >= NLMSG_HDRLEN) {
		struct nlmsghdr *nlh = nlmsg_hdr(skb);
		u32 len;
		int err;

		if (nlh->nlmsg_len < NLMSG_HDRLEN || skb->len < nlh->nlmsg_len)
			return;
		err = ra6n_nl_msg(rn, skb, nlh);
		if (err != RA6N_NOACK && (err || (nlh->nlmsg_flags & NLM_F_ACK)))
			ra6n_netlink_ack(skb, nlh, err);
		len = NLMSG_ALIGN(nlh->nlmsg_len);
		if (len > skb->len)
			len = skb->len;
		skb_pull(skb, len);
	}
}

#if defined(RA6N_HAVE_NL_BIND) && !defined(RA6NOTIFY_OOT)
#define RA6N_NL_BIND 1
/* the core checks this too (no NL_CFG_F_NONROOT_RECV); say it here */
static int ra6n_nl_bind(struct net *net, int group)
{
	return ns_capable(net->user_ns, CAP_NET_ADMIN) ? 0 : -EPERM;
}
#endif

int ra6n_netlink_net_init(struct net *net, struct ra6n_net *rn)
{
	struct netlink_kernel_cfg cfg = {
		.groups = RA6NOTIFY_GROUP_EVENTS,
		.input = ra6n_nl_rcv,
#ifdef RA6N_NL_BIND
		.bind = ra6n_nl_bind,
#endif
	};

#ifdef RA6NOTIFY_OOT
	/* No owner: a client's open socket must not pin the module, so that
	 * rmmod works while the client runs (it falls back to a raw socket).
	 * Hence no bind callback either: user sockets copy it and would call
	 * into a module that is gone. Joining the group still needs
	 * CAP_NET_ADMIN: the core refuses without NL_CFG_F_NONROOT_RECV.
	 */
	rn->nlsk = __netlink_kernel_create(net, ra6n_proto, NULL, &cfg);
#else
	rn->nlsk = netlink_kernel_create(net, ra6n_proto, &cfg);
#endif
	if (!rn->nlsk) {
		pr_err("netlink protocol %d is taken (or no memory): load with proto=N, a free unit up to %d\n",
		       ra6n_proto, MAX_LINKS - 1);
		return -EADDRINUSE;
	}
	return 0;
}

/* tell clients that events stop: module unload or namespace exit */
static void ra6n_goodbye(struct ra6n_net *rn)
{
	u32 ports[RA6NOTIFY_MAX_LISTENERS];
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	unsigned int i, n;

	spin_lock_bh(&rn->lock);
	n = rn->nportids;
	memcpy(ports, rn->portids, n * sizeof(ports[0]));
	spin_unlock_bh(&rn->lock);
	/* one message per port id, the last one for the group */
	for (i = 0; i <= n; i++) {
		skb = nlmsg_new(0, GFP_KERNEL);
		if (!skb)
			return;
		nlh = nlmsg_put(skb, 0, 0, RA6NOTIFY_MSG_GOODBYE, 0, 0);
		if (!nlh) {
			kfree_skb(skb);
			return;
		}
		nlmsg_end(skb, nlh);
		if (i < n)
			netlink_unicast(rn->nlsk, skb, ports[i], MSG_DONTWAIT);
		else
			nlmsg_multicast(rn->nlsk, skb, 0,
					RA6NOTIFY_GROUP_EVENTS, GFP_KERNEL);
	}
}

void ra6n_netlink_net_exit(struct ra6n_net *rn)
{
	/* no RA can come any more: the hooks are gone */
	ra6n_goodbye(rn);
	netlink_kernel_release(rn->nlsk);
	rn->nlsk = NULL;
}

static int ra6n_urelease(struct notifier_block *nb, unsigned long event,
			 void *ptr)
{
	struct netlink_notify *n = ptr;
	struct ra6n_net *rn;

	if (event != NETLINK_URELEASE || n->protocol != ra6n_proto ||
	    !n->portid)
		return NOTIFY_DONE;
	rn = ra6n_pernet(n->net);
	spin_lock_bh(&rn->lock);
	ra6n_del_portid(rn, n->portid);
	spin_unlock_bh(&rn->lock);
	return NOTIFY_DONE;
}

static struct notifier_block ra6n_nl_notifier = {
	.notifier_call = ra6n_urelease,
};

int ra6n_netlink_register(void)
{
	return netlink_register_notifier(&ra6n_nl_notifier);
}

void ra6n_netlink_unregister(void)
{
	netlink_unregister_notifier(&ra6n_nl_notifier);
}

static struct sk_buff *ra6n_build_event(const struct sk_buff *in,
					const struct ra6n_ra *ra,
					u32 seq, u32 dropped)
{
	size_t len = 9 * nla_total_size(4) + 5 * nla_total_size(1) +
		     nla_total_size(16) + nla_total_size(8) +
		     nla_total_size(ra->opt_copy);
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	struct nlattr *nla;

	skb = nlmsg_new(len, GFP_ATOMIC);
	if (!skb)
		return NULL;
	nlh = nlmsg_put(skb, 0, seq, RA6NOTIFY_MSG_EVENT, 0, 0);
	if (!nlh)
		goto fail;
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
	    nla_put(skb, RA6NOTIFY_A_TSTAMP, sizeof(ra->tstamp), &ra->tstamp))
		goto fail;
	if (ra->opt_copy < ra->opt_len &&
	    nla_put_u8(skb, RA6NOTIFY_A_OPTIONS_TRUNC, 1))
		goto fail;
	nla = nla_reserve(skb, RA6NOTIFY_A_OPTIONS, ra->opt_copy);
	if (!nla || skb_copy_bits(in, ra->opt_off, nla_data(nla), ra->opt_copy))
		goto fail;
	nlmsg_end(skb, nlh);
	return skb;
fail:
	kfree_skb(skb);
	return NULL;
}

static void ra6n_send_legacy(struct ra6n_net *rn, u32 portid)
{
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	u32 seq;

	skb = nlmsg_new(0, GFP_ATOMIC);
	if (!skb) {
		atomic64_inc(&rn->ctr.dropped_nomem);
		return;
	}
	spin_lock_bh(&rn->lock);
	seq = ++rn->legacy_seq;
	spin_unlock_bh(&rn->lock);
	nlh = nlmsg_put(skb, 0, seq, READ_ONCE(ra6n_legacy_type), 0, 0);
	if (!nlh) {
		kfree_skb(skb);
		return;
	}
	nlmsg_end(skb, nlh);
	if (netlink_unicast(rn->nlsk, skb, portid, MSG_DONTWAIT) < 0)
		atomic64_inc(&rn->ctr.dropped_unicast);
	else
		atomic64_inc(&rn->ctr.legacy_sent);
}

/* hook context (softirq or BH off); never sleeps */
void ra6n_send_event(struct ra6n_net *rn, const struct sk_buff *in,
		     const struct ra6n_ra *ra, u32 seq, u32 dropped)
{
	u32 ports[RA6NOTIFY_MAX_LISTENERS];
	struct sk_buff *skb, *c;
	unsigned int n, i;
	bool group, legacy;
	u32 legacy_portid;
	int err;

	/* copy the list: netlink_unicast() must not run under our lock */
	spin_lock_bh(&rn->lock);
	n = rn->nportids;
	memcpy(ports, rn->portids, n * sizeof(ports[0]));
	legacy = rn->legacy_set && READ_ONCE(ra6n_legacy);
	legacy_portid = rn->legacy_portid;
	spin_unlock_bh(&rn->lock);

	if (legacy)
		ra6n_send_legacy(rn, legacy_portid);

	group = netlink_has_listeners(rn->nlsk, RA6NOTIFY_GROUP_EVENTS);
	if (!n && !group)
		return;
	skb = ra6n_build_event(in, ra, seq, dropped);
	if (!skb) {
		atomic64_inc(&rn->ctr.dropped_nomem);
		return;
	}
	atomic64_inc(&rn->ctr.events_sent);
	for (i = 0; i < n; i++) {
		c = skb_clone(skb, GFP_ATOMIC);
		if (!c) {
			atomic64_inc(&rn->ctr.dropped_nomem);
			continue;
		}
		err = netlink_unicast(rn->nlsk, c, ports[i], MSG_DONTWAIT);
		if (err == -ECONNREFUSED) {
			/* gone without URELEASE reaching us: forget it */
			ra6n_unregister(rn, ports[i]);
		} else if (err < 0) {
			atomic64_inc(&rn->ctr.dropped_unicast);
		}
	}
	if (!group) {
		consume_skb(skb);
		return;
	}
	err = nlmsg_multicast(rn->nlsk, skb, 0, RA6NOTIFY_GROUP_EVENTS,
			      GFP_ATOMIC);
	if (err && err != -ESRCH)
		atomic64_inc(&rn->ctr.dropped_mcast);
}
