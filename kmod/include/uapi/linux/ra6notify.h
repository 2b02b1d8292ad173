/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ra6notify: tell user space (a DHCPv6 client) that an IPv6 Router
 * Advertisement arrived, whatever accept_ra and forwarding say.
 *
 * This header is the whole contract between the kernel side (the ra6notify
 * module, or net/ipv6/ra6notify_*.c in a patched tree) and user space.
 * Numbers in here never change meaning; new things get new numbers and
 * RA6NOTIFY_VERSION is bumped. Receivers ignore attributes they don't
 * know.
 *
 * Generic netlink family RA6NOTIFY_GENL_NAME (look its id up with
 * CTRL_CMD_GETFAMILY), version RA6NOTIFY_VERSION, in every network
 * namespace; each namespace has its own RAs, registrations and counters.
 * Version 1 used a netlink unit of its own instead, with message types
 * 0x5201..0x5207 in the order of the commands below.
 *
 *   command (user -> kernel)   attributes   answer
 *   RA6NOTIFY_CMD_REGISTER     none         ack (NLM_F_ACK) or error;
 *                                           needs CAP_NET_ADMIN over the
 *                                           namespace
 *   RA6NOTIFY_CMD_UNREGISTER   none         ack or error (ENOENT)
 *   RA6NOTIFY_CMD_PING         [A_COOKIE]   RA6NOTIFY_CMD_PING with
 *                                           A_VERSION, A_COOKIE
 *   RA6NOTIFY_CMD_GET_STATS    none         RA6NOTIFY_CMD_STATS with
 *                                           A_VERSION, A_STATS
 *
 * Any other attribute in a request, or an A_COOKIE that is not 8 bytes,
 * may be refused (EINVAL).
 *
 * Events (kernel -> user), command RA6NOTIFY_CMD_EVENT, go to every port
 * id registered in the namespace that the RA arrived in (at most
 * RA6NOTIFY_MAX_LISTENERS per namespace); nlmsg_seq is the event's A_SEQ.
 * A registration ends with UNREGISTER or when its socket closes. Events
 * lost on the way are told: when the kernel could not send one (rate
 * limit, no memory), the next event of the interface counts it in
 * A_DROPPED; when the receiver's socket was full, its recv() fails once
 * with ENOBUFS. After either, ask for a fresh RA (Router Solicitation).
 *
 * RA6NOTIFY_CMD_GOODBYE (no attributes) goes to every registered port id
 * when the module unloads; the family is gone by then. A socket does not
 * keep the module loaded: look the family up again later (ENOENT until
 * it is back; every lookup of a missing family makes the kernel try to
 * load a module, so don't look often), then REGISTER again.
 *
 * Settings are module parameters (rate, burst, coalesce_ms and enable can
 * be changed at run time under /sys/module/ra6notify/parameters/);
 * GET_STATS shows them with the counters, to anyone.
 *
 * Attributes are struct nlattr, 4-byte aligned, host byte order. 8-byte
 * values are only 4-byte aligned: read them with memcpy.
 */
#ifndef _UAPI_LINUX_RA6NOTIFY_H
#define _UAPI_LINUX_RA6NOTIFY_H

#include <linux/types.h>

#define RA6NOTIFY_VERSION		2
#define RA6NOTIFY_GENL_NAME		"ra6notify"

#define RA6NOTIFY_MAX_LISTENERS		16

/* option bytes copied into an event, cut at an option boundary */
#define RA6NOTIFY_OPTIONS_MAX		1024

enum ra6notify_cmd {
	RA6NOTIFY_CMD_UNSPEC,
	RA6NOTIFY_CMD_REGISTER,
	RA6NOTIFY_CMD_UNREGISTER,
	RA6NOTIFY_CMD_PING,
	RA6NOTIFY_CMD_EVENT,
	RA6NOTIFY_CMD_GET_STATS,
	RA6NOTIFY_CMD_STATS,
	RA6NOTIFY_CMD_GOODBYE,
	__RA6NOTIFY_CMD_MAX,
};

#define RA6NOTIFY_CMD_MAX	(__RA6NOTIFY_CMD_MAX - 1)

enum ra6notify_attr {
	RA6NOTIFY_A_UNSPEC,
	RA6NOTIFY_A_VERSION,		/* u32: RA6NOTIFY_VERSION */
	RA6NOTIFY_A_PROTO,		/* u32: version 1's netlink unit */
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
	RA6NOTIFY_A_OPTIONS_TRUNC,	/* u8: 1 if options were cut: the
					 * list is not complete
					 */
	RA6NOTIFY_A_SEQ,		/* u32: per-interface event number */
	RA6NOTIFY_A_DROPPED,		/* u32: events of this interface the
					 * kernel could not send (rate limit,
					 * no memory) since the last one
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
 * Counters of one network namespace; settings are global. Grows only at
 * the end: check size.
 */
struct ra6notify_stats {
	__u32 version;		/* RA6NOTIFY_VERSION */
	__u32 size;		/* sizeof(struct ra6notify_stats) of the kernel */
	__u64 ras_seen;		/* ICMPv6 type 134 seen by the hook */
	__u64 ras_invalid;	/* failed the ndisc checks, or came in
				 * fragments (RFC 6980): no event
				 */
	__u64 events_sent;	/* events built for listeners (none: not
				 * counted)
				 */
	__u64 dropped;		/* sum of the dropped_* below */
	__u64 dropped_ratelimit;
	__u64 dropped_nomem;
	__u64 dropped_unicast;	/* a listener's socket was full */
	__u64 dropped_mcast;	/* version 1 only (multicast group) */
	__u64 coalesced;	/* identical to the previous event: not sent */
	__u64 legacy_sent;
	__u32 listeners;	/* registered port ids, legacy one included */
	__u32 group_listeners;	/* version 1 only (multicast group) */
	__u32 rate;		/* events per second per interface, 0: no limit */
	__u32 burst;
	__u32 enabled;
	__u32 legacy;		/* legacy mode on */
	__u32 proto;		/* netlink unit of legacy mode */
	__u32 coalesce_ms;
};

/*
 * Legacy mode (module parameter legacy=1 at load; in tree
 * ra6notify.legacy=1): the protocol of vendor "RA received" patches, on a
 * netlink unit of its own (module parameter proto, in tree
 * CONFIG_IPV6_RA6NOTIFY_PROTO). A client sends any message of a type
 * outside NLMSG_NOOP..NLMSG_MIN_TYPE-1, usually with its pid as a __u32
 * payload; its port id becomes the one legacy receiver of the namespace
 * (needs CAP_NET_ADMIN over the namespace; no answer). Every RA then also
 * sends it a bare nlmsghdr (no payload) of type legacy_type. The protocol
 * has no goodbye, so a socket on this unit keeps the module loaded.
 */
#define RA6NOTIFY_LEGACY_NETLINK_DEFAULT	25
#define RA6NOTIFY_LEGACY_TYPE_DEFAULT		0

#endif /* _UAPI_LINUX_RA6NOTIFY_H */
