/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ra6notify: tell user space (a DHCPv6 client) that an IPv6 Router
 * Advertisement arrived, whatever accept_ra and forwarding say.
 *
 * This header is the whole contract between the kernel side (the ra6notify
 * module, or net/ipv6/ra6notify_*.c in a patched tree) and user space.
 * Numbers in here never change meaning; new things get new numbers and
 * RA6NOTIFY_VERSION is bumped.
 *
 * Netlink (protocol RA6NOTIFY_NETLINK_DEFAULT unless the module parameter
 * "proto" or CONFIG_IPV6_RA6NOTIFY_PROTO says otherwise; one kernel socket
 * per network namespace):
 *
 *   request (user -> kernel)    payload          answer
 *   RA6NOTIFY_MSG_REGISTER      none             ack (NLM_F_ACK) or error;
 *                                                needs CAP_NET_ADMIN
 *   RA6NOTIFY_MSG_UNREGISTER    none             ack or error
 *   RA6NOTIFY_MSG_PING          [A_COOKIE]       RA6NOTIFY_MSG_PING with
 *                                                A_VERSION, A_PROTO, A_COOKIE
 *   RA6NOTIFY_MSG_GET_STATS     none             RA6NOTIFY_MSG_STATS with
 *                                                A_VERSION, A_STATS
 *
 * Every request is answered with an NLMSG_ERROR ack when it fails, and
 * when it succeeds if NLM_F_ACK was set.
 *
 * Events (kernel -> user), type RA6NOTIFY_MSG_EVENT, are sent to every
 * registered port id (at most RA6NOTIFY_MAX_LISTENERS per namespace) and to
 * multicast group RA6NOTIFY_GROUP_EVENTS (joining it needs CAP_NET_ADMIN).
 * A registration ends with UNREGISTER or when the socket closes.
 *
 * RA6NOTIFY_MSG_GOODBYE (no payload) goes to the same receivers when the
 * module unloads or the namespace goes away. An open socket does not keep
 * the module loaded: after GOODBYE, sends on it fail with ECONNREFUSED
 * and new sockets with EPROTONOSUPPORT until it is back (PING to probe);
 * then REGISTER again. Events carry the per-interface A_SEQ in nlmsg_seq.
 *
 * Payloads are netlink attributes (struct nlattr, 4-byte aligned), host
 * byte order. 8-byte values are only 4-byte aligned: read them with memcpy.
 */
#ifndef _UAPI_LINUX_RA6NOTIFY_H
#define _UAPI_LINUX_RA6NOTIFY_H

#include <linux/types.h>

#define RA6NOTIFY_VERSION		1

/* free in Linux 3.10 and 6.x (upstream units stop at 22) */
#define RA6NOTIFY_NETLINK_DEFAULT	25

/* multicast group for bind()/NETLINK_ADD_MEMBERSHIP: nl_groups bit 0 */
#define RA6NOTIFY_GROUP_EVENTS		1

#define RA6NOTIFY_MAX_LISTENERS		16

/* option bytes copied into an event, cut at an option boundary */
#define RA6NOTIFY_OPTIONS_MAX		1024

/* far from the small types that seed-style clients use (see LEGACY below) */
enum ra6notify_msg_type {
	RA6NOTIFY_MSG_REGISTER = 0x5201,
	RA6NOTIFY_MSG_UNREGISTER = 0x5202,
	RA6NOTIFY_MSG_PING = 0x5203,
	RA6NOTIFY_MSG_EVENT = 0x5204,
	RA6NOTIFY_MSG_GET_STATS = 0x5205,
	RA6NOTIFY_MSG_STATS = 0x5206,
	RA6NOTIFY_MSG_GOODBYE = 0x5207,
};

#define RA6NOTIFY_MSG_MIN	RA6NOTIFY_MSG_REGISTER
#define RA6NOTIFY_MSG_MAX	RA6NOTIFY_MSG_GOODBYE

enum ra6notify_attr {
	RA6NOTIFY_A_UNSPEC,
	RA6NOTIFY_A_VERSION,		/* u32: RA6NOTIFY_VERSION */
	RA6NOTIFY_A_PROTO,		/* u32: netlink protocol in use */
	RA6NOTIFY_A_COOKIE,		/* u64: PING echo */
	RA6NOTIFY_A_STATS,		/* struct ra6notify_stats */
	RA6NOTIFY_A_IFINDEX,		/* u32 */
	RA6NOTIFY_A_SRC,		/* 16 bytes: IPv6 source (link-local) */
	RA6NOTIFY_A_FLAGS,		/* u8: RA flags byte as on the wire */
	RA6NOTIFY_A_M,			/* u8: 0/1 managed */
	RA6NOTIFY_A_O,			/* u8: 0/1 other config */
	RA6NOTIFY_A_H,			/* u8: 0/1 home agent */
	RA6NOTIFY_A_PRF,		/* u8: RA6NOTIFY_PRF_* */
	RA6NOTIFY_A_ROUTER_LIFETIME,	/* u32: seconds */
	RA6NOTIFY_A_REACHABLE,		/* u32: ms */
	RA6NOTIFY_A_RETRANS,		/* u32: ms */
	RA6NOTIFY_A_CUR_HOP_LIMIT,	/* u8 */
	RA6NOTIFY_A_ACCEPT_RA,		/* s32: interface's accept_ra */
	RA6NOTIFY_A_FORWARDING,		/* s32: interface's forwarding */
	RA6NOTIFY_A_OPTIONS,		/* bytes: ND options, whole options */
	RA6NOTIFY_A_OPTIONS_TRUNC,	/* u8: 1 if options were cut */
	RA6NOTIFY_A_SEQ,		/* u32: per-interface event number */
	RA6NOTIFY_A_DROPPED,		/* u32: events lost on this interface
					 * (rate limit) since the last one
					 */
	RA6NOTIFY_A_TSTAMP,		/* u64: CLOCK_MONOTONIC ns at the hook */
	__RA6NOTIFY_A_MAX,
};

#define RA6NOTIFY_A_MAX		(__RA6NOTIFY_A_MAX - 1)

/* router preference (RFC 4191), the two prf bits of the flags byte */
#define RA6NOTIFY_PRF_MEDIUM	0
#define RA6NOTIFY_PRF_HIGH	1
#define RA6NOTIFY_PRF_RESERVED	2
#define RA6NOTIFY_PRF_LOW	3

/* flags byte */
#define RA6NOTIFY_FLAG_M	0x80
#define RA6NOTIFY_FLAG_O	0x40
#define RA6NOTIFY_FLAG_H	0x20
#define RA6NOTIFY_FLAG_PRF_MASK	0x18
#define RA6NOTIFY_FLAG_PRF_SHIFT 3

/*
 * Counters of one network namespace; settings are global. Also read with
 * getsockopt(RA6NOTIFY_SO_GET_STATS). Grows only at the end: check size.
 */
struct ra6notify_stats {
	__u32 version;		/* RA6NOTIFY_VERSION */
	__u32 size;		/* sizeof(struct ra6notify_stats) of the kernel */
	__u64 ras_seen;		/* ICMPv6 type 134 seen by the hook */
	__u64 ras_invalid;	/* failed the ndisc checks: no event (in
				 * tree ndisc drops them first: 0)
				 */
	__u64 events_sent;	/* events built for listeners (none: not
				 * counted)
				 */
	__u64 dropped;		/* sum of the dropped_* below */
	__u64 dropped_ratelimit;
	__u64 dropped_nomem;
	__u64 dropped_unicast;	/* a listener's socket was full */
	__u64 dropped_mcast;
	__u64 coalesced;	/* identical to the previous event: not sent */
	__u64 legacy_sent;
	__u32 listeners;	/* registered port ids, legacy one included */
	__u32 group_listeners;	/* 1 if the multicast group has members */
	__u32 rate;		/* events per second per interface, 0: no limit */
	__u32 burst;
	__u32 enabled;
	__u32 legacy;		/* seed compatibility mode on */
	__u32 proto;
	__u32 coalesce_ms;
};

/*
 * Socket options, level IPPROTO_IPV6, on any AF_INET6 socket: a raw one as
 * IPVS tools do, or UDP (no privilege needed to read). A private range
 * registered with nf_register_sockopt(). Values are __u32.
 */
#define RA6NOTIFY_SO_BASE		0x5236
#define RA6NOTIFY_SO_GET_STATS		(RA6NOTIFY_SO_BASE)	/* stats */
#define RA6NOTIFY_SO_GET_VERSION	(RA6NOTIFY_SO_BASE + 1)	/* __u32 */
#define RA6NOTIFY_SO_GET_MAX		(RA6NOTIFY_SO_GET_VERSION)
/* setting needs CAP_NET_ADMIN */
#define RA6NOTIFY_SO_SET_RATE		(RA6NOTIFY_SO_BASE)
#define RA6NOTIFY_SO_SET_BURST		(RA6NOTIFY_SO_BASE + 1)
#define RA6NOTIFY_SO_SET_ENABLE		(RA6NOTIFY_SO_BASE + 2)
#define RA6NOTIFY_SO_RESET_STATS	(RA6NOTIFY_SO_BASE + 3)	/* any value */
#define RA6NOTIFY_SO_SET_MAX		(RA6NOTIFY_SO_RESET_STATS)

/*
 * Seed compatibility ("legacy") mode, module parameter legacy=1: the
 * vendor-patch protocol. A client sends any message whose type is not one
 * of RA6NOTIFY_MSG_* nor NLMSG_NOOP..NLMSG_OVERRUN, usually with its pid as
 * a __u32 payload; its port id becomes the one legacy receiver of the
 * namespace (needs CAP_NET_ADMIN, no ack). Every RA then also sends it a
 * bare nlmsghdr (no payload) of type legacy_type.
 */
#define RA6NOTIFY_LEGACY_TYPE_DEFAULT	0

#endif /* _UAPI_LINUX_RA6NOTIFY_H */
