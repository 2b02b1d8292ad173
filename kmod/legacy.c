// SPDX-License-Identifier: GPL-2.0
/*
 * ra6notify legacy mode: the protocol of vendor "RA received" patches on
 * a netlink unit of its own, for clients that already speak it. Only with
 * legacy=1. The unit's kernel socket has this module as its owner, so a
 * client's socket keeps the module loaded: the protocol has no goodbye,
 * and nobody can be inside ra6n_legacy_rcv() when the module goes.
 */
#define pr_fmt(fmt) "ra6notify: " fmt

#include <linux/kernel.h>
#include <linux/netlink.h>
#include <net/netlink.h>
#include <net/sock.h>
#include "ra6notify.h"

/* any message but the control ones registers its sender (no answer: seed
 * clients expect none, not even an error)
 */
static void ra6n_legacy_rcv(struct sk_buff *skb)
{
	struct net *net = sock_net(skb->sk);
	struct ra6n_net *rn = ra6n_pernet(net);
	const struct nlmsghdr *nlh;
	bool reg = false;
	u32 len;

	while (skb->len >= NLMSG_HDRLEN) {
		nlh = nlmsg_hdr(skb);
		if (nlh->nlmsg_len < NLMSG_HDRLEN || skb->len < nlh->nlmsg_len)
			break;
		if (nlh->nlmsg_type < NLMSG_NOOP ||
		    nlh->nlmsg_type >= NLMSG_MIN_TYPE)
			reg = true;
		len = min_t(u32, NLMSG_ALIGN(nlh->nlmsg_len), skb->len);
		skb_pull(skb, len);
	}
	/* not before NETLINK_URELEASE can undo it (ra6n_ready) */
	if (!reg || !READ_ONCE(ra6n_ready) || !ra6n_capable(skb, net))
		return;
	spin_lock_bh(&rn->lock);
	rn->legacy_portid = NETLINK_CB(skb).portid;
	rn->legacy_set = true;
	spin_unlock_bh(&rn->lock);
}

int ra6n_legacy_net_init(struct net *net, struct ra6n_net *rn)
{
	struct netlink_kernel_cfg cfg = {
		.input = ra6n_legacy_rcv,
	};

	if (!ra6n_legacy)
		return 0;
	rn->legacy_sk = netlink_kernel_create(net, ra6n_proto, &cfg);
	if (!rn->legacy_sk) {
		pr_err("netlink unit %d is taken (or no memory): load with proto=N, a free unit up to %d\n",
		       ra6n_proto, MAX_LINKS - 1);
		return -EADDRINUSE;
	}
	return 0;
}

void ra6n_legacy_net_exit(struct ra6n_net *rn)
{
	netlink_kernel_release(rn->legacy_sk);
	rn->legacy_sk = NULL;
}

/* hook context; a bare message of type legacy_type to the receiver */
void ra6n_legacy_send(struct ra6n_net *rn)
{
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	u32 portid, seq;
	bool set;

	skb = nlmsg_new(0, GFP_ATOMIC);
	if (!skb) {
		atomic64_inc(&rn->ctr.dropped_nomem);
		return;
	}
	spin_lock_bh(&rn->lock);
	set = rn->legacy_set;
	portid = rn->legacy_portid;
	seq = ++rn->legacy_seq;
	spin_unlock_bh(&rn->lock);
	nlh = nlmsg_put(skb, 0, seq, ra6n_legacy_type, 0, 0);
	if (!set || !nlh) {
		kfree_skb(skb);
		return;
	}
	nlmsg_end(skb, nlh);
	if (netlink_unicast(rn->legacy_sk, skb, portid, MSG_DONTWAIT) < 0)
		atomic64_inc(&rn->ctr.dropped_unicast);
	else
		atomic64_inc(&rn->ctr.legacy_sent);
}
