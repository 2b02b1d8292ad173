//! Router Advertisements: validation and parsing (RFC 4861 §4.2, §6.1.2),
//! shared by every trigger source (raw socket, kernel hook).
//!
//! Owned by the trigger work; the contract other code relies on is
//! `RaEvent` and `parse()`.

use core::net::Ipv6Addr;

use heapless::Vec as HVec;

pub const MAX_PREFIXES: usize = 8;
pub const MAX_ROUTES: usize = 8;
pub const MAX_RDNSS: usize = 8;
pub const MAX_DNSSL: usize = 8;

/// A Prefix Information option (RFC 4861 §4.6.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaPrefix {
    pub prefix: Ipv6Addr,
    pub len: u8,
    pub on_link: bool,
    pub autonomous: bool,
    /// RFC 9762's P flag: DHCPv6 prefix delegation is available, and
    /// preferred over SLAAC, on this link.
    pub pd_preferred: bool,
    pub valid: u32,
    pub preferred: u32,
}

/// A Route Information option (RFC 4191).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaRoute {
    pub prefix: Ipv6Addr,
    pub len: u8,
    pub preference: i8,
    pub lifetime: u32,
}

/// One valid RA, whatever told us about it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RaEvent {
    pub ifindex: u32,
    pub source: Option<Ipv6Addr>,
    pub managed: bool,
    pub other: bool,
    pub home_agent: bool,
    /// Default router preference: -1, 0, 1 (RFC 4191 §2.2).
    pub preference: i8,
    pub cur_hop_limit: u8,
    pub router_lifetime: u16,
    pub reachable: u32,
    pub retrans: u32,
    pub mtu: Option<u32>,
    pub prefixes: HVec<RaPrefix, MAX_PREFIXES>,
    pub routes: HVec<RaRoute, MAX_ROUTES>,
    /// (server, lifetime in seconds), RFC 8106.
    pub rdnss: HVec<(Ipv6Addr, u32), MAX_RDNSS>,
    pub dnssl: HVec<(heapless::String<253>, u32), MAX_DNSSL>,
    /// The options above are only those that fit: the kernel hook cut the
    /// RA's option list (RA6NOTIFY_OPTIONS_MAX). The header fields are
    /// whole; a missing prefix, route or server doesn't mean it is gone.
    pub options_truncated: bool,
}

/// Why an ICMPv6 message was not accepted as a Router Advertisement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RaError {
    /// ICMPv6 type is not 134.
    NotRa,
    /// ICMPv6 code is not 0 (RFC 4861 §6.1.2).
    BadCode,
    /// Shorter than the 16-byte RA header.
    TooShort,
    /// An option has length 0 or runs past the end of the message.
    BadOption,
}

impl core::fmt::Display for RaError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            RaError::NotRa => "not a router advertisement",
            RaError::BadCode => "ICMPv6 code is not 0",
            RaError::TooShort => "router advertisement shorter than 16 bytes",
            RaError::BadOption => "option with zero length or past the end",
        })
    }
}

impl std::error::Error for RaError {}

/// RFC 4861 §6.1.2: an RA must come from a link-local address. Checks the
/// address only; the caller must also check that the IPv6 hop limit was
/// 255 (it needs the IPV6_HOPLIMIT control message, which `parse` does not
/// see) and that the packet arrived on the interface it cares about.
/// Together those prove the sender is on the link.
pub fn valid_source(src: &Ipv6Addr) -> bool {
    // fe80::/10, unicast link-local.
    (src.segments()[0] & 0xffc0) == 0xfe80
}

const ND_OPT_PI: u8 = 3;
const ND_OPT_MTU: u8 = 5;
const ND_OPT_RIO: u8 = 24;
const ND_OPT_RDNSS: u8 = 25;
const ND_OPT_DNSSL: u8 = 31;
/// PIO flags (RFC 4861 §4.6.2; RFC 9762 §4 for P, the bit after R of
/// RFC 6275, as OpenWrt's odhcpd sends it: ND_OPT_PI_FLAG_PD_PREFERRED).
const PIO_L: u8 = 0x80;
const PIO_A: u8 = 0x40;
const PIO_P: u8 = 0x10;

/// Decode a 2-bit preference (RFC 4191 §2.1): 01 high, 00 medium, 11 low,
/// 10 reserved (`None`).
fn preference(bits: u8) -> Option<i8> {
    match bits & 3 {
        0b01 => Some(1),
        0b00 => Some(0),
        0b11 => Some(-1),
        _ => None,
    }
}

fn be16(b: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([b[at], b[at + 1]])
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Address from up to 16 bytes, bits past `len` cleared (RFC 4861 §4.6.2
/// and RFC 4191 §2.3: the receiver ignores them).
fn masked_prefix(bytes: &[u8], len: u8) -> Ipv6Addr {
    let mut a = [0u8; 16];
    let n = bytes.len().min(16);
    a[..n].copy_from_slice(&bytes[..n]);
    let bits = u128::from_be_bytes(a);
    let mask = match len {
        0 => 0,
        l if l >= 128 => u128::MAX,
        l => u128::MAX << (128 - u32::from(l)),
    };
    Ipv6Addr::from(bits & mask)
}

fn addr16(b: &[u8]) -> Ipv6Addr {
    let mut a = [0u8; 16];
    a.copy_from_slice(&b[..16]);
    Ipv6Addr::from(a)
}

/// Parse and validate a Router Advertisement. `icmp` is the ICMPv6 message
/// from its type byte on (what a raw ICMPv6 socket returns; the kernel has
/// already verified the checksum). `source` is the IPv6 source when known.
///
/// The whole message is rejected, as the kernel's ndisc does, for a wrong
/// type or code, a short header, or an option of length 0 or running past
/// the end. A single malformed option (wrong length for its type, reserved
/// preference, bad domain name) is skipped and the rest kept, also like the
/// kernel. Lists keep their first `MAX_*` entries.
pub fn parse(ifindex: u32, source: Option<Ipv6Addr>, icmp: &[u8]) -> Result<RaEvent, RaError> {
    if icmp.is_empty() || icmp[0] != 134 {
        return Err(RaError::NotRa);
    }
    if icmp.len() < 2 || icmp[1] != 0 {
        return Err(if icmp.len() < 2 {
            RaError::TooShort
        } else {
            RaError::BadCode
        });
    }
    if icmp.len() < 16 {
        return Err(RaError::TooShort);
    }
    // Check every option's framing before using any of them.
    let opts = &icmp[16..];
    let mut at = 0;
    while at < opts.len() {
        if opts.len() - at < 2 || opts[at + 1] == 0 {
            return Err(RaError::BadOption);
        }
        let len = usize::from(opts[at + 1]) * 8;
        if len > opts.len() - at {
            return Err(RaError::BadOption);
        }
        at += len;
    }

    let flags = icmp[5];
    let mut ev = RaEvent {
        ifindex,
        source,
        managed: flags & 0x80 != 0,
        other: flags & 0x40 != 0,
        home_agent: flags & 0x20 != 0,
        // RFC 4191 §2.2: reserved 10 is treated as 00.
        preference: preference(flags >> 3).unwrap_or(0),
        cur_hop_limit: icmp[4],
        router_lifetime: be16(icmp, 6),
        reachable: be32(icmp, 8),
        retrans: be32(icmp, 12),
        ..RaEvent::default()
    };

    let mut at = 0;
    while at < opts.len() {
        let len = usize::from(opts[at + 1]) * 8;
        let opt = &opts[at..at + len];
        at += len;
        match opt[0] {
            ND_OPT_MTU if opt.len() == 8 && ev.mtu.is_none() => {
                let mtu = be32(opt, 4);
                // Below the IPv6 minimum: the kernel ignores it too.
                if mtu >= 1280 {
                    ev.mtu = Some(mtu);
                }
            }
            ND_OPT_PI if opt.len() == 32 => parse_pio(opt, &mut ev),
            ND_OPT_RIO => parse_rio(opt, &mut ev),
            // RFC 8106 §5.1: length odd and >= 3, otherwise ignore it.
            ND_OPT_RDNSS if opt.len() >= 24 && (opt.len() / 8) % 2 == 1 => {
                let life = be32(opt, 4);
                for a in opt[8..].chunks_exact(16) {
                    let a = addr16(a);
                    if a.is_unspecified() || a.is_multicast() {
                        continue;
                    }
                    if ev.rdnss.push((a, life)).is_err() {
                        break;
                    }
                }
            }
            ND_OPT_DNSSL if opt.len() >= 16 => parse_dnssl(opt, &mut ev),
            _ => {}
        }
    }
    Ok(ev)
}

fn parse_pio(opt: &[u8], ev: &mut RaEvent) {
    let len = opt[2];
    let flags = opt[3];
    let valid = be32(opt, 4);
    let preferred = be32(opt, 8);
    let prefix = masked_prefix(&opt[16..32], len);
    // RFC 4862 §5.5.3: ignore link-local prefixes and preferred > valid;
    // multicast and over-long prefixes are nonsense.
    if len > 128
        || preferred > valid
        || prefix.is_multicast()
        || (prefix.segments()[0] & 0xffc0) == 0xfe80
    {
        return;
    }
    let _ = ev.prefixes.push(RaPrefix {
        prefix,
        len,
        on_link: flags & PIO_L != 0,
        autonomous: flags & PIO_A != 0,
        pd_preferred: flags & PIO_P != 0,
        valid,
        preferred,
    });
}

fn parse_rio(opt: &[u8], ev: &mut RaEvent) {
    // RFC 4191 §2.3: length 1..=3, and long enough for the prefix length.
    if opt.len() > 24 {
        return;
    }
    let len = opt[2];
    let need = match len {
        0 => 8,
        1..=64 => 16,
        65..=128 => 24,
        _ => return,
    };
    if opt.len() < need {
        return;
    }
    // Reserved preference 10: the option MUST be ignored (§2.3).
    let Some(pref) = preference(opt[3] >> 3) else {
        return;
    };
    let _ = ev.routes.push(RaRoute {
        prefix: masked_prefix(&opt[8..], len),
        len,
        preference: pref,
        lifetime: be32(opt, 4),
    });
}

/// RFC 8106 §5.2: domain names in DNS wire format, no compression, padded
/// with zero bytes. Any malformed name drops the whole option (names from
/// it already pushed are removed again), so a half-read list is never used.
fn parse_dnssl(opt: &[u8], ev: &mut RaEvent) {
    let life = be32(opt, 4);
    let data = &opt[8..];
    let before = ev.dnssl.len();
    let mut at = 0;
    // A zero where a name would start is padding: the list is over.
    while at < data.len() && data[at] != 0 {
        match decode_name(data, &mut at) {
            Some(name) => {
                // Full list: keep the first MAX_DNSSL, but finish validating.
                let _ = ev.dnssl.push((name, life));
            }
            None => {
                ev.dnssl.truncate(before);
                return;
            }
        }
    }
}

/// One wire-format name at `data[*at..]` to dotted text; advances `at`
/// past its terminating zero. `None` on compression pointers, overruns,
/// names over 253 characters, or label bytes other than letters, digits,
/// '-' and '_' (the names end up in shell scripts' environment).
fn decode_name(data: &[u8], at: &mut usize) -> Option<heapless::String<253>> {
    let mut name = heapless::String::<253>::new();
    loop {
        let l = usize::from(*data.get(*at)?);
        *at += 1;
        if l == 0 {
            return Some(name);
        }
        // 0xc0.. is a compression pointer, 0x40..0xbf reserved label types.
        if l > 63 {
            return None;
        }
        let label = data.get(*at..*at + l)?;
        *at += l;
        if !name.is_empty() {
            name.push('.').ok()?;
        }
        for &c in label {
            if !(c.is_ascii_alphanumeric() || c == b'-' || c == b'_') {
                return None;
            }
            name.push(char::from(c)).ok()?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// From radvd 2.19 in a netns (M=1 O=1 Prf=high, hop limit 64,
    /// lifetime 1800, reachable 30000, retrans 1000; PIO 2001:db8:1::/64
    /// L=1 A=0; RIO 2001:db8:ff::/48 low; RDNSS ::53 ::54; DNSSL
    /// example.com lan.example.org; MTU 1480; source link-layer address),
    /// captured with tcpdump -xx: the ICMPv6 part.
    const RADVD_RA: &str = concat!(
        "8600cfef40c8070800007530000003e803044080000151800000384000000000",
        "20010db8000100000000000000000000180330180000070820010db800ff0000",
        "0000000000000000190500000000025820010db8000000000000000000000053",
        "20010db80000000000000000000000541f05000000000258076578616d706c65",
        "03636f6d00036c616e076578616d706c65036f726700000005010000000005c8",
        "0101a6c83756fd33",
    );

    pub(crate) use crate::wire::unhex as hex;

    fn a(s: &str) -> Ipv6Addr {
        s.parse().unwrap()
    }

    #[test]
    fn radvd_ra() {
        let src = a("fe80::a4c8:37ff:fe56:fd33");
        let ev = parse(7, Some(src), &hex(RADVD_RA)).unwrap();
        assert_eq!(ev.ifindex, 7);
        assert_eq!(ev.source, Some(src));
        assert!(ev.managed && ev.other && !ev.home_agent);
        assert_eq!(ev.preference, 1);
        assert_eq!(ev.cur_hop_limit, 64);
        assert_eq!(ev.router_lifetime, 1800);
        assert_eq!(ev.reachable, 30000);
        assert_eq!(ev.retrans, 1000);
        assert_eq!(ev.mtu, Some(1480));
        assert_eq!(
            ev.prefixes.as_slice(),
            &[RaPrefix {
                prefix: a("2001:db8:1::"),
                len: 64,
                on_link: true,
                autonomous: false,
                pd_preferred: false,
                valid: 86400,
                preferred: 14400,
            }]
        );
        assert_eq!(
            ev.routes.as_slice(),
            &[RaRoute {
                prefix: a("2001:db8:ff::"),
                len: 48,
                preference: -1,
                lifetime: 1800
            }]
        );
        assert_eq!(
            ev.rdnss.as_slice(),
            &[(a("2001:db8::53"), 600), (a("2001:db8::54"), 600)]
        );
        let names: std::vec::Vec<(&str, u32)> =
            ev.dnssl.iter().map(|(n, l)| (n.as_str(), *l)).collect();
        assert_eq!(names, [("example.com", 600), ("lan.example.org", 600)]);
        assert!(valid_source(&src));
    }

    #[test]
    fn sources() {
        assert!(valid_source(&a("fe80::1")));
        assert!(valid_source(&a("febf::1")));
        assert!(!valid_source(&a("fec0::1")));
        assert!(!valid_source(&a("2001:db8::1")));
        assert!(!valid_source(&a("::")));
        assert!(!valid_source(&a("ff02::1")));
    }

    /// Every prefix of the real RA: no panic, and the result is either an
    /// error or exactly what the options up to a boundary say.
    #[test]
    fn every_prefix() {
        let full = hex(RADVD_RA);
        // Option boundaries: header, PIO, RIO, RDNSS, DNSSL, MTU, SLLA.
        let bounds = [16, 48, 72, 112, 152, 160, 168];
        for n in 0..=full.len() {
            let r = parse(1, None, &full[..n]);
            if bounds.contains(&n) {
                let ev = r.unwrap();
                assert!(ev.managed);
                assert_eq!(ev.prefixes.len(), usize::from(n >= 48));
                assert_eq!(ev.routes.len(), usize::from(n >= 72));
                assert_eq!(ev.rdnss.len(), if n >= 112 { 2 } else { 0 });
                assert_eq!(ev.dnssl.len(), if n >= 152 { 2 } else { 0 });
                assert_eq!(ev.mtu.is_some(), n >= 160);
            } else {
                assert!(r.is_err(), "prefix {n} accepted");
            }
        }
    }

    /// Arbitrary bytes never panic (cheap deterministic fuzz).
    #[test]
    fn garbage_no_panic() {
        let base = hex(RADVD_RA);
        let mut x: u32 = 0x1234_5678;
        for _ in 0..20000 {
            let mut b = base.clone();
            for _ in 0..4 {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                let i = (x as usize) % b.len();
                b[i] = (x >> 24) as u8;
            }
            b[0] = 134;
            b[1] = 0;
            let _ = parse(1, None, &b);
            let cut = (x as usize >> 8) % (b.len() + 1);
            let _ = parse(1, None, &b[..cut]);
        }
    }

    fn ra_with(opts: &[u8]) -> std::vec::Vec<u8> {
        let mut b = vec![134, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        b.extend_from_slice(opts);
        b
    }

    #[test]
    fn header_errors() {
        assert_eq!(parse(1, None, &[]), Err(RaError::NotRa));
        assert_eq!(parse(1, None, &[133, 0]), Err(RaError::NotRa));
        assert_eq!(parse(1, None, &[134]), Err(RaError::TooShort));
        let mut b = ra_with(&[]);
        b[1] = 1;
        assert_eq!(parse(1, None, &b), Err(RaError::BadCode));
        assert_eq!(parse(1, None, &ra_with(&[])[..15]), Err(RaError::TooShort));
        assert_eq!(
            parse(1, None, &ra_with(&[1, 0, 0, 0, 0, 0, 0, 0])),
            Err(RaError::BadOption)
        );
        assert_eq!(
            parse(1, None, &ra_with(&[1, 2, 0, 0, 0, 0, 0, 0])),
            Err(RaError::BadOption)
        );
        assert_eq!(parse(1, None, &ra_with(&[1])), Err(RaError::BadOption));
        // Unknown option of sane length is fine.
        assert!(parse(1, None, &ra_with(&[200, 1, 0, 0, 0, 0, 0, 0])).is_ok());
        assert_eq!(
            RaError::BadOption.to_string(),
            "option with zero length or past the end"
        );
    }

    #[test]
    fn reserved_preferences() {
        let mut b = ra_with(&[]);
        b[5] = 0x10; // Prf 10
        assert_eq!(parse(1, None, &b).unwrap().preference, 0);
        b[5] = 0x18;
        assert_eq!(parse(1, None, &b).unwrap().preference, -1);
        // RIO with reserved preference is ignored; length 1 with /0 kept.
        let rio_res = [24, 1, 0, 0x10, 0, 0, 0, 9];
        let rio_def = [24, 1, 0, 0x08, 0, 0, 0, 9];
        let ev = parse(1, None, &ra_with(&[rio_res, rio_def].concat())).unwrap();
        assert_eq!(
            ev.routes.as_slice(),
            &[RaRoute {
                prefix: Ipv6Addr::UNSPECIFIED,
                len: 0,
                preference: 1,
                lifetime: 9
            }]
        );
        // /64 needs length >= 2; /65 needs 3.
        let short = [24, 1, 64, 0, 0, 0, 0, 9];
        let mut l2 = vec![24, 2, 65, 0, 0, 0, 0, 9];
        l2.extend_from_slice(&[0x20, 1, 0xd, 0xb8, 0, 0, 0, 0]);
        let mut l2ok = vec![24, 2, 33, 0, 0, 0, 0, 9];
        l2ok.extend_from_slice(&[0x20, 1, 0xd, 0xb8, 0xff, 0xff, 0, 0]);
        let ev = parse(1, None, &ra_with(&[&short[..], &l2, &l2ok].concat())).unwrap();
        assert_eq!(ev.routes.len(), 1);
        assert_eq!(ev.routes[0].prefix, a("2001:db8:8000::"));
    }

    #[test]
    fn pio_filtering_and_capacity() {
        fn pio(p: &str, len: u8, valid: u32, pref: u32) -> std::vec::Vec<u8> {
            let mut o = vec![3, 4, len, 0xc0];
            o.extend_from_slice(&valid.to_be_bytes());
            o.extend_from_slice(&pref.to_be_bytes());
            o.extend_from_slice(&[0; 4]);
            o.extend_from_slice(&a(p).octets());
            o
        }
        let mut opts = pio("fe80::", 64, 10, 5);
        opts.extend(pio("ff00::", 8, 10, 5));
        opts.extend(pio("2001:db8::", 129, 10, 5));
        opts.extend(pio("2001:db8::", 64, 5, 10)); // preferred > valid
        for i in 0..12u16 {
            opts.extend(pio(&format!("2001:db8:{i:x}::1"), 64, 10, 5));
        }
        let ev = parse(1, None, &ra_with(&opts)).unwrap();
        assert_eq!(ev.prefixes.len(), MAX_PREFIXES);
        assert_eq!(ev.prefixes[0].prefix, a("2001:db8::")); // host bits masked
        assert_eq!(ev.prefixes[7].prefix, a("2001:db8:7::"));
    }

    /// RFC 9762: an RA whose PIO has L, A and P set (flags 0xd0), M=0,
    /// O=1, laid out octet by octet as RFC 4861 §4.2/§4.6.2 give it.
    #[test]
    fn pio_p_flag() {
        let ra = hex("8600 0000 4040 0708 00000000 00000000 \
            0304 40d0 00015180 00003840 00000000 20010db8000100000000000000000000");
        let ev = parse(1, None, &ra).unwrap();
        assert!(!ev.managed && ev.other);
        let p = &ev.prefixes[0];
        assert!(p.on_link && p.autonomous && p.pd_preferred);
        assert_eq!((p.prefix, p.len), (a("2001:db8:1::"), 64));
        // The radvd RA above has L only: no P.
        let ev = parse(1, None, &hex(RADVD_RA)).unwrap();
        assert!(!ev.prefixes[0].pd_preferred);
        // P alone (L=0, A=0) is still a PIO the client sees.
        let mut only_p = ra.clone();
        only_p[19] = 0x10;
        assert!(parse(1, None, &only_p).unwrap().prefixes[0].pd_preferred);
    }

    #[test]
    fn rdnss_lengths() {
        let mut ok = vec![25, 3, 0, 0, 0, 0, 1, 0];
        ok.extend_from_slice(&a("2001:db8::1").octets());
        let mut even = vec![25, 4, 0, 0, 0, 0, 1, 0];
        even.extend_from_slice(&[0; 24]);
        let ev = parse(
            1,
            None,
            &ra_with(&[ok, even, vec![25, 1, 0, 0, 0, 0, 0, 0]].concat()),
        )
        .unwrap();
        assert_eq!(ev.rdnss.as_slice(), &[(a("2001:db8::1"), 256)]);
    }

    fn dnssl(names: &[u8]) -> std::vec::Vec<u8> {
        let total = (8 + names.len()).div_ceil(8) * 8;
        let mut o = vec![31, (total / 8) as u8, 0, 0, 0, 0, 0, 60];
        o.extend_from_slice(names);
        o.resize(total, 0);
        o
    }

    fn dnssl_names(opt: &[u8]) -> std::vec::Vec<std::string::String> {
        let ev = parse(1, None, &ra_with(opt)).unwrap();
        ev.dnssl.iter().map(|(n, _)| n.as_str().into()).collect()
    }

    #[test]
    fn dnssl_bad_names() {
        assert_eq!(dnssl_names(&dnssl(b"\x01a\x02bc\x00")), ["a.bc"]);
        // Compression pointer, reserved label type, bad character, overrun.
        assert!(dnssl_names(&dnssl(b"\x01a\x00\x01b\xc0\x00")).is_empty());
        assert!(dnssl_names(&dnssl(b"\x41a\x00")).is_empty());
        assert!(dnssl_names(&dnssl(b"\x03a.b\x00")).is_empty());
        assert!(dnssl_names(&dnssl(b"\x03a;b\x00")).is_empty());
        let mut o = dnssl(b"\x01a");
        o[9] = b'a';
        o[10..].fill(7); // label runs past the end
        assert!(dnssl_names(&o).is_empty());
        // 5 labels of 63 = 319 characters: over 253.
        let mut long = std::vec::Vec::new();
        for _ in 0..5 {
            long.push(63);
            long.extend_from_slice(&[b'x'; 63]);
        }
        long.push(0);
        assert!(dnssl_names(&dnssl(&long)).is_empty());
        // 9 names: the first 8 kept.
        let many: std::vec::Vec<u8> = (0..9u8).flat_map(|i| [1, b'a' + i, 0]).collect();
        assert_eq!(dnssl_names(&dnssl(&many)).len(), MAX_DNSSL);
    }
}
