//! IPv6 addresses from text (RFC 4291 §2.2), as `str::parse::<Ipv6Addr>`
//! reads them (hex groups, one `::`, a dotted IPv4 tail), without core's
//! generic address parser (~2 KiB on mipsel for a few command-line flags).

use core::net::Ipv6Addr;

/// `s` as an IPv6 address; `None` exactly where std's `FromStr` fails.
/// One pass over the octets (no substring searches: this is the small one).
pub fn parse(s: &str) -> Option<Ipv6Addr> {
    let b = s.as_bytes();
    let mut g = [0u16; 8];
    let mut n = 0;
    // Where `::` stands, as an index into `g`.
    let mut gap = None;
    let mut i = 0;
    if b.starts_with(b"::") {
        gap = Some(0);
        i = 2;
    }
    while i < b.len() {
        let start = i;
        let mut v = 0u32;
        while let Some(d) = b.get(i).and_then(|&c| char::from(c).to_digit(16)) {
            if i - start == 4 {
                return None;
            }
            v = v << 4 | d;
            i += 1;
        }
        if b.get(i) == Some(&b'.') {
            // A dotted IPv4 tail: the last two groups.
            let v4 = ipv4(&b[start..])?;
            if n > 6 {
                return None;
            }
            g[n] = u16::from_be_bytes([v4[0], v4[1]]);
            g[n + 1] = u16::from_be_bytes([v4[2], v4[3]]);
            n += 2;
            break;
        }
        if i == start || n == 8 {
            return None;
        }
        g[n] = v as u16;
        n += 1;
        match (b.get(i), b.get(i + 1)) {
            (None, _) => {}
            (Some(b':'), Some(b':')) if gap.is_none() => {
                gap = Some(n);
                i += 2;
            }
            (Some(b':'), Some(_)) => i += 1,
            _ => return None,
        }
    }
    match gap {
        None if n == 8 => {}
        Some(at) if n <= 7 => {
            let tail = n - at;
            g.copy_within(at..n, 8 - tail);
            g[at..8 - tail].fill(0);
        }
        _ => return None,
    }
    Some(Ipv6Addr::from(g))
}

/// Four decimal octets, no leading zeros (std's rule), to the end of `b`.
fn ipv4(b: &[u8]) -> Option<[u8; 4]> {
    let mut o = [0u8; 4];
    let mut i = 0;
    for (k, octet) in o.iter_mut().enumerate() {
        if k > 0 {
            if b.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
        let start = i;
        let mut v = 0u32;
        while let Some(c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            if i - start == 3 {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
            i += 1;
        }
        if i == start || (i - start > 1 && b[start] == b'0') || v > 255 {
            return None;
        }
        *octet = v as u8;
    }
    (i == b.len()).then_some(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(s: &str) {
        assert_eq!(parse(s), s.parse::<Ipv6Addr>().ok(), "{s:?}");
    }

    #[test]
    fn as_std_on_edge_cases() {
        for s in [
            "",
            ":",
            "::",
            ":::",
            "::1",
            "1::",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7::",
            "::1:2:3:4:5:6:7",
            "::1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6::7:8",
            "1::2::3",
            "1:::2",
            ":1::2",
            "1::2:",
            "1:2:3:4:5:6:7:8:",
            "fe80::1",
            "FE80::A",
            "2001:db8::",
            "2001:0db8:0000::0001",
            "00000::1",
            "12345::",
            "g::1",
            "::ffff:192.0.2.1",
            "::192.0.2.1",
            "1:2:3:4:5:6:1.2.3.4",
            "1:2:3:4:5:6:7:1.2.3.4",
            "1:2:3:4:5::1.2.3.4",
            "::1.2.3",
            "::1.2.3.4.5",
            "::01.2.3.4",
            "::0.0.0.0",
            "::256.1.1.1",
            "::1.2.3.4:5",
            "1.2.3.4::",
            "::1.2.3.",
            "::.1.2.3",
            "::1..2.3",
            "2001:db8::1%eth0",
            " ::1",
            "::1 ",
            "+1::",
            "::+1",
            "1:2:3:4:5:6:7:0x8",
            "::ffff:1.2.3.04",
            "::1:2:3:4:5:6:1.2.3.4",
            "::a:1.2.3.4",
            "1:2:3:4:5:6:7:8::",
            "::1:1.2.3.4",
            "1::1.2.3.4",
            "1:2::3:4:5:6:1.2.3.4",
        ] {
            same(s);
        }
    }

    #[test]
    fn as_std_on_generated_text() {
        // Formatted addresses of every shape, then random strings over the
        // address alphabet; a small LCG keeps it deterministic.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (x >> 33) as u32
        };
        for _ in 0..20_000 {
            let mut g = [0u16; 8];
            for v in &mut g {
                *v = match next() % 4 {
                    0 => 0,
                    1 => next() as u16 & 0xf,
                    _ => next() as u16,
                };
            }
            let a = Ipv6Addr::from(g);
            let text = a.to_string();
            assert_eq!(parse(&text), Some(a), "{text}");
            same(&text.to_uppercase());
            let mapped = core::net::Ipv4Addr::from(next()).to_ipv6_mapped();
            same(&mapped.to_string());
        }
        const ALPHABET: &[u8] = b"0123456789abcdefABCDEF:::::....g";
        for _ in 0..200_000 {
            let len = next() as usize % 24;
            let s: String = (0..len)
                .map(|_| char::from(ALPHABET[next() as usize % ALPHABET.len()]))
                .collect();
            same(&s);
        }
    }
}
