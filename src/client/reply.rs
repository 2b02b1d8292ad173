//! Judging what servers send: which Advertise to take (RFC 9915 §18.2.9)
//! and what a Reply does to our leases (§18.2.10).

use core::net::Ipv6Addr;

use heapless::Vec as HVec;

use super::Duid;
use super::config::{ClientConfig, IaNaMode, MAX_IA_PD};
use super::lease::{
    Binding, INFINITY, IaId, IaSet, Info, Lease, Leased, ReconfigureKey, remaining,
};
use crate::time::Instant;
use crate::wire::{self, Ia, Message, msg, status};

/// A server's offer, kept while we collect Advertises and then Request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub server_id: Duid,
    pub server_addr: Ipv6Addr,
    pub preference: u8,
    pub ia_na: Option<Ia>,
    pub ia_pd: HVec<Ia, MAX_IA_PD>,
}

impl Offer {
    /// Rank for choosing among Advertises: preference first, then how
    /// many of the IAs we asked for it fills.
    pub fn rank(&self) -> (u8, usize) {
        (
            self.preference,
            usize::from(self.ia_na.is_some()) + self.ia_pd.len(),
        )
    }
}

/// Our IA of a kind in a message: the one with our IAID, if it is usable.
/// An IA with T1 > T2 (both non-zero) is discarded (§21.4, §21.21).
fn our_ia(ias: &[Ia], iaid: u32) -> Option<&Ia> {
    ias.iter()
        .find(|ia| ia.iaid == iaid)
        .filter(|ia| !(ia.t1 > ia.t2 && ia.t2 != 0))
}

/// Leases a server may give: preferred ≤ valid (§21.6, §21.22), and not
/// already expired.
fn usable(ia: &Ia) -> impl Iterator<Item = &Leased> {
    ia.leases
        .iter()
        .filter(|l| l.preferred <= l.valid && l.valid > 0)
}

fn offered(ia: Option<&Ia>) -> Option<Ia> {
    let ia = good(ia)?;
    let mut out = Ia {
        leases: HVec::new(),
        ..ia.clone()
    };
    for l in usable(ia) {
        let _ = out.leases.push(l.clone());
    }
    (!out.leases.is_empty()).then_some(out)
}

/// Why an Advertise or Reply was not acted on; counted by the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reject {
    WrongXid,
    NoServerId,
    ClientIdMismatch,
    /// Advertise with nothing we can use (§18.2.9).
    NothingOffered,
}

impl Reject {
    /// As the logs named it (the Debug form).
    pub fn as_str(self) -> &'static str {
        match self {
            Reject::WrongXid => "WrongXid",
            Reject::NoServerId => "NoServerId",
            Reject::ClientIdMismatch => "ClientIdMismatch",
            Reject::NothingOffered => "NothingOffered",
        }
    }
}

/// The checks every Advertise and Reply must pass (§16.3, §16.10).
pub fn check_common(m: &Message, xid: [u8; 3], duid: &[u8]) -> Result<(), Reject> {
    if m.xid != xid {
        return Err(Reject::WrongXid);
    }
    if m.server_id.is_none() {
        return Err(Reject::NoServerId);
    }
    match &m.client_id {
        Some(c) if c.as_slice() == duid => Ok(()),
        _ => Err(Reject::ClientIdMismatch),
    }
}

/// Turn an Advertise into an offer, or say why it is useless.
pub fn advertise(cfg: &ClientConfig, m: &Message, src: Ipv6Addr) -> Result<Offer, Reject> {
    let ia_na = match cfg.ia_na {
        IaNaMode::None => None,
        _ => offered(our_ia(&m.ia_na, cfg.iaid_na)),
    };
    let mut ia_pd = HVec::new();
    for pd in &cfg.ia_pd {
        if let Some(ia) = offered(our_ia(&m.ia_pd, pd.iaid)) {
            let _ = ia_pd.push(ia);
        }
    }
    if ia_na.is_none() && ia_pd.is_empty() {
        return Err(Reject::NothingOffered);
    }
    if (cfg.ia_na == IaNaMode::Force && ia_na.is_none()) || (cfg.force_pd && ia_pd.is_empty()) {
        return Err(Reject::NothingOffered);
    }
    Ok(Offer {
        server_id: m.server_id.clone().unwrap_or_default(),
        server_addr: src,
        preference: m.preference,
        ia_na,
        ia_pd,
    })
}

/// What a Reply to a stateful exchange means for us.
// Leases are fixed-size (heapless) by design; the enum lives briefly.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Leases (re)established; the set names the IAs the Reply answered
    /// with success. On Renew/Rebind an IA we hold that is not in it was
    /// left out (or refused) and is still to be renewed (§18.2.10.1).
    Bound(Lease, IaSet),
    /// Not acted on; keep retransmitting (UnspecFail, UseMulticast, §18.2.10).
    Retry,
    /// The server lost our binding: Request it again (NoBinding, §18.2.10.1).
    NeedRequest,
    /// Start over with Solicit (NotOnLink, nothing bound).
    Restart,
}

/// Merge one IA of a Reply into what we held. `prev` is what we had
/// (lifetimes and timers already restated from now, see `rebase`).
/// §18.2.10.1: a lease with valid lifetime 0 is dropped whatever the IA's
/// status (Kea retires a prefix with lifetimes 0 and NoPrefixAvail);
/// leases an IA gives with success are taken with its T1/T2; on Renew
/// and Rebind what the Reply doesn't mention stays unchanged, timers
/// included, so an IA left out is not taken as renewed.
fn merge(ia: Option<&Ia>, iaid: u32, prev: Option<&Binding>, renewing: bool) -> Binding {
    let mut b = Binding {
        iaid,
        ..Binding::default()
    };
    // Full lists drop the rest: a server can't grow our memory.
    for l in ia.iter().flat_map(|ia| ia.leases.iter()) {
        if l.valid == 0 {
            let _ = b.withdrawn.push((l.addr, l.len));
        }
    }
    let ok = good(ia);
    if let Some(ia) = ok {
        b.t1 = ia.t1;
        b.t2 = ia.t2;
        for l in usable(ia) {
            let _ = b.leases.push(l.clone());
        }
    }
    if let Some(p) = prev.filter(|_| renewing) {
        if ok.is_none() {
            b.t1 = p.t1;
            b.t2 = p.t2;
        }
        for l in &p.leases {
            let same = |a: &Ipv6Addr, n: u8| *a == l.addr && n == l.len;
            let listed = b.leases.iter().any(|n| same(&n.addr, n.len))
                || b.withdrawn.iter().any(|(a, n)| same(a, *n));
            if !listed {
                let _ = b.leases.push(l.clone());
            }
        }
    }
    b
}

/// An IA whose status lets its leases be used.
fn good(ia: Option<&Ia>) -> Option<&Ia> {
    ia.filter(|i| i.status.is_none_or(|s| s == status::SUCCESS))
}

/// Lifetimes and T1/T2 of `l` restated as from `now` (the new
/// `obtained`). T1/T2 are resolved first (a 0 from the server is the
/// client's choice, §21.4) so a timer that already passed stays passed
/// (1 s) rather than turning into "client's choice" again.
pub fn rebase(l: &Lease, now: Instant) -> Lease {
    let mut out = l.clone();
    let left = |v: u32| match v {
        INFINITY => INFINITY,
        v => remaining(v, l.obtained, now).max(1),
    };
    for b in out.ia_na.iter_mut().chain(out.ia_pd.iter_mut()) {
        let (t1, t2) = b.timers();
        b.t1 = left(t1);
        b.t2 = left(t2);
        for x in b.leases.iter_mut() {
            x.preferred = remaining(x.preferred, l.obtained, now);
            x.valid = remaining(x.valid, l.obtained, now);
        }
        b.leases.retain(|x| x.valid > 0);
        b.withdrawn.clear();
    }
    out.obtained = now;
    out
}

/// A Reply to Request, Renew, Rebind or a Rapid-Commit Solicit.
/// `sent` is the type of our message; `prev` the lease we held, if any.
pub fn stateful(
    cfg: &ClientConfig,
    m: &Message,
    src: Ipv6Addr,
    now: Instant,
    sent: u8,
    prev: Option<&Lease>,
) -> Outcome {
    match m.status.as_ref().map(|s| s.code) {
        Some(status::UNSPEC_FAIL) | Some(status::USE_MULTICAST) => return Outcome::Retry,
        Some(status::NOT_ON_LINK) => return Outcome::Restart,
        _ => {}
    }
    let renewing = sent == msg::RENEW || sent == msg::REBIND;
    let na = (cfg.ia_na != IaNaMode::None).then(|| our_ia(&m.ia_na, cfg.iaid_na));
    let pds = cfg.ia_pd.iter().map(|p| our_ia(&m.ia_pd, p.iaid));
    for ia in na.into_iter().chain(pds.clone()).flatten() {
        match ia.status {
            Some(status::NO_BINDING) if renewing => return Outcome::NeedRequest,
            Some(status::NOT_ON_LINK) => return Outcome::Restart,
            _ => {}
        }
    }
    let prev = prev.map(|p| rebase(p, now));
    let mut answered = IaSet::new();
    // An IA with an error status gives nothing new; on Renew/Rebind what we
    // held stays until it expires, on Request it is simply not bound
    // (NoAddrsAvail on IA_NA must not cost us the IA_PD, §18.2.10.1).
    let ia_na = na.map(|ia| {
        if good(ia).is_some() {
            let _ = answered.push(IaId {
                pd: false,
                iaid: cfg.iaid_na,
            });
        }
        merge(
            ia,
            cfg.iaid_na,
            prev.as_ref().and_then(|p| p.ia_na.as_ref()),
            renewing,
        )
    });
    let mut ia_pd = HVec::new();
    for (pd, ia) in cfg.ia_pd.iter().zip(pds) {
        let id = IaId {
            pd: true,
            iaid: pd.iaid,
        };
        if good(ia).is_some() {
            let _ = answered.push(id);
        }
        let held = prev.as_ref().and_then(|p| p.binding(id));
        let b = merge(ia, pd.iaid, held, renewing);
        // A prefix the Reply withdrew keeps its binding for one report:
        // the script lists it once with lifetimes 0 (see script.rs).
        if !b.is_empty() || !b.withdrawn.is_empty() {
            let _ = ia_pd.push(b);
        }
    }
    // The Reply's options replace what we had: one that is no longer sent
    // is no longer used (§18.2.10.5).
    let lease = Lease {
        server_id: m.server_id.clone().unwrap_or_default(),
        server_addr: src,
        obtained: now,
        ia_na: ia_na.filter(|b| !b.is_empty()),
        ia_pd,
        info: m.info.clone(),
        reconfigure_key: key_update(m, prev.as_ref().and_then(|p| p.reconfigure_key.as_ref())),
    };
    if lease.is_empty() || (cfg.ia_na == IaNaMode::Force && !lease.has_addresses()) {
        return if renewing {
            Outcome::Retry
        } else {
            Outcome::Restart
        };
    }
    Outcome::Bound(lease, answered)
}

/// RKAP key delivery in a Reply: protocol 3, algorithm 1 (HMAC-MD5),
/// RDM 0, info = type 1 + 16-octet key (RFC 9915 §20.4.1).
pub fn reconfigure_key(m: &Message) -> Option<ReconfigureKey> {
    let a = m.auth.as_ref()?;
    if a.protocol != 3 || a.algorithm != 1 || a.rdm != 0 || a.info.len() != 17 || a.info[0] != 1 {
        return None;
    }
    let key: [u8; 16] = a.info[1..17].try_into().ok()?;
    Some(ReconfigureKey {
        key,
        replay: a.replay,
    })
}

/// The key to keep after a Reply: the one it delivers, else the one we
/// had. Never a lower replay counter than we had (§20.3): that would let
/// an old Reconfigure through again.
pub fn key_update(m: &Message, held: Option<&ReconfigureKey>) -> Option<ReconfigureKey> {
    match (reconfigure_key(m), held) {
        (Some(mut k), Some(h)) => {
            k.replay = k.replay.max(h.replay);
            Some(k)
        }
        (k, h) => k.or_else(|| h.cloned()),
    }
}

/// A Reply from the server whose key we hold, with an RKAP replay
/// counter below the highest one we saw from it, is a replay (§20.3).
/// An equal counter passes: a server may repeat the key option.
pub fn replayed(m: &Message, server_id: &[u8], held: Option<&ReconfigureKey>) -> bool {
    let (Some(a), Some(k)) = (m.auth.as_ref(), held) else {
        return false;
    };
    m.server_id.as_deref() == Some(server_id)
        && a.protocol == 3
        && a.rdm == 0
        && a.replay < k.replay
}

/// Check a Reconfigure (§18.2.11, §20.4.2): ours, from our server, a
/// known message type, a valid HMAC and a replay counter that moved on.
/// Returns the message type to start and the new replay value.
pub fn reconfigure(
    m: &Message,
    raw: &[u8],
    duid: &[u8],
    server_id: &[u8],
    key: &ReconfigureKey,
) -> Option<(u8, u64)> {
    if m.client_id.as_deref() != Some(duid) || m.server_id.as_deref() != Some(server_id) {
        return None;
    }
    let kind = m
        .reconf_msg
        .filter(|t| matches!(*t, msg::RENEW | msg::REBIND | msg::INFORMATION_REQUEST))?;
    let a = m.auth.as_ref()?;
    if a.protocol != 3 || a.algorithm != 1 || a.rdm != 0 || a.info.len() != 17 || a.info[0] != 2 {
        return None;
    }
    if a.replay <= key.replay {
        return None;
    }
    if !super::auth::verify_reconfigure(&key.key, raw, a.info_offset + 1) {
        return None;
    }
    Some((kind, a.replay))
}

/// Information-Request Reply: its refresh time clamped to §21.23.
pub fn refresh_secs(info: &Info) -> u32 {
    use super::retransmit::{IRT_DEFAULT, IRT_MINIMUM};
    info.refresh.unwrap_or(IRT_DEFAULT).max(IRT_MINIMUM)
}

/// Is `m` a Reply to a Confirm saying we're still on link? `None` = not
/// a usable answer.
pub fn confirm(m: &Message) -> Option<bool> {
    match m.status.as_ref().map(|s| s.code) {
        Some(status::SUCCESS) | None => Some(true),
        Some(status::NOT_ON_LINK) => Some(false),
        _ => None,
    }
}

pub use wire::Status;
