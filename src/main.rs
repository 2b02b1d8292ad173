//! ra6c: command line, logging and start-up; the work is in the library.

use std::process::ExitCode;

use log::{error, info, warn};

use ra6c::args::{self, Options};
use ra6c::client::Client;
use ra6c::event_loop::{self, EventLoop};
use ra6c::rtnl::Rtnl;
use ra6c::state;

fn init_logging(opts: &Options) {
    let mut b = env_logger::Builder::new();
    b.filter_level(opts.log_level);
    // RUST_LOG, when set, refines or overrides the flags.
    if let Ok(spec) = std::env::var("RUST_LOG") {
        b.parse_filters(&spec);
    }
    b.format_timestamp(None).format_target(false).init();
}

fn run(opts: Options) -> Result<(), String> {
    let mut rtnl = Rtnl::open().map_err(|e| format!("rtnetlink: {e}"))?;
    let link = rtnl.link(&opts.ifname).map_err(|e| format!("interface {}: {e}", opts.ifname))?;
    let persisted = state::load_or_create(&opts.state_dir, &opts.ifname, link.mac, opts.duid.as_deref());
    let cfg = opts.client_config(persisted.duid, persisted.iaid_na, persisted.iaid_pd);
    let now = event_loop::now();
    let mut client = Client::new(cfg, event_loop::seed(), now);
    if !link.up {
        client.process(now, ra6c::client::Input::LinkDown);
    }
    info!("ra6c {} on {} (ifindex {})", env!("CARGO_PKG_VERSION"), opts.ifname, link.ifindex);
    let mut lp = EventLoop::new(opts, client, link.ifindex, rtnl).map_err(|e| e.to_string())?;
    lp.run().map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    let opts = match args::parse(std::env::args_os().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("ra6c: {e}\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    init_logging(&opts);
    for (flag, why) in args::NO_OP_FLAGS.iter().filter(|(f, _)| opts.ignored.contains(f)) {
        warn!("-{flag} accepted for odhcp6c compatibility, no effect: {why}");
    }
    match run(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            error!("{e}");
            ExitCode::FAILURE
        }
    }
}
