//! DUID and IAIDs that survive reboots (RFC 9915 §11: "the DUID ... must
//! not change over time"; §12: IAIDs stay the same across restarts).
//!
//! Kept in `<state_dir>/ra6c-<ifname>.state`, a small text file:
//!
//! ```text
//! duid 00030001020304050607
//! iaid_na 3735928559
//! iaid_pd 1
//! ```
//!
//! Defaults are odhcp6c's, so that replacing odhcp6c keeps the ISP's
//! binding (same client, same IA): DUID-LL from the interface MAC, IA_NA
//! IAID = first 4 octets of MD5(ifname), IA_PD IAID 1. Without a MAC (PPP
//! links) the DUID is a random DUID-UUID (RFC 6355), made once and then
//! kept by this file.
//!
//! The file is rewritten only when its content would change (flash wear),
//! atomically. Nothing here panics on what the file holds; an unwritable
//! directory costs a warning, not the service.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::client::Duid;

/// What the client identifies itself with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Persisted {
    pub duid: Duid,
    pub iaid_na: u32,
    pub iaid_pd: u32,
}

/// What a state file held; `None` where a line was missing or bad.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedState {
    pub duid: Option<Duid>,
    pub iaid_na: Option<u32>,
    pub iaid_pd: Option<u32>,
    /// Lines that were malformed, unknown or repeated.
    pub bad_lines: usize,
}

impl ParsedState {
    pub fn is_complete(&self) -> bool {
        self.duid.is_some() && self.iaid_na.is_some() && self.iaid_pd.is_some()
    }
}

/// DUID-LL (RFC 9915 §11.4) and DUID-UUID (RFC 6355) type codes.
const DUID_LL: u16 = 3;
const DUID_UUID: u16 = 4;
/// Hardware type 1, Ethernet (RFC 826).
const HW_ETHERNET: u16 = 1;

pub fn state_path(dir: &Path, ifname: &str) -> PathBuf {
    // ifname is checked by args, but a '/' must never leave `dir`.
    dir.join(format!("ra6c-{}.state", ifname.replace('/', "_")))
}

/// Parse a state file; never fails, never panics.
pub fn parse(text: &str) -> ParsedState {
    let mut p = ParsedState::default();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some(key), Some(value), None) = (words.next(), words.next(), words.next()) else {
            p.bad_lines += 1;
            continue;
        };
        let ok = match key {
            "duid" if p.duid.is_none() => {
                p.duid = parse_duid(value);
                p.duid.is_some()
            }
            "iaid_na" if p.iaid_na.is_none() => {
                p.iaid_na = value.parse().ok();
                p.iaid_na.is_some()
            }
            "iaid_pd" if p.iaid_pd.is_none() => {
                p.iaid_pd = value.parse().ok();
                p.iaid_pd.is_some()
            }
            _ => false,
        };
        if !ok {
            p.bad_lines += 1;
        }
    }
    p
}

/// Hex DUID of 3..=130 octets (RFC 9915 §11: type plus up to 128).
fn parse_duid(hex: &str) -> Option<Duid> {
    if !hex.len().is_multiple_of(2) || !(6..=260).contains(&hex.len()) {
        return None;
    }
    let mut d = Duid::new();
    for pair in hex.as_bytes().chunks(2) {
        let s = core::str::from_utf8(pair).ok()?;
        d.push(u8::from_str_radix(s, 16).ok()?).ok()?;
    }
    Some(d)
}

pub fn render(p: &Persisted) -> String {
    let mut hex = String::with_capacity(p.duid.len() * 2);
    for b in &p.duid {
        hex.push_str(&format!("{b:02x}"));
    }
    format!("duid {hex}\niaid_na {}\niaid_pd {}\n", p.iaid_na, p.iaid_pd)
}

/// DUID-LL from a MAC: type 3, hardware type 1, the address.
pub fn duid_ll(mac: [u8; 6]) -> Duid {
    let mut d = Duid::new();
    let _ = d.extend_from_slice(&DUID_LL.to_be_bytes());
    let _ = d.extend_from_slice(&HW_ETHERNET.to_be_bytes());
    let _ = d.extend_from_slice(&mac);
    d
}

/// DUID-UUID (RFC 6355) from the kernel's random UUID source, else
/// /dev/urandom. Only used once per interface: the file keeps it.
fn duid_uuid() -> Duid {
    let mut uuid = [0u8; 16];
    let from_proc = fs::read_to_string("/proc/sys/kernel/random/uuid")
        .ok()
        .and_then(|s| {
            let hex: String = s.trim().chars().filter(|c| *c != '-').collect();
            let d = parse_duid(&hex)?;
            <[u8; 16]>::try_from(d.as_slice()).ok()
        });
    match from_proc {
        Some(u) => uuid = u,
        None => {
            let read = fs::File::open("/dev/urandom")
                .and_then(|mut f| io::Read::read_exact(&mut f, &mut uuid));
            if read.is_err() {
                // Last resort: unique enough per boot and process.
                let t = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0);
                uuid = md5(format!("{t}-{}", std::process::id()).as_bytes());
            }
        }
    }
    let mut d = Duid::new();
    let _ = d.extend_from_slice(&DUID_UUID.to_be_bytes());
    let _ = d.extend_from_slice(&uuid);
    d
}

/// odhcp6c's IA_NA IAID: the first 4 octets of MD5(ifname), big-endian.
pub fn ifname_iaid(ifname: &str) -> u32 {
    let h = md5(ifname.as_bytes());
    u32::from_be_bytes([h[0], h[1], h[2], h[3]])
}

/// Load the DUID and IAIDs for `ifname`, creating and storing what's
/// missing. `given_duid` (odhcp6c's `-c`) is used instead of the stored
/// DUID but not stored: dropping `-c` later brings back our own. `mac` is
/// the interface's; for a link without one the caller may pass another
/// interface's (odhcp6c does), else a DUID-UUID is made.
pub fn load_or_create(
    dir: &Path,
    ifname: &str,
    mac: Option<[u8; 6]>,
    given_duid: Option<&[u8]>,
) -> Persisted {
    let path = state_path(dir, ifname);
    let text = match fs::read(&path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            log::warn!(
                "{}: can't read ({e}); making new DUID/IAIDs",
                path.display()
            );
            String::new()
        }
    };
    let parsed = parse(&text);
    if !text.is_empty() && (parsed.bad_lines > 0 || !parsed.is_complete()) {
        let missing = [
            ("duid", parsed.duid.is_none()),
            ("iaid_na", parsed.iaid_na.is_none()),
            ("iaid_pd", parsed.iaid_pd.is_none()),
        ]
        .iter()
        .filter(|(_, m)| *m)
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(",");
        log::warn!(
            "{}: {} bad line(s){}{}; keeping what parsed, regenerating the rest",
            path.display(),
            parsed.bad_lines,
            if missing.is_empty() {
                ""
            } else {
                ", missing: "
            },
            missing
        );
    }
    let own = Persisted {
        duid: parsed
            .duid
            .unwrap_or_else(|| match mac.filter(|m| *m != [0; 6]) {
                Some(m) => duid_ll(m),
                None => duid_uuid(),
            }),
        iaid_na: parsed.iaid_na.unwrap_or_else(|| ifname_iaid(ifname)),
        // odhcp6c's first -P uses IAID 1, and the script then adds no class=.
        iaid_pd: parsed.iaid_pd.unwrap_or(1),
    };
    remove_stale_tmp(dir, &path);
    let wanted = render(&own);
    if wanted != text
        && let Err(e) = write_atomic(dir, &path, wanted.as_bytes())
    {
        log::warn!(
            "{}: can't write ({e}); DUID and IAIDs kept in memory only, they may change on restart",
            path.display()
        );
    }
    match given_duid
        .and_then(|d| Duid::from_slice(d).ok())
        .filter(|d| !d.is_empty())
    {
        Some(d) => Persisted { duid: d, ..own },
        None => own,
    }
}

/// Remove `.<name>.<pid>.tmp` files of writers killed before their rename
/// (`kill -9`, power cut): each has its own pid in the name, so on flash
/// they would pile up, one per interrupted write.
fn remove_stale_tmp(dir: &Path, path: &Path) {
    let (Some(name), Ok(entries)) = (path.file_name(), fs::read_dir(dir)) else {
        return;
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    for e in entries.flatten() {
        let f = e.file_name();
        let pid = f
            .to_str()
            .and_then(|f| f.strip_prefix(prefix.as_str()))
            .and_then(|r| r.strip_suffix(".tmp"));
        if pid.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Write via a temp file in the same directory, fsync, rename, fsync the
/// directory: after a power cut the file is the old one or the new one.
fn write_atomic(dir: &Path, path: &Path, data: &[u8]) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let res = (|| {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        f.write_all(data)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        fs::File::open(dir)?.sync_all()
    })();
    if res.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    res
}

/// MD5, only to derive odhcp6c's IAID and a UUID; not for security.
fn md5(input: &[u8]) -> [u8; 16] {
    crate::client::auth::md5(&[input])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    const MAC: [u8; 6] = [0x02, 0x11, 0x22, 0x33, 0x44, 0x55];

    fn tmpdir() -> PathBuf {
        static N: AtomicU32 = AtomicU32::new(0);
        let d = std::env::temp_dir().join(format!(
            "ra6c-state-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn temp_files_of_killed_writers_are_removed() {
        // tests/fault/state_kill.sh: a writer killed between creating its
        // temp file and the rename leaves `.ra6c-eth0.state.<pid>.tmp`.
        let dir = tmpdir();
        fs::create_dir_all(&dir).unwrap();
        let stale = dir.join(".ra6c-eth0.state.4242.tmp");
        fs::write(&stale, "duid 0003").unwrap();
        let keep = [
            ".ra6c-eth0.state.x.tmp",
            ".ra6c-eth1.state.7.tmp",
            "ra6c-eth0.state.7.tmp",
        ];
        for k in keep {
            fs::write(dir.join(k), "").unwrap();
        }
        load_or_create(&dir, "eth0", Some(MAC), None);
        assert!(!stale.exists());
        for k in keep {
            assert!(dir.join(k).exists(), "{k} removed");
        }
        // Also when the state file itself needs no rewrite.
        fs::write(&stale, "").unwrap();
        load_or_create(&dir, "eth0", Some(MAC), None);
        assert!(!stale.exists());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn iaid_is_odhcp6cs() {
        // md5("eth0") = a1a5b3d2...: odhcp6c's IA_NA IAID on eth0.
        assert_eq!(ifname_iaid("eth0"), 0xa1a5_b3d2);
    }

    #[test]
    fn round_trip_and_stable() {
        let dir = tmpdir();
        let p = load_or_create(&dir, "eth0", Some(MAC), None);
        assert_eq!(
            p.duid.as_slice(),
            &[0, 3, 0, 1, 0x02, 0x11, 0x22, 0x33, 0x44, 0x55]
        );
        assert_eq!(p.iaid_na, ifname_iaid("eth0"));
        assert_eq!(p.iaid_pd, 1);
        let text = fs::read_to_string(state_path(&dir, "eth0")).unwrap();
        assert_eq!(
            text,
            format!(
                "duid 00030001021122334455\niaid_na {}\niaid_pd 1\n",
                p.iaid_na
            )
        );
        let parsed = parse(&text);
        assert!(parsed.is_complete() && parsed.bad_lines == 0);
        // A new MAC doesn't change the stored identity (RFC 9915 §11).
        let again = load_or_create(&dir, "eth0", Some([2, 0, 0, 0, 0, 9]), None);
        assert_eq!(again, p);
        // Another interface gets its own file.
        let other = load_or_create(&dir, "eth1", Some(MAC), None);
        assert_ne!(other.iaid_na, p.iaid_na);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn corrupt_file_keeps_what_parsed() {
        let dir = tmpdir();
        fs::create_dir_all(&dir).unwrap();
        let path = state_path(&dir, "wan");
        fs::write(
            &path,
            b"duid zz\niaid_na 42\n\xff\xfe garbage here\niaid_pd 7 extra\niaid_na 43\n",
        )
        .unwrap();
        let p = load_or_create(&dir, "wan", Some(MAC), None);
        assert_eq!(p.iaid_na, 42);
        assert_eq!(p.iaid_pd, 1);
        assert_eq!(p.duid, duid_ll(MAC));
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "duid 00030001021122334455\niaid_na 42\niaid_pd 1\n"
        );
        // Truncated mid-line.
        fs::write(&path, b"duid 000300010211223344").unwrap();
        let p = load_or_create(&dir, "wan", Some(MAC), None);
        assert_eq!(p.duid.as_slice(), &[0, 3, 0, 1, 2, 0x11, 0x22, 0x33, 0x44]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn missing_dir_is_created() {
        let dir = tmpdir().join("a/b");
        let p = load_or_create(&dir, "eth0", Some(MAC), None);
        assert!(state_path(&dir, "eth0").exists());
        assert_eq!(load_or_create(&dir, "eth0", None, None), p);
        fs::remove_dir_all(dir.parent().unwrap().parent().unwrap()).unwrap();
    }

    #[test]
    fn unwritable_dir_keeps_going_in_memory() {
        // A path under a regular file fails with ENOTDIR even for root.
        let base = tmpdir();
        fs::create_dir_all(&base).unwrap();
        let file = base.join("file");
        fs::write(&file, b"x").unwrap();
        let dir = file.join("state");
        let p = load_or_create(&dir, "eth0", Some(MAC), None);
        assert_eq!(p.duid, duid_ll(MAC));
        assert!(!dir.exists());
        // The state path itself a directory: unreadable, unwritable.
        let dir2 = base.join("d");
        fs::create_dir_all(state_path(&dir2, "eth0")).unwrap();
        let p2 = load_or_create(&dir2, "eth0", Some(MAC), None);
        assert_eq!(p2, p);
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn given_duid_wins_but_isnt_stored() {
        let dir = tmpdir();
        let given = [0, 2, 0, 0, 0x0d, 0xe9, 1, 2];
        let p = load_or_create(&dir, "eth0", Some(MAC), Some(&given));
        assert_eq!(p.duid.as_slice(), &given);
        let own = load_or_create(&dir, "eth0", Some(MAC), None);
        assert_eq!(own.duid, duid_ll(MAC));
        assert_eq!(own.iaid_na, p.iaid_na);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn no_mac_gets_a_kept_uuid() {
        let dir = tmpdir();
        let p = load_or_create(&dir, "pppoe-wan", None, None);
        assert_eq!(p.duid.len(), 18);
        assert_eq!(&p.duid[..2], &[0, 4]);
        assert_eq!(load_or_create(&dir, "pppoe-wan", None, None), p);
        // An all-zero MAC counts as none.
        let q = load_or_create(&dir, "ppp1", Some([0; 6]), None);
        assert_eq!(&q.duid[..2], &[0, 4]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn parse_never_panics() {
        for text in [
            "",
            "\n\n",
            "duid",
            "duid 0",
            "duid 00",
            "duid 0003",
            "duid 000300",
            "iaid_na -1",
            "iaid_na 4294967296",
            "iaid_pd 1 2",
            "duid é€",
            "duid 0é",
            "# comment\nduid 000300",
            "\u{0}\u{1}",
            &"f".repeat(300),
            &format!("duid {}", "00".repeat(131)),
        ] {
            let p = parse(text);
            assert!(
                p.duid.as_ref().is_none_or(|d| (3..=130).contains(&d.len())),
                "{text}"
            );
        }
        assert_eq!(parse("duid 000300").duid.unwrap().as_slice(), &[0, 3, 0]);
        assert_eq!(parse("iaid_na 4294967295").iaid_na, Some(u32::MAX));
    }
}
