// SPDX-License-Identifier: GPL-2.0
/*
 * ra6notify flood control: a token bucket per interface (rate, burst) and
 * coalescing of an RA identical to the last one sent. Every event held
 * back or lost is counted and the next event says how many. rate and
 * burst are bounded (main.c), so burst * HZ and elapsed * rate fit 32 bits.
 */
#include <linux/kernel.h>
#include <linux/jiffies.h>
#include <linux/string.h>
#include "ra6notify.h"

/* caller holds rn->lock; reuses the least recently used slot when full */
static struct ra6n_ifstate *ra6n_slot(struct ra6n_net *rn, int ifindex,
				      unsigned long now, unsigned long full)
{
	struct ra6n_ifstate *s, *victim = NULL;
	unsigned int i;

	for (i = 0; i < RA6N_IF_SLOTS; i++) {
		s = &rn->ifs[i];
		if (s->ifindex == ifindex)
			return s;
		if (!victim || !s->ifindex ||
		    (victim->ifindex && time_before(s->last_use,
						    victim->last_use)))
			victim = s;
	}
	memset(victim, 0, sizeof(*victim));
	victim->ifindex = ifindex;
	victim->refill = now;
	victim->tokens = full;
	return victim;
}

/* tokens are counted in 1/HZ of an event so that refill is exact */
static bool ra6n_take_token(struct ra6n_ifstate *s, unsigned long now,
			    unsigned int rate, unsigned long full)
{
	unsigned long elapsed = now - s->refill;

	s->refill = now;
	if (elapsed >= full / rate + 1)
		s->tokens = full;
	else
		s->tokens = min(full, s->tokens + elapsed * rate);
	if (s->tokens < HZ)
		return false;
	s->tokens -= HZ;
	return true;
}

enum ra6n_verdict ra6n_ratelimit(struct ra6n_net *rn, const struct ra6n_ra *ra,
				 u32 *seq, u32 *dropped)
{
	unsigned int rate = READ_ONCE(ra6n_rate);
	unsigned long full = (unsigned long)max(READ_ONCE(ra6n_burst), 1U) * HZ;
	unsigned long win = msecs_to_jiffies(READ_ONCE(ra6n_coalesce_ms));
	unsigned long now = jiffies;
	enum ra6n_verdict v = RA6N_SEND;
	struct ra6n_ifstate *s;

	spin_lock_bh(&rn->lock);
	s = ra6n_slot(rn, ra->ifindex, now, full);
	s->last_use = now;
	/* after a loss the next event must go out to report it */
	if (win && s->seq && !s->dropped && s->last_hash == ra->hash &&
	    time_before(now, s->last_sent + win)) {
		v = RA6N_COALESCE;
	} else if (rate && !ra6n_take_token(s, now, rate, full)) {
		s->dropped++;
		v = RA6N_LIMIT;
	} else {
		*seq = ++s->seq;
		*dropped = s->dropped;
		s->dropped = 0;
		s->last_hash = ra->hash;
		s->last_sent = now;
	}
	spin_unlock_bh(&rn->lock);
	return v;
}

/* an event that was let through could not be sent: the next one says so */
void ra6n_ratelimit_lost(struct ra6n_net *rn, int ifindex)
{
	unsigned int i;

	spin_lock_bh(&rn->lock);
	for (i = 0; i < RA6N_IF_SLOTS; i++) {
		if (rn->ifs[i].ifindex == ifindex) {
			rn->ifs[i].dropped++;
			break;
		}
	}
	spin_unlock_bh(&rn->lock);
}
