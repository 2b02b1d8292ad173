//! RA sources. Each turns what it hears into `RaEvent`s; the event loop
//! owns the choice between them (hook → legacy hook → raw socket).

use std::io;
use std::os::fd::BorrowedFd;

use crate::ra::RaEvent;

pub mod raw;

/// What every RA source offers the event loop.
pub trait Trigger {
    /// Short name for logs ("raw", "hook", "legacy").
    fn name(&self) -> &'static str;
    /// The descriptor to poll for readability.
    fn fd(&self) -> BorrowedFd<'_>;
    /// Read everything pending without blocking; call `sink` for each
    /// valid RA on our interface. Malformed input is counted and dropped,
    /// never an error; an `Err` means the source itself failed and the
    /// loop should fall back to another one.
    fn recv(&mut self, sink: &mut dyn FnMut(RaEvent)) -> io::Result<()>;
    /// (received, dropped as invalid) since start, for logs and stats.
    fn counters(&self) -> (u64, u64);
}

/// The RA source to start with. Today that is the raw socket; the kernel
/// hook (and the legacy vendor hook) come first once present.
pub fn open(opts: &crate::args::Options, ifindex: u32) -> io::Result<Box<dyn Trigger>> {
    let _ = opts;
    fallback(opts, ifindex)
}

/// The source that works without any kernel help: a raw ICMPv6 socket.
pub fn fallback(opts: &crate::args::Options, ifindex: u32) -> io::Result<Box<dyn Trigger>> {
    Ok(Box::new(raw::RawTrigger::open(ifindex, &opts.ifname)?))
}
