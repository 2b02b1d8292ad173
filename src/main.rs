//! ra6c: command line, logging and start-up; the work is in the library.

use std::process::ExitCode;

use log::{LevelFilter, error, info, warn};

use ra6c::args::{self, NO_OP_FLAGS, NO_OP_LONG, Options};
use ra6c::client::{Client, Input};
use ra6c::event_loop::{self, EventLoop};
use ra6c::rtnl::Rtnl;
use ra6c::trigger::hook;
use ra6c::{privilege, state};

/// odhcp6c's `-l` takes syslog levels (0 emerg … 7 debug); `-v` adds one
/// step each. Default: notice, as odhcp6c.
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
        use std::io::Write;
        let tag = match r.level() {
            log::Level::Error => "[ERROR] ",
            log::Level::Warn => "[WARN ] ",
            log::Level::Info => "[INFO ] ",
            log::Level::Debug => "[DEBUG] ",
            log::Level::Trace => "[TRACE] ",
        };
        // Whole line first, then one write: a reader splitting on
        // newlines never sees half a record.
        let mut line = Vec::with_capacity(128);
        line.extend_from_slice(tag.as_bytes());
        let _ = writeln!(line, "{}", r.args());
        let _ = std::io::stderr().write_all(&line);
    }

    fn flush(&self) {}
}

static LOGGER: StderrLog = StderrLog;

fn init_logging(opts: &Options) {
    // RUST_LOG, when it names a level (error, warn, info, debug, trace,
    // off), overrides the flags.
    let level = std::env::var("RUST_LOG")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| level(opts));
    if log::set_logger(&LOGGER).is_ok() {
        log::set_max_level(level);
    }
}

fn run(opts: Options, ifname: String) -> Result<(), String> {
    let mut rtnl = Rtnl::open().map_err(|e| format!("rtnetlink: {e}"))?;
    let link = rtnl
        .link(&ifname)
        .map_err(|e| format!("interface {ifname}: {e}"))?;
    let persisted = state::load_or_create(&opts.state_dir, &ifname, link.mac, opts.duid.as_deref());
    let cfg = opts.client_config(persisted.duid, persisted.iaid_na, persisted.iaid_pd);
    let now = event_loop::now();
    let mut client = Client::new(cfg, event_loop::seed(), now);
    if !link.up {
        client.process(now, Input::LinkDown);
    }
    let user = opts.user.clone();
    let mut lp = EventLoop::new(opts, client, &link, rtnl).map_err(|e| e.to_string())?;
    // Every socket is open: keep only what the loop still needs.
    privilege::drop(user.as_deref()).map_err(|e| format!("dropping privileges: {e}"))?;
    info!(
        "ra6c {} on {ifname} (ifindex {})",
        env!("CARGO_PKG_VERSION"),
        link.ifindex
    );
    lp.run().map_err(|e| e.to_string())
}

fn write_pidfile(opts: &Options) {
    if let Some(p) = &opts.pidfile {
        if let Err(e) = std::fs::write(p, format!("{}\n", std::process::id())) {
            warn!("pidfile {}: {e}", p.display());
        }
    }
}

fn main() -> ExitCode {
    let opts = match args::parse(std::env::args_os().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("ra6c: {e}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    if opts.help {
        println!("{}", args::USAGE);
        return ExitCode::SUCCESS;
    }
    if opts.version {
        println!("ra6c {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    init_logging(&opts);
    if opts.hook_status {
        return match hook::print_status() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                error!("{e}");
                ExitCode::FAILURE
            }
        };
    }
    let Some(ifname) = opts.ifname.clone() else {
        eprintln!("ra6c: an interface name is required\n\n{}", args::USAGE);
        return ExitCode::from(2);
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
    if opts.daemonize {
        if let Err(e) = nix::unistd::daemon(false, true) {
            error!("daemonize: {e}");
            return ExitCode::FAILURE;
        }
    }
    write_pidfile(&opts);
    let pidfile = opts.pidfile.clone();
    let r = run(opts, ifname);
    if let Some(p) = pidfile {
        let _ = std::fs::remove_file(p);
    }
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            error!("{e}");
            ExitCode::FAILURE
        }
    }
}
