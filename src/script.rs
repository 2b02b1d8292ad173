//! odhcp6c's state-script contract: `<script> <ifname> <state>` with the
//! lease, the Reply's options and the last RA in environment variables.
//!
//! OpenWrt's `/lib/netifd/dhcpv6.script` turns these into netifd updates,
//! so names, order and formats follow odhcp6c's `script.c`:
//! - lists are space-separated; variables odhcp6c always sets are set even
//!   when empty (SERVER, RDNSS, ..., RA_*, PASSTHRU), so nothing stale is
//!   inherited; the ones it sets only sometimes (PREFIXES/ADDRESSES when
//!   bound, CAPTIVE_PORTAL_URI, OPTION_<n>) are removed from the child's
//!   environment when absent;
//! - ADDRESSES and PREFIXES entries are `addr/len,preferred,valid,t1,t2`,
//!   seconds left at `now`; PREFIXES adds `,class=<iaid %08x>` when the
//!   IAID isn't 1 and `,excluded=<prefix>/<len>` (RFC 6603);
//! - a prefix that expired or that the server stopped sending stays listed
//!   (counting down, then once with valid 0) so the LAN side withdraws it
//!   (RFC 7084 L-13); `PrefixHistory` carries that between calls;
//! - RA_ROUTES entries are `prefix/len,gateway,valid,metric` (on-link
//!   prefixes without a gateway, metric 256), RA_ADDRESSES
//!   `addr/64,preferred,valid,0,0`, lifetimes left at `now` as odhcp6c's
//!   script.c `entry_to_env`; RA_DNS and RA_DOMAINS the live entries.
//!
//! `ScriptRunner` runs the calls one after the other without ever blocking
//! the event loop.

use core::fmt::Write as _;
use core::net::Ipv6Addr;
use std::collections::VecDeque;
use std::ffi::CStr;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use nix::libc;
use nix::spawn::{PosixSpawnAttr, PosixSpawnFlags};
use nix::sys::signal::{SigSet, Signal};
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::Pid;

use heapless::Vec as HVec;

use crate::client::lease::{INFINITY, Info, Lease, Leased, remaining};
use crate::ra_state::RaState;
use crate::time::Instant;
use crate::wire::{self, opt};

/// The second argument of the script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScriptState {
    Started,
    Bound,
    Informed,
    Updated,
    RaUpdated,
    Rebound,
    Unbound,
    Stopped,
}

impl ScriptState {
    pub fn as_str(self) -> &'static str {
        match self {
            ScriptState::Started => "started",
            ScriptState::Bound => "bound",
            ScriptState::Informed => "informed",
            ScriptState::Updated => "updated",
            ScriptState::RaUpdated => "ra-updated",
            ScriptState::Rebound => "rebound",
            ScriptState::Unbound => "unbound",
            ScriptState::Stopped => "stopped",
        }
    }

    /// Calls that only refresh what the script already set up
    /// (dhcpv6.script runs the same `setup_interface` for them): a later
    /// call carries a newer full picture, so an older queued one may go.
    /// The others change the interface's state and are never dropped.
    pub fn is_refresh(self) -> bool {
        matches!(
            self,
            ScriptState::Updated | ScriptState::RaUpdated | ScriptState::Rebound
        )
    }
}

/// What the routers advertise (see `ra_state`), as the script sees it.
#[derive(Clone, Copy, Debug)]
pub struct RaView<'a> {
    pub state: &'a RaState,
}

/// Everything one script call shows.
#[derive(Clone, Copy, Debug)]
pub struct ScriptContext<'a> {
    pub now: Instant,
    /// Bound statefully or informed (odhcp6c's `bound`): PREFIXES and
    /// ADDRESSES are set only then, empty if there's no lease.
    pub bound: bool,
    pub lease: Option<&'a Lease>,
    /// Options from a stateless Reply; `None` means `lease.info`.
    pub info: Option<&'a Info>,
    /// The Reply's source (odhcp6c: of the last Request, Rebind or
    /// Information-Request); `None` means `lease.server_addr`.
    pub server: Option<Ipv6Addr>,
    pub ra: Option<RaView<'a>>,
    /// Prefixes reported before (see `PrefixHistory`).
    pub history: Option<&'a PrefixHistory>,
}

/// Every variable this module may set; the runner removes those absent
/// from a call's environment (plus any `OPTION_<n>`).
pub const VARIABLES: &[&str] = &[
    "SERVER",
    "RDNSS",
    "SNTP_IP",
    "NTP_IP",
    "NTP_FQDN",
    "SIP_IP",
    "DOMAINS",
    "SIP_DOMAIN",
    "AFTR",
    "MAPE",
    "MAPT",
    "LW4O6",
    "CAPTIVE_PORTAL_URI",
    "PREFIXES",
    "ADDRESSES",
    "RA_ADDRESSES",
    "RA_ROUTES",
    "RA_DNS",
    "RA_DOMAINS",
    "RA_HOPLIMIT",
    "RA_MTU",
    "RA_REACHABLE",
    "RA_RETRANSMIT",
    "PASSTHRU",
];

/// Codes odhcp6c interprets itself: no OPTION_<n> for them (the cases of
/// dhcpv6.c `dhcpv6_handle_reply`; every other option lands in `default:`,
/// STATE_CUSTOM_OPTS, script.c `bin_to_env`).
fn is_interpreted(code: u16) -> bool {
    matches!(code, 3 | 11 | 12 | 13 | 21..=25 | 31 | 32 | 56 | 64 | 82 | 83 | 94..=96 | 103)
}

/// Codes odhcp6c keeps out of PASSTHRU (OPT_NO_PASSTHRU in odhcp6c.c
/// `opts[]`; codes it has no entry for pass).
fn is_no_passthru(code: u16) -> bool {
    matches!(code,
        1..=5 | 7 | 11..=13 | 20 | 25 | 32 | 37..=39 | 43..=48 | 53 | 61 | 64 | 66 | 79..=83 | 87
        | 89..=96 | 100..=102 | 105..=110 | 112 | 114..=135)
}

/// RFC 8910: this URI means "no captive portal"; odhcp6c doesn't report it.
const CAPTIVE_UNRESTRICTED: &[u8] = b"urn:ietf:params:capport:unrestricted";

/// A script call's environment as it goes into envp: `NAME=value\0`
/// entries in one buffer, each value written in place (no pair of
/// Strings per variable, no String per value).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Env {
    buf: String,
    /// Where the value being written starts.
    at: usize,
}

impl Env {
    /// Start the variable `name` (appended to what is written of a name
    /// already): `name=`, then its value.
    fn set(&mut self, name: &str) {
        self.buf.push_str(name);
        self.buf.push('=');
        self.at = self.buf.len();
    }

    /// End the value. It ends at a NUL, as a C string does (one inside
    /// would otherwise cut the entries after it).
    fn end(&mut self) {
        if let Some(n) = self.buf[self.at..].find('\0') {
            self.buf.truncate(self.at + n);
        }
        self.buf.push('\0');
    }

    /// One item of a space-separated list.
    fn item(&mut self, i: &dyn core::fmt::Display) {
        self.sep();
        let _ = write!(self, "{i}");
    }

    /// A space before every list item but the first.
    fn sep(&mut self) {
        if self.buf.len() > self.at {
            self.buf.push(' ');
        }
    }

    fn push_str(&mut self, s: &str) {
        self.buf.push_str(s);
    }

    fn push(&mut self, c: char) {
        self.buf.push(c);
    }

    /// The entries, `NAME=value` each.
    pub fn entries(&self) -> impl Iterator<Item = &str> {
        self.buf.split_terminator('\0')
    }

    /// Is `name` one of the variables set?
    pub fn has(&self, name: &[u8]) -> bool {
        self.entries()
            .any(|e| e.as_bytes().split(|&b| b == b'=').next() == Some(name))
    }

    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries()
            .filter_map(|e| e.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
    }

    /// An environment of these variables, for tests.
    #[cfg(test)]
    pub fn of(vars: &[(&str, &str)]) -> Env {
        let mut e = Env::default();
        for (k, v) in vars {
            e.set(k);
            e.push_str(v);
            e.end();
        }
        e
    }

    /// `(name, value)` pairs, for tests.
    #[cfg(test)]
    pub fn pairs(&self) -> Vec<(String, String)> {
        self.entries()
            .filter_map(|e| e.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// The entries as `NUL`-terminated bytes, ready for envp.
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.as_bytes()
    }
}

impl core::fmt::Write for Env {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.buf.push_str(s);
        Ok(())
    }
}

/// The script's environment for one call, in odhcp6c's order.
pub fn environment(ctx: &ScriptContext) -> Env {
    let mut e = Env::default();
    e.buf.reserve(1024);
    let info = ctx.info.or(ctx.lease.map(|l| &l.info));
    let empty = Info::default();
    let info = info.unwrap_or(&empty);
    // The options odhcp6c renders from their bytes, in the Reply's order.
    let raw = |code: u16| {
        wire::options(&info.raw)
            .filter(move |(c, _)| *c == code)
            .map(|(_, d)| d)
    };

    let server = ctx.server.or(ctx.lease.map(|l| l.server_addr));
    let lists: [(&str, &[Ipv6Addr]); 4] = [
        ("SERVER", server.as_slice()),
        ("RDNSS", &info.dns),
        ("SNTP_IP", &info.sntp),
        ("NTP_IP", &info.ntp_ip),
    ];
    for (name, addrs) in lists {
        e.set(name);
        addrs.iter().for_each(|a| e.item(a));
        e.end();
    }
    e.set("NTP_FQDN");
    info.ntp_fqdn.iter().for_each(|n| e.item(n));
    e.end();
    // RFC 3319 §3.1 allows a list, and every address is listed; odhcp6c
    // keeps only an option holding exactly one (dhcpv6.c:1583-1585).
    e.set("SIP_IP");
    for d in raw(opt::SIP_SERVER_A) {
        d.chunks_exact(16).for_each(|a| e.item(&v6(a)));
    }
    e.end();
    e.set("DOMAINS");
    info.domains.iter().for_each(|n| e.item(n));
    e.end();
    e.set("SIP_DOMAIN");
    raw(opt::SIP_SERVER_D).for_each(|d| push_names(&mut e, d));
    e.end();
    // odhcp6c keeps the first AFTR option longer than 3 octets.
    e.set("AFTR");
    if let Some(d) = raw(opt::AFTR_NAME).find(|d| d.len() > 3) {
        push_names(&mut e, d);
    }
    e.end();
    // odhcp6c keeps the first MAP-E container, every MAP-T and LW4o6 one
    // (dhcpv6.c:1632-1645), and sets a variable only when it kept octets.
    let mape = raw(opt::S46_CONT_MAPE).find(|d| !d.is_empty());
    let kinds = [
        ("MAPE", Softwire::MapE, opt::S46_CONT_MAPE),
        ("MAPT", Softwire::MapT, opt::S46_CONT_MAPT),
        ("LW4O6", Softwire::Lw4o6, opt::S46_CONT_LW),
    ];
    for (name, kind, code) in kinds {
        let parts: heapless::Vec<&[u8], 8> = match kind {
            Softwire::MapE => mape.into_iter().collect(),
            _ => raw(code).filter(|d| !d.is_empty()).take(8).collect(),
        };
        if !parts.is_empty() {
            e.set(name);
            softwire(&mut e, kind, &parts);
            e.end();
        }
    }
    // Every captive-portal option that isn't "unrestricted", concatenated
    // as odhcp6c does (dhcpv6.c:1647). RA's URI is the RA state's.
    let portal = || raw(opt::CAPTIVE_PORTAL).filter(|d| !d.starts_with(CAPTIVE_UNRESTRICTED));
    if portal().any(|d| !d.is_empty()) {
        e.set("CAPTIVE_PORTAL_URI");
        portal().for_each(|d| e.push_str(&String::from_utf8_lossy(d)));
        e.end();
    }
    // OPTION_<n> for each option odhcp6c doesn't interpret; of two with
    // one code the later wins, as putenv leaves it.
    let all = || wire::options(&info.raw);
    for (i, (code, data)) in all().enumerate() {
        if is_interpreted(code) || all().skip(i + 1).any(|(c, _)| c == code) {
            continue;
        }
        let _ = write!(e, "OPTION_{code}");
        e.set("");
        push_hex(&mut e, data);
        e.end();
    }

    if ctx.bound {
        e.set("PREFIXES");
        prefixes(&mut e, ctx);
        e.end();
        e.set("ADDRESSES");
        addresses(&mut e, ctx);
        e.end();
    }

    let ra = ctx.ra.as_ref();
    e.set("RA_ADDRESSES");
    if let Some(r) = ra {
        ra_addresses(&mut e, r, ctx.now);
    }
    e.end();
    e.set("RA_ROUTES");
    if let Some(r) = ra {
        ra_routes(&mut e, r, ctx.now);
    }
    e.end();
    e.set("RA_DNS");
    if let Some(r) = ra {
        ra_dns(&mut e, r, ctx.now);
    }
    e.end();
    e.set("RA_DOMAINS");
    if let Some(r) = ra {
        ra_domains(&mut e, r, ctx.now);
    }
    e.end();
    // The last value in odhcp6c's range (ra.c `ra_set_*`), else 0.
    let p = ra.map(|r| r.state.params()).unwrap_or_default();
    for (name, v) in [
        ("RA_HOPLIMIT", p.hop_limit),
        ("RA_MTU", p.mtu),
        ("RA_REACHABLE", p.reachable),
        ("RA_RETRANSMIT", p.retransmit),
    ] {
        e.set(name);
        e.item(&v);
        e.end();
    }

    // Every option odhcp6c doesn't mark "no passthru", with its 4-octet
    // header, as one hex string (odhcpd hands it to downstream clients).
    e.set("PASSTHRU");
    for (code, data) in wire::options(&info.raw).filter(|(c, _)| !is_no_passthru(*c)) {
        push_hex(&mut e, &code.to_be_bytes());
        push_hex(&mut e, &(data.len() as u16).to_be_bytes());
        push_hex(&mut e, data);
    }
    e.end();
    e
}

/// Lowercase hex, as odhcp6c's `script_hexlify`.
fn push_hex(e: &mut Env, data: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in data {
        e.buf.push(char::from(DIGITS[usize::from(b >> 4)]));
        e.buf.push(char::from(DIGITS[usize::from(b & 15)]));
    }
}

/// An address from 16 octets, or the first octets of a prefix with the
/// rest zero (RFC 7598 sends only the prefix's octets).
fn v6(b: &[u8]) -> Ipv6Addr {
    let mut o = [0u8; 16];
    let n = b.len().min(16);
    o[..n].copy_from_slice(&b[..n]);
    Ipv6Addr::from(o)
}

/// Append a list of uncompressed DNS names (RFC 9915 §10) in
/// presentation form, space-separated, as glibc's dn_expand writes them
/// (odhcp6c's `fqdn_to_env`): no trailing dot, the root alone as ".",
/// special characters escaped; stops before the first malformed name.
fn push_names(out: &mut Env, data: &[u8]) {
    let mut rest = data;
    while !rest.is_empty() {
        // The name's extent first: a bad one adds nothing.
        let mut end = 0;
        loop {
            let Some(&n) = rest.get(end) else { return };
            let n = usize::from(n);
            if n > 63 || end + 1 + n > rest.len() {
                return;
            }
            end += 1 + n;
            if n == 0 {
                break;
            }
        }
        out.sep();
        let (name, tail) = rest.split_at(end);
        rest = tail;
        if name.len() == 1 {
            out.push('.');
            continue;
        }
        let mut i = 0;
        while name[i] != 0 {
            let label = &name[i + 1..i + 1 + usize::from(name[i])];
            if i > 0 {
                out.push('.');
            }
            for &b in label {
                match b {
                    b'.' | b'\\' | b'"' | b'(' | b')' | b';' | b'@' | b'$' => {
                        out.push('\\');
                        out.push(char::from(b));
                    }
                    0x21..=0x7e => out.push(char::from(b)),
                    _ => {
                        let _ = write!(out, "\\{b:03}");
                    }
                }
            }
            i += 1 + label.len();
        }
    }
}

/// Which softwire container a variable renders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Softwire {
    MapE,
    MapT,
    Lw4o6,
}

/// MAPE, MAPT or LW4O6 as odhcp6c's script.c `s46_to_env` writes them:
/// per rule (per binding for LW4O6) `[fmr,]type=...,ealen=...,` with its
/// port parameters, then every BR (DMR for MAP-T) of the containers, each
/// field ending in ',' and each rule in ' '. `parts` are the containers'
/// contents; a rule that doesn't parse is skipped, as odhcp6c skips it.
fn softwire(s: &mut Env, kind: Softwire, parts: &[&[u8]]) {
    let all = || parts.iter().flat_map(|p| wire::options(p));
    let ty = match kind {
        Softwire::MapE => "map-e",
        Softwire::MapT => "map-t",
        Softwire::Lw4o6 => "lw4o6",
    };
    for (code, r) in all() {
        // (IPv4 prefix, its length, IPv6 prefix length, octets before the prefix)
        let (v4, len4, len6, at) = match (kind, code) {
            (Softwire::MapE | Softwire::MapT, opt::S46_RULE) if r.len() >= 8 => {
                (&r[3..7], r[2], r[7], 8)
            }
            (Softwire::Lw4o6, opt::S46_V4V6BIND) if r.len() >= 5 => (&r[..4], 32, r[4], 5),
            _ => continue,
        };
        let Some(prefix) = wire::prefix_octets(len6).and_then(|n| r.get(at..at + n)) else {
            continue;
        };
        let v4 = core::net::Ipv4Addr::new(v4[0], v4[1], v4[2], v4[3]);
        if kind != Softwire::Lw4o6 {
            if r[0] & 1 != 0 {
                s.push_str("fmr,");
            }
            let _ = write!(s, "type={ty},ealen={},", r[1]);
        } else {
            let _ = write!(s, "type={ty},");
        }
        let _ = write!(
            s,
            "prefix4len={len4},prefix6len={len6},ipv4prefix={v4},ipv6prefix={},",
            v6(prefix)
        );
        for (c, p) in wire::options(&r[at + prefix.len()..]) {
            if c == opt::S46_PORTPARAMS && p.len() == 4 {
                let psid = u16::from_be_bytes([p[2], p[3]]);
                let _ = write!(s, "offset={},psidlen={},psid={psid},", p[0], p[1]);
            }
        }
        for (c, d) in all() {
            match (kind, c) {
                (Softwire::MapE | Softwire::Lw4o6, opt::S46_BR) if d.len() == 16 => {
                    let _ = write!(s, "br={},", v6(d));
                }
                (Softwire::MapT, opt::S46_DMR) => {
                    let n = d.first().and_then(|&l| wire::prefix_octets(l));
                    if let Some(p) = n.and_then(|n| d.get(1..1 + n)) {
                        let _ = write!(s, "dmr={}/{},", v6(p), d[0]);
                    }
                }
                _ => {}
            }
        }
        s.push(' ');
    }
}

/// odhcp6c's per-entry T1/T2: the IA's, or 0.5 and 0.8 of the entry's
/// preferred lifetime when the server left them 0 (RFC 9915 §21.4, §21.21);
/// T1 never above T2.
fn entry_timers(t1: u32, t2: u32, preferred: u32) -> (u32, u32) {
    let frac = |num: u64| {
        if preferred == INFINITY {
            INFINITY
        } else {
            (u64::from(preferred) * num / 10) as u32
        }
    };
    let t1 = if t1 != 0 { t1 } else { frac(5) };
    let t2 = if t2 != 0 { t2 } else { frac(8) };
    (t1.min(t2), t2)
}

/// A prefix as reported: enough to list it again once it's gone.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Reported {
    leased: Leased,
    iaid: u32,
    t1: u32,
    t2: u32,
    obtained: Instant,
}

impl Reported {
    fn render(&self, now: Instant, out: &mut Env) {
        let l = &self.leased;
        let r = |v| remaining(v, self.obtained, now);
        out.sep();
        let _ = write!(
            out,
            "{}/{},{},{},{},{}",
            l.addr,
            l.len,
            r(l.preferred),
            r(l.valid),
            r(self.t1),
            r(self.t2)
        );
        if self.iaid != 1 {
            let _ = write!(out, ",class={:08x}", self.iaid);
        }
        if let Some((ex, len)) = l.excluded {
            let _ = write!(out, ",excluded={ex}/{len}");
        }
    }

    fn same(&self, l: &Leased) -> bool {
        self.leased.addr == l.addr && self.leased.len == l.len
    }
}

pub const HISTORY_LEN: usize = 16;

/// Delegated prefixes reported to the script before, so that one the
/// server stopped sending, or that expired, keeps being listed (with its
/// remaining lifetimes, last with valid 0) until the LAN side has
/// withdrawn it — what odhcp6c does by keeping expired IA_PD entries.
/// Bounded: a server can't grow it.
#[derive(Clone, Debug, Default)]
pub struct PrefixHistory {
    entries: HVec<Reported, HISTORY_LEN>,
}

impl PrefixHistory {
    pub fn new() -> Self {
        Self::default()
    }

    /// Call after each `environment()` with the same lease, `bound` and
    /// `now`. Unbound forgets everything (netifd tore the interface down);
    /// a gone prefix already shown with valid 0 is forgotten.
    pub fn record(&mut self, lease: Option<&Lease>, bound: bool, now: Instant) {
        if !bound {
            self.entries.clear();
            return;
        }
        let current = current_prefixes(lease);
        let mut next: HVec<Reported, HISTORY_LEN> = HVec::new();
        for c in &current {
            let _ = next.push(c.clone());
        }
        for old in &self.entries {
            let gone = !current.iter().any(|c| old.same(&c.leased));
            if gone
                && !withdrawn(lease, &old.leased)
                && remaining(old.leased.valid, old.obtained, now) > 0
                && next.push(old.clone()).is_err()
            {
                log::warn!(
                    "script: too many withdrawn prefixes, {}/{} no longer listed",
                    old.leased.addr,
                    old.leased.len
                );
            }
        }
        self.entries = next;
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn current_prefixes(lease: Option<&Lease>) -> HVec<Reported, HISTORY_LEN> {
    let mut out = HVec::new();
    if let Some(l) = lease {
        for b in l.ia_pd.iter() {
            for p in &b.leases {
                let (t1, t2) = entry_timers(b.t1, b.t2, p.preferred);
                let _ = out.push(Reported {
                    leased: p.clone(),
                    iaid: b.iaid,
                    t1,
                    t2,
                    obtained: l.obtained,
                });
            }
        }
    }
    out
}

fn prefixes(s: &mut Env, ctx: &ScriptContext) {
    let current = current_prefixes(ctx.lease);
    for c in &current {
        c.render(ctx.now, s);
    }
    for old in ctx.history.iter().flat_map(|h| h.entries.iter()) {
        if current.iter().any(|c| old.same(&c.leased)) {
            continue;
        }
        if withdrawn(ctx.lease, &old.leased) {
            // Lifetimes 0 now, whatever was left of them.
            let mut zero = old.clone();
            zero.leased.preferred = 0;
            zero.leased.valid = 0;
            zero.t1 = 0;
            zero.t2 = 0;
            zero.render(ctx.now, s);
        } else {
            old.render(ctx.now, s);
        }
    }
}

/// Did the latest Reply withdraw this prefix (valid lifetime 0)?
fn withdrawn(lease: Option<&Lease>, p: &Leased) -> bool {
    lease.is_some_and(|l| {
        l.ia_pd
            .iter()
            .any(|b| b.withdrawn.contains(&(p.addr, p.len)))
    })
}

fn addresses(s: &mut Env, ctx: &ScriptContext) {
    let Some(l) = ctx.lease else { return };
    for b in l.ia_na.iter() {
        for a in &b.leases {
            // odhcp6c lists no expired address (only prefixes and routes).
            if remaining(a.valid, l.obtained, ctx.now) == 0 {
                continue;
            }
            let (t1, t2) = entry_timers(b.t1, b.t2, a.preferred);
            let rep = Reported {
                leased: a.clone(),
                iaid: 1,
                t1,
                t2,
                obtained: l.obtained,
            };
            rep.render(ctx.now, s);
        }
    }
}

/// SLAAC addresses: each /64 with A=1 and the interface identifier.
fn ra_addresses(s: &mut Env, ra: &RaView, now: Instant) {
    let Some(iid) = ra.state.iid() else { return };
    for e in ra.state.slaac() {
        let valid = e.valid.secs_left(now);
        if valid == 0 {
            continue;
        }
        let mut o = e.key.addr.octets();
        o[8..].copy_from_slice(&iid);
        let pref = e.preferred.secs_left(now);
        s.sep();
        let _ = write!(s, "{}/64,{pref},{valid},0,0", Ipv6Addr::from(o));
    }
}

/// RFC 4191 preference → odhcp6c's route metric (ra.c `pref_to_priority`).
fn metric(pref: i8) -> u32 {
    match pref {
        1 => 384,
        -1 => 640,
        _ => 512,
    }
}

/// Default routes (one per router, for its router lifetime, RFC 4861
/// §6.3.4), Route Information routes via their router, on-link prefixes
/// without gateway at metric 256, as odhcp6c.
fn ra_routes(s: &mut Env, ra: &RaView, now: Instant) {
    let mut push = |prefix: Ipv6Addr, len: u8, gw: Option<Ipv6Addr>, valid: u32, metric: u32| {
        if valid == 0 {
            return;
        }
        s.sep();
        let _ = write!(s, "{prefix}/{len},");
        if let Some(gw) = gw {
            let _ = write!(s, "{gw}");
        }
        let _ = write!(s, ",{valid},{metric}");
    };
    for e in ra.state.routers() {
        let life = e.valid.secs_left(now);
        push(
            Ipv6Addr::UNSPECIFIED,
            0,
            Some(e.key.router),
            life,
            metric(*e.val),
        );
    }
    for e in ra.state.routes() {
        let k = e.key;
        push(
            k.addr,
            k.len,
            Some(k.router),
            e.valid.secs_left(now),
            metric(*e.val),
        );
    }
    for e in ra.state.on_link() {
        push(e.key.addr, e.key.len, None, e.valid.secs_left(now), 256);
    }
}

/// Live RDNSS servers, each once (two routers may advertise the same).
fn ra_dns(s: &mut Env, ra: &RaView, now: Instant) {
    let live: Vec<Ipv6Addr> = ra
        .state
        .rdnss()
        .filter(|e| e.valid.secs_left(now) > 0)
        .map(|e| e.key.addr)
        .collect();
    for (i, a) in live.iter().enumerate() {
        if !live[..i].contains(a) {
            s.sep();
            let _ = write!(s, "{a}");
        }
    }
}

fn ra_domains(s: &mut Env, ra: &RaView, now: Instant) {
    let live: Vec<&str> = ra
        .state
        .dnssl()
        .filter(|e| e.valid.secs_left(now) > 0)
        .map(|e| e.key.name.trim_end_matches('.'))
        .filter(|d| !d.is_empty())
        .collect();
    for (i, d) in live.iter().enumerate() {
        if !live[..i].contains(d) {
            s.sep();
            s.push_str(d);
        }
    }
}

/// Queued calls before coalescing starts.
pub const QUEUE_LEN: usize = 8;

struct Call {
    state: ScriptState,
    env: Env,
}

/// Runs the script, one call at a time and in order, without blocking.
///
/// The caller drives it: `call()` queues (and starts if idle), `reap()` on
/// SIGCHLD (and from time to time) collects the child and starts the next
/// call. Unlike odhcp6c, a running call is never killed for a newer one:
/// netifd sees every transition. When more than `QUEUE_LEN` calls wait,
/// the oldest refresh (`is_refresh`) goes, since a later one carries a
/// newer picture.
pub struct ScriptRunner {
    script: Option<PathBuf>,
    ifname: String,
    queue: VecDeque<Call>,
    running: Option<(Pid, ScriptState)>,
}

impl ScriptRunner {
    /// `script: None` makes every call a no-op.
    pub fn new(script: Option<PathBuf>, ifname: &str) -> Self {
        ScriptRunner {
            script,
            ifname: ifname.to_string(),
            queue: VecDeque::new(),
            running: None,
        }
    }

    pub fn call(&mut self, state: ScriptState, env: Env) {
        if self.script.is_none() {
            return;
        }
        if self.queue.len() >= QUEUE_LEN {
            if let Some(i) = self.queue.iter().position(|c| c.state.is_refresh()) {
                let old = self.queue.remove(i);
                log::info!(
                    "script: queue full, dropped a queued {}",
                    old.map_or("?", |c| c.state.as_str())
                );
            } else if state.is_refresh() {
                log::info!("script: queue full, dropped {}", state.as_str());
                return;
            } else if let Some(old) = self.queue.pop_front() {
                log::warn!(
                    "script: queue full of transitions, dropped {}",
                    old.state.as_str()
                );
            }
        }
        self.queue.push_back(Call { state, env });
        self.reap();
    }

    /// Collect a finished child (waitpid WNOHANG on it) and start the next
    /// call if there is one.
    pub fn reap(&mut self) {
        loop {
            if let Some((pid, state)) = self.running {
                let state = state.as_str();
                match waitpid(pid, Some(WaitPidFlag::WNOHANG)) {
                    Ok(WaitStatus::StillAlive) => return,
                    // The words of std's ExitStatus, which logged these before.
                    Ok(WaitStatus::Exited(_, 0)) => {}
                    Ok(WaitStatus::Exited(_, code)) => {
                        log::info!("script: {state} exited with exit status: {code}");
                    }
                    Ok(WaitStatus::Signaled(_, sig, core)) => log::info!(
                        "script: {state} exited with signal: {} ({}){}",
                        sig as i32,
                        sig.as_str(),
                        if core { " (core dumped)" } else { "" }
                    ),
                    // Stopped or continued: still ours to wait for.
                    Ok(_) => return,
                    Err(e) => log::warn!("script: waiting for {state}: {}", io::Error::from(e)),
                }
                self.running = None;
            }
            let Some(next) = self.queue.pop_front() else {
                return;
            };
            self.spawn(next);
        }
    }

    fn spawn(&mut self, call: Call) {
        let Some(script) = &self.script else { return };
        match spawn(script, &self.ifname, &call) {
            Ok(pid) => self.running = Some((pid, call.state)),
            Err(e) => log::error!(
                "script: can't run {} {}: {e}",
                crate::file::show(script),
                call.state.as_str()
            ),
        }
    }

    pub fn is_idle(&self) -> bool {
        self.running.is_none() && self.queue.is_empty()
    }

    /// Wait up to `timeout` for every queued call to finish (for exit:
    /// `stopped` should reach netifd). Returns true if idle.
    pub fn wait_idle(&mut self, timeout: Duration) -> bool {
        // ra6c's clock, not std's Instant (whose unwrap links io::Error's Debug).
        let deadline = crate::event_loop::now() + timeout;
        loop {
            self.reap();
            if self.is_idle() {
                return true;
            }
            if crate::event_loop::now() >= deadline {
                log::warn!(
                    "script: still busy after {} ms, {} calls not run",
                    crate::time::millis(timeout),
                    self.queue.len()
                );
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// `<script> <ifname> <state>` with stdin on /dev/null, stdout and stderr
/// ours, as std's Command ran it (posix_spawnp: a name without '/' is
/// looked up in PATH; an exec failure comes back as the error), but
/// without its machinery (a BTreeMap of the environment, a fork path):
/// ~24 KiB on mipsel. stdin is ra6c's own, which `main` put on /dev/null
/// at start: no file actions, whose list musl keeps with malloc (the only
/// C allocation left, see `heap`).
fn spawn(script: &Path, ifname: &str, call: &Call) -> io::Result<Pid> {
    // argv and envp: NUL-terminated strings in one buffer each.
    let mut args = Vec::with_capacity(64);
    for a in [
        script.as_os_str().as_bytes(),
        ifname.as_bytes(),
        call.state.as_str().as_bytes(),
    ] {
        push_c(&mut args, a);
    }
    // Inherit the environment (netifd's INTERFACE, ZONE...), but none of
    // our variables unless this call sets them: every name we may set
    // goes, then the call's own are added.
    let ours = |k: &[u8]| {
        k.starts_with(b"OPTION_") || VARIABLES.iter().any(|v| v.as_bytes() == k) || call.env.has(k)
    };
    let mut env = Vec::with_capacity(1024);
    for entry in inherited() {
        // As std's vars_os: the name ends at the first '=' after its first
        // octet; an entry without one is skipped.
        let Some(eq) = entry.iter().skip(1).position(|&b| b == b'=') else {
            continue;
        };
        if !ours(&entry[..=eq]) {
            push_c(&mut env, entry);
        }
    }
    env.extend_from_slice(call.env.as_bytes());
    let argv = cstrs(&args);
    let envp = cstrs(&env);
    // The child starts with no signal blocked (the event loop blocks
    // several for its signalfd) and SIGPIPE at its default (std ignores it).
    let mut attr = PosixSpawnAttr::init()?;
    attr.set_sigmask(&SigSet::empty())?;
    let mut pipe = SigSet::empty();
    pipe.add(Signal::SIGPIPE);
    attr.set_sigdefault(&pipe)?;
    attr.set_flags(
        PosixSpawnFlags::POSIX_SPAWN_SETSIGMASK | PosixSpawnFlags::POSIX_SPAWN_SETSIGDEF,
    )?;
    let mut ptrs: Vec<*const libc::c_char> = argv.iter().map(|s| s.as_ptr()).collect();
    ptrs.push(core::ptr::null());
    let args_at = ptrs.len();
    ptrs.extend(envp.iter().map(|s| s.as_ptr()));
    ptrs.push(core::ptr::null());
    let mut pid = 0;
    // SAFETY: NULL-terminated arrays of pointers into `args` and `env`,
    // which outlive the call; no file actions (NULL); a valid attribute
    // object (nix's PosixSpawnAttr is repr(transparent) over libc's).
    // posix_spawnp(3) writes the pid on success.
    let r = unsafe {
        libc::posix_spawnp(
            &mut pid,
            ptrs[0],
            core::ptr::null(),
            (&raw const attr).cast(),
            ptrs.as_ptr().cast(),
            ptrs[args_at..].as_ptr().cast(),
        )
    };
    match r {
        0 => Ok(Pid::from_raw(pid)),
        e => Err(io::Error::from_raw_os_error(e)),
    }
}

/// Our own environment's entries, `NAME=value` each, read from `environ`
/// directly: std's vars_os copies them into OsStrings under its environment
/// lock, ~1 KiB on mipsel for a process with one thread that never changes
/// its environment.
fn inherited() -> impl Iterator<Item = &'static [u8]> {
    unsafe extern "C" {
        static environ: *const *const libc::c_char;
    }
    // SAFETY: environ is the C runtime's NULL-terminated array of
    // NUL-terminated strings (or NULL), which nothing in ra6c changes (one
    // thread; no setenv/putenv), so each string lives as long as the process.
    let mut p = unsafe { environ };
    core::iter::from_fn(move || unsafe {
        if p.is_null() || (*p).is_null() {
            return None;
        }
        let e = CStr::from_ptr(*p).to_bytes();
        p = p.add(1);
        Some(e)
    })
}

/// Append `s` and a NUL; a NUL inside `s` cuts it there, as C strings do
/// (a value with one would otherwise make the call fail and be lost).
fn push_c(buf: &mut Vec<u8>, s: &[u8]) {
    buf.extend(s.iter().take_while(|&&b| b != 0));
    buf.push(0);
}

/// The NUL-terminated strings of a buffer `push_c` wrote.
fn cstrs(buf: &[u8]) -> Vec<&CStr> {
    let mut out = Vec::new();
    let mut rest = buf;
    while let Ok(s) = CStr::from_bytes_until_nul(rest) {
        rest = &rest[s.count_bytes() + 1..];
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Duid;
    use crate::client::lease::Binding;
    use crate::ra::{RaEvent, RaPrefix, RaRoute};
    use crate::ra_state::RaConfig;

    fn a(s: &str) -> Ipv6Addr {
        s.parse().unwrap()
    }

    fn leased(addr: &str, len: u8, preferred: u32, valid: u32) -> Leased {
        Leased {
            addr: a(addr),
            len,
            preferred,
            valid,
            excluded: None,
        }
    }

    fn binding(iaid: u32, t1: u32, t2: u32, ls: &[Leased]) -> Binding {
        let mut b = Binding {
            iaid,
            t1,
            t2,
            ..Binding::default()
        };
        for l in ls {
            b.leases.push(l.clone()).unwrap();
        }
        b
    }

    fn info() -> Info {
        let mut i = Info::default();
        i.dns.push(a("2001:db8::53")).unwrap();
        i.dns.push(a("2001:db8::54")).unwrap();
        i.domains.push("lan.example".try_into().unwrap()).unwrap();
        i.domains.push("example.org".try_into().unwrap()).unwrap();
        i.ntp_ip.push(a("2001:db8::123")).unwrap();
        i.ntp_fqdn.push("ntp.example".try_into().unwrap()).unwrap();
        i.sntp.push(a("2001:db8::124")).unwrap();
        // AFTR name (64), an unknown option (300), SNTP raw (31).
        push_raw(&mut i, 64, b"\x04aftr\x07example\x00");
        push_raw(&mut i, 300, &[0xab, 0xcd]);
        push_raw(&mut i, 31, &a("2001:db8::124").octets());
        i
    }

    fn push_raw(i: &mut Info, code: u16, data: &[u8]) {
        i.raw.extend_from_slice(&code.to_be_bytes()).unwrap();
        i.raw
            .extend_from_slice(&(data.len() as u16).to_be_bytes())
            .unwrap();
        i.raw.extend_from_slice(data).unwrap();
    }

    /// The environment as `(name, value)` pairs.
    fn environment(ctx: &ScriptContext) -> Vec<(String, String)> {
        super::environment(ctx).pairs()
    }

    fn value(f: impl FnOnce(&mut Env)) -> String {
        let mut e = Env::default();
        e.set("V");
        f(&mut e);
        e.end();
        e.get("V").unwrap().to_string()
    }

    fn hex(d: &[u8]) -> String {
        value(|e| push_hex(e, d))
    }

    fn names(d: &[u8]) -> String {
        value(|e| push_names(e, d))
    }

    fn lease() -> Lease {
        let mut pd2 = leased("2001:db8:200::", 56, 3000, 6000);
        pd2.excluded = Some((a("2001:db8:200:ff::"), 64));
        Lease {
            server_id: Duid::from_slice(&[0, 3, 0, 1, 1, 2, 3, 4, 5, 6]).unwrap(),
            server_addr: a("fe80::1"),
            obtained: Instant::from_secs(1000),
            ia_na: Some(binding(
                1,
                0,
                0,
                &[leased("2001:db8::100", 128, 1000, 2000)],
            )),
            ia_pd: HVec::from_iter([binding(
                0x2a,
                1800,
                2880,
                &[leased("2001:db8:100::", 56, 3600, 7200), pd2],
            )]),
            info: info(),
            reconfigure_key: None,
        }
    }

    fn ra() -> RaEvent {
        let mut ev = RaEvent {
            ifindex: 2,
            source: Some(a("fe80::1")),
            managed: true,
            other: true,
            preference: 1,
            cur_hop_limit: 64,
            router_lifetime: 1800,
            reachable: 30000,
            retrans: 0,
            mtu: Some(1492),
            ..Default::default()
        };
        ev.prefixes
            .push(RaPrefix {
                prefix: a("2001:db8:1::"),
                len: 64,
                on_link: true,
                autonomous: true,
                pd_preferred: false,
                valid: 7200,
                preferred: 3600,
            })
            .unwrap();
        ev.routes
            .push(RaRoute {
                prefix: a("2001:db8:f::"),
                len: 48,
                preference: -1,
                lifetime: 600,
            })
            .unwrap();
        ev.routes
            .push(RaRoute {
                prefix: a("fe80::"),
                len: 64,
                preference: 0,
                lifetime: 600,
            })
            .unwrap();
        ev.rdnss.push((a("2001:db8::35"), 3600)).unwrap();
        ev.rdnss.push((a("2001:db8::36"), 0)).unwrap();
        ev.dnssl
            .push(("ra.example".try_into().unwrap(), 3600))
            .unwrap();
        ev
    }

    /// The RA state after `ev` arrived at `at`.
    fn ra_state(ev: &RaEvent, at: Instant, cfg: RaConfig) -> RaState {
        let mut s = RaState::new(cfg);
        s.ingest(at, ev);
        s
    }

    fn get<'a>(env: &'a [(String, String)], k: &str) -> Option<&'a str> {
        env.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
    }

    #[test]
    fn bound_environment_exact() {
        let l = lease();
        let iid = [0, 0, 0, 0, 0, 0, 0x12, 0x34];
        let mut state = ra_state(&ra(), Instant::from_secs(1090), RaConfig::default());
        state.set_iid(Instant::from_secs(1090), Some(iid));
        let ctx = ScriptContext {
            now: Instant::from_secs(1100),
            bound: true,
            lease: Some(&l),
            info: None,
            server: None,
            ra: Some(RaView { state: &state }),
            history: None,
        };
        let env = environment(&ctx);
        let names: Vec<&str> = env.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "SERVER",
                "RDNSS",
                "SNTP_IP",
                "NTP_IP",
                "NTP_FQDN",
                "SIP_IP",
                "DOMAINS",
                "SIP_DOMAIN",
                "AFTR",
                "OPTION_300",
                "PREFIXES",
                "ADDRESSES",
                "RA_ADDRESSES",
                "RA_ROUTES",
                "RA_DNS",
                "RA_DOMAINS",
                "RA_HOPLIMIT",
                "RA_MTU",
                "RA_REACHABLE",
                "RA_RETRANSMIT",
                "PASSTHRU"
            ]
        );
        let g = |k| get(&env, k).unwrap();
        assert_eq!(g("SERVER"), "fe80::1");
        assert_eq!(g("RDNSS"), "2001:db8::53 2001:db8::54");
        assert_eq!(g("SNTP_IP"), "2001:db8::124");
        assert_eq!(g("NTP_IP"), "2001:db8::123");
        assert_eq!(g("NTP_FQDN"), "ntp.example");
        assert_eq!(g("SIP_IP"), "");
        assert_eq!(g("DOMAINS"), "lan.example example.org");
        assert_eq!(g("SIP_DOMAIN"), "");
        assert_eq!(g("AFTR"), "aftr.example");
        assert_eq!(g("OPTION_300"), "abcd");
        // 100 s after the Reply; IAID 0x2a → class; T1/T2 from the IA.
        assert_eq!(
            g("PREFIXES"),
            "2001:db8:100::/56,3500,7100,1700,2780,class=0000002a \
             2001:db8:200::/56,2900,5900,1700,2780,class=0000002a,excluded=2001:db8:200:ff::/64"
        );
        // T1 = T2 = 0 → 0.5 and 0.8 of preferred (500, 800) minus 100 s.
        assert_eq!(g("ADDRESSES"), "2001:db8::100/128,900,1900,400,700");
        // RA 10 s old.
        assert_eq!(g("RA_ADDRESSES"), "2001:db8:1::1234/64,3590,7190,0,0");
        assert_eq!(
            g("RA_ROUTES"),
            "::/0,fe80::1,1790,384 2001:db8:f::/48,fe80::1,590,640 2001:db8:1::/64,,7190,256"
        );
        assert_eq!(g("RA_DNS"), "2001:db8::35");
        assert_eq!(g("RA_DOMAINS"), "ra.example");
        assert_eq!(g("RA_HOPLIMIT"), "64");
        assert_eq!(g("RA_MTU"), "1492");
        assert_eq!(g("RA_REACHABLE"), "30000");
        assert_eq!(g("RA_RETRANSMIT"), "0");
        // 300 and 31 pass through (64 is odhcp6c's "no passthru").
        assert_eq!(
            g("PASSTHRU"),
            format!("012c0002abcd001f0010{}", hex(&a("2001:db8::124").octets()))
        );
    }

    #[test]
    fn unbound_and_stateless() {
        // Started: no PREFIXES/ADDRESSES at all, everything else empty.
        let ctx = ScriptContext {
            now: Instant::ZERO,
            bound: false,
            lease: None,
            info: None,
            server: None,
            ra: None,
            history: None,
        };
        let env = environment(&ctx);
        assert!(get(&env, "PREFIXES").is_none() && get(&env, "ADDRESSES").is_none());
        for (k, v) in &env {
            let want = if k.starts_with("RA_") && !k.ends_with('S') {
                "0"
            } else {
                ""
            };
            assert_eq!(v, want, "{k}");
        }
        // Informed: bound without a lease → empty lists, server given.
        let i = info();
        let ctx = ScriptContext {
            bound: true,
            info: Some(&i),
            server: Some(a("fe80::2")),
            ..ctx
        };
        let env = environment(&ctx);
        assert_eq!(get(&env, "PREFIXES"), Some(""));
        assert_eq!(get(&env, "ADDRESSES"), Some(""));
        assert_eq!(get(&env, "SERVER"), Some("fe80::2"));
        assert_eq!(get(&env, "RDNSS"), Some("2001:db8::53 2001:db8::54"));
    }

    #[test]
    fn router_lifetime_caps_dns_and_zero_drops_route() {
        let mut ev = ra();
        ev.router_lifetime = 0;
        let state = ra_state(&ev, Instant::ZERO, RaConfig::default());
        let ctx = ScriptContext {
            now: Instant::ZERO,
            bound: false,
            lease: None,
            info: None,
            server: None,
            ra: Some(RaView { state: &state }),
            history: None,
        };
        let env = environment(&ctx);
        assert_eq!(get(&env, "RA_DNS"), Some(""));
        assert_eq!(get(&env, "RA_DOMAINS"), Some(""));
        assert_eq!(get(&env, "RA_ADDRESSES"), Some(""));
        assert_eq!(
            get(&env, "RA_ROUTES"),
            Some("2001:db8:f::/48,fe80::1,600,640 2001:db8:1::/64,,7200,256")
        );
        let keep = RaConfig {
            keep_dns_lifetime: true,
            ..RaConfig::default()
        };
        let state = ra_state(&ev, Instant::ZERO, keep);
        let ctx = ScriptContext {
            ra: Some(RaView { state: &state }),
            ..ctx
        };
        assert_eq!(get(&environment(&ctx), "RA_DNS"), Some("2001:db8::35"));
    }

    /// Found in the lab: Kea, moved to another prefix, answers a Renew
    /// with the old IAPREFIX at lifetimes 0; it was listed with its old
    /// remaining lifetimes until they ran out. odhcp6c lists it with 0.
    #[test]
    fn prefix_the_server_withdrew_is_listed_with_zero_once() {
        let l = lease();
        let mut h = PrefixHistory::new();
        h.record(Some(&l), true, Instant::from_secs(1000));
        let mut renewed = l.clone();
        renewed.obtained = Instant::from_secs(1500);
        let pd = &mut renewed.ia_pd[0];
        let gone = pd.leases.pop().unwrap();
        pd.withdrawn.push((gone.addr, gone.len)).unwrap();
        let prefixes = |h: &PrefixHistory| {
            let ctx = ScriptContext {
                now: renewed.obtained,
                bound: true,
                lease: Some(&renewed),
                info: None,
                server: None,
                ra: None,
                history: Some(h),
            };
            get(&environment(&ctx), "PREFIXES").unwrap().to_string()
        };
        let p = prefixes(&h);
        assert!(
            p.ends_with(" 2001:db8:200::/56,0,0,0,0,class=0000002a,excluded=2001:db8:200:ff::/64"),
            "{p}"
        );
        h.record(Some(&renewed), true, renewed.obtained);
        assert_eq!(h.len(), 1);
        let p = prefixes(&h);
        assert!(!p.contains("2001:db8:200::"), "{p}");
    }

    #[test]
    fn withdrawn_prefix_counts_down_then_reports_zero_once() {
        let mut l = lease();
        let mut h = PrefixHistory::new();
        let t0 = Instant::from_secs(1000);
        h.record(Some(&l), true, t0);
        assert_eq!(h.len(), 2);
        // The server drops the /56 at 2001:db8:200:: on Renew at t=1500.
        let mut renewed = l.clone();
        renewed.obtained = Instant::from_secs(1500);
        renewed.ia_pd[0].leases.pop();
        fn ctx<'a>(
            lease: Option<&'a Lease>,
            now: Instant,
            h: &'a PrefixHistory,
        ) -> ScriptContext<'a> {
            ScriptContext {
                now,
                bound: true,
                lease,
                info: None,
                server: None,
                ra: None,
                history: Some(h),
            }
        }
        let t1 = Instant::from_secs(1500);
        let p = get(&environment(&ctx(Some(&renewed), t1, &h)), "PREFIXES")
            .unwrap()
            .to_string();
        assert!(
            p.ends_with(
                "2001:db8:200::/56,2500,5500,1300,2380,class=0000002a,excluded=2001:db8:200:ff::/64"
            ),
            "{p}"
        );
        h.record(Some(&renewed), true, t1);
        assert_eq!(h.len(), 2);
        // After its valid lifetime: listed once with 0, then forgotten.
        let t2 = Instant::from_secs(7100);
        let p = get(&environment(&ctx(Some(&renewed), t2, &h)), "PREFIXES")
            .unwrap()
            .to_string();
        assert!(
            p.ends_with(" 2001:db8:200::/56,0,0,0,0,class=0000002a,excluded=2001:db8:200:ff::/64"),
            "{p}"
        );
        h.record(Some(&renewed), true, t2);
        assert_eq!(h.len(), 1);
        let p = get(&environment(&ctx(Some(&renewed), t2, &h)), "PREFIXES")
            .unwrap()
            .to_string();
        assert!(!p.contains("2001:db8:200::"), "{p}");
        // An expired prefix the client already dropped from its lease.
        l.ia_pd[0].leases.clear();
        let p = get(
            &environment(&ctx(Some(&l), Instant::from_secs(99999), &h)),
            "PREFIXES",
        )
        .unwrap()
        .to_string();
        assert_eq!(p, "2001:db8:100::/56,0,0,0,0,class=0000002a");
        // Unbound forgets.
        h.record(None, false, t2);
        assert!(h.is_empty());
    }

    #[test]
    fn iaid_one_has_no_class_and_expired_address_is_hidden() {
        let mut l = lease();
        l.ia_pd[0].iaid = 1;
        let ctx = ScriptContext {
            now: Instant::from_secs(3500),
            bound: true,
            lease: Some(&l),
            info: None,
            server: None,
            ra: None,
            history: None,
        };
        let env = environment(&ctx);
        assert!(!get(&env, "PREFIXES").unwrap().contains("class="));
        assert_eq!(get(&env, "ADDRESSES"), Some(""));
    }

    /// Several `-P`: every IA_PD's prefixes in PREFIXES, the one with
    /// IAID 1 without `class=`, the others with theirs (odhcp6c's
    /// script.c: `if (ntohl(e->iaid) != 1) ",class=%08x"`).
    #[test]
    fn several_ia_pd_in_prefixes() {
        let mut l = lease();
        l.ia_pd[0].iaid = 1;
        let second = binding(2, 0, 0, &[leased("2001:db8:ff00::", 60, 600, 900)]);
        l.ia_pd.push(second).unwrap();
        let ctx = ScriptContext {
            now: Instant::from_secs(1000),
            bound: true,
            lease: Some(&l),
            info: None,
            server: None,
            ra: None,
            history: None,
        };
        let env = environment(&ctx);
        let p: Vec<&str> = get(&env, "PREFIXES").unwrap().split(' ').collect();
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p[0].starts_with("2001:db8:100::/56,") && !p[0].contains("class="));
        assert_eq!(p[2], "2001:db8:ff00::/60,600,900,300,480,class=00000002");
    }

    #[test]
    fn names_decode() {
        assert_eq!(names(b"\x03foo\x03bar\x00\x01a\x00"), "foo.bar a");
        assert_eq!(names(b"\x03f o\x00"), "f\\032o");
        assert_eq!(names(b"\x03a.b\x00\x00"), "a\\.b .");
        // A malformed name and what follows it are left out.
        assert_eq!(names(b"\x01a\x00\x05ab"), "a");
        assert_eq!(names(b"\x01a"), "");
        assert_eq!(entry_timers(0, 0, INFINITY), (INFINITY, INFINITY));
        assert_eq!(entry_timers(900, 0, 1000), (800, 800));
    }

    /// The first block of `state` in a fixture of tests/contract
    /// (record-env.sh's format).
    fn fixture_block(text: &str, state: &str) -> Vec<(String, String)> {
        let begin = format!("BEGIN {state}");
        text.lines()
            .skip_while(|l| *l != begin)
            .skip(1)
            .take_while(|l| *l != "END")
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// `addr/len,preferred,valid,t1,t2[,...]` lists equal but for the
    /// lifetimes, which may be up to 20 s apart (odhcp6c calls its script
    /// up to 10 s late, and its timers had counted down).
    fn same_entries(a: &str, b: &str) -> bool {
        let (a, b): (Vec<_>, Vec<_>) = (a.split(' ').collect(), b.split(' ').collect());
        a.len() == b.len()
            && a.iter().zip(&b).all(|(x, y)| {
                let (x, y): (Vec<_>, Vec<_>) = (x.split(',').collect(), y.split(',').collect());
                x.len() == y.len()
                    && x.iter().zip(&y).enumerate().all(|(i, (p, q))| {
                        p == q
                            || (1..=4).contains(&i)
                                && matches!((p.parse::<i64>(), q.parse::<i64>()),
                                    (Ok(m), Ok(n)) if (m - n).abs() <= 20)
                    })
            })
    }

    /// Kea's real Reply to odhcp6c's Request (Information-Request), and
    /// odhcp6c's own environment for it (tests/contract/make_fixtures.sh:
    /// odhcp6c 10a5222 against Kea 2.2 with SIP, AFTR, NTP, MAP-E, the
    /// captive portal, an unknown option 200 and PD exclude): every
    /// variable but the RA's comes out as odhcp6c wrote it.
    #[test]
    fn kea_reply_renders_as_odhcp6c_rendered_it() {
        let cases = [
            (
                include_str!("../tests/contract/fixtures/mape-reply.hex"),
                include_str!("../tests/contract/fixtures/mape.env"),
                "bound",
            ),
            (
                include_str!("../tests/contract/fixtures/informed-reply.hex"),
                include_str!("../tests/contract/fixtures/informed.env"),
                "informed",
            ),
            (
                include_str!("../tests/contract/fixtures/tun-reply.hex"),
                include_str!("../tests/contract/fixtures/tun.env"),
                "bound",
            ),
        ];
        for (reply, env, state) in cases {
            let m = crate::wire::decode(&crate::wire::unhex(reply)).unwrap();
            assert_eq!(m.bad_options, 0, "{state}");
            let theirs = fixture_block(env, state);
            let get = |k: &str| theirs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
            let server = get("SERVER").unwrap().parse().unwrap();
            let now = Instant::from_secs(1000);
            let ia = |v: &heapless::Vec<crate::wire::Ia, 4>| {
                v.first()
                    .map(|ia| binding(ia.iaid, ia.t1, ia.t2, &ia.leases))
            };
            let lease = Lease {
                server_id: m.server_id.clone().unwrap(),
                server_addr: server,
                obtained: now,
                ia_na: ia(&m.ia_na),
                ia_pd: ia(&m.ia_pd).into_iter().collect(),
                info: m.info.clone(),
                reconfigure_key: None,
            };
            let ctx = ScriptContext {
                now,
                bound: true,
                lease: Some(&lease),
                info: None,
                server: None,
                ra: None,
                history: None,
            };
            let ours = environment(&ctx);
            let mine = |k: &str| ours.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
            let names: std::collections::BTreeSet<&str> = theirs
                .iter()
                .chain(&ours)
                .map(|(k, _)| k.as_str())
                .collect();
            let mut compared = 0;
            for k in names.into_iter().filter(|k| !k.starts_with("RA_")) {
                let (t, o) = (get(k), mine(k));
                let ok = t == o || matches!((t, o), (Some(t), Some(o)) if same_entries(t, o));
                assert!(ok, "{state} {k}: odhcp6c {t:?}, ra6c {o:?}");
                compared += 1;
            }
            assert!(compared >= 19, "{state}: only {compared} variables");
        }
    }

    /// odhcp6c's s46_to_env and friends on what Kea can't send: several
    /// rules and BRs in one container, a second MAP-E container (ignored),
    /// MAP-T containers read together, an unrestricted captive portal,
    /// two options with one code, a SIP list (odhcp6c would drop it).
    #[test]
    fn softwire_and_option_corners_as_script_c() {
        let rule = |flags: u8, ea: u8, p4: u8, v4: [u8; 4], p6: u8, v6: &[u8], sub: &[u8]| {
            let mut r = vec![flags, ea, p4];
            r.extend_from_slice(&v4);
            r.push(p6);
            r.extend_from_slice(v6);
            r.extend_from_slice(sub);
            let mut o = vec![0, 89];
            o.extend_from_slice(&(r.len() as u16).to_be_bytes());
            o.extend(r);
            o
        };
        let br = |last: u8| {
            let mut o = vec![0, 90, 0, 16];
            o.extend_from_slice(&a("2001:db8:ffff::").octets()[..15]);
            o.push(last);
            o
        };
        let ports = [0u8, 93, 0, 4, 6, 8, 0x12, 0x00];
        let mut i = Info::default();
        let mape1 = [
            rule(
                1,
                16,
                24,
                [192, 0, 2, 0],
                40,
                &[0x20, 0x01, 0x0d, 0xb8, 0x01],
                &ports,
            ),
            br(1),
            rule(
                0,
                0,
                32,
                [192, 0, 2, 77],
                48,
                &[0x20, 0x01, 0x0d, 0xb8, 0x03, 0x00],
                &[],
            ),
            br(2),
        ]
        .concat();
        push_raw(&mut i, 94, &mape1);
        push_raw(&mut i, 94, &rule(0, 0, 24, [10, 0, 0, 0], 0, &[], &[]));
        // MAP-T: the rule in one container, its DMR (/60, 8 octets) in the next.
        push_raw(
            &mut i,
            95,
            &rule(
                0,
                8,
                24,
                [198, 51, 100, 0],
                44,
                &[0x20, 0x01, 0x0d, 0xb8, 0x02, 0x00],
                &[],
            ),
        );
        push_raw(
            &mut i,
            95,
            &[
                0, 91, 0, 9, 60, 0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0x00, 0x60,
            ],
        );
        push_raw(&mut i, 96, &[]);
        push_raw(&mut i, 103, b"urn:ietf:params:capport:unrestricted");
        push_raw(&mut i, 300, &[1]);
        push_raw(&mut i, 300, &[2]);
        push_raw(
            &mut i,
            22,
            &[a("2001:db8::5060").octets(), a("2001:db8::5061").octets()].concat(),
        );
        let ctx = ScriptContext {
            now: Instant::ZERO,
            bound: false,
            lease: None,
            info: Some(&i),
            server: None,
            ra: None,
            history: None,
        };
        let env = environment(&ctx);
        assert_eq!(
            get(&env, "MAPE"),
            Some(
                "fmr,type=map-e,ealen=16,prefix4len=24,prefix6len=40,ipv4prefix=192.0.2.0,\
                 ipv6prefix=2001:db8:100::,offset=6,psidlen=8,psid=4608,\
                 br=2001:db8:ffff::1,br=2001:db8:ffff::2, \
                 type=map-e,ealen=0,prefix4len=32,prefix6len=48,ipv4prefix=192.0.2.77,\
                 ipv6prefix=2001:db8:300::,br=2001:db8:ffff::1,br=2001:db8:ffff::2, "
            )
        );
        assert_eq!(
            get(&env, "MAPT"),
            Some(
                "type=map-t,ealen=8,prefix4len=24,prefix6len=44,ipv4prefix=198.51.100.0,\
                 ipv6prefix=2001:db8:200::,dmr=2001:db8:ffff:60::/60, "
            )
        );
        // An empty container sets nothing (script.c: `if (len == 0) return`).
        assert_eq!(get(&env, "LW4O6"), None);
        assert_eq!(get(&env, "CAPTIVE_PORTAL_URI"), None);
        assert_eq!(get(&env, "OPTION_300"), Some("02"));
        assert_eq!(env.iter().filter(|(k, _)| k == "OPTION_300").count(), 1);
        assert_eq!(get(&env, "SIP_IP"), Some("2001:db8::5060 2001:db8::5061"));
        // The containers are no-passthru; the rest passes, 300 twice.
        let pt = format!(
            "00670024{}012c000101012c0001020016002020010db8{:024x}20010db8{:024x}",
            hex(b"urn:ietf:params:capport:unrestricted"),
            0x5060,
            0x5061
        );
        assert_eq!(get(&env, "PASSTHRU"), Some(pt.as_str()));
    }

    #[test]
    fn queue_drops_oldest_refresh() {
        let mut r = ScriptRunner::new(Some(PathBuf::from("/nonexistent")), "eth0");
        // Fake a running child so calls queue: spawn a sleeper.
        let mut child = std::process::Command::new("/bin/sh")
            .args(["-c", "sleep 5"])
            .spawn()
            .unwrap();
        r.running = Some((Pid::from_raw(child.id() as i32), ScriptState::Started));
        r.call(ScriptState::Bound, Env::default());
        for _ in 0..QUEUE_LEN {
            r.call(ScriptState::RaUpdated, Env::default());
        }
        assert_eq!(r.queue.len(), QUEUE_LEN);
        assert_eq!(r.queue[0].state, ScriptState::Bound);
        r.call(ScriptState::Stopped, Env::default());
        assert_eq!(r.queue.len(), QUEUE_LEN);
        assert_eq!(r.queue.back().unwrap().state, ScriptState::Stopped);
        assert_eq!(r.queue[0].state, ScriptState::Bound);
        r.running = None;
        let _ = child.kill();
        let _ = child.wait();
        // The rest fail to spawn (logged) and the runner ends idle.
        r.reap();
        assert!(r.is_idle());
        // No script: no-op.
        let mut r = ScriptRunner::new(None, "eth0");
        r.call(ScriptState::Bound, Env::default());
        assert!(r.is_idle());
    }

    #[test]
    fn runs_real_script_in_order() {
        let dir = std::env::temp_dir().join(format!("ra6c-script-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("out");
        let script = dir.join("s.sh");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nsleep 0.2\necho \"$1 $2 PREFIXES=${{PREFIXES-unset}} RDNSS=$RDNSS OPTION_9=${{OPTION_9-unset}}\" >> {}\n",
                out.display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut r = ScriptRunner::new(Some(script.clone()), "wan0");
        r.call(
            ScriptState::Bound,
            Env::of(&[("PREFIXES", "2001:db8::/56,1,2,0,0"), ("RDNSS", "::1")]),
        );
        // Second call queued behind the first; the child hasn't exited.
        r.call(ScriptState::Stopped, Env::of(&[("RDNSS", "")]));
        assert!(!r.is_idle());
        assert!(r.wait_idle(Duration::from_secs(10)));
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(
            text,
            "wan0 bound PREFIXES=2001:db8::/56,1,2,0,0 RDNSS=::1 OPTION_9=unset\n\
             wan0 stopped PREFIXES=unset RDNSS= OPTION_9=unset\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// What std's Command gave the child, ours gives it too: no signal
    /// blocked (the event loop blocks several for its signalfd), SIGPIPE
    /// not ignored, our stdin (tests/startup.rs: /dev/null), our
    /// environment inherited; and a script that can't run is an error, not
    /// a silent child.
    #[test]
    fn child_starts_clean() {
        let dir = std::env::temp_dir().join(format!("ra6c-clean-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("out");
        let script = dir.join("s.sh");
        std::fs::write(
            &script,
            format!(
                // The shell's own status, read by a builtin: a forked grep
                // could catch dash with every signal blocked around a fork.
                "#!/bin/sh\n{{ while read -r k v; do case $k in SigBlk:|SigIgn:) echo \"$k $v\";; \
                 esac; done < /proc/self/status; readlink /proc/$$/fd/0; \
                 echo \"$1 $2 PATH=$PATH\"; }} > {}\n",
                out.display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut blocked = SigSet::empty();
        blocked.add(Signal::SIGUSR2);
        blocked.add(Signal::SIGCHLD);
        blocked.thread_block().unwrap();
        let call = Call {
            state: ScriptState::Bound,
            env: Env::default(),
        };
        let pid = spawn(&script, "wan0", &call);
        blocked.thread_unblock().unwrap();
        let pid = pid.unwrap();
        assert!(matches!(waitpid(pid, None), Ok(WaitStatus::Exited(_, 0))));
        let text = std::fs::read_to_string(&out).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("SigBlk: 0000000000000000"));
        let ign = lines.next().unwrap().strip_prefix("SigIgn: ").unwrap();
        let ign = u64::from_str_radix(ign, 16).unwrap();
        assert_eq!(
            ign & (1 << (Signal::SIGPIPE as u32 - 1)),
            0,
            "SIGPIPE ignored"
        );
        // ra6c's own stdin, which `main` puts on /dev/null.
        let ours = std::fs::read_link("/proc/self/fd/0").unwrap();
        assert_eq!(lines.next(), Some(ours.to_str().unwrap()));
        let path = std::env::var("PATH").unwrap_or_default();
        assert_eq!(
            lines.next(),
            Some(format!("wan0 bound PATH={path}").as_str())
        );
        let e = spawn(&dir.join("missing"), "wan0", &call).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A NUL inside option 103 (a server's captive-portal URI) made the
    /// spawn fail with "nul byte found", and the call was lost. The call
    /// runs, with the value cut at the NUL.
    #[test]
    fn nul_in_an_option_is_cut_and_the_call_runs() {
        let dir = std::env::temp_dir().join(format!("ra6c-nul-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("out");
        let script = dir.join("s.sh");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\necho \"$2 $CAPTIVE_PORTAL_URI\" >> {}\n",
                out.display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut info = Info::default();
        push_raw(&mut info, 103, b"https://portal.example/\0; rm -rf /");
        let ctx = ScriptContext {
            now: Instant::from_secs(1),
            bound: true,
            lease: None,
            info: Some(&info),
            server: None,
            ra: None,
            history: None,
        };
        let mut r = ScriptRunner::new(Some(script.clone()), "wan0");
        r.call(ScriptState::Informed, super::environment(&ctx));
        assert!(r.wait_idle(Duration::from_secs(10)));
        let text = std::fs::read_to_string(&out).unwrap_or_default();
        assert_eq!(text, "informed https://portal.example/\n");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The envp entries as `NAME=value` lines, for the fixture below.
    fn dump(env: &Env) -> String {
        env.entries().map(|e| format!("{e}\n")).collect()
    }

    /// Everything the builder renders at once: a lease with an address,
    /// prefixes with class and excluded, a withdrawn and a lapsing prefix
    /// from the history, MAP-E/MAP-T/LW4O6, SIP names with escapes, a
    /// captive portal with a NUL (cut there), unknown options, PASSTHRU and
    /// the RA's routes, addresses, DNS and domains. The fixture is what the
    /// builder of `Vec<(String, String)>` (before the envp block) rendered,
    /// cut at a NUL as its `spawn` cut it: the envp block is byte for byte
    /// what that `spawn` wrote.
    #[test]
    fn rich_environment_matches_fixture() {
        let mut l = lease();
        let rule = |flags: u8, ea: u8, p4: u8, v4: [u8; 4], p6: u8, v6: &[u8], sub: &[u8]| {
            let mut r = vec![flags, ea, p4];
            r.extend_from_slice(&v4);
            r.push(p6);
            r.extend_from_slice(v6);
            r.extend_from_slice(sub);
            let mut o = vec![0, 89];
            o.extend_from_slice(&(r.len() as u16).to_be_bytes());
            o.extend(r);
            o
        };
        let br = [&[0u8, 90, 0, 16][..], &a("2001:db8:ffff::9").octets()].concat();
        let ports = [0u8, 93, 0, 4, 6, 8, 0x12, 0x00];
        let i = &mut l.info;
        push_raw(
            i,
            94,
            &[
                rule(
                    1,
                    16,
                    24,
                    [192, 0, 2, 0],
                    40,
                    &[0x20, 1, 0x0d, 0xb8, 1],
                    &ports,
                ),
                br.clone(),
            ]
            .concat(),
        );
        push_raw(
            i,
            95,
            &[
                rule(
                    0,
                    8,
                    24,
                    [198, 51, 100, 0],
                    44,
                    &[0x20, 1, 0x0d, 0xb8, 2, 0],
                    &[],
                ),
                vec![0, 91, 0, 9, 60, 0x20, 1, 0x0d, 0xb8, 0xff, 0xff, 0, 0x60],
            ]
            .concat(),
        );
        let mut bind = vec![0u8, 92, 0, 11, 192, 0, 2, 9, 48, 0x20, 1, 0x0d, 0xb8, 4, 0];
        bind.extend_from_slice(&ports);
        bind[3] = (bind.len() - 4) as u8;
        push_raw(i, 96, &[bind, br].concat());
        push_raw(i, 21, b"\x03s.p\x07example\x00\x02\x01\xff\x00\x00");
        push_raw(i, 22, &a("2001:db8::5060").octets());
        push_raw(i, 103, b"https://portal.example/\0tail");
        push_raw(i, 103, b"?more");
        push_raw(i, 301, &[]);
        push_raw(i, 300, &[1, 2, 3]);

        let mut h = PrefixHistory::new();
        let mut old = lease();
        old.ia_pd[0]
            .leases
            .push(leased("2001:db8:300::", 60, 3600, 7200))
            .unwrap();
        h.record(Some(&old), true, Instant::from_secs(1000));
        let gone = l.ia_pd[0].leases.pop().unwrap();
        l.ia_pd[0].withdrawn.push((gone.addr, gone.len)).unwrap();

        let mut ev = ra();
        ev.routes
            .push(RaRoute {
                prefix: a("2001:db8:e::"),
                len: 56,
                preference: 1,
                lifetime: 900,
            })
            .unwrap();
        ev.dnssl
            .push(("second.example".try_into().unwrap(), 3600))
            .unwrap();
        let mut state = ra_state(&ev, Instant::from_secs(1090), RaConfig::default());
        state.set_iid(
            Instant::from_secs(1090),
            Some([0, 0, 0, 0, 0, 0, 0x12, 0x34]),
        );
        let ctx = ScriptContext {
            now: Instant::from_secs(1100),
            bound: true,
            lease: Some(&l),
            info: None,
            server: Some(a("2001:db8::547")),
            ra: Some(RaView { state: &state }),
            history: Some(&h),
        };
        let env = super::environment(&ctx);
        assert_eq!(dump(&env), RICH_FIXTURE, "{}", dump(&env));
        assert!(env.as_bytes().ends_with(b"010203\0"));
        assert_eq!(env.as_bytes().iter().filter(|&&b| b == 0).count(), 26);
    }

    const RICH_FIXTURE: &str = "\
    SERVER=2001:db8::547\n\
    RDNSS=2001:db8::53 2001:db8::54\n\
    SNTP_IP=2001:db8::124\n\
    NTP_IP=2001:db8::123\n\
    NTP_FQDN=ntp.example\n\
    SIP_IP=2001:db8::5060\n\
    DOMAINS=lan.example example.org\n\
    SIP_DOMAIN=s\\.p.example \\001\\255 .\n\
    AFTR=aftr.example\n\
    MAPE=fmr,type=map-e,ealen=16,prefix4len=24,prefix6len=40,ipv4prefix=192.0.2.0,ipv6prefix=2001:db8:100::,offset=6,psidlen=8,psid=4608,br=2001:db8:ffff::9, \n\
    MAPT=type=map-t,ealen=8,prefix4len=24,prefix6len=44,ipv4prefix=198.51.100.0,ipv6prefix=2001:db8:200::,dmr=2001:db8:ffff:60::/60, \n\
    LW4O6=type=lw4o6,prefix4len=32,prefix6len=48,ipv4prefix=192.0.2.9,ipv6prefix=2001:db8:400::,offset=6,psidlen=8,psid=4608,br=2001:db8:ffff::9, \n\
    CAPTIVE_PORTAL_URI=https://portal.example/\n\
    OPTION_301=\n\
    OPTION_300=010203\n\
    PREFIXES=2001:db8:100::/56,3500,7100,1700,2780,class=0000002a 2001:db8:200::/56,0,0,0,0,class=0000002a,excluded=2001:db8:200:ff::/64 2001:db8:300::/60,3500,7100,1700,2780,class=0000002a\n\
    ADDRESSES=2001:db8::100/128,900,1900,400,700\n\
    RA_ADDRESSES=2001:db8:1::1234/64,3590,7190,0,0\n\
    RA_ROUTES=::/0,fe80::1,1790,384 2001:db8:f::/48,fe80::1,590,640 2001:db8:e::/56,fe80::1,890,384 2001:db8:1::/64,,7190,256\n\
    RA_DNS=2001:db8::35\n\
    RA_DOMAINS=ra.example second.example\n\
    RA_HOPLIMIT=64\n\
    RA_MTU=1492\n\
    RA_REACHABLE=30000\n\
    RA_RETRANSMIT=0\n\
    PASSTHRU=012c0002abcd001f001020010db80000000000000000000001240015001203732e70076578616d706c65000201ff00000016001020010db80000000000000000000050600067001c68747470733a2f2f706f7274616c2e6578616d706c652f007461696c006700053f6d6f7265012d0000012c0003010203\n";
}
