//! The DHCPv6 codec: `decode` of any bytes never panics, agrees with
//! `validate` and reads what dhcproto reads (the reference codec,
//! `src/wire/oracle.rs`); `encode` of any message the client could build
//! is what dhcproto writes and decodes back to the same fields.
#![no_main]

use core::net::Ipv6Addr;

use libfuzzer_sys::fuzz_target;
use ra6c::client::RawOption;
use ra6c::client::lease::Leased;
use ra6c::script;
use ra6c::time::Instant;
use ra6c::wire::{self, OutIa, Outgoing};

/// What `oracle.rs` reaches through `super::` inside ra6c's `wire`; its
/// own file is ra6c's (the directory below is for the module inside).
#[path = "../../src/wire"]
mod reference {
    pub use ra6c::client::Duid;
    pub use ra6c::client::lease::{Leased, MAX_ADDRS};
    pub use ra6c::wire::*;
    pub mod oracle;
}

/// A cursor over the fuzz input that yields zeros once exhausted.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }
    fn u16(&mut self) -> u16 {
        u16::from_be_bytes([self.u8(), self.u8()])
    }
    fn u32(&mut self) -> u32 {
        u32::from_be_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }
    fn take(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.u8()).collect()
    }
    fn addr(&mut self) -> Ipv6Addr {
        let mut a = [0u8; 16];
        a.iter_mut().for_each(|b| *b = self.u8());
        Ipv6Addr::from(a)
    }
    fn leases(&mut self, pd: bool) -> Vec<Leased> {
        let n = usize::from(self.u8() % 9);
        (0..n)
            .map(|_| Leased {
                addr: self.addr(),
                len: if pd { self.u8() % 129 } else { 128 },
                preferred: self.u32(),
                valid: self.u32(),
                excluded: None,
            })
            .collect()
    }
}

fuzz_target!(|data: &[u8]| {
    // 1. Decoding anything: no panic, and consistent with validate();
    // what it keeps for the script renders without a panic or a NUL.
    let decoded = wire::decode(data);
    if decoded.is_ok() {
        assert!(wire::validate(data).is_ok());
    }
    reference::oracle::check_decode(data);
    if let Ok(m) = &decoded {
        assert_eq!(m.msg_type, data[0]);
        assert_eq!(m.xid, [data[1], data[2], data[3]]);
        assert!(
            m.client_id
                .as_ref()
                .is_none_or(|d| (2..=130).contains(&d.len()))
        );
        let ctx = script::ScriptContext {
            now: Instant::ZERO,
            bound: true,
            lease: None,
            info: Some(&m.info),
            server: None,
            ra: None,
            history: None,
        };
        // The envp block: NUL-terminated NAME=value entries, every name
        // non-empty and free of '=' and whitespace (a value's NUL ends it).
        let env = script::environment(&ctx);
        let block = env.as_bytes();
        assert!(
            block.is_empty() || block.ends_with(&[0]),
            "unterminated envp block"
        );
        for e in env.entries() {
            let (k, _) = e
                .split_once('=')
                .unwrap_or_else(|| panic!("entry without '=': {e:?}"));
            assert!(
                !k.is_empty() && !k.contains(char::is_whitespace),
                "name {k:?}"
            );
        }
    }

    // 2. Encoding what the client could send, then decoding it.
    let mut b = Bytes(data);
    let msg_type = 1 + b.u8() % 11;
    let xid = [b.u8(), b.u8(), b.u8()];
    let cid_len = 3 + usize::from(b.u8()) % 128;
    let client_id = b.take(cid_len);
    let sid_len = usize::from(b.u8()) % 131;
    let server_id = (sid_len >= 3).then(|| b.take(sid_len));
    let elapsed = b.u16();
    let oro: Vec<u16> = (0..b.u8() % 40).map(|_| b.u16()).collect();
    let flags = b.u8();
    let na_leases = b.leases(false);
    let pd_leases = b.leases(true);
    let hint = b.u8() % 129;
    let extra: Vec<RawOption> = (0..b.u8() % 4)
        .map(|_| {
            // Options the user may add with -x/-V/-u: codes we don't
            // interpret and that have no structure the validator checks.
            let code = [15u16, 16, 39, 64, 94, 1000][usize::from(b.u8() % 6)];
            let data = match code {
                // User Class / Vendor Class: (u16 length, bytes)* after the
                // enterprise number.
                15 => {
                    let mut d = vec![0, 3];
                    d.extend(b.take(3));
                    d
                }
                16 => {
                    let mut d = b.take(4);
                    d.extend([0, 2]);
                    d.extend(b.take(2));
                    d
                }
                _ => {
                    let n = usize::from(b.u8()) % 64;
                    b.take(n)
                }
            };
            RawOption { code, data }
        })
        .collect();
    // With a hint, the prefix of the first PD lease (odhcp6c's
    // `-P <prefix>/<len>`), else `::`.
    let hint_prefix = pd_leases
        .first()
        .filter(|_| flags & 0x10 != 0)
        .map_or(Ipv6Addr::UNSPECIFIED, |l| l.addr);
    let pd = [OutIa {
        iaid: 2,
        leases: if hint_prefix.is_unspecified() {
            &pd_leases
        } else {
            &[]
        },
        hint,
        hint_prefix,
    }];
    let out = Outgoing {
        msg_type,
        xid,
        client_id: &client_id,
        server_id: server_id.as_deref(),
        elapsed,
        oro: &oro,
        ia_na: (flags & 1 != 0).then_some(OutIa {
            iaid: 1,
            leases: &na_leases,
            hint: 0,
            hint_prefix: Ipv6Addr::UNSPECIFIED,
        }),
        ia_pd: if flags & 2 != 0 { &pd[..] } else { &[] },
        rapid_commit: flags & 4 != 0,
        reconf_accept: flags & 8 != 0,
        extra: &extra,
        fqdn: (flags & 16 != 0).then_some(b"\x00\x07OpenWrt\x00"),
    };
    let bytes = wire::encode(&out);
    reference::oracle::check_encode(&out);
    let m = match wire::decode(&bytes) {
        Ok(m) => m,
        Err(e) => panic!(
            "decode(encode(x)) failed: {e}\n{out:?}\n{}",
            wire::hex(&bytes)
        ),
    };
    assert_eq!(m.msg_type, msg_type);
    assert_eq!(m.xid, xid);
    assert_eq!(m.client_id.as_deref(), Some(&client_id[..]));
    assert_eq!(m.server_id.as_deref(), server_id.as_deref());
    assert_eq!(m.rapid_commit, flags & 4 != 0);
    assert_eq!(m.reconf_accept, flags & 8 != 0);
    assert_eq!(m.ia_na.len(), usize::from(flags & 1 != 0));
    assert_eq!(m.ia_pd.len(), usize::from(flags & 2 != 0));
    if let Some(ia) = m.ia_na.first() {
        let got: Vec<Ipv6Addr> = ia.leases.iter().map(|l| l.addr).collect();
        let want: Vec<Ipv6Addr> = na_leases.iter().map(|l| l.addr).collect();
        assert_eq!(got, want);
        // Clients send lifetimes as 0 (RFC 9915 §21.6).
        assert!(ia.leases.iter().all(|l| l.preferred == 0 && l.valid == 0));
    }
    if let Some(ia) = m.ia_pd.first() {
        let got: Vec<(Ipv6Addr, u8)> = ia.leases.iter().map(|l| (l.addr, l.len)).collect();
        let mut want: Vec<(Ipv6Addr, u8)> = pd[0].leases.iter().map(|l| (l.addr, l.len)).collect();
        if want.is_empty() && hint != 0 {
            want.push((hint_prefix, hint));
        }
        assert_eq!(got, want);
    }
});
