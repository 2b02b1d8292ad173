//! For tests: what OpenWrt's netifd holds of the state script's reports,
//! aged as netifd ages it, so a test can ask "does the router still have
//! its default route?" at any simulated second.
//!
//! - dhcpv6.script (openwrt package/network/ipv6/odhcp6c/files, commit
//!   9231df56): `bound` tears down then sets up; `informed`, `updated`,
//!   `rebound`, `ra-updated` set up; `started`, `stopped`, `unbound` tear
//!   down. Setting up is `proto_init_update "*" 1` … `proto_send_update`:
//!   the update replaces everything (interface-ip.c:1876-1885 marks the
//!   old entries, 1932-1941 flushes those not re-added). ADDRESSES and RA_ADDRESSES are merged by
//!   address, RDNSS and RA_DNS by server; RA_ROUTES become routes with
//!   their valid lifetime.
//! - netifd: a route's `valid_until = valid + system_get_rtime()` unless
//!   valid is 0xffffffff (interface-ip.c:535-540), an address's likewise
//!   (proto.c:229-241); `system_get_rtime()` is CLOCK_MONOTONIC in whole
//!   seconds (system-linux.c:4298); a 1 s timer deletes every route and
//!   address whose `valid_until < now` (interface-ip.c:1984-2016). DNS
//!   servers have no lifetime: they stay until the next update.

use std::collections::BTreeMap;

use crate::time::Instant;

/// Seconds as `system_get_rtime()` returns them.
fn rtime(now: Instant) -> u64 {
    now.as_millis() / 1000
}

/// `valid_until` for a reported lifetime; `None` never expires.
fn until(now: Instant, valid: u64) -> Option<u64> {
    (valid != 0xffff_ffff).then(|| valid + rtime(now))
}

#[derive(Clone, Debug, Default)]
pub struct Netifd {
    /// "prefix/len,gateway" (metric left out) → valid_until.
    pub routes: BTreeMap<String, Option<u64>>,
    /// "addr/len" → valid_until.
    pub addrs: BTreeMap<String, Option<u64>>,
    pub dns: Vec<String>,
    /// Setup calls seen.
    pub updates: u64,
}

fn get<'a>(env: &'a [(String, String)], k: &str) -> &'a str {
    env.iter()
        .find(|(n, _)| n == k)
        .map_or("", |(_, v)| v.as_str())
}

impl Netifd {
    /// The script ran with `state` and `env` at `now`.
    pub fn script(&mut self, now: Instant, state: &str, env: &[(String, String)]) {
        match state {
            "bound" | "informed" | "updated" | "rebound" | "ra-updated" => self.setup(now, env),
            _ => {
                *self = Netifd {
                    updates: self.updates,
                    ..Netifd::default()
                }
            }
        }
    }

    fn setup(&mut self, now: Instant, env: &[(String, String)]) {
        self.updates += 1;
        self.routes.clear();
        self.addrs.clear();
        self.dns.clear();
        for d in get(env, "RDNSS")
            .split_whitespace()
            .chain(get(env, "RA_DNS").split_whitespace())
        {
            if !self.dns.iter().any(|x| x == d) {
                self.dns.push(d.to_string());
            }
        }
        for e in get(env, "ADDRESSES")
            .split_whitespace()
            .chain(get(env, "RA_ADDRESSES").split_whitespace())
        {
            // addr/len,preferred,valid,...
            let f: Vec<&str> = e.split(',').collect();
            let valid: u64 = f[2].parse().expect("valid lifetime");
            self.addrs
                .entry(f[0].to_string())
                .or_insert(until(now, valid));
        }
        for e in get(env, "RA_ROUTES").split_whitespace() {
            // prefix/len,gateway,valid,metric
            let f: Vec<&str> = e.split(',').collect();
            assert_eq!(f.len(), 4, "RA_ROUTES entry {e}");
            let valid: u64 = f[2].parse().expect("valid lifetime");
            self.routes
                .insert(format!("{},{}", f[0], f[1]), until(now, valid));
        }
    }

    /// netifd's 1 s timer at `now`.
    pub fn tick(&mut self, now: Instant) {
        let t = rtime(now);
        let live = |u: &Option<u64>| u.is_none_or(|u| u >= t);
        self.routes.retain(|_, u| live(u));
        self.addrs.retain(|_, u| live(u));
    }

    /// A route to `prefix` ("::/0", "2001:db8::/64") via any gateway.
    pub fn has_route(&self, prefix: &str) -> bool {
        self.routes
            .keys()
            .any(|k| k.split(',').next() == Some(prefix))
    }

    pub fn has_route_via(&self, prefix: &str, gw: &str) -> bool {
        self.routes.contains_key(&format!("{prefix},{gw}"))
    }

    pub fn has_addr(&self, addr_len: &str) -> bool {
        self.addrs.contains_key(addr_len)
    }
}
