//! The DHCPv6 client (RFC 9915) as a pure state machine.
//!
//! It never touches a socket, a clock or a random source: the caller feeds
//! it `(now, Input)` and drains `poll_transmit()`, `poll_event()` and
//! `poll_at()`. Randomness (transaction ids, RAND in §15) comes from a
//! seed the caller provides.

pub mod config;
pub mod lease;

pub use config::{ClientConfig, IaNaMode, RawOption};
pub use lease::Lease;

/// A DUID (RFC 9915 §11): at most 128 octets plus the 2-octet type.
pub type Duid = heapless::Vec<u8, 130>;

/// Options we ask for unless told otherwise (the ORO, RFC 9915 §21.7):
/// DNS servers, domain list, SNTP, NTP, SOL_MAX_RT, INF_MAX_RT.
pub const DEFAULT_ORO: [u16; 6] = [23, 24, 31, 56, 82, 83];
