//! Integers from text with the answers of std's `FromStr`/`from_str_radix`
//! (an optional `+`, or `-` for a signed one, then at least one digit of
//! the radix; out of range is an error), in one function for every width:
//! std's parser is instantiated per integer type, ~400 bytes each on
//! mipsel, and flags, the state file and /etc/passwd read five types.

/// `s` as a `u64` in `radix` (2..=36), as `u64::from_str_radix`.
pub fn parse_radix(s: &str, radix: u32) -> Option<u64> {
    let digits = s.strip_prefix('+').unwrap_or(s);
    if digits.is_empty() {
        return None;
    }
    let mut n: u64 = 0;
    for c in digits.chars() {
        let d = c.to_digit(radix)?;
        n = n.checked_mul(u64::from(radix))?.checked_add(u64::from(d))?;
    }
    Some(n)
}

/// `s` as a decimal unsigned number of type `T`, as `s.parse::<T>()`.
pub fn parse<T: TryFrom<u64>>(s: &str) -> Option<T> {
    T::try_from(parse_radix(s, 10)?).ok()
}

/// `s` as a decimal `i64`, as `s.parse::<i64>()`.
pub fn parse_i64(s: &str) -> Option<i64> {
    match s.strip_prefix('-') {
        Some(m) if !m.starts_with('+') => 0i64.checked_sub_unsigned(parse_radix(m, 10)?),
        Some(_) => None,
        None => i64::try_from(parse_radix(s, 10)?).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Edge cases and generated strings: the same answers as std's for
    /// every width ra6c reads.
    #[test]
    fn same_answers_as_std() {
        let mut cases: Vec<String> = [
            "",
            "+",
            "-",
            "+-1",
            "-+1",
            "--1",
            "++1",
            "0",
            "+0",
            "-0",
            "00",
            "007",
            " 1",
            "1 ",
            "1_000",
            "255",
            "256",
            "-1",
            "-128",
            "-129",
            "65535",
            "65536",
            "4294967295",
            "4294967296",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999999",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "0x10",
            "1e3",
            "١",
            "a",
            "ff",
            "FF",
            "fF",
            "z",
            "Z",
            "0o7",
            "+ff",
            "-ff",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // A small PRNG over an alphabet that hits every branch.
        let alphabet = b"0123456789+-afAFgz 9";
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 22) as usize;
            let s: String = (0..len)
                .map(|i| {
                    char::from(alphabet[((x >> (i * 2 % 60)) % alphabet.len() as u64) as usize])
                })
                .collect();
            cases.push(s);
        }
        for s in &cases {
            assert_eq!(parse::<u8>(s), s.parse::<u8>().ok(), "{s:?}");
            assert_eq!(parse::<u16>(s), s.parse::<u16>().ok(), "{s:?}");
            assert_eq!(parse::<u32>(s), s.parse::<u32>().ok(), "{s:?}");
            assert_eq!(parse::<u64>(s), s.parse::<u64>().ok(), "{s:?}");
            assert_eq!(parse_i64(s), s.parse::<i64>().ok(), "{s:?}");
            for radix in [8, 16] {
                assert_eq!(
                    parse_radix(s, radix),
                    u64::from_str_radix(s, radix).ok(),
                    "{s:?} radix {radix}"
                );
            }
        }
    }
}
