//! The few file operations ra6c needs, as plain system calls.
//!
//! std's fs links its generic read-to-end with a probing reader, OpenOptions,
//! `create_dir_all` over `Path::components` with `stat`, and path-to-C-string
//! errors built with `io::Error::new(&str)` (whose Debug brings core's Unicode
//! tables): ~8 KiB on mipsel for reading a three-line state file, a passwd
//! file and 8 random octets. Same semantics as the std calls they replace
//! (close-on-exec, EINTR retried, mode 0666 minus umask for new files).

use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::path::Path;

use nix::errno::Errno;
use nix::fcntl::{OFlag, open};
use nix::sys::stat::Mode;

fn open_flags(path: &Path, flags: OFlag, mode: Mode) -> io::Result<OwnedFd> {
    loop {
        match open(path, flags | OFlag::O_CLOEXEC, mode) {
            Err(Errno::EINTR) => {}
            r => return r.map_err(io::Error::from),
        }
    }
}

/// Open for reading (a file or a directory).
pub fn open_read(path: &Path) -> io::Result<OwnedFd> {
    open_flags(path, OFlag::O_RDONLY, Mode::empty())
}

/// Fill `buf` from `fd`; fewer octets only at the end of the file.
pub fn read_full(fd: impl AsFd, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match nix::unistd::read(fd.as_fd(), &mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(Errno::EINTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(n)
}

/// The whole file (`std::fs::read`).
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    let fd = open_read(path)?;
    let mut out = Vec::new();
    let mut chunk = [0u8; 512];
    loop {
        let n = read_full(&fd, &mut chunk)?;
        out.extend_from_slice(&chunk[..n]);
        if n < chunk.len() {
            return Ok(out);
        }
    }
}

/// The whole file as text; invalid UTF-8 is an error, as `read_to_string`.
pub fn read_to_string(path: &Path) -> io::Result<String> {
    String::from_utf8(read(path)?).map_err(|_| {
        crate::error::io(
            io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        )
    })
}

/// Exactly `buf.len()` octets from the start of `path` (`/dev/urandom`).
pub fn read_exact(path: &Path, buf: &mut [u8]) -> io::Result<()> {
    let n = read_full(open_read(path)?, buf)?;
    if n < buf.len() {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(())
}

/// Create or truncate `path` (mode 0666 minus umask), write `data`, and
/// with `sync` fsync it before closing.
pub fn write(path: &Path, data: &[u8], sync: bool) -> io::Result<()> {
    let fd = open_flags(
        path,
        OFlag::O_WRONLY | OFlag::O_CREAT | OFlag::O_TRUNC,
        Mode::from_bits_truncate(0o666),
    )?;
    let mut rest = data;
    while !rest.is_empty() {
        match nix::unistd::write(&fd, rest) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(k) => rest = &rest[k..],
            Err(Errno::EINTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
    if sync {
        nix::unistd::fsync(&fd)?;
    }
    Ok(())
}

/// `std::fs::remove_file`.
pub fn remove(path: &Path) -> io::Result<()> {
    Ok(nix::unistd::unlink(path)?)
}

/// `std::fs::rename`.
pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
    Ok(nix::fcntl::renameat(
        nix::fcntl::AT_FDCWD,
        from,
        nix::fcntl::AT_FDCWD,
        to,
    )?)
}

/// fsync a directory (after a rename in it).
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    Ok(nix::unistd::fsync(open_read(dir)?)?)
}

/// `std::fs::create_dir_all`: each missing directory of `dir` made with
/// mode 0777 minus umask; one that exists (as a directory) is fine.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let b = dir.as_os_str().as_bytes();
    // Every prefix that ends before a '/' (not the root), then the whole.
    let ends = (1..b.len()).filter(|&i| b[i] == b'/' && b[i - 1] != b'/');
    let mut last = Ok(());
    for end in ends.chain([b.len()]) {
        let p = Path::new(std::ffi::OsStr::from_bytes(&b[..end]));
        last = nix::unistd::mkdir(p, Mode::from_bits_truncate(0o777));
        match last {
            Ok(()) | Err(Errno::EEXIST) => {}
            Err(e) => return Err(e.into()),
        }
    }
    // It existed: fine if it is a directory, else mkdir's EEXIST (as std).
    match last {
        Err(e) if open_flags(dir, OFlag::O_RDONLY | OFlag::O_DIRECTORY, Mode::empty()).is_err() => {
            Err(e.into())
        }
        _ => Ok(()),
    }
}

/// A path for a log line: as it is, or with U+FFFD for invalid UTF-8
/// (what `Path::display` shows, without its own formatter).
pub fn show(p: &Path) -> std::borrow::Cow<'_, str> {
    p.as_os_str().to_string_lossy()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("ra6c-file-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn behaves_as_std_fs() {
        let d = tmp("std");
        let deep = d.join("a/b//c");
        create_dir_all(&deep).unwrap();
        assert!(deep.is_dir());
        create_dir_all(&deep).unwrap(); // exists: fine
        let f = deep.join("f");
        // Larger than one read chunk, not a multiple of it.
        let data: Vec<u8> = (0..1300u32).map(|i| i as u8).collect();
        write(&f, &data, true).unwrap();
        assert_eq!(read(&f).unwrap(), std::fs::read(&f).unwrap());
        write(&f, b"short", false).unwrap(); // truncates
        assert_eq!(read_to_string(&f).unwrap(), "short");
        let mut b = [0u8; 5];
        read_exact(&f, &mut b).unwrap();
        assert_eq!(&b, b"short");
        let mut b = [0u8; 6];
        assert_eq!(
            read_exact(&f, &mut b).unwrap_err().kind(),
            io::ErrorKind::UnexpectedEof
        );
        // A file where a directory should be, as std reports it.
        let under = f.join("x");
        assert_eq!(
            create_dir_all(&under).unwrap_err().raw_os_error(),
            std::fs::create_dir_all(&under).unwrap_err().raw_os_error()
        );
        assert_eq!(
            create_dir_all(&f).unwrap_err().raw_os_error(),
            std::fs::create_dir_all(&f).unwrap_err().raw_os_error()
        );
        let g = deep.join("g");
        rename(&f, &g).unwrap();
        sync_dir(&deep).unwrap();
        assert_eq!(read(&f).unwrap_err().kind(), io::ErrorKind::NotFound);
        write(&f, b"\xff", false).unwrap();
        assert_eq!(
            read_to_string(&f).unwrap_err().kind(),
            std::fs::read_to_string(&f).unwrap_err().kind()
        );
        remove(&g).unwrap();
        assert_eq!(remove(&g).unwrap_err().kind(), io::ErrorKind::NotFound);
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn show_is_display() {
        use std::os::unix::ffi::OsStrExt;
        for p in [&b"/etc/ra6c"[..], b"/tmp/\xffx"] {
            let p = Path::new(std::ffi::OsStr::from_bytes(p));
            assert_eq!(show(p), p.display().to_string());
        }
    }
}
