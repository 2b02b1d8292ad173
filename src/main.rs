//! ra6c: command line, logging and start-up; the work is in the library.
//!
//! `main` is the C entry point itself (`no_main`): std's runtime start-up
//! (its stack-overflow handler with a map of thread guard pages, argument
//! capture, exit-time cleanup) cost ~6 KiB on mipsel, and the two parts
//! that matter here are done in `start` instead. (The test harness of
//! this file keeps its own `main`: it has no tests, the library has them.)
#![cfg_attr(not(test), no_main)]
#![cfg_attr(test, allow(dead_code))]

use std::ffi::OsString;
use std::io;

use log::{LevelFilter, error, info, warn};
use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::signal::{SigSet, Signal};

use ra6c::args::{self, NO_OP_FLAGS, NO_OP_LONG, Options};
use ra6c::client::{Client, Input};
use ra6c::event_loop::{self, EventLoop};
use ra6c::heap::Heap;
use ra6c::rtnl::{LinkInfo, Rtnl};
use ra6c::trigger::hook;
use ra6c::{output, privilege, state};

#[global_allocator]
static HEAP: Heap = Heap::new();

/// odhcp6c's `-l` takes syslog levels (0 emerg … 7 debug); `-v` adds one
/// step each (a no-op in today's odhcp6c). Default: notice, one above
/// odhcp6c's warning, so a start and a lease show in the log.
fn level(opts: &Options) -> LevelFilter {
    let syslog = opts.log_level.unwrap_or(5).saturating_add(opts.verbose);
    match syslog {
        0..=3 => LevelFilter::Error,
        4 => LevelFilter::Warn,
        5 | 6 => LevelFilter::Info,
        7 => LevelFilter::Debug,
        _ => LevelFilter::Trace,
    }
}

/// The logger: one line per record on stderr (procd and netifd hand it to
/// logd), `[LEVEL] message` as env_logger printed it. Small on purpose:
/// env_logger cost ~11 KiB on mipsel for features a daemon doesn't use.
struct StderrLog;

impl log::Log for StderrLog {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true // log::max_level() filters before a record gets here
    }

    fn log(&self, r: &log::Record<'_>) {
        let tag = match r.level() {
            log::Level::Error => "[ERROR] ",
            log::Level::Warn => "[WARN ] ",
            log::Level::Info => "[INFO ] ",
            log::Level::Debug => "[DEBUG] ",
            log::Level::Trace => "[TRACE] ",
        };
        // Whole line first, then one write: a reader splitting on
        // newlines never sees half a record.
        output::line(output::STDERR, format_args!("{tag}{}", r.args()));
    }

    fn flush(&self) {}
}

static LOGGER: StderrLog = StderrLog;

fn init_logging(opts: &Options) {
    // RUST_LOG, when it names a level (error, warn, info, debug, trace,
    // off), overrides the flags.
    // getenv, not std::env::var (its environment lock and OsString
    // conversion): one thread, nothing sets the environment.
    // SAFETY: a NUL-terminated name; the value, if any, is a C string
    // that lives as long as the environment, which nothing changes.
    let var = unsafe {
        let v = nix::libc::getenv(c"RUST_LOG".as_ptr());
        (!v.is_null()).then(|| std::ffi::CStr::from_ptr(v))
    };
    let level = var
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| level(opts));
    if log::set_logger(&LOGGER).is_ok() {
        log::set_max_level(level);
    }
}

/// How a run of the event loop ended without an error.
enum Ended {
    /// Stopped by a signal: exit.
    Stopped,
    /// `--standalone` and the interface went away: wait for it again.
    Removed(String),
}

fn run(opts: &'static Options, ifname: &str, dropped: &mut bool) -> Result<Ended, String> {
    let mut rtnl = Rtnl::open().map_err(|e| format!("rtnetlink: {e}"))?;
    let link = wait_for_link(&mut rtnl, ifname)?;
    let persisted = state::load_or_create(&opts.state_dir, ifname, link.mac, opts.duid.as_deref());
    let cfg = opts.client_config(persisted.duid, persisted.iaid_na, persisted.iaid_pd);
    let now = event_loop::now();
    let mut client = Client::new(cfg, event_loop::seed(), now);
    if !link.up {
        client.process(now, Input::LinkDown);
    }
    let mut lp = EventLoop::new(opts, client, &link, rtnl).map_err(|e| e.to_string())?;
    // Every socket is open: keep only what the loop still needs (once: a later run
    // reopens its sockets with what was kept).
    if !*dropped {
        privilege::drop(opts.user.as_deref()).map_err(|e| format!("dropping privileges: {e}"))?;
        *dropped = true;
    }
    info!(
        "ra6c {} on {ifname} (ifindex {})",
        env!("CARGO_PKG_VERSION"),
        link.ifindex
    );
    match lp.run() {
        Ok(()) => Ok(Ended::Stopped),
        // Under netifd the handler starts a new ra6c; standalone, procd would count every
        // removal (a PPPoE reconnect) as a crash and halt the service after five in an hour
        // (procd instance.c, respawn), so wait here instead.
        Err(e) if opts.standalone && link_gone(ifname, link.ifindex) => {
            Ok(Ended::Removed(e.to_string()))
        }
        Err(e) => Err(e.to_string()),
    }
}

/// `ifname` once it exists. A device made after ra6c starts (pppoe-wan, a USB modem, a
/// VLAN brought up later) is waited for rather than given up on. The event socket is
/// subscribed to link events before the first lookup, so one made in between isn't missed.
fn wait_for_link(rtnl: &mut Rtnl, ifname: &str) -> Result<LinkInfo, String> {
    let mut logged = false;
    loop {
        match rtnl.link(ifname) {
            Ok(link) => return Ok(link),
            Err(e) if absent(&e) => {}
            Err(e) => return Err(format!("interface {ifname}: {e}")),
        }
        if !logged {
            info!("waiting for {ifname} to appear");
            logged = true;
        }
        let mut fds = [PollFd::new(rtnl.fd(), PollFlags::POLLIN)];
        match poll(&mut fds, PollTimeout::NONE) {
            Ok(_) | Err(Errno::EINTR) => {}
            Err(e) => return Err(format!("rtnetlink: {}", io::Error::from(e))),
        }
        // Any link event may be ours: drain the socket (ifindex 0 is no interface, so
        // nothing is recorded) and ask again.
        rtnl.recv(0, &mut |_| {})
            .map_err(|e| format!("rtnetlink: {e}"))?;
    }
}

/// RTM_GETLINK's answers for a name no interface has.
fn absent(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::NotFound || e.raw_os_error() == Some(Errno::ENODEV as i32)
}

/// The interface ra6c ran on is gone: no link of that name, or another one (a new ifindex).
fn link_gone(ifname: &str, ifindex: u32) -> bool {
    match Rtnl::open().and_then(|mut r| r.link(ifname)) {
        Ok(link) => link.ifindex != ifindex,
        Err(e) => absent(&e),
    }
}

fn write_pidfile(opts: &Options) {
    if let Some(p) = &opts.pidfile
        && let Err(e) = ra6c::file::write(p, format!("{}\n", std::process::id()).as_bytes(), false)
    {
        warn!("pidfile {}: {e}", ra6c::file::show(p));
    }
}

/// What std's runtime does before `main` that ra6c relies on: stdin,
/// stdout and stderr open (on /dev/null if they were closed, so no socket
/// takes their number and gets log lines), and SIGPIPE ignored (a write
/// to a closed log pipe is an error, not death). And stdin on /dev/null
/// whatever it was: ra6c never reads it, and the state script inherits it
/// (see `script::spawn`).
fn start() {
    use nix::libc;
    for fd in 0..3 {
        // SAFETY: fcntl(F_GETFD) only asks; open() takes the lowest free
        // number, the one found closed.
        unsafe {
            if libc::fcntl(fd, libc::F_GETFD) == -1
                && libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) == -1
            {
                libc::abort();
            }
        }
    }
    // SAFETY: open, dup2 onto stdin and close of our own descriptor.
    unsafe {
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
        if null > 0 {
            libc::dup2(null, 0);
            libc::close(null);
        }
    }
    // SAFETY: SIG_IGN is a valid disposition for SIGPIPE.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
}

#[cfg(not(test))]
#[unsafe(no_mangle)]
extern "C" fn main(argc: std::ffi::c_int, argv: *const *const std::ffi::c_char) -> std::ffi::c_int {
    use std::ffi::CStr;
    use std::os::unix::ffi::OsStringExt;
    start();
    let args = (1..usize::try_from(argc).unwrap_or(0)).map(|i| {
        // SAFETY: the C runtime's argv holds argc NUL-terminated strings.
        let a = unsafe { CStr::from_ptr(*argv.add(i)) };
        OsString::from_vec(a.to_bytes().to_vec())
    });
    let code = run_main(args);
    std::ffi::c_int::from(code)
}

const SUCCESS: u8 = 0;
const FAILURE: u8 = 1;

fn run_main(args: impl Iterator<Item = OsString>) -> u8 {
    // Kept for the process's life: the event loop borrows it, each run.
    let opts: &'static Options = match args::parse(args) {
        Ok(o) => Box::leak(Box::new(o)),
        Err(e) => {
            ra6c::errln!("ra6c: {e}\n\n{}", args::USAGE);
            return 2;
        }
    };
    if opts.help {
        ra6c::outln!("{}", args::USAGE);
        return SUCCESS;
    }
    if opts.version {
        ra6c::outln!("ra6c {}", env!("CARGO_PKG_VERSION"));
        return SUCCESS;
    }
    init_logging(opts);
    if opts.hook_status {
        return match hook::print_status() {
            Ok(()) => SUCCESS,
            Err(e) => {
                error!("{e}");
                FAILURE
            }
        };
    }
    let Some(ifname) = opts.ifname.as_deref() else {
        ra6c::errln!("ra6c: an interface name is required\n\n{}", args::USAGE);
        return 2;
    };
    for (flag, why) in NO_OP_FLAGS.iter().filter(|(f, _)| opts.ignored.contains(f)) {
        warn!("-{flag} accepted for odhcp6c compatibility, no effect: {why}");
    }
    for (flag, why) in NO_OP_LONG
        .iter()
        .filter(|(f, _)| opts.ignored_long.contains(f))
    {
        warn!("--{flag} accepted for compatibility, no effect: {why}");
    }
    if opts.daemonize
        && let Err(e) = nix::unistd::daemon(false, true)
    {
        error!("daemonize: {}", io::Error::from(e));
        return FAILURE;
    }
    write_pidfile(opts);
    let mut dropped = false;
    let r = loop {
        match run(opts, ifname, &mut dropped) {
            Ok(Ended::Removed(why)) => {
                warn!("{why}; waiting for it to come back");
                // The loop blocked these for its signalfd; while waiting there is
                // nothing to release, so they end ra6c at once.
                let mut stop = SigSet::empty();
                for s in [Signal::SIGTERM, Signal::SIGINT, Signal::SIGHUP] {
                    stop.add(s);
                }
                let _ = stop.thread_unblock();
            }
            Ok(Ended::Stopped) => break Ok(()),
            Err(e) => break Err(e),
        }
    };
    if let Some(p) = &opts.pidfile {
        let _ = ra6c::file::remove(p);
    }
    match r {
        Ok(()) => SUCCESS,
        Err(e) => {
            error!("{e}");
            FAILURE
        }
    }
}
