//! Mirror of kmod/include/uapi/linux/ra6notify.h, the one contract with
//! the kernel side. `tests::matches_the_c_header` compiles a C program
//! against the header and compares every number, so the two can't drift.

pub const VERSION: u32 = 1;
pub const NETLINK_DEFAULT: u32 = 25;
pub const GROUP_EVENTS: u32 = 1;
pub const MAX_LISTENERS: u32 = 16;
pub const OPTIONS_MAX: usize = 1024;

pub const MSG_REGISTER: u16 = 0x5201;
pub const MSG_UNREGISTER: u16 = 0x5202;
pub const MSG_PING: u16 = 0x5203;
pub const MSG_EVENT: u16 = 0x5204;
pub const MSG_GET_STATS: u16 = 0x5205;
pub const MSG_STATS: u16 = 0x5206;
pub const MSG_GOODBYE: u16 = 0x5207;

pub const A_VERSION: u16 = 1;
pub const A_PROTO: u16 = 2;
pub const A_COOKIE: u16 = 3;
pub const A_STATS: u16 = 4;
pub const A_IFINDEX: u16 = 5;
pub const A_SRC: u16 = 6;
pub const A_FLAGS: u16 = 7;
pub const A_M: u16 = 8;
pub const A_O: u16 = 9;
pub const A_H: u16 = 10;
pub const A_PRF: u16 = 11;
pub const A_ROUTER_LIFETIME: u16 = 12;
pub const A_REACHABLE: u16 = 13;
pub const A_RETRANS: u16 = 14;
pub const A_CUR_HOP_LIMIT: u16 = 15;
pub const A_ACCEPT_RA: u16 = 16;
pub const A_FORWARDING: u16 = 17;
pub const A_OPTIONS: u16 = 18;
pub const A_OPTIONS_TRUNC: u16 = 19;
pub const A_SEQ: u16 = 20;
pub const A_DROPPED: u16 = 21;
pub const A_TSTAMP: u16 = 22;
pub const A_MAX: u16 = 22;

pub const FLAG_M: u8 = 0x80;
pub const FLAG_O: u8 = 0x40;

pub const SO_BASE: i32 = 0x5236;
pub const SO_GET_STATS: i32 = SO_BASE;
pub const SO_GET_VERSION: i32 = SO_BASE + 1;
pub const SO_SET_RATE: i32 = SO_BASE;
pub const SO_SET_BURST: i32 = SO_BASE + 1;
pub const SO_SET_ENABLE: i32 = SO_BASE + 2;
pub const SO_RESET_STATS: i32 = SO_BASE + 3;

pub const LEGACY_TYPE_DEFAULT: u16 = 0;

/// `struct ra6notify_stats`, in field order.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub version: u32,
    pub size: u32,
    pub ras_seen: u64,
    pub ras_invalid: u64,
    pub events_sent: u64,
    pub dropped: u64,
    pub dropped_ratelimit: u64,
    pub dropped_nomem: u64,
    pub dropped_unicast: u64,
    pub dropped_mcast: u64,
    pub coalesced: u64,
    pub legacy_sent: u64,
    pub listeners: u32,
    pub group_listeners: u32,
    pub rate: u32,
    pub burst: u32,
    pub enabled: u32,
    pub legacy: u32,
    pub proto: u32,
    pub coalesce_ms: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// Compile a C program that prints every constant of the header and
    /// compare with ours.
    #[test]
    fn matches_the_c_header() {
        let dir = std::env::temp_dir().join(format!("ra6c-uapi-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let c = dir.join("u.c");
        let names = [
            "RA6NOTIFY_VERSION",
            "RA6NOTIFY_NETLINK_DEFAULT",
            "RA6NOTIFY_GROUP_EVENTS",
            "RA6NOTIFY_MAX_LISTENERS",
            "RA6NOTIFY_OPTIONS_MAX",
            "RA6NOTIFY_MSG_REGISTER",
            "RA6NOTIFY_MSG_UNREGISTER",
            "RA6NOTIFY_MSG_PING",
            "RA6NOTIFY_MSG_EVENT",
            "RA6NOTIFY_MSG_GET_STATS",
            "RA6NOTIFY_MSG_STATS",
            "RA6NOTIFY_MSG_GOODBYE",
            "RA6NOTIFY_A_VERSION",
            "RA6NOTIFY_A_PROTO",
            "RA6NOTIFY_A_COOKIE",
            "RA6NOTIFY_A_STATS",
            "RA6NOTIFY_A_IFINDEX",
            "RA6NOTIFY_A_SRC",
            "RA6NOTIFY_A_FLAGS",
            "RA6NOTIFY_A_M",
            "RA6NOTIFY_A_O",
            "RA6NOTIFY_A_H",
            "RA6NOTIFY_A_PRF",
            "RA6NOTIFY_A_ROUTER_LIFETIME",
            "RA6NOTIFY_A_REACHABLE",
            "RA6NOTIFY_A_RETRANS",
            "RA6NOTIFY_A_CUR_HOP_LIMIT",
            "RA6NOTIFY_A_ACCEPT_RA",
            "RA6NOTIFY_A_FORWARDING",
            "RA6NOTIFY_A_OPTIONS",
            "RA6NOTIFY_A_OPTIONS_TRUNC",
            "RA6NOTIFY_A_SEQ",
            "RA6NOTIFY_A_DROPPED",
            "RA6NOTIFY_A_TSTAMP",
            "RA6NOTIFY_A_MAX",
            "RA6NOTIFY_FLAG_M",
            "RA6NOTIFY_FLAG_O",
            "RA6NOTIFY_SO_GET_STATS",
            "RA6NOTIFY_SO_GET_VERSION",
            "RA6NOTIFY_SO_SET_RATE",
            "RA6NOTIFY_SO_SET_BURST",
            "RA6NOTIFY_SO_SET_ENABLE",
            "RA6NOTIFY_SO_RESET_STATS",
            "RA6NOTIFY_LEGACY_TYPE_DEFAULT",
            "sizeof(struct ra6notify_stats)",
            "offsetof(struct ra6notify_stats, listeners)",
            "offsetof(struct ra6notify_stats, coalesce_ms)",
        ];
        let ours: [i64; 47] = [
            VERSION.into(),
            NETLINK_DEFAULT.into(),
            GROUP_EVENTS.into(),
            MAX_LISTENERS.into(),
            OPTIONS_MAX as i64,
            MSG_REGISTER.into(),
            MSG_UNREGISTER.into(),
            MSG_PING.into(),
            MSG_EVENT.into(),
            MSG_GET_STATS.into(),
            MSG_STATS.into(),
            MSG_GOODBYE.into(),
            A_VERSION.into(),
            A_PROTO.into(),
            A_COOKIE.into(),
            A_STATS.into(),
            A_IFINDEX.into(),
            A_SRC.into(),
            A_FLAGS.into(),
            A_M.into(),
            A_O.into(),
            A_H.into(),
            A_PRF.into(),
            A_ROUTER_LIFETIME.into(),
            A_REACHABLE.into(),
            A_RETRANS.into(),
            A_CUR_HOP_LIMIT.into(),
            A_ACCEPT_RA.into(),
            A_FORWARDING.into(),
            A_OPTIONS.into(),
            A_OPTIONS_TRUNC.into(),
            A_SEQ.into(),
            A_DROPPED.into(),
            A_TSTAMP.into(),
            A_MAX.into(),
            FLAG_M.into(),
            FLAG_O.into(),
            SO_GET_STATS.into(),
            SO_GET_VERSION.into(),
            SO_SET_RATE.into(),
            SO_SET_BURST.into(),
            SO_SET_ENABLE.into(),
            SO_RESET_STATS.into(),
            LEGACY_TYPE_DEFAULT.into(),
            size_of::<Stats>() as i64,
            core::mem::offset_of!(Stats, listeners) as i64,
            core::mem::offset_of!(Stats, coalesce_ms) as i64,
        ];
        let mut src = String::from(
            "#include <stdio.h>\n#include <stddef.h>\n#include <linux/ra6notify.h>\nint main(void){\n",
        );
        for n in names {
            src.push_str(&format!("printf(\"%lld\\n\", (long long)({n}));\n"));
        }
        src.push_str("return 0;}\n");
        std::fs::write(&c, src).unwrap();
        let exe = dir.join("u");
        let inc = concat!(env!("CARGO_MANIFEST_DIR"), "/kmod/include/uapi");
        let st = Command::new("cc")
            .args(["-Wall", "-Werror", "-I", inc, "-o"])
            .arg(&exe)
            .arg(&c)
            .status()
            .expect("a C compiler (cc) to check the uapi header");
        assert!(st.success(), "the header compiles as user space C");
        let out = Command::new(&exe).output().unwrap();
        let theirs: Vec<i64> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| l.parse().unwrap())
            .collect();
        for ((n, a), b) in names.iter().zip(ours).zip(theirs) {
            assert_eq!(a, b, "{n}: Rust {a}, C {b}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
