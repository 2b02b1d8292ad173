/* SPDX-License-Identifier: GPL-2.0 */
/* What ndisc calls of ra6notify (net/ipv6/ra6notify_*.c), or nothing. */
#ifndef _NET_RA6NOTIFY_H
#define _NET_RA6NOTIFY_H

struct sk_buff;

#ifdef CONFIG_IPV6_RA6NOTIFY
int ra6notify_init(void);
void ra6notify_exit(void);
void ra6notify_ndisc_rcv(struct sk_buff *skb);
#else
static inline int ra6notify_init(void)
{
	return 0;
}

static inline void ra6notify_exit(void)
{
}

static inline void ra6notify_ndisc_rcv(struct sk_buff *skb)
{
}
#endif

#endif /* _NET_RA6NOTIFY_H */
