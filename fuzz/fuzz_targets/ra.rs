//! Router Advertisement parsing (the raw-socket path): any bytes, any
//! source. Never panics; what it accepts stays within its bounds.
#![no_main]

use core::net::Ipv6Addr;

use libfuzzer_sys::fuzz_target;
use ra6c::ra;

fuzz_target!(|data: &[u8]| {
    // First byte picks the source: none, link-local, global, multicast.
    let Some((&sel, icmp)) = data.split_first() else {
        return;
    };
    let src = match sel & 3 {
        0 => None,
        1 => Some(Ipv6Addr::new(0xfe80, 0, 0, 0, 0x5054, 0xff, 0xfe00, 1)),
        2 => Some(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)),
        _ => Some(Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 1)),
    };
    let _ = ra::valid_source(&src.unwrap_or(Ipv6Addr::UNSPECIFIED));
    if let Ok(ev) = ra::parse(7, src, icmp) {
        assert_eq!(ev.ifindex, 7);
        assert_eq!(ev.source, src);
        assert!(ev.prefixes.len() <= ra::MAX_PREFIXES);
        assert!(ev.routes.len() <= ra::MAX_ROUTES);
        assert!(ev.rdnss.len() <= ra::MAX_RDNSS);
        assert!(ev.dnssl.len() <= ra::MAX_DNSSL);
        assert_eq!(ev.managed, icmp[5] & 0x80 != 0);
        assert_eq!(ev.other, icmp[5] & 0x40 != 0);
        // Deterministic: the same bytes give the same event.
        assert_eq!(ra::parse(7, src, icmp).ok(), Some(ev));
    }
});
