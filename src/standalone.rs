//! Standalone mode, for BSPs without netifd: the leases go into the
//! kernel over rtnetlink. IA_NA addresses as /128 with their lifetimes;
//! each delegated prefix as an unreachable route, so traffic to parts of
//! it not yet assigned downstream isn't bounced back to the WAN (RFC 7084
//! WPD-5). What we installed is remembered, so a change or a stop removes
//! exactly that.

use std::io;
use std::net::Ipv6Addr;

use heapless::Vec as HVec;
use log::{info, warn};

use crate::client::lease::{Lease, remaining};
use crate::rtnl::{RouteKind, Rtnl};
use crate::time::Instant;

const MAX: usize = 16;
/// Metric for the unreachable routes: above anything a LAN route uses.
const PD_METRIC: u32 = 2_000_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Item {
    Addr(Ipv6Addr),
    Unreachable(Ipv6Addr, u8),
}

/// As the logs named them (the Debug form).
impl core::fmt::Display for Item {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Item::Addr(a) => write!(f, "Addr({a})"),
            Item::Unreachable(p, len) => write!(f, "Unreachable({p}, {len})"),
        }
    }
}

#[derive(Default)]
pub struct Installer {
    installed: HVec<Item, MAX>,
}

impl Installer {
    /// Make the kernel match `lease` (None: remove all we added).
    pub fn sync(&mut self, rtnl: &mut Rtnl, ifindex: u32, lease: Option<&Lease>, now: Instant) {
        let mut want: HVec<(Item, u32, u32), MAX> = HVec::new();
        if let Some(l) = lease {
            for a in l.ia_na.iter().flat_map(|b| b.leases.iter()) {
                let p = remaining(a.preferred, l.obtained, now);
                let v = remaining(a.valid, l.obtained, now);
                let _ = want.push((Item::Addr(a.addr), p, v));
            }
            for p in l.ia_pd.iter().flat_map(|b| b.leases.iter()) {
                let v = remaining(p.valid, l.obtained, now);
                let _ = want.push((Item::Unreachable(p.addr, p.len), 0, v));
            }
        }
        // Remove what is no longer leased.
        let mut keep: HVec<Item, MAX> = HVec::new();
        for item in self.installed.iter().copied() {
            if want.iter().any(|(w, _, _)| *w == item) {
                let _ = keep.push(item);
                continue;
            }
            if let Err(e) = remove(rtnl, ifindex, item) {
                warn!("standalone: removing {item}: {e}");
            } else {
                info!("standalone: removed {item}");
            }
        }
        self.installed = keep;
        // Add or refresh the rest (lifetimes change on every Renew).
        for (item, preferred, valid) in want {
            let r = match item {
                Item::Addr(a) => rtnl.add_address(ifindex, a, 128, preferred, valid),
                Item::Unreachable(p, len) => rtnl.add_route(
                    ifindex,
                    p,
                    len,
                    RouteKind::Unreachable,
                    PD_METRIC,
                    Some(valid),
                ),
            };
            match r {
                Ok(()) => {
                    if !self.installed.contains(&item) {
                        info!("standalone: installed {item}");
                        let _ = self.installed.push(item);
                    }
                }
                Err(e) => warn!("standalone: installing {item}: {e}"),
            }
        }
    }
}

fn remove(rtnl: &mut Rtnl, ifindex: u32, item: Item) -> io::Result<()> {
    match item {
        Item::Addr(a) => rtnl.del_address(ifindex, a, 128),
        Item::Unreachable(p, len) => {
            rtnl.del_route(ifindex, p, len, RouteKind::Unreachable, PD_METRIC)
        }
    }
}
