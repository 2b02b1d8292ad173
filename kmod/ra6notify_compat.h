/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel API differences between 3.10 and current, in one place. */
#ifndef _RA6NOTIFY_COMPAT_H
#define _RA6NOTIFY_COMPAT_H

#include <linux/version.h>
#include <linux/netlink.h>
#include <linux/capability.h>
#include <linux/netfilter.h>
#include <linux/ipv6.h>
#include <net/genetlink.h>

#ifndef READ_ONCE
#define READ_ONCE(x)		ACCESS_ONCE(x)
#define WRITE_ONCE(x, v)	(ACCESS_ONCE(x) = (v))
#endif

/* CAP_NET_ADMIN over the namespace, of the task and of the socket's
 * opener: netlink_ns_capable() (3.15); before, the same by hand (plain
 * capable() would only check the task: CVE-2014-0181).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(3, 15, 0)
#define ra6n_ns_capable(skb, ns)	netlink_ns_capable(skb, ns, CAP_NET_ADMIN)
#else
static inline bool ra6n_ns_capable(const struct sk_buff *skb,
				   struct user_namespace *ns)
{
	const struct sock *sk = NETLINK_CB(skb).sk;

	return sk && sk->sk_socket && sk->sk_socket->file &&
	       file_ns_capable(sk->sk_socket->file, ns, CAP_NET_ADMIN) &&
	       ns_capable(ns, CAP_NET_ADMIN);
}
#endif

/* generic netlink: the core checks that for an op since 4.10, before the
 * handler does
 */
#ifdef GENL_UNS_ADMIN_PERM
#define RA6N_GENL_ADMIN		GENL_UNS_ADMIN_PERM
#else
#define RA6N_GENL_ADMIN		0
#define RA6N_GENL_ADMIN_BY_HAND	1
#endif

/* ops: a list_head inside until 3.13, then const; in the family since
 * 4.10 (ids allocated without GENL_ID_GENERATE); one policy for the
 * family since 5.2, per op before
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(3, 13, 0)
#define RA6N_GENL_OPS_CONST	const
#else
#define RA6N_GENL_OPS_CONST
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(4, 10, 0)
#define RA6N_GENL_OPS_IN_FAMILY	1
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 2, 0)
#define RA6N_GENL_FAMILY_POLICY	1
#endif

/* pernet_operations.id became unsigned int * in 4.6 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(4, 6, 0)
typedef unsigned int ra6n_net_id_t;
#else
typedef int ra6n_net_id_t;
#endif

/* Reassembled before the RA reached us (ipv6 core before ndisc; since
 * 4.5 also nf_defrag_ipv6 before LOCAL_IN), without a fragment header
 * left: 3.12 added the flag; the 3.10 series adds it too.
 */
#ifdef IP6SKB_FRAGMENTED
#define ra6n_reassembled(skb)	(IP6CB(skb)->flags & IP6SKB_FRAGMENTED)
#else
#define ra6n_reassembled(skb)	false
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
