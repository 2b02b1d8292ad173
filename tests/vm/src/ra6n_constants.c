// SPDX-License-Identifier: GPL-2.0
/*
 * Print every number of <linux/ra6notify.h> as NAME=value, and the layout
 * of struct ra6notify_stats, so that a mirror (ra6c's Rust constants) can
 * be compared with the header by a test instead of by eye.
 * build: gcc -I kmod/include/uapi -o ra6n_constants ra6n_constants.c
 */
#include <stddef.h>
#include <stdio.h>
#include <linux/ra6notify.h>

#define C(x) printf("%s=%lld\n", #x, (long long)(x))
#define OFF(f) printf("stats.%s=%zu+%zu\n", #f, \
		      offsetof(struct ra6notify_stats, f), \
		      sizeof(((struct ra6notify_stats *)0)->f))

int main(void)
{
	C(RA6NOTIFY_VERSION); C(RA6NOTIFY_NETLINK_DEFAULT);
	C(RA6NOTIFY_GROUP_EVENTS); C(RA6NOTIFY_MAX_LISTENERS);
	C(RA6NOTIFY_OPTIONS_MAX);
	C(RA6NOTIFY_MSG_REGISTER); C(RA6NOTIFY_MSG_UNREGISTER);
	C(RA6NOTIFY_MSG_PING); C(RA6NOTIFY_MSG_EVENT);
	C(RA6NOTIFY_MSG_GET_STATS); C(RA6NOTIFY_MSG_STATS);
	C(RA6NOTIFY_MSG_GOODBYE);
	C(RA6NOTIFY_A_VERSION); C(RA6NOTIFY_A_PROTO); C(RA6NOTIFY_A_COOKIE);
	C(RA6NOTIFY_A_STATS); C(RA6NOTIFY_A_IFINDEX); C(RA6NOTIFY_A_SRC);
	C(RA6NOTIFY_A_FLAGS); C(RA6NOTIFY_A_M); C(RA6NOTIFY_A_O);
	C(RA6NOTIFY_A_H); C(RA6NOTIFY_A_PRF); C(RA6NOTIFY_A_ROUTER_LIFETIME);
	C(RA6NOTIFY_A_REACHABLE); C(RA6NOTIFY_A_RETRANS);
	C(RA6NOTIFY_A_CUR_HOP_LIMIT); C(RA6NOTIFY_A_ACCEPT_RA);
	C(RA6NOTIFY_A_FORWARDING); C(RA6NOTIFY_A_OPTIONS);
	C(RA6NOTIFY_A_OPTIONS_TRUNC); C(RA6NOTIFY_A_SEQ);
	C(RA6NOTIFY_A_DROPPED); C(RA6NOTIFY_A_TSTAMP); C(RA6NOTIFY_A_MAX);
	C(RA6NOTIFY_PRF_MEDIUM); C(RA6NOTIFY_PRF_HIGH);
	C(RA6NOTIFY_PRF_RESERVED); C(RA6NOTIFY_PRF_LOW);
	C(RA6NOTIFY_FLAG_M); C(RA6NOTIFY_FLAG_O); C(RA6NOTIFY_FLAG_H);
	C(RA6NOTIFY_FLAG_PRF_MASK); C(RA6NOTIFY_FLAG_PRF_SHIFT);
	C(RA6NOTIFY_SO_BASE); C(RA6NOTIFY_SO_GET_STATS);
	C(RA6NOTIFY_SO_GET_VERSION); C(RA6NOTIFY_SO_SET_RATE);
	C(RA6NOTIFY_SO_SET_BURST); C(RA6NOTIFY_SO_SET_ENABLE);
	C(RA6NOTIFY_SO_RESET_STATS); C(RA6NOTIFY_LEGACY_TYPE_DEFAULT);
	printf("stats.size=%zu\n", sizeof(struct ra6notify_stats));
	OFF(version); OFF(size); OFF(ras_seen); OFF(ras_invalid);
	OFF(events_sent); OFF(dropped); OFF(dropped_ratelimit);
	OFF(dropped_nomem); OFF(dropped_unicast); OFF(dropped_mcast);
	OFF(coalesced); OFF(legacy_sent); OFF(listeners);
	OFF(group_listeners); OFF(rate); OFF(burst); OFF(enabled);
	OFF(legacy); OFF(proto); OFF(coalesce_ms);
	return 0;
}
