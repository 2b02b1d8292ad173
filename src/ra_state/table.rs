//! One kind of RA-learned entry (routers, prefixes, routes, RDNSS, DNSSL):
//! a fixed-capacity list, each entry with its own expiry and what the
//! state script last reported of it.
//!
//! What the script reports, netifd keeps with the *remaining* lifetime and
//! deletes when that runs out (interface-ip.c `valid_until`). So an entry
//! remembers the expiry netifd derived from the last report; the table
//! says when a report must be refreshed because the router extended an
//! entry past what netifd holds.

use core::time::Duration;

use heapless::Vec as HVec;

use crate::time::Instant;

/// RFC 4861 §4.6.2, RFC 4191, RFC 8106: all ones is infinity.
pub const INFINITY: u32 = u32::MAX;

/// Refresh a report this long before netifd's copy runs out (at most half
/// the reported lifetime): room for the -m hold-off (3 s by default), a
/// state script slow to fork on a busy router, and netifd's 1 s ticks.
pub const REFRESH_LEAD: Duration = Duration::from_secs(10);

/// When an entry runs out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Until {
    At(Instant),
    Never,
}

impl Until {
    /// `secs` from `now`; `INFINITY` never runs out.
    pub fn after(now: Instant, secs: u32) -> Until {
        if secs == INFINITY {
            Until::Never
        } else {
            Until::At(now + Duration::from_secs(u64::from(secs)))
        }
    }

    /// Whole seconds left at `now`, rounded down (what the script reports,
    /// so netifd never holds an entry longer than it lives); `INFINITY`
    /// for never.
    pub fn secs_left(self, now: Instant) -> u32 {
        match self {
            Until::Never => INFINITY,
            Until::At(t) => u32::try_from(t.since(now).as_secs())
                .unwrap_or(INFINITY - 1)
                .min(INFINITY - 1),
        }
    }

    pub fn instant(self) -> Option<Instant> {
        match self {
            Until::At(t) => Some(t),
            Until::Never => None,
        }
    }

    fn passed(self, now: Instant) -> bool {
        matches!(self, Until::At(t) if t <= now)
    }
}

/// What the script last reported of an entry, as netifd holds it: the
/// lifetimes in seconds and the instants they run out at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reported {
    pub valid: Until,
    pub preferred: Until,
    valid_secs: u32,
    preferred_secs: u32,
}

impl Reported {
    fn at(now: Instant, valid: Until, preferred: Until) -> Reported {
        let valid_secs = valid.secs_left(now);
        let preferred_secs = preferred.secs_left(now).min(valid_secs);
        Reported {
            valid: Until::after(now, valid_secs),
            preferred: Until::after(now, preferred_secs),
            valid_secs,
            preferred_secs,
        }
    }

    /// Was it in the script's view (a lifetime of 0 is left out)?
    pub fn shown(&self) -> bool {
        self.valid_secs > 0
    }
}

/// When a report of `secs` running out at `until` must be refreshed, if
/// the entry now lives until `now_until`, at least a second longer.
fn refresh_at(until: Until, secs: u32, now_until: Until) -> Option<Instant> {
    let Until::At(t) = until else { return None };
    if now_until < Until::At(t + Duration::from_secs(1)) {
        return None;
    }
    let lead = (Duration::from_secs(u64::from(secs)) / 2).min(REFRESH_LEAD);
    Some(t - lead)
}

/// An entry's lifetimes and what the script last reported of them: the
/// part of the bookkeeping that doesn't depend on what the entry is, kept
/// apart so the code for it exists once, not once per table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Life {
    valid: Until,
    preferred: Until,
    reported: Option<Reported>,
    /// Carried by more than one RA: a router keeps advertising it. Such
    /// entries are evicted last, so a flood of one-off entries can't push
    /// out what the real router keeps sending.
    repeated: bool,
}

impl Life {
    fn shown(&self) -> bool {
        self.reported.is_some_and(|r| r.shown())
    }

    /// When its report must be refreshed (it was extended past it).
    fn refresh_at(&self) -> Option<Instant> {
        let r = self.reported?;
        let v = refresh_at(r.valid, r.valid_secs, self.valid);
        let p = refresh_at(r.preferred, r.preferred_secs, self.preferred);
        v.into_iter().chain(p).min()
    }

    /// New lifetimes from an RA; true if they cut below what netifd holds.
    fn update(&mut self, valid: Until, preferred: Until) -> bool {
        let cut = self.shown()
            && self
                .reported
                .is_some_and(|r| valid < r.valid || preferred < r.preferred);
        self.valid = valid;
        self.preferred = preferred;
        self.repeated = true;
        cut
    }

    /// Cut to `limit`; true if below what netifd holds.
    fn cap(&mut self, limit: Until) -> bool {
        if self.valid <= limit {
            return false;
        }
        self.valid = limit;
        self.preferred = self.preferred.min(limit);
        self.shown() && self.reported.is_some_and(|r| limit < r.valid)
    }

    /// Eviction order: one-off entries before repeated ones, then
    /// whatever runs out first.
    fn rank(&self) -> (bool, Until) {
        (self.repeated, self.valid)
    }
}

// The per-table work on lifetimes, over slices: compiled once.

fn next_expiry(lives: &[Life]) -> Option<Instant> {
    lives.iter().filter_map(|l| l.valid.instant()).min()
}

fn next_refresh(lives: &[Life]) -> Option<Instant> {
    lives.iter().filter_map(Life::refresh_at).min()
}

fn mark_reported(lives: &mut [Life], now: Instant) {
    for l in lives {
        l.reported = Some(Reported::at(now, l.valid, l.preferred));
    }
}

/// The entry to evict for a newcomer ranked `new`, if any ranks lower.
fn victim(lives: &[Life], new: (bool, Until)) -> Option<usize> {
    let (i, l) = lives.iter().enumerate().min_by_key(|(_, l)| l.rank())?;
    (l.rank() < new).then_some(i)
}

/// Entries that ran out by `now`, as a bit set (N <= 64), and whether the
/// script had reported any of them.
fn passed(lives: &[Life], now: Instant) -> (u64, bool) {
    let mut gone = 0;
    let mut shown = false;
    for (i, l) in lives.iter().enumerate() {
        if l.valid.passed(now) {
            gone |= 1 << i;
            shown |= l.shown();
        }
    }
    (gone, shown)
}

/// One entry as the readers (script.rs) see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'a, K, V> {
    pub key: &'a K,
    pub val: &'a V,
    pub valid: Until,
    pub preferred: Until,
    /// What the script last reported of it (`None`: not since it came).
    pub reported: Option<Reported>,
}

/// What an `upsert` did, for the script's bookkeeping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upsert {
    /// New entry.
    Added,
    /// Known entry; something the script shows changed beyond a later
    /// expiry (its value, or a lifetime cut below what was reported).
    Changed,
    /// Known entry, only lifetimes moved on (refreshed later if need be).
    Extended,
    /// Lifetime 0: the entry went; `shown` if the script had reported it.
    Removed {
        shown: bool,
    },
    /// Lifetime 0 for an entry we don't have.
    Ignored,
    /// Table full: a new entry took the place of another (`shown` if the
    /// script had reported that one) or, being the least worth keeping,
    /// was dropped itself (`shown` false).
    Evicted {
        shown: bool,
    },
    Dropped,
}

/// Up to N entries (N <= 64), in arrival order: keys and values, and
/// beside them, index for index, their lifetimes.
#[derive(Clone, Debug)]
pub struct Table<K, V, const N: usize> {
    items: HVec<(K, V), N>,
    lives: HVec<Life, N>,
}

impl<K, V, const N: usize> Default for Table<K, V, N> {
    fn default() -> Self {
        const { assert!(N <= 64) };
        Table {
            items: HVec::new(),
            lives: HVec::new(),
        }
    }
}

impl<K: PartialEq, V: PartialEq, const N: usize> Table<K, V, N> {
    pub fn iter(&self) -> impl Iterator<Item = Entry<'_, K, V>> {
        self.items.iter().zip(&self.lives).map(|((k, v), l)| Entry {
            key: k,
            val: v,
            valid: l.valid,
            preferred: l.preferred,
            reported: l.reported,
        })
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn remove(&mut self, i: usize) -> Life {
        self.items.remove(i);
        self.lives.remove(i)
    }

    /// Fold in one option: `valid` seconds 0 removes the entry. No
    /// allocation; a linear scan of at most N entries.
    pub fn upsert(&mut self, now: Instant, key: K, val: V, valid: u32, preferred: u32) -> Upsert {
        let pos = self.items.iter().position(|(k, _)| *k == key);
        if valid == 0 {
            return match pos {
                Some(i) => Upsert::Removed {
                    shown: self.remove(i).shown(),
                },
                None => Upsert::Ignored,
            };
        }
        let valid = Until::after(now, valid);
        let preferred = Until::after(now, preferred).min(valid);
        if let Some(i) = pos {
            // netifd holds it longer than it now lives, or it shows
            // differently (preference, flags): the script must hear.
            let cut = self.lives[i].update(valid, preferred);
            let changed = self.items[i].1 != val || cut;
            self.items[i].1 = val;
            return if changed {
                Upsert::Changed
            } else {
                Upsert::Extended
            };
        }
        let life = Life {
            valid,
            preferred,
            reported: None,
            repeated: false,
        };
        let mut outcome = Upsert::Added;
        if self.items.is_full() {
            let Some(i) = victim(&self.lives, life.rank()) else {
                return Upsert::Dropped;
            };
            outcome = Upsert::Evicted {
                shown: self.remove(i).shown(),
            };
        }
        let _ = self.items.push((key, val));
        let _ = self.lives.push(life);
        outcome
    }

    /// Cut the lifetimes of the entries `which` picks to at most `limit`
    /// (odhcp6c caps a router's DNS options to its router lifetime);
    /// those left with none are removed. Returns (cut below a report,
    /// removed while shown).
    pub fn cap(&mut self, now: Instant, limit: Until, which: impl Fn(&K) -> bool) -> (bool, bool) {
        let mut cut = false;
        for ((k, _), l) in self.items.iter().zip(self.lives.iter_mut()) {
            if which(k) {
                cut |= l.cap(limit);
            }
        }
        (cut, self.expire(now))
    }

    /// Remove what ran out by `now`. True if the script had reported any
    /// of it.
    pub fn expire(&mut self, now: Instant) -> bool {
        let (gone, shown) = passed(&self.lives, now);
        if gone != 0 {
            let mut i = 0;
            self.items.retain(|_| {
                i += 1;
                gone & 1 << (i - 1) == 0
            });
            let mut i = 0;
            self.lives.retain(|_| {
                i += 1;
                gone & 1 << (i - 1) == 0
            });
        }
        shown
    }

    /// The script reported the table at `now`: netifd holds this.
    pub fn reported(&mut self, now: Instant) {
        mark_reported(&mut self.lives, now);
    }

    /// netifd holds nothing of it any more (the interface was torn down).
    pub fn forget_reported(&mut self) {
        for l in self.lives.iter_mut() {
            l.reported = None;
        }
    }

    /// The next instant an entry runs out.
    pub fn next_expiry(&self) -> Option<Instant> {
        next_expiry(&self.lives)
    }

    /// The earliest refresh a report needs (see `Life::refresh_at`).
    pub fn refresh_at(&self) -> Option<Instant> {
        next_refresh(&self.lives)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type T = Table<u8, u8, 3>;

    fn s(secs: u64) -> Instant {
        Instant::from_secs(secs)
    }

    #[test]
    fn until_rounds_down_and_never_is_last() {
        let u = Until::after(Instant::from_millis(500), 10);
        assert_eq!(u.secs_left(Instant::from_millis(1499)), 9);
        assert_eq!(u.secs_left(s(11)), 0);
        assert_eq!(Until::Never.secs_left(s(5)), INFINITY);
        assert!(Until::At(Instant::from_millis(u64::MAX)) < Until::Never);
        // A huge finite lifetime never reads as infinity.
        assert_eq!(
            Until::after(s(0), INFINITY - 1).secs_left(s(0)),
            INFINITY - 1
        );
    }

    #[test]
    fn upsert_add_extend_change_remove() {
        let mut t = T::default();
        assert_eq!(t.upsert(s(0), 1, 0, 100, 50), Upsert::Added);
        assert_eq!(t.upsert(s(10), 1, 0, 100, 50), Upsert::Extended);
        assert_eq!(t.upsert(s(10), 1, 1, 100, 50), Upsert::Changed);
        assert_eq!(t.upsert(s(20), 2, 0, 0, 0), Upsert::Ignored);
        // Reported, then cut below the report: the script must hear.
        t.reported(s(20));
        assert_eq!(t.upsert(s(21), 1, 1, 100, 50), Upsert::Extended);
        assert_eq!(t.upsert(s(22), 1, 1, 30, 10), Upsert::Changed);
        assert_eq!(t.upsert(s(23), 1, 1, 0, 0), Upsert::Removed { shown: true });
        assert!(t.is_empty());
    }

    #[test]
    fn refresh_only_when_extended_past_the_report() {
        let mut t = T::default();
        t.upsert(s(0), 1, 0, 30, 30);
        t.reported(s(0));
        assert_eq!(t.refresh_at(), None, "nothing new to report");
        // Re-advertised at 10 s: lives to 40 s, netifd holds it to 30 s.
        t.upsert(s(10), 1, 0, 30, 30);
        assert_eq!(t.refresh_at(), Some(s(20)), "30 s report, 10 s ahead");
        t.reported(s(20));
        assert_eq!(t.refresh_at(), None);
        // Short lifetimes: half of them ahead.
        t.upsert(s(20), 2, 0, 4, 4);
        t.reported(s(20));
        t.upsert(s(22), 2, 0, 4, 4);
        assert_eq!(t.refresh_at(), Some(s(22)));
        // A sub-second gain from rounding is no extension.
        let mut t = T::default();
        t.upsert(Instant::from_millis(300), 1, 0, 30, 30);
        t.reported(Instant::from_millis(900));
        assert_eq!(t.refresh_at(), None);
        // Infinite: nothing to refresh.
        let mut t = T::default();
        t.upsert(s(0), 1, 0, INFINITY, INFINITY);
        t.reported(s(0));
        t.upsert(s(5), 1, 0, INFINITY, INFINITY);
        assert_eq!(t.refresh_at(), None);
        assert_eq!(t.next_expiry(), None);
    }

    #[test]
    fn eviction_prefers_one_off_then_soonest() {
        let mut t = T::default();
        t.upsert(s(0), 1, 0, 100, 100);
        t.upsert(s(0), 1, 0, 100, 100); // repeated
        t.upsert(s(0), 2, 0, 50, 50);
        t.upsert(s(0), 3, 0, 60, 60);
        t.reported(s(0));
        // Full: the one-off 2 (soonest of the one-offs) goes.
        assert_eq!(
            t.upsert(s(1), 4, 0, 500, 500),
            Upsert::Evicted { shown: true }
        );
        let keys: Vec<u8> = t.iter().map(|e| *e.key).collect();
        assert_eq!(keys, [1, 3, 4]);
        // A newcomer that would be the first to go is dropped itself.
        assert_eq!(t.upsert(s(1), 5, 0, 10, 10), Upsert::Dropped);
        assert_eq!(t.len(), 3);
    }

    #[test]
    fn cap_and_expire() {
        let mut t = T::default();
        t.upsert(s(0), 1, 0, 600, 600);
        t.upsert(s(0), 2, 0, 600, 600);
        t.reported(s(0));
        assert_eq!(
            t.cap(s(1), Until::after(s(1), 100), |k| *k == 1),
            (true, false)
        );
        assert_eq!(t.next_expiry(), Some(s(101)));
        assert_eq!(
            t.cap(s(2), Until::after(s(2), 0), |k| *k == 1),
            (true, true)
        );
        assert_eq!(t.len(), 1);
        assert!(!t.expire(s(599)));
        assert!(t.expire(s(600)));
        assert!(t.is_empty());
    }
}
