// SPDX-License-Identifier: GPL-2.0
/*
 * ra6notify's generic netlink family: the requests of <linux/ra6notify.h>
 * and the registrations they make, which vanish with their socket
 * (NETLINK_URELEASE). Generic netlink also makes unloading safe:
 * genl_unregister_family() waits for requests that are running.
 */
#define pr_fmt(fmt) "ra6notify: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>
#include "ra6notify.h"

static struct genl_family ra6n_family;

bool ra6n_capable(const struct sk_buff *skb, struct net *net)
{
	return ra6n_ns_capable(skb, net->user_ns);
}

/* a message of ours: @payload bytes of attributes after the headers */
struct sk_buff *ra6n_genl_new(size_t payload, u32 seq, u8 cmd, gfp_t gfp,
			      void **hdr)
{
	struct sk_buff *skb = genlmsg_new(payload, gfp);

	if (!skb)
		return NULL;
	*hdr = genlmsg_put(skb, 0, seq, &ra6n_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

static int ra6n_add_portid(struct ra6n_net *rn, u32 portid)
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

/* caller holds rn->lock */
static bool ra6n_del_portid(struct ra6n_net *rn, u32 portid)
{
	unsigned int i;

	for (i = 0; i < rn->nportids; i++) {
		if (rn->portids[i] == portid) {
			rn->portids[i] = rn->portids[--rn->nportids];
			return true;
		}
	}
	return false;
}

static int ra6n_cmd_register(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);

#ifdef RA6N_GENL_ADMIN_BY_HAND
	if (!ra6n_capable(skb, net))
		return -EPERM;
#endif
	return ra6n_add_portid(ra6n_pernet(net), info->snd_portid);
}

static int ra6n_cmd_unregister(struct sk_buff *skb, struct genl_info *info)
{
	struct ra6n_net *rn = ra6n_pernet(genl_info_net(info));
	bool found;

	spin_lock_bh(&rn->lock);
	found = ra6n_del_portid(rn, info->snd_portid);
	spin_unlock_bh(&rn->lock);
	return found ? 0 : -ENOENT;
}

static int ra6n_cmd_ping(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a = info->attrs[RA6NOTIFY_A_COOKIE];
	u64 cookie = a ? nla_get_u64(a) : 0;
	struct sk_buff *msg;
	void *hdr;

	msg = ra6n_genl_new(nla_total_size(sizeof(u32)) +
			    nla_total_size(sizeof(cookie)), info->snd_seq,
			    RA6NOTIFY_CMD_PING, GFP_KERNEL, &hdr);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, RA6NOTIFY_A_VERSION, RA6NOTIFY_VERSION) ||
	    nla_put(msg, RA6NOTIFY_A_COOKIE, sizeof(cookie), &cookie)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int ra6n_cmd_get_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct ra6notify_stats st;
	struct sk_buff *msg;
	void *hdr;

	msg = ra6n_genl_new(nla_total_size(sizeof(u32)) +
			    nla_total_size(sizeof(st)), info->snd_seq,
			    RA6NOTIFY_CMD_STATS, GFP_KERNEL, &hdr);
	if (!msg)
		return -ENOMEM;
	ra6n_fill_stats(ra6n_pernet(genl_info_net(info)), &st);
	if (nla_put_u32(msg, RA6NOTIFY_A_VERSION, RA6NOTIFY_VERSION) ||
	    nla_put(msg, RA6NOTIFY_A_STATS, sizeof(st), &st)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* only PING carries an attribute */
static const struct nla_policy ra6n_policy[RA6NOTIFY_A_MAX + 1] = {
	[RA6NOTIFY_A_COOKIE] = { .type = NLA_U64 },
};

#ifdef RA6N_GENL_FAMILY_POLICY
#define RA6N_OP_POLICY
#else
#define RA6N_OP_POLICY	.policy = ra6n_policy,
#endif

static RA6N_GENL_OPS_CONST struct genl_ops ra6n_ops[] = {
	{
		.cmd = RA6NOTIFY_CMD_REGISTER,
		.flags = RA6N_GENL_ADMIN,
		.doit = ra6n_cmd_register,
		RA6N_OP_POLICY
	},
	{
		.cmd = RA6NOTIFY_CMD_UNREGISTER,
		.doit = ra6n_cmd_unregister,
		RA6N_OP_POLICY
	},
	{
		.cmd = RA6NOTIFY_CMD_PING,
		.doit = ra6n_cmd_ping,
		RA6N_OP_POLICY
	},
	{
		.cmd = RA6NOTIFY_CMD_GET_STATS,
		.doit = ra6n_cmd_get_stats,
		RA6N_OP_POLICY
	},
};

static struct genl_family ra6n_family = {
#ifndef RA6N_GENL_OPS_IN_FAMILY
	.id = GENL_ID_GENERATE,
#endif
	.name = RA6NOTIFY_GENL_NAME,
	.version = RA6NOTIFY_VERSION,
	.maxattr = RA6NOTIFY_A_MAX,
	.netnsok = true,
	.parallel_ops = true,
#ifdef RA6N_GENL_FAMILY_POLICY
	.policy = ra6n_policy,
#endif
#ifdef RA6N_GENL_OPS_IN_FAMILY
	.module = THIS_MODULE,
	.ops = ra6n_ops,
	.n_ops = ARRAY_SIZE(ra6n_ops),
#endif
};

/* a socket that goes away takes its registration (legacy one too) along */
static int ra6n_urelease(struct notifier_block *nb, unsigned long event,
			 void *ptr)
{
	struct netlink_notify *n = ptr;
	struct ra6n_net *rn;

	if (event != NETLINK_URELEASE || !n->portid)
		return NOTIFY_DONE;
	if (n->protocol != NETLINK_GENERIC &&
	    !(ra6n_legacy && n->protocol == ra6n_proto))
		return NOTIFY_DONE;
	rn = ra6n_pernet(n->net);
	spin_lock_bh(&rn->lock);
	if (n->protocol == NETLINK_GENERIC)
		ra6n_del_portid(rn, n->portid);
	else if (rn->legacy_set && rn->legacy_portid == n->portid)
		rn->legacy_set = false;
	spin_unlock_bh(&rn->lock);
	return NOTIFY_DONE;
}

static struct notifier_block ra6n_nl_notifier = {
	.notifier_call = ra6n_urelease,
};

int ra6n_genl_register(void)
{
	int err;

	err = netlink_register_notifier(&ra6n_nl_notifier);
	if (err)
		return err;
#if defined(RA6N_GENL_OPS_IN_FAMILY)
	err = genl_register_family(&ra6n_family);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(3, 13, 0)
	err = genl_register_family_with_ops(&ra6n_family, ra6n_ops);
#else
	err = genl_register_family_with_ops(&ra6n_family, ra6n_ops,
					    ARRAY_SIZE(ra6n_ops));
#endif
	if (err)
		netlink_unregister_notifier(&ra6n_nl_notifier);
	return err;
}

void ra6n_genl_unregister(void)
{
	genl_unregister_family(&ra6n_family);
	netlink_unregister_notifier(&ra6n_nl_notifier);
}

/* The namespace's listeners hear that events stop: the module unloads
 * (the family is gone; its id is still the one they know) or the
 * namespace goes (no listener is left then: their sockets hold it).
 */
void ra6n_genl_net_exit(struct net *net, struct ra6n_net *rn)
{
	u32 ports[RA6NOTIFY_MAX_LISTENERS];
	struct sk_buff *skb;
	unsigned int i, n;
	void *hdr;

	spin_lock_bh(&rn->lock);
	n = rn->nportids;
	memcpy(ports, rn->portids, n * sizeof(ports[0]));
	rn->nportids = 0;
	spin_unlock_bh(&rn->lock);
	for (i = 0; i < n; i++) {
		skb = ra6n_genl_new(0, 0, RA6NOTIFY_CMD_GOODBYE, GFP_KERNEL,
				    &hdr);
		if (!skb)
			return;
		genlmsg_end(skb, hdr);
		genlmsg_unicast(net, skb, ports[i]);
	}
}
