// SPDX-License-Identifier: GPL-2.0
/*
 * ra6notify: tell user space that an IPv6 Router Advertisement arrived.
 * Module parameters, pernet setup and the two entry points: a netfilter
 * hook when built out of tree (RA6NOTIFY_OOT), a call from
 * ndisc_router_discovery() when built in.
 */
#define pr_fmt(fmt) "ra6notify: " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netlink.h>
#include "ra6notify.h"

#ifndef RA6NOTIFY_OOT
/* built in: parameters are ra6notify.x, not ipv6.x */
#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "ra6notify."
#endif

#ifdef CONFIG_IPV6_RA6NOTIFY_PROTO
int ra6n_proto = CONFIG_IPV6_RA6NOTIFY_PROTO;
#else
int ra6n_proto = RA6NOTIFY_NETLINK_DEFAULT;
#endif
module_param_named(proto, ra6n_proto, int, 0444);
MODULE_PARM_DESC(proto, "netlink protocol number (default 25)");

unsigned int ra6n_rate = 10;
module_param_named(rate, ra6n_rate, uint, 0644);
MODULE_PARM_DESC(rate, "events per second per interface, 0 = no limit");

unsigned int ra6n_burst = 20;
module_param_named(burst, ra6n_burst, uint, 0644);
MODULE_PARM_DESC(burst, "events allowed at once per interface");

unsigned int ra6n_coalesce_ms = 1000;
module_param_named(coalesce_ms, ra6n_coalesce_ms, uint, 0644);
MODULE_PARM_DESC(coalesce_ms,
		 "identical RAs within this window give one event, 0 = off");

bool ra6n_enabled = true;
module_param_named(enable, ra6n_enabled, bool, 0644);
MODULE_PARM_DESC(enable, "send events");

bool ra6n_legacy;
module_param_named(legacy, ra6n_legacy, bool, 0644);
MODULE_PARM_DESC(legacy, "seed compatibility: bare message to a legacy pid");

unsigned short ra6n_legacy_type = RA6NOTIFY_LEGACY_TYPE_DEFAULT;
module_param_named(legacy_type, ra6n_legacy_type, ushort, 0644);
MODULE_PARM_DESC(legacy_type, "nlmsg_type of the legacy message");

ra6n_net_id_t ra6n_net_id __read_mostly;
/* set once everything is registered: RAs may come before that */
bool ra6n_ready __read_mostly;
static bool ra6n_registered;

static int __net_init ra6n_net_init(struct net *net)
{
	struct ra6n_net *rn = ra6n_pernet(net);
	int err;

	spin_lock_init(&rn->lock);
	err = ra6n_netlink_net_init(net, rn);
	if (err)
		return err;
	err = ra6n_hook_net_init(net);
	if (err)
		ra6n_netlink_net_exit(rn);
	return err;
}

static void __net_exit ra6n_net_exit(struct net *net)
{
	ra6n_hook_net_exit(net);
	ra6n_netlink_net_exit(ra6n_pernet(net));
}

static struct pernet_operations ra6n_net_ops = {
	.init = ra6n_net_init,
	.exit = ra6n_net_exit,
	.id = &ra6n_net_id,
	.size = sizeof(struct ra6n_net),
};

int ra6notify_init(void)
{
	int err;

	if (ra6n_proto < 0 || ra6n_proto >= MAX_LINKS) {
		pr_err("proto=%d out of range 0..%d\n", ra6n_proto,
		       MAX_LINKS - 1);
		return -EINVAL;
	}
	err = register_pernet_subsys(&ra6n_net_ops);
	if (err)
		return err;
	err = ra6n_netlink_register();
	if (err)
		goto err_pernet;
	err = ra6n_sockopt_register();
	if (err)
		goto err_netlink;
	err = ra6n_hook_register();
	if (err)
		goto err_sockopt;
	smp_wmb();	/* pernet data before the flag */
	WRITE_ONCE(ra6n_ready, true);
	ra6n_registered = true;
	pr_info("v%d on netlink protocol %d\n", RA6NOTIFY_VERSION, ra6n_proto);
	return 0;

err_sockopt:
	ra6n_sockopt_unregister();
err_netlink:
	ra6n_netlink_unregister();
err_pernet:
	unregister_pernet_subsys(&ra6n_net_ops);
	return err;
}

void ra6notify_exit(void)
{
	if (!ra6n_registered)
		return;
	ra6n_registered = false;
	WRITE_ONCE(ra6n_ready, false);
	ra6n_hook_unregister();
	ra6n_sockopt_unregister();
	ra6n_netlink_unregister();
	unregister_pernet_subsys(&ra6n_net_ops);
}

#ifdef RA6NOTIFY_OOT
static int __init ra6n_module_init(void)
{
	return ra6notify_init();
}

static void __exit ra6n_module_exit(void)
{
	ra6notify_exit();
}

module_init(ra6n_module_init);
module_exit(ra6n_module_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Netlink events for IPv6 Router Advertisements");
MODULE_VERSION("1");
#else
/* called from ndisc_router_discovery() once the options parsed */
void ra6notify_ndisc_rcv(struct sk_buff *skb)
{
	if (!READ_ONCE(ra6n_ready))
		return;
	smp_rmb();	/* pairs with smp_wmb() in ra6notify_init() */
	ra6n_rcv(skb, true);
}
#endif
