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
//! IAID = first 4 octets of MD5(ifname), IA_PD IAID 1. A link without a
//! MAC (PPPoE's `pppoe-wan`, a raw-IP `wwan0`, a tun) borrows another
//! interface's, by odhcp6c's rule (`borrowed_mac`). Only where no
//! interface has one is the DUID a random DUID-UUID (RFC 6355; odhcp6c
//! would send DUID-LL 00:00:00:00:00:00 there), made once and then kept
//! by this file.
//!
//! The file is rewritten only when its content would change (flash wear),
//! atomically. Nothing here panics on what the file holds; an unwritable
//! directory costs a warning, not the service.

use core::fmt::Write as _;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};

use crate::client::Duid;
use crate::file;

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
    in_dir(dir, &state_name(ifname))
}

/// `ra6c-<ifname>.state`: ifname is checked by args, but a '/' must never
/// leave the directory.
fn state_name(ifname: &str) -> String {
    let mut n = String::from("ra6c-");
    n.extend(ifname.chars().map(|c| if c == '/' { '_' } else { c }));
    n.push_str(".state");
    n
}

/// `dir/name` for a name without '/', as `Path::join` makes it (no second
/// '/' after one `dir` ends with; `name` alone for an empty `dir`), without
/// its component walk.
fn in_dir(dir: &Path, name: &str) -> PathBuf {
    let d = dir.as_os_str().as_bytes();
    let mut p = Vec::with_capacity(d.len() + 1 + name.len());
    p.extend_from_slice(d);
    if !d.is_empty() && !d.ends_with(b"/") {
        p.push(b'/');
    }
    p.extend_from_slice(name.as_bytes());
    PathBuf::from(std::ffi::OsString::from_vec(p))
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
                p.iaid_na = crate::number::parse(value);
                p.iaid_na.is_some()
            }
            "iaid_pd" if p.iaid_pd.is_none() => {
                p.iaid_pd = crate::number::parse(value);
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
        d.push(u8::try_from(crate::number::parse_radix(s, 16)?).ok()?)
            .ok()?;
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
    let from_proc = file::read_to_string(Path::new("/proc/sys/kernel/random/uuid"))
        .ok()
        .and_then(|s| {
            let hex: String = s.trim().chars().filter(|c| *c != '-').collect();
            let d = parse_duid(&hex)?;
            <[u8; 16]>::try_from(d.as_slice()).ok()
        });
    match from_proc {
        Some(u) => uuid = u,
        None => {
            let read = file::read_exact(Path::new("/dev/urandom"), &mut uuid);
            if read.is_err() {
                // Last resort: unique enough per boot and process.
                let t = nix::time::clock_gettime(nix::time::ClockId::CLOCK_REALTIME)
                    .map(|t| (t.tv_sec() as u64).wrapping_mul(1_000_000_000) + t.tv_nsec() as u64)
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

/// Stand-in MAC for the DUID of a link without one, picked as odhcp6c
/// picks it (dhcpv6.c `init_dhcpv6`): the first hardware address that
/// isn't all zeros (its first 6 octets, as SIOCGIFHWADDR gives them)
/// among the interfaces SIOCGIFCONF lists, which are those with an IPv4
/// address, in the kernel's order, at most 100. On OpenWrt with PPPoE:
/// lo (zeros), then br-lan, so the DUID is br-lan's DUID-LL.
pub fn borrowed_mac() -> Option<[u8; 6]> {
    let mut found = None;
    ifconf_hwaddrs(|mac| {
        found = first_nonzero([mac]);
        found.is_some()
    })
    .ok()?;
    found
}

fn first_nonzero(macs: impl IntoIterator<Item = [u8; 6]>) -> Option<[u8; 6]> {
    macs.into_iter().find(|m| *m != [0; 6])
}

/// SIOCGIFCONF, then SIOCGIFHWADDR of each interface it lists, in order,
/// until `take` says that one will do.
fn ifconf_hwaddrs(mut take: impl FnMut([u8; 6]) -> bool) -> io::Result<()> {
    use nix::libc;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    // SAFETY: plain syscall; the fd is owned (and closed) right away.
    let fd = unsafe { libc::socket(libc::AF_INET6, libc::SOCK_DGRAM | libc::SOCK_CLOEXEC, 0) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: a fresh fd nothing else owns.
    let sock = unsafe { OwnedFd::from_raw_fd(fd) };
    // SAFETY (both zeroed): ifreq and ifconf are plain C data, zero is valid.
    let mut ifs: [libc::ifreq; 100] = unsafe { core::mem::zeroed() };
    let mut ifc: libc::ifconf = unsafe { core::mem::zeroed() };
    ifc.ifc_len = core::mem::size_of_val(&ifs) as libc::c_int;
    ifc.ifc_ifcu.ifcu_req = ifs.as_mut_ptr();
    // SAFETY: ifc points at `ifs` and says how large it is.
    if unsafe { libc::ioctl(sock.as_raw_fd(), libc::SIOCGIFCONF as _, &mut ifc) } < 0 {
        return Err(io::Error::last_os_error());
    }
    let n = usize::try_from(ifc.ifc_len).unwrap_or(0) / core::mem::size_of::<libc::ifreq>();
    for ifr in ifs.iter().take(n) {
        // SAFETY: zeroed ifreq, then a name from the kernel's own list.
        let mut r: libc::ifreq = unsafe { core::mem::zeroed() };
        r.ifr_name = ifr.ifr_name;
        // SAFETY: r is a valid ifreq the kernel fills in.
        if unsafe { libc::ioctl(sock.as_raw_fd(), libc::SIOCGIFHWADDR as _, &mut r) } < 0 {
            continue;
        }
        // SAFETY: SIOCGIFHWADDR filled the hwaddr member of the union.
        let data = unsafe { r.ifr_ifru.ifru_hwaddr.sa_data };
        let mut mac = [0u8; 6];
        for (m, d) in mac.iter_mut().zip(data) {
            *m = d as u8;
        }
        if take(mac) {
            break;
        }
    }
    Ok(())
}

/// Load the DUID and IAIDs for `ifname`, creating and storing what's
/// missing. `given_duid` (odhcp6c's `-c`) is used instead of the stored
/// DUID but not stored: dropping `-c` later brings back our own. `mac` is
/// the interface's; for a link without one another interface's is
/// borrowed as odhcp6c does (`borrowed_mac`), else a DUID-UUID is made.
pub fn load_or_create(
    dir: &Path,
    ifname: &str,
    mac: Option<[u8; 6]>,
    given_duid: Option<&[u8]>,
) -> Persisted {
    load_or_create_with(dir, ifname, mac, given_duid, borrowed_mac)
}

fn load_or_create_with(
    dir: &Path,
    ifname: &str,
    mac: Option<[u8; 6]>,
    given_duid: Option<&[u8]>,
    borrow: fn() -> Option<[u8; 6]>,
) -> Persisted {
    let name = state_name(ifname);
    let path = in_dir(dir, &name);
    let text = match file::read(&path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            log::warn!(
                "{}: can't read ({e}); making new DUID/IAIDs",
                file::show(&path)
            );
            String::new()
        }
    };
    let parsed = parse(&text);
    if !text.is_empty() && (parsed.bad_lines > 0 || !parsed.is_complete()) {
        let mut missing = String::new();
        for (name, absent) in [
            ("duid", parsed.duid.is_none()),
            ("iaid_na", parsed.iaid_na.is_none()),
            ("iaid_pd", parsed.iaid_pd.is_none()),
        ] {
            if absent {
                if !missing.is_empty() {
                    missing.push(',');
                }
                missing.push_str(name);
            }
        }
        log::warn!(
            "{}: {} bad line(s){}{}; keeping what parsed, regenerating the rest",
            file::show(&path),
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
        duid: parsed.duid.unwrap_or_else(|| {
            match mac.filter(|m| *m != [0; 6]).or_else(|| {
                let b = borrow();
                if let Some(m) = b {
                    log::info!("{ifname} has no MAC: DUID-LL from another interface's, as odhcp6c");
                    let mut mac = String::new();
                    for b in m {
                        if !mac.is_empty() {
                            mac.push(':');
                        }
                        let _ = write!(mac, "{b:02x}");
                    }
                    log::debug!("borrowed {mac}");
                }
                b
            }) {
                Some(m) => duid_ll(m),
                None => duid_uuid(),
            }
        }),
        iaid_na: parsed.iaid_na.unwrap_or_else(|| ifname_iaid(ifname)),
        // odhcp6c's first -P uses IAID 1, and the script then adds no class=.
        iaid_pd: parsed.iaid_pd.unwrap_or(1),
    };
    remove_stale_tmp(dir, &name);
    let wanted = render(&own);
    if wanted != text
        && let Err(e) = write_atomic(dir, &path, &name, wanted.as_bytes())
    {
        log::warn!(
            "{}: can't write ({e}); DUID and IAIDs kept in memory only, they may change on restart",
            file::show(&path)
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
fn remove_stale_tmp(dir: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let _ = for_each_name(dir, |f| {
        let Ok(f) = core::str::from_utf8(f) else {
            return;
        };
        let pid = f
            .strip_prefix(prefix.as_str())
            .and_then(|r| r.strip_suffix(".tmp"));
        if pid.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            let _ = file::remove(&in_dir(dir, f));
        }
    });
}

/// Call `f` with each name in `dir` (getdents64(2) over an open
/// descriptor): musl's opendir() would allocate with malloc, which the
/// binary otherwise doesn't link (see `heap`).
fn for_each_name(dir: &Path, mut f: impl FnMut(&[u8])) -> io::Result<()> {
    use nix::libc;
    use std::os::fd::AsRawFd;
    let d = file::open_read(dir)?;
    // 8-aligned, as the kernel's records are.
    let mut buf = [0u64; 512];
    loop {
        // SAFETY: the buffer is writable for its length.
        let n = unsafe {
            libc::syscall(
                libc::SYS_getdents64,
                d.as_raw_fd(),
                buf.as_mut_ptr(),
                core::mem::size_of_val(&buf),
            )
        };
        let n = usize::try_from(n).map_err(|_| io::Error::last_os_error())?;
        if n == 0 {
            return Ok(());
        }
        // SAFETY: the kernel wrote `n` octets of the buffer.
        let bytes = unsafe { core::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), n) };
        // struct linux_dirent64: d_ino u64, d_off s64, d_reclen u16,
        // d_type u8, then the NUL-terminated name.
        let mut rest = bytes;
        while let (Some(len), Some(name)) = (rest.get(16..18), rest.get(19..)) {
            let len = usize::from(u16::from_ne_bytes([len[0], len[1]]));
            let Some(name) = name.get(..len.saturating_sub(19)) else {
                break;
            };
            let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
            f(&name[..end]);
            rest = rest.get(len.max(19)..).unwrap_or_default();
        }
    }
}

/// Write via a temp file in the same directory, fsync, rename, fsync the
/// directory: after a power cut the file is the old one or the new one.
fn write_atomic(dir: &Path, path: &Path, name: &str, data: &[u8]) -> io::Result<()> {
    file::create_dir_all(dir)?;
    let tmp = in_dir(dir, &format!(".{name}.{}.tmp", std::process::id()));
    let res = (|| {
        file::write(&tmp, data, true)?;
        file::rename(&tmp, path)?;
        file::sync_dir(dir)
    })();
    if res.is_err() {
        let _ = file::remove(&tmp);
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
    use std::ffi::OsStr;
    use std::fs;
    use std::sync::atomic::{AtomicU32, Ordering};

    const MAC: [u8; 6] = [0x02, 0x11, 0x22, 0x33, 0x44, 0x55];

    #[test]
    fn in_dir_is_path_join_for_a_plain_name() {
        for dir in [
            "",
            "/",
            "a",
            "a/",
            "a//",
            "/etc/ra6c",
            "/tmp/x/",
            "./d",
            "..",
        ] {
            for name in ["ra6c-eth0.state", ".ra6c-wan.state.42.tmp", "x"] {
                assert_eq!(
                    in_dir(Path::new(dir), name),
                    Path::new(dir).join(name),
                    "{dir} {name}"
                );
            }
        }
        assert_eq!(state_name("a/b"), "ra6c-a_b.state");
    }

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

    /// Every name of a directory, however many getdents64 calls it takes:
    /// 500 long names (~45 KiB of records against a 4 KiB buffer).
    #[test]
    fn every_name_of_a_big_directory_is_seen() {
        let dir = tmpdir();
        fs::create_dir_all(&dir).unwrap();
        let mut want: Vec<Vec<u8>> = (0..500)
            .map(|i| format!("{i:03}-{}", "n".repeat(60)).into_bytes())
            .collect();
        for n in &want {
            fs::write(dir.join(OsStr::from_bytes(n)), "").unwrap();
        }
        let mut seen = Vec::new();
        for_each_name(&dir, |n| seen.push(n.to_vec())).unwrap();
        seen.retain(|n| n != b"." && n != b"..");
        seen.sort();
        want.sort();
        assert_eq!(seen, want);
        assert!(for_each_name(&dir.join("none"), |_| {}).is_err());
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
    fn no_mac_anywhere_gets_a_kept_uuid() {
        let dir = tmpdir();
        let none = || None;
        let p = load_or_create_with(&dir, "pppoe-wan", None, None, none);
        assert_eq!(p.duid.len(), 18);
        assert_eq!(&p.duid[..2], &[0, 4]);
        assert_eq!(load_or_create_with(&dir, "pppoe-wan", None, None, none), p);
        // An all-zero MAC counts as none.
        let q = load_or_create_with(&dir, "ppp1", Some([0; 6]), None, none);
        assert_eq!(&q.duid[..2], &[0, 4]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn no_mac_borrows_as_odhcp6c_and_keeps_it() {
        let dir = tmpdir();
        let lan = || Some([0x02, 0xaa, 0, 0, 0, 1]);
        let p = load_or_create_with(&dir, "pppoe-wan", None, None, lan);
        assert_eq!(p.duid, duid_ll([0x02, 0xaa, 0, 0, 0, 1]));
        // Kept by the file even when the LAN's MAC changes or goes.
        let other = || Some([0x02, 0xbb, 0, 0, 0, 2]);
        assert_eq!(load_or_create_with(&dir, "pppoe-wan", None, None, other), p);
        assert_eq!(
            load_or_create_with(&dir, "pppoe-wan", None, None, || None),
            p
        );
        // The link's own MAC is never replaced by a borrowed one.
        let own = load_or_create_with(&dir, "eth9", Some(MAC), None, lan);
        assert_eq!(own.duid, duid_ll(MAC));
        // odhcp6c's walk: the first non-zero address (lo's zeros skipped).
        let m = |b| [0x02, 0, 0, 0, 0, b];
        assert_eq!(first_nonzero([[0; 6], m(1), m(2)]), Some(m(1)));
        assert_eq!(first_nonzero([[0; 6]]), None);
        fs::remove_dir_all(&dir).unwrap();
    }

    /// The real ioctls in a namespace: lo (127.0.0.1, zeros) comes first,
    /// an interface without IPv4 is not listed, the first with IPv4 and a
    /// MAC wins.
    #[test]
    fn netns_borrowed_mac_follows_siocgifconf() {
        use crate::rtnl::testns::{NsPair, in_ns, sh};
        let ns = NsPair::new(1);
        ns.veth("va2", "vb2");
        let a = ns.a.clone();
        let set = |dev: &str, mac: &str| sh(&["ip", "-n", &a, "link", "set", dev, "address", mac]);
        set("va", "02:00:00:00:0a:01");
        set("va2", "02:00:00:00:0a:02");
        assert_eq!(in_ns(&ns.a, borrowed_mac), None, "no IPv4 but lo's");
        sh(&[
            "ip",
            "-n",
            &ns.a,
            "addr",
            "add",
            "192.0.2.2/24",
            "dev",
            "va2",
        ]);
        assert_eq!(in_ns(&ns.a, borrowed_mac), Some([2, 0, 0, 0, 0x0a, 2]));
        sh(&[
            "ip",
            "-n",
            &ns.a,
            "addr",
            "add",
            "192.0.2.1/24",
            "dev",
            "va",
        ]);
        // va was created first: the kernel lists it first.
        assert_eq!(in_ns(&ns.a, borrowed_mac), Some([2, 0, 0, 0, 0x0a, 1]));
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
