//! Reconfigure Key Authentication Protocol (RFC 9915 §20.4): HMAC-MD5
//! (RFC 2104) over the Reconfigure message with the digest field zeroed.
//! MD5 (RFC 1321) is written here rather than pulled in as a crate: it is
//! 60 lines, and a router's flash is counted in kilobytes.

const S: [u32; 64] = [
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9,
    14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15,
    21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];

/// K[i] = floor(2^32 * |sin(i + 1)|), RFC 1321 §3.4.
const K: [u32; 64] = [
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
];

struct Md5 {
    state: [u32; 4],
    block: [u8; 64],
    fill: usize,
    len: u64,
}

impl Md5 {
    fn new() -> Self {
        Md5 {
            state: [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476],
            block: [0; 64],
            fill: 0,
            len: 0,
        }
    }

    fn compress(&mut self) {
        let m: [u32; 16] = core::array::from_fn(|i| {
            u32::from_le_bytes(self.block[4 * i..4 * i + 4].try_into().unwrap_or([0; 4]))
        });
        let [mut a, mut b, mut c, mut d] = self.state;
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let f = f.wrapping_add(a).wrapping_add(K[i]).wrapping_add(m[g]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(f.rotate_left(S[i]));
        }
        for (s, v) in self.state.iter_mut().zip([a, b, c, d]) {
            *s = s.wrapping_add(v);
        }
    }

    fn update(&mut self, data: &[u8]) {
        for &x in data {
            self.block[self.fill] = x;
            self.fill += 1;
            if self.fill == 64 {
                self.compress();
                self.fill = 0;
            }
        }
        self.len = self.len.wrapping_add(data.len() as u64);
    }

    fn finish(mut self) -> [u8; 16] {
        let bits = self.len.wrapping_mul(8);
        self.update(&[0x80]);
        while self.fill != 56 {
            self.update(&[0]);
        }
        self.update(&bits.to_le_bytes());
        let mut out = [0u8; 16];
        for (o, s) in out.chunks_exact_mut(4).zip(self.state) {
            o.copy_from_slice(&s.to_le_bytes());
        }
        out
    }
}

pub fn md5(parts: &[&[u8]]) -> [u8; 16] {
    let mut h = Md5::new();
    for p in parts {
        h.update(p);
    }
    h.finish()
}

/// HMAC-MD5 of the concatenation of `parts` (RFC 2104).
pub fn hmac_md5(key: &[u8], parts: &[&[u8]]) -> [u8; 16] {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..16].copy_from_slice(&md5(&[key]));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let ipad = k.map(|b| b ^ 0x36);
    let opad = k.map(|b| b ^ 0x5c);
    let mut inner = Md5::new();
    inner.update(&ipad);
    for p in parts {
        inner.update(p);
    }
    md5(&[&opad, &inner.finish()])
}

/// Check a Reconfigure's RKAP digest: `msg` is the whole message, the 16
/// octets at `digest_at` hold the digest and count as zero for the HMAC.
pub fn verify_reconfigure(key: &[u8; 16], msg: &[u8], digest_at: usize) -> bool {
    let Some(digest) = msg.get(digest_at..digest_at + 16) else {
        return false;
    };
    let want = hmac_md5(
        key,
        &[&msg[..digest_at], &[0u8; 16], &msg[digest_at + 16..]],
    );
    // Constant time: the comparison shouldn't leak how much matched.
    want.iter()
        .zip(digest)
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{hex, unhex};

    #[test]
    fn md5_rfc1321_vectors() {
        assert_eq!(hex(&md5(&[b""])), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(hex(&md5(&[b"abc"])), "900150983cd24fb0d6963f7d28e17f72");
        let digits =
            b"12345678901234567890123456789012345678901234567890123456789012345678901234567890";
        assert_eq!(hex(&md5(&[digits])), "57edf4a22be3c955ac49da2e2107b67a");
    }

    #[test]
    fn hmac_md5_rfc2202_vectors() {
        assert_eq!(
            hex(&hmac_md5(&[0x0b; 16], &[b"Hi There"])),
            "9294727a3638bb1c13f48ef8158bfc9d"
        );
        assert_eq!(
            hex(&hmac_md5(b"Jefe", &[b"what do ya want ", b"for nothing?"])),
            "750c783e6ab0b503eaa86e310a5db738"
        );
        assert_eq!(
            hex(&hmac_md5(
                &[0xaa; 80],
                &[b"Test Using Larger Than Block-Size Key - Hash Key First"]
            )),
            "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd"
        );
    }

    #[test]
    fn reconfigure_digest_round_trip() {
        let key = [7u8; 16];
        let mut msg = unhex("0a010203 0013 0001 05");
        msg.extend_from_slice(&[0u8; 16]);
        let at = msg.len() - 16;
        let d = hmac_md5(&key, &[&msg]);
        msg[at..].copy_from_slice(&d);
        assert!(verify_reconfigure(&key, &msg, at));
        msg[5] ^= 1;
        assert!(!verify_reconfigure(&key, &msg, at));
        assert!(!verify_reconfigure(&key, &msg, msg.len()));
    }
}
