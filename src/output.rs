//! Text to stdout and stderr: each line formatted whole, then written with
//! write(2), unbuffered. std's `println!`/`eprintln!` machinery (a locked,
//! line-buffered stdout, its flush at exit) cost ~2 KiB on mipsel for the
//! few lines ra6c prints (`--help`, `--version`, `--hook-status`, its log).
//!
//! Errors are ignored, as a log line that can't be written can't be
//! reported either; std's `println!` would panic instead.

use core::fmt;
use std::os::fd::RawFd;

use nix::errno::Errno;

pub const STDOUT: RawFd = 1;
pub const STDERR: RawFd = 2;

/// All of `b` to `fd` (a few writes if the kernel takes it in parts).
pub fn write_all(fd: RawFd, mut b: &[u8]) {
    while !b.is_empty() {
        // SAFETY: writes from a valid buffer of that length.
        let n = unsafe { nix::libc::write(fd, b.as_ptr().cast(), b.len()) };
        match usize::try_from(n) {
            Ok(0) => return,
            Ok(n) => b = &b[n.min(b.len())..],
            Err(_) if Errno::last() == Errno::EINTR => {}
            Err(_) => return,
        }
    }
}

/// `args` and a newline, in one write.
pub fn line(fd: RawFd, args: fmt::Arguments<'_>) {
    use fmt::Write;
    let mut s = String::with_capacity(128);
    let _ = s.write_fmt(args);
    s.push('\n');
    write_all(fd, s.as_bytes());
}

/// `println!` without std's stdout.
#[macro_export]
macro_rules! outln {
    ($($t:tt)*) => {
        $crate::output::line($crate::output::STDOUT, format_args!($($t)*))
    };
}

/// `eprintln!` without std's stderr.
#[macro_export]
macro_rules! errln {
    ($($t:tt)*) => {
        $crate::output::line($crate::output::STDERR, format_args!($($t)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::os::fd::AsRawFd;

    /// Everything arrives, also past what one write(2) to a pipe takes;
    /// a closed descriptor is no failure.
    #[test]
    fn all_of_it_or_nothing_to_say() {
        let (r, w) = nix::unistd::pipe().unwrap();
        let big: Vec<u8> = (0..300_000u32).map(|i| i as u8).collect();
        let reader = std::thread::spawn(move || {
            let mut got = Vec::new();
            std::fs::File::from(r).read_to_end(&mut got).unwrap();
            got
        });
        write_all(w.as_raw_fd(), &big);
        line(w.as_raw_fd(), format_args!("{} {}", "end", 1));
        drop(w);
        let got = reader.join().unwrap();
        assert_eq!(got.len(), big.len() + 6);
        assert_eq!(&got[..big.len()], &big[..]);
        assert_eq!(&got[big.len()..], b"end 1\n");
        write_all(-1, b"nowhere");
    }
}
