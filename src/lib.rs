//! ra6c: a DHCPv6 client (RFC 9915) for routers that starts the moment an
//! ICMPv6 Router Advertisement arrives.
//!
//! The protocol lives in [`client`], a sans-IO state machine; everything
//! else is an edge that turns the outside world into its inputs or its
//! outputs into effects.

pub mod alarm;
pub mod args;
pub mod client;
pub mod error;
pub mod event_loop;
pub mod file;
pub mod heap;
pub mod ip6;
pub mod netlink;
pub mod number;
pub mod output;
pub mod privilege;
pub mod ra;
pub mod ra_state;
pub mod rtnl;
pub mod script;
pub mod standalone;
pub mod state;
pub mod time;
pub mod trigger;
pub mod udp;
pub mod wire;
