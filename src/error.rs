//! io::Errors with ra6c's own messages.
//!
//! `io::Error::new(kind, "text")` boxes std's private `StringError`, whose
//! `Debug` is `<str as Debug>`: quoting and escaping with core's Unicode
//! tables (printable, grapheme-extend), ~4 KiB on mipsel that nothing
//! prints. `Msg` carries the same text and shows it as is either way;
//! `Display` of the io::Error (what every log line uses) is unchanged.

use std::borrow::Cow;
use std::fmt;
use std::io;

/// The message inside an io::Error made by [`io`].
pub struct Msg(Cow<'static, str>);

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Msg {}

/// `io::Error::new(kind, msg)` without std's `StringError`.
pub fn io(kind: io::ErrorKind, msg: impl Into<Cow<'static, str>>) -> io::Error {
    io::Error::new(kind, Msg(msg.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_and_kind_as_std() {
        for (ours, std) in [
            (
                io(io::ErrorKind::NotFound, "ra6notify is not loaded"),
                io::Error::new(io::ErrorKind::NotFound, "ra6notify is not loaded"),
            ),
            (
                io(io::ErrorKind::InvalidInput, format!("no user {}", "x")),
                io::Error::new(io::ErrorKind::InvalidInput, format!("no user {}", "x")),
            ),
        ] {
            assert_eq!(ours.kind(), std.kind());
            assert_eq!(ours.to_string(), std.to_string());
        }
    }
}
