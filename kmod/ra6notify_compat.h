/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel API differences between 3.10 and current, in one place. */
#ifndef _RA6NOTIFY_COMPAT_H
#define _RA6NOTIFY_COMPAT_H

#include <linux/version.h>
#include <linux/netlink.h>
#include <linux/capability.h>
#include <linux/netfilter.h>

#ifndef READ_ONCE
#define READ_ONCE(x)		ACCESS_ONCE(x)
#define WRITE_ONCE(x, v)	(ACCESS_ONCE(x) = (v))
#endif

/* extack argument since 4.12 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(4, 12, 0)
#define ra6n_netlink_ack(skb, nlh, err)	netlink_ack(skb, nlh, err, NULL)
#else
#define ra6n_netlink_ack(skb, nlh, err)	netlink_ack(skb, nlh, err)
#endif

/* netlink_capable() came in 3.15 (some 3.10.y have it; capable() is fine) */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(3, 15, 0)
#define ra6n_nl_capable(skb)	netlink_capable(skb, CAP_NET_ADMIN)
#else
#define ra6n_nl_capable(skb)	capable(CAP_NET_ADMIN)
#endif

/* bind() can refuse a group join since 3.19; before, the core's own
 * CAP_NET_ADMIN test (no NL_CFG_F_NONROOT_RECV) is all there is.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(3, 19, 0)
#define RA6N_HAVE_NL_BIND 1
#endif

/* pernet_operations.id became unsigned int * in 4.6 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(4, 6, 0)
typedef unsigned int ra6n_net_id_t;
#else
typedef int ra6n_net_id_t;
#endif

/* setsockopt argument is a sockptr_t since 5.9 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 9, 0)
typedef sockptr_t ra6n_sockopt_arg_t;
#define ra6n_copy_from_opt(dst, arg, len)	copy_from_sockptr(dst, arg, len)
#else
typedef void __user *ra6n_sockopt_arg_t;
#define ra6n_copy_from_opt(dst, arg, len)	copy_from_user(dst, arg, len)
#endif

/* netfilter hook: signature and registration scope */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(4, 4, 0)
#define RA6N_HOOKFN_ARGS	void *priv, struct sk_buff *skb, \
				const struct nf_hook_state *state
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(4, 1, 0)
#define RA6N_HOOKFN_ARGS	const struct nf_hook_ops *ops, \
				struct sk_buff *skb, \
				const struct nf_hook_state *state
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(3, 13, 0)
#define RA6N_HOOKFN_ARGS	const struct nf_hook_ops *ops, \
				struct sk_buff *skb, \
				const struct net_device *in, \
				const struct net_device *out, \
				int (*okfn)(struct sk_buff *)
#else
#define RA6N_HOOKFN_ARGS	unsigned int hooknum, struct sk_buff *skb, \
				const struct net_device *in, \
				const struct net_device *out, \
				int (*okfn)(struct sk_buff *)
#endif

/* nf_hook_ops.owner went away in 4.4 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(4, 4, 0)
#define RA6N_NF_HOOK_OWNER 1
#endif

/* nf_register_hook() (global) went away in 4.13; per-net since 4.3 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(4, 13, 0)
#define RA6N_PERNET_HOOKS 1
#endif

#endif /* _RA6NOTIFY_COMPAT_H */
