//! The reference codec: the user's chosen crate, dhcproto, decoding and
//! encoding what `wire` does by hand, so the unit tests and the
//! `wire_roundtrip` fuzz target can check ours against it on the same
//! bytes (differential). Not in the shipped binary (dhcproto and what it
//! pulls in cost ~40 KiB on mipsel); dhcproto is a dev-dependency.
//!
//! `decode` is the client's decoder as it was when dhcproto shipped, with
//! one change: each option is decoded on its own, in wire order, where
//! dhcproto's `DhcpOptions` would sort them by code with an unstable sort
//! (which keeps equal codes in order only for short runs on a host build,
//! and not at all in std's size-optimised build). Lists that several
//! options feed (IAs, DNS servers...) therefore come out in wire order,
//! as ours do. `raw` and `bad_options` are left empty: they are `wire`'s
//! own checks of the bytes, not a codec's reading of them.
//!
//! Included by `wire` (`#[cfg(test)]`) and by the fuzz target through
//! `#[path]`: it reaches `wire`'s items through `super::` only.

use core::net::Ipv6Addr;

use dhcproto::v6::{
    self, DhcpOption, DhcpOptions, IAAddr, IANA, IAPD, IAPrefix, MessageType, NtpSuboption, ORO,
    OptionCode, UnknownOption,
};
use dhcproto::{Decodable, Decoder, Encodable};
use heapless::Vec as HVec;

use super::{Auth, Duid, Ia, Leased, MAX_ADDRS, Message, Outgoing, Status, WireError};
use super::{options, validate};

/// One option of a run, decoded alone by dhcproto.
fn one(code: u16, body: &[u8]) -> Option<DhcpOption> {
    let mut b = Vec::with_capacity(4 + body.len());
    b.extend_from_slice(&code.to_be_bytes());
    b.extend_from_slice(&(body.len() as u16).to_be_bytes());
    b.extend_from_slice(body);
    DhcpOption::decode(&mut Decoder::new(&b)).ok()
}

/// The options of a run, each decoded alone, in wire order.
fn each(run: &[u8]) -> impl Iterator<Item = DhcpOption> + '_ {
    options(run).filter_map(|(c, b)| one(c, b))
}

fn duid(b: &[u8]) -> Duid {
    let mut d = Duid::new();
    let _ = d.extend_from_slice(&b[..b.len().min(d.capacity())]);
    d
}

fn status_text(s: &v6::StatusCode) -> Status {
    let mut text = heapless::String::new();
    for c in s.msg.chars() {
        if text.push(c).is_err() {
            break;
        }
    }
    Status {
        code: s.status.into(),
        text,
    }
}

/// The first Status Code of a run of sub-options.
fn status_in(run: &[u8]) -> Option<u16> {
    each(run).find_map(|o| match o {
        DhcpOption::StatusCode(s) => Some(s.status.into()),
        _ => None,
    })
}

fn name_text<const N: usize>(n: &dhcproto::Name) -> heapless::String<N> {
    let mut s = heapless::String::new();
    for (i, label) in n.iter().enumerate() {
        let ok = label
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_');
        if !ok || (i > 0 && s.push('.').is_err()) {
            return heapless::String::new();
        }
        for c in label {
            if s.push(char::from(*c)).is_err() {
                return heapless::String::new();
            }
        }
    }
    s
}

/// An IA's fields from dhcproto, its sub-options from `body` after the
/// 12-octet header, each decoded alone.
fn ia_of(iaid: u32, t1: u32, t2: u32, body: &[u8], pd: bool) -> Ia {
    let run = body.get(12..).unwrap_or_default();
    Ia {
        iaid,
        t1,
        t2,
        status: status_in(run),
        leases: leases(run, pd),
    }
}

fn leases(run: &[u8], pd: bool) -> HVec<Leased, MAX_ADDRS> {
    let mut out = HVec::new();
    for ((_, body), o) in options(run).zip(each(run)) {
        let l = match o {
            DhcpOption::IAAddr(a) if !pd => {
                if status_in(&body[24..]).is_some_and(|s| s != super::status::SUCCESS) {
                    continue;
                }
                Leased {
                    addr: a.addr,
                    len: 128,
                    preferred: a.preferred_life,
                    valid: a.valid_life,
                    excluded: None,
                }
            }
            DhcpOption::IAPrefix(p) if pd => {
                if status_in(&body[25..]).is_some_and(|s| s != super::status::SUCCESS) {
                    continue;
                }
                Leased {
                    addr: p.prefix_ip,
                    len: p.prefix_len,
                    preferred: p.preferred_lifetime,
                    valid: p.valid_lifetime,
                    excluded: pd_exclude(&p, &body[25..]),
                }
            }
            _ => continue,
        };
        let _ = out.push(l);
    }
    out
}

fn pd_exclude(p: &IAPrefix, run: &[u8]) -> Option<(Ipv6Addr, u8)> {
    let u = each(run).find_map(|o| match o {
        DhcpOption::Unknown(u) if u16::from(u.code()) == super::opt::PD_EXCLUDE => Some(u),
        _ => None,
    })?;
    let (&xlen, subnet) = u.data().split_first()?;
    if xlen <= p.prefix_len || xlen > 128 {
        return None;
    }
    let mut bits = u128::from(p.prefix_ip) & mask(p.prefix_len);
    let mut id: u128 = 0;
    for (i, b) in subnet.iter().enumerate().take(16) {
        id |= u128::from(*b) << (120 - 8 * i);
    }
    bits |= (id >> p.prefix_len) & !mask(p.prefix_len) & mask(xlen);
    Some((Ipv6Addr::from(bits), xlen))
}

fn mask(len: u8) -> u128 {
    match len {
        0 => 0,
        l if l >= 128 => u128::MAX,
        l => !(u128::MAX >> l),
    }
}

fn be32(b: &[u8]) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(..4)?.try_into().ok()?))
}

/// dhcproto's reading of a message, refused where `wire::validate`
/// refuses it. Panics where dhcproto can't decode what `validate` passed
/// (the shipped decoder used to drop those: it must still refuse them).
pub fn decode(bytes: &[u8]) -> Result<Message, WireError> {
    let count = validate(bytes)?;
    let m = v6::Message::decode(&mut Decoder::new(bytes))
        .unwrap_or_else(|e| panic!("dhcproto can't decode what validate() passed: {e}"));
    // dhcproto stops at the first option it can't decode, silently.
    assert_eq!(m.opts().iter().count(), count, "dhcproto lost options");
    let mut out = Message {
        msg_type: u8::from(m.msg_type()),
        xid: m.xid(),
        ..Message::default()
    };
    for (off, (code, body)) in offsets(bytes).zip(options(&bytes[4..])) {
        let Some(o) = one(code, body) else {
            panic!("dhcproto can't decode option {code} alone");
        };
        match o {
            DhcpOption::ClientId(d) => out.client_id = Some(duid(&d)),
            DhcpOption::ServerId(d) => out.server_id = Some(duid(&d)),
            DhcpOption::StatusCode(s) => out.status = Some(status_text(&s)),
            DhcpOption::Preference(p) => out.preference = p,
            DhcpOption::RapidCommit => out.rapid_commit = true,
            DhcpOption::ReconfAccept => out.reconf_accept = true,
            DhcpOption::ReconfMsg(t) => out.reconf_msg = Some(u8::from(t)),
            DhcpOption::Authentication(a) => {
                let mut info = HVec::new();
                let _ = info.extend_from_slice(&a.info[..a.info.len().min(32)]);
                out.auth = Some(Auth {
                    protocol: a.proto,
                    algorithm: a.algo,
                    rdm: a.rdm,
                    replay: a.replay_detection,
                    info,
                    info_offset: off + 11,
                });
            }
            DhcpOption::IANA(ia) => {
                let _ = out.ia_na.push(ia_of(ia.id, ia.t1, ia.t2, body, false));
            }
            DhcpOption::IAPD(ia) => {
                let _ = out.ia_pd.push(ia_of(ia.id, ia.t1, ia.t2, body, true));
            }
            DhcpOption::DomainNameServers(v) => {
                for a in v {
                    let _ = out.info.dns.push(a);
                }
            }
            DhcpOption::DomainSearchList(v) => {
                for n in v.iter().map(name_text).filter(|n| !n.is_empty()) {
                    let _ = out.info.domains.push(n);
                }
            }
            DhcpOption::NtpServer(subs) => {
                for s in subs {
                    let _ = match s {
                        NtpSuboption::ServerAddress(a) | NtpSuboption::MulticastAddress(a) => {
                            out.info.ntp_ip.push(a).map_err(drop)
                        }
                        NtpSuboption::FQDN(n) => match name_text(&n) {
                            t if t.is_empty() => Ok(()),
                            t => out.info.ntp_fqdn.push(t).map_err(drop),
                        },
                    };
                }
            }
            DhcpOption::InformationRefreshTime(t) => out.info.refresh = Some(t),
            DhcpOption::Unknown(u) => unknown(&mut out, &u),
            _ => {}
        }
    }
    Ok(out)
}

/// Offsets in `bytes` of each top-level option's body.
fn offsets(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut at = 4;
    options(&bytes[4..]).map(move |(_, b)| {
        at += 4 + b.len();
        at - b.len()
    })
}

fn unknown(out: &mut Message, u: &UnknownOption) {
    let data = u.data();
    match u16::from(u.code()) {
        super::opt::SOL_MAX_RT => out.sol_max_rt = be32(data),
        super::opt::INF_MAX_RT => out.inf_max_rt = be32(data),
        super::opt::INFORMATION_REFRESH_TIME => out.info.refresh = be32(data),
        super::opt::SNTP_SERVERS => {
            for c in data.chunks_exact(16) {
                let a: [u8; 16] = c.try_into().unwrap_or([0; 16]);
                let _ = out.info.sntp.push(Ipv6Addr::from(a));
            }
        }
        _ => {}
    }
}

/// dhcproto's encoding of a message the client sends: the bytes ra6c
/// sent while dhcproto shipped.
pub fn encode(o: &Outgoing<'_>) -> Vec<u8> {
    let mut m = v6::Message::new_with_id(MessageType::from(o.msg_type), o.xid);
    let opts = m.opts_mut();
    opts.insert(DhcpOption::ClientId(o.client_id.to_vec()));
    if let Some(s) = o.server_id {
        opts.insert(DhcpOption::ServerId(s.to_vec()));
    }
    opts.insert(DhcpOption::ElapsedTime(o.elapsed));
    if !o.oro.is_empty() {
        opts.insert(DhcpOption::ORO(ORO {
            opts: o.oro.iter().map(|c| OptionCode::from(*c)).collect(),
        }));
    }
    if let Some(ia) = o.ia_na {
        let sub = ia
            .leases
            .iter()
            .map(|l| {
                DhcpOption::IAAddr(IAAddr {
                    addr: l.addr,
                    preferred_life: 0,
                    valid_life: 0,
                    opts: DhcpOptions::new(),
                })
            })
            .collect();
        opts.insert(DhcpOption::IANA(IANA {
            id: ia.iaid,
            t1: 0,
            t2: 0,
            opts: sub,
        }));
    }
    for ia in o.ia_pd {
        let mut sub: DhcpOptions = ia
            .leases
            .iter()
            .map(|l| {
                DhcpOption::IAPrefix(IAPrefix {
                    preferred_lifetime: 0,
                    valid_lifetime: 0,
                    prefix_len: l.len,
                    prefix_ip: l.addr,
                    opts: DhcpOptions::new(),
                })
            })
            .collect();
        if ia.leases.is_empty() && ia.hint != 0 {
            sub.insert(DhcpOption::IAPrefix(IAPrefix {
                preferred_lifetime: 0,
                valid_lifetime: 0,
                prefix_len: ia.hint,
                prefix_ip: ia.hint_prefix,
                opts: DhcpOptions::new(),
            }));
        }
        opts.insert(DhcpOption::IAPD(IAPD {
            id: ia.iaid,
            t1: 0,
            t2: 0,
            opts: sub,
        }));
    }
    if o.rapid_commit {
        opts.insert(DhcpOption::RapidCommit);
    }
    if o.reconf_accept {
        opts.insert(DhcpOption::ReconfAccept);
    }
    if let Some(f) = o.fqdn {
        opts.insert(DhcpOption::Unknown(UnknownOption::new(
            OptionCode::from(super::opt::CLIENT_FQDN),
            f.to_vec(),
        )));
    }
    for x in o.extra {
        opts.insert(DhcpOption::Unknown(UnknownOption::new(
            OptionCode::from(x.code),
            x.data.clone(),
        )));
    }
    m.to_vec().unwrap_or_default()
}

/// Ours against dhcproto's on the same bytes: the same verdict, and the
/// same fields where both decode. Panics with the difference.
pub fn check_decode(bytes: &[u8]) {
    let ours = super::decode(bytes);
    let Ok(mut theirs) = decode(bytes) else {
        assert!(ours.is_err(), "ours decodes what validate() refused");
        return;
    };
    let ours = ours.unwrap_or_else(|e| panic!("ours refused what dhcproto decodes: {e}"));
    theirs.info.raw = ours.info.raw.clone();
    theirs.bad_options = ours.bad_options;
    assert_eq!(ours, theirs, "decode differs from dhcproto's");
}

/// Our encoding of `o` is dhcproto's, but for the order of options with
/// one code: dhcproto's `insert` puts each before the ones already there
/// (its `partition_point(x < opt)`), so two IA_PDs went out last first;
/// ours keep the order given, as odhcp6c sends them.
pub fn check_encode(o: &Outgoing<'_>) {
    let (ours, theirs) = (super::encode(o), encode(o));
    assert_eq!(
        canonical(&ours),
        canonical(&theirs),
        "encode differs from dhcproto's"
    );
}

/// The header, then the top-level options sorted by code and contents.
fn canonical(b: &[u8]) -> Vec<u8> {
    let mut opts: Vec<(u16, &[u8])> = options(&b[4..]).collect();
    opts.sort();
    let mut out = b[..4].to_vec();
    for (c, body) in opts {
        out.extend_from_slice(&c.to_be_bytes());
        out.extend_from_slice(&(body.len() as u16).to_be_bytes());
        out.extend_from_slice(body);
    }
    // Nothing lost: the same length.
    assert_eq!(out.len(), b.len());
    out
}
