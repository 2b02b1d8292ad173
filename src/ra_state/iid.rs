//! The interface identifier of RA_ADDRESSES (SLAAC on /64 prefixes with
//! A=1), chosen as odhcp6c chooses it (ra.c `ra_generate_addr`, odhcp6c.c
//! option `-i`): by default the link-local address's, so a link without a
//! MAC (PPPoE, tun, raw-IP LTE) gets addresses too.

use core::net::Ipv6Addr;

/// odhcp6c's `-i`: `eui64`, `random`, or an IPv6 address whose low 64
/// bits are the identifier; without it the link-local's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IfaceId {
    #[default]
    LinkLocal,
    Eui64,
    Random,
    Fixed([u8; 8]),
}

impl IfaceId {
    /// Parse `-i`'s value as odhcp6c does (`inet_pton` for an address).
    pub fn parse(v: &str) -> Option<IfaceId> {
        match v {
            "eui64" => Some(IfaceId::Eui64),
            "random" => Some(IfaceId::Random),
            _ => crate::ip6::parse(v).map(|a| IfaceId::Fixed(low64(a))),
        }
    }
}

fn low64(a: Ipv6Addr) -> [u8; 8] {
    let o = a.octets();
    [o[8], o[9], o[10], o[11], o[12], o[13], o[14], o[15]]
}

/// Modified EUI-64 (RFC 4291 appendix A) of a usable Ethernet address:
/// odhcp6c's `odhcp6c_is_valid_ether_addr` refuses multicast and zero.
pub fn eui64(mac: [u8; 6]) -> Option<[u8; 8]> {
    if mac[0] & 1 != 0 || mac == [0; 6] {
        return None;
    }
    Some([
        mac[0] ^ 2,
        mac[1],
        mac[2],
        0xff,
        0xfe,
        mac[3],
        mac[4],
        mac[5],
    ])
}

/// The identifier for `mode`, given the link's MAC and current link-local
/// address (either may be absent) and 8 random octets drawn once at start
/// (`-i random`). `eui64` without a usable MAC falls back to the
/// link-local's, as odhcp6c. `None`: no identifier yet (no link-local).
pub fn interface_id(
    mode: IfaceId,
    mac: Option<[u8; 6]>,
    link_local: Option<Ipv6Addr>,
    random: [u8; 8],
) -> Option<[u8; 8]> {
    match mode {
        IfaceId::Fixed(id) => Some(id),
        IfaceId::Random => Some(random),
        IfaceId::Eui64 => mac.and_then(eui64).or(link_local.map(low64)),
        IfaceId::LinkLocal => link_local.map(low64),
    }
}

/// A link-local unicast address (fe80::/10), the kind whose identifier
/// RA addresses borrow.
pub fn is_link_local(a: &Ipv6Addr) -> bool {
    a.is_unicast_link_local()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> Ipv6Addr {
        s.parse().unwrap()
    }

    #[test]
    fn parse_like_odhcp6c() {
        assert_eq!(IfaceId::parse("eui64"), Some(IfaceId::Eui64));
        assert_eq!(IfaceId::parse("random"), Some(IfaceId::Random));
        assert_eq!(
            IfaceId::parse("::1:2:3:4"),
            Some(IfaceId::Fixed([0, 1, 0, 2, 0, 3, 0, 4]))
        );
        // odhcp6c overwrites the top with fe80: only the low half counts.
        assert_eq!(
            IfaceId::parse("2001:db8::abcd"),
            Some(IfaceId::Fixed([0, 0, 0, 0, 0, 0, 0xab, 0xcd]))
        );
        assert_eq!(IfaceId::parse("EUI64"), None);
        assert_eq!(IfaceId::parse("::g"), None);
        assert_eq!(IfaceId::parse(""), None);
    }

    #[test]
    fn modes() {
        let mac = Some([0x52, 0x54, 0, 0x12, 0x34, 0x56]);
        let ll = Some(a("fe80::8c2f:11ff:fe0a:b0c1"));
        let rnd = [9; 8];
        let from_ll = [0x8c, 0x2f, 0x11, 0xff, 0xfe, 0x0a, 0xb0, 0xc1];
        assert_eq!(
            interface_id(IfaceId::LinkLocal, mac, ll, rnd),
            Some(from_ll)
        );
        assert_eq!(interface_id(IfaceId::LinkLocal, mac, None, rnd), None);
        assert_eq!(
            interface_id(IfaceId::Eui64, mac, ll, rnd),
            Some([0x50, 0x54, 0, 0xff, 0xfe, 0x12, 0x34, 0x56])
        );
        // No MAC (tun, PPP) or a useless one: the link-local's.
        assert_eq!(interface_id(IfaceId::Eui64, None, ll, rnd), Some(from_ll));
        assert_eq!(
            interface_id(IfaceId::Eui64, Some([1, 0, 0, 0, 0, 1]), ll, rnd),
            Some(from_ll)
        );
        assert_eq!(interface_id(IfaceId::Eui64, Some([0; 6]), None, rnd), None);
        assert_eq!(interface_id(IfaceId::Random, None, None, rnd), Some(rnd));
        assert_eq!(
            interface_id(IfaceId::Fixed([1; 8]), mac, ll, rnd),
            Some([1; 8])
        );
        assert!(is_link_local(&a("fe80::1")) && !is_link_local(&a("2001:db8::1")));
    }
}
