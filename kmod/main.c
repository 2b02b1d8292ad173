// SPDX-License-Identifier: GPL-2.0
/*
 * ra6notify: tell user space that an IPv6 Router Advertisement arrived.
 * Settings (module parameters: the one control plane), pernet state, the
 * order things come up and go away in, and the entry points: a netfilter
 * hook when built out of tree (RA6NOTIFY_OOT), a call from
 * ndisc_router_discovery() when built in.
 */
#define pr_fmt(fmt) "ra6notify: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/netlink.h>
#include "ra6notify.h"

#ifndef RA6NOTIFY_OOT
/* built in: parameters are ra6notify.x, not ipv6.x */
#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "ra6notify."
#endif

/* Bounds keep the token bucket's arithmetic (burst * HZ, elapsed * rate)
 * within 32 bits; a value out of range is refused, not clamped.
 */
#define RA6N_RATE_MAX		1000
#define RA6N_BURST_MAX		1000
#define RA6N_COALESCE_MS_MAX	60000

static int ra6n_set_bounded(const char *val, const struct kernel_param *kp,
			    unsigned int max)
{
	unsigned int v;
	int err;

	err = kstrtouint(val, 0, &v);
	if (err)
		return err;
	if (v > max)
		return -EINVAL;
	WRITE_ONCE(*(unsigned int *)kp->arg, v);
	return 0;
}

static int ra6n_set_rate(const char *val, const struct kernel_param *kp)
{
	return ra6n_set_bounded(val, kp, RA6N_RATE_MAX);
}

static int ra6n_set_burst(const char *val, const struct kernel_param *kp)
{
	return ra6n_set_bounded(val, kp, RA6N_BURST_MAX);
}

static int ra6n_set_coalesce(const char *val, const struct kernel_param *kp)
{
	return ra6n_set_bounded(val, kp, RA6N_COALESCE_MS_MAX);
}

static const struct kernel_param_ops ra6n_rate_ops = {
	.set = ra6n_set_rate,
	.get = param_get_uint,
};

static const struct kernel_param_ops ra6n_burst_ops = {
	.set = ra6n_set_burst,
	.get = param_get_uint,
};

static const struct kernel_param_ops ra6n_coalesce_ops = {
	.set = ra6n_set_coalesce,
	.get = param_get_uint,
};

unsigned int ra6n_rate = 10;
module_param_cb(rate, &ra6n_rate_ops, &ra6n_rate, 0644);
MODULE_PARM_DESC(rate, "events per second per interface, 0 = no limit (max 1000)");

unsigned int ra6n_burst = 20;
module_param_cb(burst, &ra6n_burst_ops, &ra6n_burst, 0644);
MODULE_PARM_DESC(burst, "events allowed at once per interface (max 1000)");

unsigned int ra6n_coalesce_ms = 1000;
module_param_cb(coalesce_ms, &ra6n_coalesce_ops, &ra6n_coalesce_ms, 0644);
MODULE_PARM_DESC(coalesce_ms,
		 "identical RAs within this window give one event, 0 = off (max 60000)");

bool ra6n_enabled = true;
module_param_named(enable, ra6n_enabled, bool, 0644);
MODULE_PARM_DESC(enable, "send events");

/* legacy mode is chosen at load: its netlink unit exists only then */
bool ra6n_legacy;
module_param_named(legacy, ra6n_legacy, bool, 0444);
MODULE_PARM_DESC(legacy, "vendor protocol: a bare message to a registered pid");

#ifdef CONFIG_IPV6_RA6NOTIFY_PROTO
int ra6n_proto = CONFIG_IPV6_RA6NOTIFY_PROTO;
#else
int ra6n_proto = RA6NOTIFY_LEGACY_NETLINK_DEFAULT;
#endif
module_param_named(proto, ra6n_proto, int, 0444);
MODULE_PARM_DESC(proto, "netlink unit of legacy mode (default 25)");

unsigned short ra6n_legacy_type = RA6NOTIFY_LEGACY_TYPE_DEFAULT;
module_param_named(legacy_type, ra6n_legacy_type, ushort, 0444);
MODULE_PARM_DESC(legacy_type, "nlmsg_type of the legacy message");

ra6n_net_id_t ra6n_net_id __read_mostly;
/* set once everything is up, cleared first on the way down */
bool ra6n_ready __read_mostly;
static bool ra6n_up;

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
	st->dropped = st->dropped_ratelimit + st->dropped_nomem +
		      st->dropped_unicast;
	st->coalesced = atomic64_read(&c->coalesced);
	st->legacy_sent = atomic64_read(&c->legacy_sent);
	spin_lock_bh(&rn->lock);
	st->listeners = rn->nportids + (rn->legacy_set ? 1 : 0);
	spin_unlock_bh(&rn->lock);
	st->rate = READ_ONCE(ra6n_rate);
	st->burst = READ_ONCE(ra6n_burst);
	st->enabled = READ_ONCE(ra6n_enabled);
	st->legacy = ra6n_legacy;
	st->proto = ra6n_proto;
	st->coalesce_ms = READ_ONCE(ra6n_coalesce_ms);
}

static int __net_init ra6n_net_init(struct net *net)
{
	struct ra6n_net *rn = ra6n_pernet(net);
	int err;

	spin_lock_init(&rn->lock);
	err = ra6n_legacy_net_init(net, rn);
	if (err)
		return err;
	err = ra6n_hook_net_init(net);
	if (err)
		ra6n_legacy_net_exit(rn);
	return err;
}

static void __net_exit ra6n_net_exit(struct net *net)
{
	struct ra6n_net *rn = ra6n_pernet(net);

	ra6n_hook_net_exit(net);
	ra6n_genl_net_exit(net, rn);
	ra6n_legacy_net_exit(rn);
}

static struct pernet_operations ra6n_net_ops = {
	.init = ra6n_net_init,
	.exit = ra6n_net_exit,
	.id = &ra6n_net_id,
	.size = sizeof(struct ra6n_net),
};

/* Up: pernet state (and the legacy unit), the family (with the
 * NETLINK_URELEASE notifier before it, so that no registration can
 * outlive its socket), the hooks; then RAs are let in.
 */
int ra6notify_init(void)
{
	int err;

	if (ra6n_legacy && (ra6n_proto < 0 || ra6n_proto >= MAX_LINKS)) {
		pr_err("proto=%d out of range 0..%d\n", ra6n_proto,
		       MAX_LINKS - 1);
		return -EINVAL;
	}
	err = register_pernet_subsys(&ra6n_net_ops);
	if (err)
		return err;
	err = ra6n_genl_register();
	if (err)
		goto err_pernet;
	err = ra6n_hook_register();
	if (err)
		goto err_genl;
	smp_wmb();	/* pernet data before the flag */
	WRITE_ONCE(ra6n_ready, true);
	ra6n_up = true;
	if (ra6n_legacy)
		pr_info("v%d, generic netlink family %s, legacy mode on netlink unit %d\n",
			RA6NOTIFY_VERSION, RA6NOTIFY_GENL_NAME, ra6n_proto);
	else
		pr_info("v%d, generic netlink family %s\n", RA6NOTIFY_VERSION,
			RA6NOTIFY_GENL_NAME);
	return 0;

err_genl:
	ra6n_genl_unregister();
err_pernet:
	unregister_pernet_subsys(&ra6n_net_ops);
	return err;
}

/* Down, the other way round: no new RA, and the ones on their way (hook
 * or ndisc, under RCU) done; no request running (genl_unregister_family()
 * waits for them); then GOODBYE to the listeners and pernet state freed.
 */
void ra6notify_exit(void)
{
	if (!ra6n_up)
		return;
	ra6n_up = false;
	WRITE_ONCE(ra6n_ready, false);
	ra6n_hook_unregister();
	synchronize_net();
	ra6n_genl_unregister();
	unregister_pernet_subsys(&ra6n_net_ops);
}

#ifdef RA6NOTIFY_OOT
module_init(ra6notify_init);
module_exit(ra6notify_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Netlink events for IPv6 Router Advertisements");
MODULE_VERSION("2");
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
