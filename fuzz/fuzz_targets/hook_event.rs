//! Kernel hook events: a netlink datagram as the hook's generic netlink
//! socket returns it, split into messages and attributes, and every
//! message of the family (id FAMILY, as in make_seeds.py) decoded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ra6c::netlink::{self, attrs, messages};
use ra6c::ra;
use ra6c::trigger::hook::fuzzing;

const IFINDEX: u32 = 7;
const FAMILY: u16 = 0x1a;

fuzz_target!(|data: &[u8]| {
    let mut n = 0usize;
    for (ty, _flags, _seq, p) in messages(data) {
        n += 1;
        assert!(
            n <= data.len() / netlink::NLMSG_HDRLEN,
            "more messages than headers fit"
        );
        let mut na = 0usize;
        for (aty, d) in attrs(p) {
            na += 1;
            assert!(aty <= 0x3fff);
            assert!(d.len() + 4 <= p.len());
            assert!(na <= p.len() / 4);
        }
        let _ = netlink::error_code(p);
        if ty == FAMILY {
            let (ev, invalid, _dropped) = fuzzing::decode_event(IFINDEX, p);
            assert!(invalid <= 1);
            if let Some(ev) = ev {
                assert_eq!(ev.ifindex, IFINDEX);
                assert_eq!(invalid, 0);
                assert!(ev.prefixes.len() <= ra::MAX_PREFIXES);
                assert!(ev.rdnss.len() <= ra::MAX_RDNSS);
            }
        }
    }
});
