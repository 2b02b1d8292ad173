//! Mirror of kmod/include/uapi/linux/ra6notify.h, the one contract with
//! the kernel side, and the few generic netlink numbers of
//! <linux/genetlink.h> it needs. `tests::matches_the_c_headers` compiles a
//! C program against both headers and compares every number, so they
//! can't drift.

pub const VERSION: u32 = 2;
/// The family name, NUL-terminated as CTRL_ATTR_FAMILY_NAME wants it.
pub const GENL_NAME: &[u8] = b"ra6notify\0";
pub const MAX_LISTENERS: u32 = 16;
pub const OPTIONS_MAX: usize = 1024;

pub const CMD_REGISTER: u8 = 1;
pub const CMD_UNREGISTER: u8 = 2;
pub const CMD_PING: u8 = 3;
pub const CMD_EVENT: u8 = 4;
pub const CMD_GET_STATS: u8 = 5;
pub const CMD_STATS: u8 = 6;
pub const CMD_GOODBYE: u8 = 7;

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

pub const LEGACY_NETLINK_DEFAULT: u32 = 25;
pub const LEGACY_TYPE_DEFAULT: u16 = 0;

// <linux/netlink.h>, <linux/genetlink.h>
pub const NETLINK_GENERIC: i32 = 16;
pub const GENL_HDRLEN: usize = 4;
pub const GENL_ID_CTRL: u16 = 16;
pub const CTRL_CMD_GETFAMILY: u8 = 3;
pub const CTRL_ATTR_FAMILY_ID: u16 = 1;
pub const CTRL_ATTR_FAMILY_NAME: u16 = 2;
pub const CTRL_ATTR_VERSION: u16 = 3;

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

// No padding: every octet of Stats is a field's (see `from_bytes`).
const _: () = assert!(size_of::<Stats>() == 2 * 4 + 10 * 8 + 8 * 4);

impl Stats {
    /// From A_STATS as the kernel sent it (host byte order, only 4-byte
    /// aligned): fields the kernel's shorter struct lacks stay 0, what a
    /// newer one adds is ignored.
    pub fn from_bytes(b: &[u8]) -> Stats {
        // One copy of the octets the struct has, not twenty bounds-checked
        // unaligned loads (~2.9 KiB on mipsel).
        let mut s = Stats::default();
        let n = b.len().min(size_of::<Stats>());
        // SAFETY: Stats is repr(C), integers only and without padding (the
        // assertion above), so any octets are a valid value; `n` is within
        // both.
        unsafe { core::ptr::copy_nonoverlapping(b.as_ptr(), (&raw mut s).cast::<u8>(), n) };
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::offset_of;
    use std::process::Command;

    #[test]
    fn stats_from_bytes_reads_every_field_at_its_offset() {
        // Each field holds its own offset; a short buffer zero-fills.
        let mut b = vec![0u8; size_of::<Stats>()];
        for at in (0..88).step_by(8).skip(1) {
            b[at..at + 8].copy_from_slice(&(at as u64).to_ne_bytes());
        }
        for at in [0, 4].into_iter().chain((88..120).step_by(4)) {
            b[at..at + 4].copy_from_slice(&(at as u32).to_ne_bytes());
        }
        let s = Stats::from_bytes(&b);
        assert_eq!(s.size as usize, offset_of!(Stats, size));
        assert_eq!(s.ras_seen as usize, offset_of!(Stats, ras_seen));
        assert_eq!(s.legacy_sent as usize, offset_of!(Stats, legacy_sent));
        assert_eq!(s.listeners as usize, offset_of!(Stats, listeners));
        assert_eq!(s.proto as usize, offset_of!(Stats, proto));
        assert_eq!(s.coalesce_ms as usize, offset_of!(Stats, coalesce_ms));
        let short = Stats::from_bytes(&b[..92]);
        assert_eq!(short.listeners, 88);
        assert_eq!((short.rate, short.coalesce_ms), (0, 0));
        let mut long = b.clone();
        long.extend_from_slice(&[0xff; 8]);
        assert_eq!(Stats::from_bytes(&long), s);
    }

    /// Compile a C program that prints every constant of the headers and
    /// compare with ours.
    #[test]
    fn matches_the_c_headers() {
        let dir = std::env::temp_dir().join(format!("ra6c-uapi-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let c = dir.join("u.c");
        let ours: &[(&str, i64)] = &[
            ("RA6NOTIFY_VERSION", VERSION.into()),
            ("sizeof(RA6NOTIFY_GENL_NAME)", GENL_NAME.len() as i64),
            ("RA6NOTIFY_MAX_LISTENERS", MAX_LISTENERS.into()),
            ("RA6NOTIFY_OPTIONS_MAX", OPTIONS_MAX as i64),
            ("RA6NOTIFY_CMD_REGISTER", CMD_REGISTER.into()),
            ("RA6NOTIFY_CMD_UNREGISTER", CMD_UNREGISTER.into()),
            ("RA6NOTIFY_CMD_PING", CMD_PING.into()),
            ("RA6NOTIFY_CMD_EVENT", CMD_EVENT.into()),
            ("RA6NOTIFY_CMD_GET_STATS", CMD_GET_STATS.into()),
            ("RA6NOTIFY_CMD_STATS", CMD_STATS.into()),
            ("RA6NOTIFY_CMD_GOODBYE", CMD_GOODBYE.into()),
            ("RA6NOTIFY_A_VERSION", A_VERSION.into()),
            ("RA6NOTIFY_A_PROTO", A_PROTO.into()),
            ("RA6NOTIFY_A_COOKIE", A_COOKIE.into()),
            ("RA6NOTIFY_A_STATS", A_STATS.into()),
            ("RA6NOTIFY_A_IFINDEX", A_IFINDEX.into()),
            ("RA6NOTIFY_A_SRC", A_SRC.into()),
            ("RA6NOTIFY_A_FLAGS", A_FLAGS.into()),
            ("RA6NOTIFY_A_M", A_M.into()),
            ("RA6NOTIFY_A_O", A_O.into()),
            ("RA6NOTIFY_A_H", A_H.into()),
            ("RA6NOTIFY_A_PRF", A_PRF.into()),
            ("RA6NOTIFY_A_ROUTER_LIFETIME", A_ROUTER_LIFETIME.into()),
            ("RA6NOTIFY_A_REACHABLE", A_REACHABLE.into()),
            ("RA6NOTIFY_A_RETRANS", A_RETRANS.into()),
            ("RA6NOTIFY_A_CUR_HOP_LIMIT", A_CUR_HOP_LIMIT.into()),
            ("RA6NOTIFY_A_ACCEPT_RA", A_ACCEPT_RA.into()),
            ("RA6NOTIFY_A_FORWARDING", A_FORWARDING.into()),
            ("RA6NOTIFY_A_OPTIONS", A_OPTIONS.into()),
            ("RA6NOTIFY_A_OPTIONS_TRUNC", A_OPTIONS_TRUNC.into()),
            ("RA6NOTIFY_A_SEQ", A_SEQ.into()),
            ("RA6NOTIFY_A_DROPPED", A_DROPPED.into()),
            ("RA6NOTIFY_A_TSTAMP", A_TSTAMP.into()),
            ("RA6NOTIFY_A_MAX", A_MAX.into()),
            ("RA6NOTIFY_FLAG_M", FLAG_M.into()),
            ("RA6NOTIFY_FLAG_O", FLAG_O.into()),
            (
                "RA6NOTIFY_LEGACY_NETLINK_DEFAULT",
                LEGACY_NETLINK_DEFAULT.into(),
            ),
            ("RA6NOTIFY_LEGACY_TYPE_DEFAULT", LEGACY_TYPE_DEFAULT.into()),
            ("NETLINK_GENERIC", NETLINK_GENERIC.into()),
            ("GENL_HDRLEN", GENL_HDRLEN as i64),
            ("GENL_ID_CTRL", GENL_ID_CTRL.into()),
            ("CTRL_CMD_GETFAMILY", CTRL_CMD_GETFAMILY.into()),
            ("CTRL_ATTR_FAMILY_ID", CTRL_ATTR_FAMILY_ID.into()),
            ("CTRL_ATTR_FAMILY_NAME", CTRL_ATTR_FAMILY_NAME.into()),
            ("CTRL_ATTR_VERSION", CTRL_ATTR_VERSION.into()),
            ("sizeof(struct ra6notify_stats)", size_of::<Stats>() as i64),
            (
                "offsetof(struct ra6notify_stats, ras_seen)",
                offset_of!(Stats, ras_seen) as i64,
            ),
            (
                "offsetof(struct ra6notify_stats, legacy_sent)",
                offset_of!(Stats, legacy_sent) as i64,
            ),
            (
                "offsetof(struct ra6notify_stats, listeners)",
                offset_of!(Stats, listeners) as i64,
            ),
            (
                "offsetof(struct ra6notify_stats, coalesce_ms)",
                offset_of!(Stats, coalesce_ms) as i64,
            ),
        ];
        let mut src = String::from(
            "#include <stdio.h>\n#include <stddef.h>\n#include <linux/netlink.h>\n\
             #include <linux/genetlink.h>\n#include <linux/ra6notify.h>\nint main(void){\n",
        );
        for (n, _) in ours {
            src.push_str(&format!("printf(\"%lld\\n\", (long long)({n}));\n"));
        }
        src.push_str("printf(\"%s\\n\", RA6NOTIFY_GENL_NAME);\nreturn 0;}\n");
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
        let out = String::from_utf8(out.stdout).unwrap();
        let mut lines: Vec<&str> = out.lines().collect();
        let name = lines.pop().unwrap();
        assert_eq!(
            format!("{name}\0").as_bytes(),
            GENL_NAME,
            "RA6NOTIFY_GENL_NAME"
        );
        assert_eq!(lines.len(), ours.len());
        for ((n, a), b) in ours.iter().zip(lines) {
            assert_eq!(a.to_string(), b, "{n}: Rust {a}, C {b}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
