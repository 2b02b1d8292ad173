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
}
