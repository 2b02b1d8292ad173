// SPDX-License-Identifier: GPL-2.0
/*
 * ra6notify counters and settings as IPv6 socket options, the IPVS way:
 * getsockopt/setsockopt(IPPROTO_IPV6, RA6NOTIFY_SO_*) on an AF_INET6
 * socket. Counters are those of the socket's namespace.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/capability.h>
#include <linux/uaccess.h>
#include <linux/netfilter.h>
#include <net/sock.h>
#include "ra6notify.h"

#ifdef CONFIG_NETFILTER
static int ra6n_so_set(struct sock *sk, int optval, ra6n_sockopt_arg_t arg,
		       unsigned int len)
{
	u32 val;

	/* settings are global: the initial namespace's admin only */
	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	if (len != sizeof(val))
		return -EINVAL;
	if (ra6n_copy_from_opt(&val, arg, sizeof(val)))
		return -EFAULT;
	switch (optval) {
	case RA6NOTIFY_SO_SET_RATE:
		WRITE_ONCE(ra6n_rate, val);
		break;
	case RA6NOTIFY_SO_SET_BURST:
		WRITE_ONCE(ra6n_burst, val);
		break;
	case RA6NOTIFY_SO_SET_ENABLE:
		WRITE_ONCE(ra6n_enabled, !!val);
		break;
	case RA6NOTIFY_SO_RESET_STATS:
		ra6n_reset_stats(ra6n_pernet(sock_net(sk)));
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

static int ra6n_so_get(struct sock *sk, int optval, void __user *user,
		       int *len)
{
	struct ra6notify_stats st;
	u32 ver = RA6NOTIFY_VERSION;
	int n;

	switch (optval) {
	case RA6NOTIFY_SO_GET_STATS:
		/* a shorter buffer gets the start: the struct only grows */
		if (*len < (int)(2 * sizeof(u32)))
			return -EINVAL;
		ra6n_fill_stats(ra6n_pernet(sock_net(sk)), &st);
		n = min_t(int, *len, sizeof(st));
		if (copy_to_user(user, &st, n))
			return -EFAULT;
		*len = n;
		return 0;
	case RA6NOTIFY_SO_GET_VERSION:
		if (*len < (int)sizeof(ver))
			return -EINVAL;
		if (copy_to_user(user, &ver, sizeof(ver)))
			return -EFAULT;
		*len = sizeof(ver);
		return 0;
	}
	return -EINVAL;
}

static struct nf_sockopt_ops ra6n_sockopts = {
	.pf = PF_INET6,
	.set_optmin = RA6NOTIFY_SO_BASE,
	.set_optmax = RA6NOTIFY_SO_SET_MAX + 1,
	.set = ra6n_so_set,
	.get_optmin = RA6NOTIFY_SO_BASE,
	.get_optmax = RA6NOTIFY_SO_GET_MAX + 1,
	.get = ra6n_so_get,
	.owner = THIS_MODULE,
};

int ra6n_sockopt_register(void)
{
	return nf_register_sockopt(&ra6n_sockopts);
}

void ra6n_sockopt_unregister(void)
{
	nf_unregister_sockopt(&ra6n_sockopts);
}
#else
int ra6n_sockopt_register(void)
{
	return 0;
}

void ra6n_sockopt_unregister(void)
{
}
#endif /* CONFIG_NETFILTER */
