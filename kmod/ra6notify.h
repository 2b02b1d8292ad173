/* SPDX-License-Identifier: GPL-2.0 */
/* ra6notify internals shared by its source files. */
#ifndef _RA6NOTIFY_H
#define _RA6NOTIFY_H

#include <linux/types.h>
#include <linux/spinlock.h>
#include <linux/atomic.h>
#include <linux/in6.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <linux/ra6notify.h>
#include "ra6notify_compat.h"

#ifdef RA6NOTIFY_OOT
int ra6notify_init(void);
void ra6notify_exit(void);
#else
#include <net/ra6notify.h>
#endif

#define RA6N_IF_SLOTS	32	/* interfaces tracked per namespace (LRU) */

/* settings: module parameters (main.c); the first four change at run time */
extern unsigned int ra6n_rate;
extern unsigned int ra6n_burst;
extern unsigned int ra6n_coalesce_ms;
extern bool ra6n_enabled;
extern bool ra6n_legacy;
extern int ra6n_proto;
extern unsigned short ra6n_legacy_type;

struct ra6n_counters {
	atomic64_t ras_seen;
	atomic64_t ras_invalid;
	atomic64_t events_sent;
	atomic64_t dropped_ratelimit;
	atomic64_t dropped_nomem;
	atomic64_t dropped_unicast;
	atomic64_t coalesced;
	atomic64_t legacy_sent;
};

/* rate limit and coalescing state of one interface */
struct ra6n_ifstate {
	int ifindex;			/* 0: free slot */
	unsigned long last_use;		/* jiffies, for LRU reuse */
	unsigned long refill;		/* jiffies of last token refill */
	unsigned long tokens;		/* in 1/HZ events */
	unsigned long last_sent;	/* jiffies of last event */
	u32 last_hash;			/* of the last event's RA */
	u32 seq;
	u32 dropped;			/* lost since the last event */
};

struct ra6n_net {
	struct sock *legacy_sk;		/* legacy unit (legacy=1), else NULL */
	spinlock_t lock;		/* protects all below */
	u32 portids[RA6NOTIFY_MAX_LISTENERS];	/* genl listeners */
	unsigned int nportids;
	u32 legacy_portid;
	bool legacy_set;
	u32 legacy_seq;
	struct ra6n_ifstate ifs[RA6N_IF_SLOTS];
	struct ra6n_counters ctr;
};

/* what the hook found in a valid RA */
struct ra6n_ra {
	struct in6_addr saddr;
	int ifindex;
	int accept_ra;
	int forwarding;
	u8 hop_limit;
	u8 flags;
	u16 lifetime;
	u32 reachable;
	u32 retrans;
	int opt_off;			/* options: offset from skb->data */
	unsigned int opt_len;		/* all option bytes */
	unsigned int opt_copy;		/* whole options that fit the event */
	u32 hash;			/* of the RA content, for coalescing */
	u64 tstamp;
};

extern ra6n_net_id_t ra6n_net_id;
extern bool ra6n_ready;

static inline struct ra6n_net *ra6n_pernet(struct net *net)
{
	return net_generic(net, ra6n_net_id);
}

/* hook.c: where RAs come in */
int ra6n_hook_register(void);
void ra6n_hook_unregister(void);
int ra6n_hook_net_init(struct net *net);
void ra6n_hook_net_exit(struct net *net);
void ra6n_rcv(struct sk_buff *skb, bool validated);

/* genl.c: the family, its requests and registrations */
int ra6n_genl_register(void);
void ra6n_genl_unregister(void);
void ra6n_genl_net_exit(struct net *net, struct ra6n_net *rn);
struct sk_buff *ra6n_genl_new(size_t payload, u32 seq, u8 cmd, gfp_t gfp,
			      void **hdr);
bool ra6n_capable(const struct sk_buff *skb, struct net *net);

/* event.c: an event to the listeners */
void ra6n_send_event(struct net *net, struct ra6n_net *rn,
		     const struct sk_buff *skb, const struct ra6n_ra *ra,
		     u32 seq, u32 dropped);

/* legacy.c: the vendor protocol on its own netlink unit */
int ra6n_legacy_net_init(struct net *net, struct ra6n_net *rn);
void ra6n_legacy_net_exit(struct ra6n_net *rn);
void ra6n_legacy_send(struct ra6n_net *rn);

/* ratelimit.c */
enum ra6n_verdict { RA6N_SEND, RA6N_COALESCE, RA6N_LIMIT };
enum ra6n_verdict ra6n_ratelimit(struct ra6n_net *rn, const struct ra6n_ra *ra,
				 u32 *seq, u32 *dropped);
void ra6n_ratelimit_lost(struct ra6n_net *rn, int ifindex);

/* main.c */
void ra6n_fill_stats(struct ra6n_net *rn, struct ra6notify_stats *st);

#endif /* _RA6NOTIFY_H */
