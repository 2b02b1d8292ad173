//! RA sources. Each turns what it hears into `RaEvent`s; the event loop
//! owns the choice between them (hook → legacy hook → raw socket).

use std::io;
use std::os::fd::BorrowedFd;

use log::info;

use crate::args::{Options, TriggerMode};
use crate::ra::RaEvent;

pub mod hook;
pub mod legacy;
pub mod raw;
pub mod rs;
pub mod uapi;

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
    /// Valid RAs held back by flood control, for logs and stats.
    fn rate_limited(&self) -> u64 {
        0
    }
    /// While `Some(t)` with t in the future, don't poll this source: it
    /// chose to stay deaf for a while (flood control).
    fn paused_until(&self) -> Option<crate::time::Instant> {
        None
    }
    /// True once after this source lost events (a queue overflowed): the
    /// loop then asks routers for a fresh RA.
    fn take_resync(&mut self) -> bool {
        false
    }
}

/// The RA source to start with: the kernel hook, then a vendor's legacy
/// hook, then the raw socket, as `--trigger` allows.
pub fn open(opts: &Options, ifname: &str, ifindex: u32) -> io::Result<Box<dyn Trigger>> {
    if opts.hook_proto != crate::args::DEFAULT_HOOK_PROTO {
        info!("--hook-proto has no effect: ra6notify is found by name (generic netlink)");
    }
    let legacy = || {
        let proto = opts.legacy_proto.unwrap_or(uapi::LEGACY_NETLINK_DEFAULT);
        let ty = opts.legacy_type.unwrap_or(uapi::LEGACY_TYPE_DEFAULT);
        legacy::LegacyTrigger::open(proto, ty, ifindex)
    };
    match opts.trigger {
        TriggerMode::Hook => Ok(Box::new(hook::HookTrigger::open(ifindex)?)),
        TriggerMode::Legacy => Ok(Box::new(legacy()?)),
        TriggerMode::Raw => fallback(ifname, ifindex),
        TriggerMode::Auto => {
            match hook::HookTrigger::open(ifindex) {
                Ok(h) => return Ok(Box::new(h)),
                Err(e) => info!("kernel hook not used: {e}"),
            }
            if opts.legacy_proto.is_some() {
                match legacy() {
                    Ok(l) => return Ok(Box::new(l)),
                    Err(e) => info!("legacy hook not used: {e}"),
                }
            }
            fallback(ifname, ifindex)
        }
    }
}

/// The source that works without any kernel help: a raw ICMPv6 socket.
pub fn fallback(ifname: &str, ifindex: u32) -> io::Result<Box<dyn Trigger>> {
    Ok(Box::new(raw::RawTrigger::open(ifindex, ifname)?))
}
