//! The command line: odhcp6c's short options (netifd's `dhcpv6` handler
//! starts us exactly as it starts odhcp6c) plus a few ra6c long options.
//!
//! Parsing follows odhcp6c's getopt string
//! `SDN:V:P:FB:c:i:r:Ru:Ux:s:EkK:t:C:m:Lhedp:favl:`: values glued (`-Ntry`)
//! or separate (`-N try`), flags combinable (`-ke`), `--` ends options, and
//! the interface name comes last. Values are checked more strictly than
//! odhcp6c's `atoi()` does: a typo is an error that names the flag rather
//! than a silent zero.

use core::fmt;
use core::net::Ipv6Addr;
use core::time::Duration;
use std::ffi::OsString;
use std::path::PathBuf;

use crate::client::{
    ClientConfig, DEFAULT_ORO, Duid, IaNaMode, MAX_IA_PD, PdConfig, REQUIRED_ORO, RawOption,
    requestable,
};
use crate::number;
use crate::ra_state::iid::IfaceId;

/// odhcp6c's default script, used when `-s` is not given.
pub const DEFAULT_SCRIPT: &str = "/lib/netifd/dhcpv6.script";
pub const DEFAULT_STATE_DIR: &str = "/etc/ra6c";
pub const DEFAULT_SOLICIT_DELAY_MS: u64 = 1000;
/// Netlink unit of ra6notify version 1; `--hook-proto` is kept so that
/// old command lines still work, and has no effect.
pub const DEFAULT_HOOK_PROTO: u32 = 25;
/// odhcp6c's `-m` default: seconds between accepted RA updates.
pub const DEFAULT_RA_HOLDOFF: u32 = 3;

pub const USAGE: &str = "\
Usage: ra6c [options] <interface>

odhcp6c-compatible options:
  -s <script>     State script (default /lib/netifd/dhcpv6.script)
  -N <mode>       Request addresses: try (default), force or none
  -P <len>        Request a delegated prefix; 0 = no length hint. Also
                  <prefix>/<len> (a prefix hint), <len>:<iaid hex>,
                  <len>,<iaid chars>; repeat for more IA_PDs (up to 4)
  -c <hex>        Client DUID (hex, separators allowed), overrides the stored one
  -r <opt,...>    Extra option codes for the ORO (repeatable)
  -R              Request only the -r options, not the defaults
  -x <opt>:<val>  Send option <opt> (code or name) with <val> (hex, or
                  \"quoted string\"; typed for dns, search, ntpserver...)
  -u <class,...>  User Class option (15)
  -V <hex>        Vendor Class option (16), hex encoded
  -t <seconds>    SOL_MAX_RT (netifd passes -t120); 0 = no cap, as odhcp6c
  -k              Don't send Release on stop
  -a              Don't send Reconfigure Accept
  -f              Don't send Client FQDN (39; sent with the hostname otherwise)
  -F              Force a delegated prefix: ignore servers that offer none
  -K <0-6>        Socket priority (SO_PRIORITY) of DHCPv6 packets
  -C <0-63>       DSCP of DHCPv6 packets
  -S              Don't call the script for RA updates before DHCPv6 binds
  -L              Don't cap RA DNS lifetimes to the router lifetime
  -m <seconds>    Minimum time between RA updates (3)
  -i <iface-id>   Interface id of RA addresses: eui64, random or an IPv6
                  address (its low 64 bits); default the link-local's
  -l <0-7>        Log level (syslog numbering)
  -v              More verbose (repeatable)
  -e              Log to stderr (always on)
  -d              Daemonize
  -p <pidfile>    Pid file (with -d: /var/run/odhcp6c.<if>.pid)
  -h, --help      This help
  Accepted without effect: -D -U -E -B <ms> --strict-rfc7550

ra6c options:
  --solicit-delay <ms>   Max random delay before the first Solicit (1000; 0 = none)
  --startup-solicit      Solicit at start without waiting for an RA
  --rapid-commit         Ask for Rapid Commit
  --state-dir <dir>      Where DUID and IAIDs are kept (/etc/ra6c)
  --user <name>          Run as this user after opening sockets
  --standalone           Install leases via rtnetlink (no netifd)
  --trigger <mode>       RA source: auto (default), hook, legacy or raw
  --hook-proto <n>       No effect: ra6notify 2 is found by name (generic netlink)
  --legacy-proto <n>     Netlink unit of the legacy hook
  --legacy-type <n>      Message type of the legacy hook
  --hook-status          Print the hook's counters and exit
  --version              Print the version and exit
";

/// Flags odhcp6c knows that do nothing in ra6c, with the reason. They are
/// accepted (with their value) so netifd's command lines keep working.
pub const NO_OP_FLAGS: &[(char, &str)] = &[
    (
        'B',
        "BFD ping interval of old odhcp6c builds; ra6c has no BFD",
    ),
    (
        'D',
        "discard Advertises without addresses or prefixes; not implemented",
    ),
    (
        'E',
        "ubus events; ra6c has no ubus, the script stays enabled",
    ),
    ('U', "ignore Server Unicast; ra6c always multicasts"),
];

/// Long options of odhcp6c that do nothing in ra6c.
pub const NO_OP_LONG: &[(&str, &str)] = &[(
    "strict-rfc7550",
    "odhcp6c's choice between two readings of RFC 7550; ra6c requests what the \
     chosen Advertise offered and asks again for a missing IA_NA or IA_PD in \
     every Renew and Rebind (RFC 9915 §18.2.4-5) either way",
)];

/// Where RAs come from (see `trigger/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerMode {
    /// Hook, then legacy hook, then raw socket: the first that works.
    Auto,
    Hook,
    Legacy,
    Raw,
}

/// `-P`: one IA_PD to request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PdRequest {
    /// Prefix-length hint, 0 = none.
    pub len: u8,
    /// `-P <prefix>/<len>`: prefix hint, sent with the length.
    pub prefix: Option<Ipv6Addr>,
    /// `-P <len>:<iaid>` or `-P <len>,<chars>`: IAID instead of the stored one.
    pub iaid: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub ifname: Option<String>,
    /// `-s`; `None` only in standalone mode without `-s`.
    pub script: Option<PathBuf>,
    pub ia_na: IaNaMode,
    /// One entry per `-P`, in order.
    pub ia_pd: Vec<PdRequest>,
    /// `-c`, raw DUID bytes.
    pub duid: Option<Duid>,
    /// `-r` codes in order given.
    pub request_opts: Vec<u16>,
    /// `-R`.
    pub no_default_oro: bool,
    /// `-x`, `-u`, `-V` in order given (each code once, as odhcp6c).
    pub send_opts: Vec<RawOption>,
    /// `-t`, seconds; `None` keeps RFC 9915's SOL_MAX_RT, 0 = no cap.
    pub sol_max_rt: Option<u32>,
    /// `-k`.
    pub no_release: bool,
    /// `-a`.
    pub no_reconfigure: bool,
    /// `-f`: no Client FQDN option.
    pub no_fqdn: bool,
    /// `-F`: only servers that delegate a prefix will do.
    pub force_prefix: bool,
    /// `-K` and `-C` as given; `udp::Marks::odhcp6c` applies odhcp6c's
    /// ranges to them.
    pub sk_priority: i64,
    pub dscp: i64,
    /// odhcp6c's allow_slaac_only: call the script with `ra-updated` even
    /// before DHCPv6 is bound. `-S` and `-N force` turn it off.
    pub allow_slaac_only: bool,
    /// `-L`: keep RDNSS/DNSSL lifetimes as sent instead of capping them to
    /// the router lifetime.
    pub keep_ra_dns_lifetime: bool,
    /// `-m`, seconds.
    pub ra_holdoff: u32,
    /// `-i`: the interface id of RA addresses.
    pub iface_id: IfaceId,
    /// `-l`, 0..=7 (syslog levels), if given.
    pub log_level: Option<u8>,
    /// Number of `-v`.
    pub verbose: u8,
    pub daemonize: bool,
    pub pidfile: Option<PathBuf>,
    pub help: bool,
    pub version: bool,
    // ra6c's own.
    pub solicit_delay: Duration,
    pub startup_solicit: bool,
    pub rapid_commit: bool,
    pub state_dir: PathBuf,
    pub standalone: bool,
    /// `--user`: run as this user once the sockets are open.
    pub user: Option<String>,
    pub trigger: TriggerMode,
    pub hook_proto: u32,
    pub legacy_proto: Option<u32>,
    pub legacy_type: Option<u16>,
    pub hook_status: bool,
    /// No-op short flags seen (see `NO_OP_FLAGS`), each once, in order.
    pub ignored: Vec<char>,
    /// No-op long options seen (see `NO_OP_LONG`).
    pub ignored_long: Vec<&'static str>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            ifname: None,
            script: Some(PathBuf::from(DEFAULT_SCRIPT)),
            ia_na: IaNaMode::Try,
            ia_pd: Vec::new(),
            duid: None,
            request_opts: Vec::new(),
            no_default_oro: false,
            send_opts: Vec::new(),
            sol_max_rt: None,
            no_release: false,
            no_reconfigure: false,
            no_fqdn: false,
            force_prefix: false,
            sk_priority: 0,
            dscp: 0,
            allow_slaac_only: true,
            keep_ra_dns_lifetime: false,
            ra_holdoff: DEFAULT_RA_HOLDOFF,
            iface_id: IfaceId::LinkLocal,
            log_level: None,
            verbose: 0,
            daemonize: false,
            pidfile: None,
            help: false,
            version: false,
            solicit_delay: Duration::from_millis(DEFAULT_SOLICIT_DELAY_MS),
            startup_solicit: false,
            rapid_commit: false,
            state_dir: PathBuf::from(DEFAULT_STATE_DIR),
            standalone: false,
            user: None,
            trigger: TriggerMode::Auto,
            hook_proto: DEFAULT_HOOK_PROTO,
            legacy_proto: None,
            legacy_type: None,
            hook_status: false,
            ignored: Vec::new(),
            ignored_long: Vec::new(),
        }
    }
}

impl Options {
    /// The client's configuration. Each `-P` without an IAID of its own
    /// gets the next of `iaid_pd`, `iaid_pd + 1`, ... not taken by one
    /// that has: with the stored default 1, odhcp6c's 1, 2, 3 (its
    /// `++ia_pd_iaid_index`).
    pub fn client_config(&self, duid: Duid, iaid_na: u32, iaid_pd: u32) -> ClientConfig {
        let mut c = ClientConfig::new(duid);
        c.iaid_na = iaid_na;
        c.ia_na = self.ia_na;
        let taken = |i: u32| self.ia_pd.iter().any(|q| q.iaid == Some(i));
        let mut next = iaid_pd;
        for p in &self.ia_pd {
            let iaid = match p.iaid {
                Some(i) => i,
                None => {
                    while taken(next) {
                        next = next.wrapping_add(1);
                    }
                    next = next.wrapping_add(1);
                    next.wrapping_sub(1)
                }
            };
            let _ = c.ia_pd.push(PdConfig {
                iaid,
                len: p.len,
                prefix: p.prefix.unwrap_or(Ipv6Addr::UNSPECIFIED),
            });
        }
        c.rapid_commit = self.rapid_commit;
        c.accept_reconfigure = !self.no_reconfigure;
        let defaults: &[u16] = if self.no_default_oro {
            &[]
        } else {
            &DEFAULT_ORO
        };
        // odhcp6c's order: -r codes, defaults, then what it always asks.
        let asked = self.request_opts.iter().filter(|c| requestable(**c));
        let mut oro: Vec<u16> = Vec::new();
        for &code in asked.chain(defaults).chain(&REQUIRED_ORO) {
            if !oro.contains(&code) {
                oro.push(code);
            }
        }
        c.request_opts = oro;
        c.send_opts = self.send_opts.clone();
        c.first_tx_max_delay = self.solicit_delay;
        if let Some(s) = self.sol_max_rt {
            c.sol_max_rt = Duration::from_secs(u64::from(s));
        }
        c.startup_solicit = self.startup_solicit;
        c.release_on_stop = !self.no_release;
        c.fqdn = if self.no_fqdn { None } else { client_fqdn() };
        c.force_pd = self.force_prefix;
        c
    }
}

/// The Client FQDN option (RFC 4704 §4) odhcp6c sends unless `-f`
/// (dhcpv6.c `init_dhcpv6`): flags 0 (the server decides about DNS
/// updates) and gethostname() as a fully qualified wire-format name; none
/// when the name doesn't encode (as when dn_comp fails there).
fn client_fqdn() -> Option<Vec<u8>> {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is writable for its length; the last octet stays
    // 0, so the name is terminated even if the kernel's was truncated.
    let r = unsafe { nix::libc::gethostname(buf.as_mut_ptr().cast(), buf.len() - 1) };
    if r != 0 {
        return None;
    }
    let end = buf.iter().position(|&b| b == 0)?;
    let name = core::str::from_utf8(&buf[..end]).ok()?;
    let mut body = vec![0u8];
    body.extend(dns_name(name)?);
    Some(body)
}

/// A command-line error; Display names the flag and the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgError {
    /// An option we don't know.
    Unknown(String),
    /// An option that needs a value got none.
    MissingValue(String),
    /// A flag that takes no value got one (`--standalone=1`).
    UnexpectedValue(String),
    /// A bad value: (flag, what was expected, what was given).
    Invalid {
        flag: String,
        expected: String,
        got: String,
    },
    /// No interface name.
    MissingIfname,
    /// More than one positional argument.
    ExtraArgument(String),
    /// An argument that isn't UTF-8.
    NotUtf8(String),
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgError::Unknown(o) => write!(f, "{o}: unknown option"),
            ArgError::MissingValue(o) => write!(f, "{o}: needs a value"),
            ArgError::UnexpectedValue(o) => write!(f, "{o}: takes no value"),
            ArgError::Invalid {
                flag,
                expected,
                got,
            } => {
                write!(f, "{flag}: expected {expected}, got \"{got}\"")
            }
            ArgError::MissingIfname => write!(f, "missing interface name"),
            ArgError::ExtraArgument(a) => {
                write!(
                    f,
                    "\"{a}\": unexpected argument (one interface name, after the options)"
                )
            }
            ArgError::NotUtf8(a) => write!(f, "{a}: argument is not valid UTF-8"),
        }
    }
}

impl std::error::Error for ArgError {}

fn invalid(flag: &str, expected: &str, got: &str) -> ArgError {
    ArgError::Invalid {
        flag: flag.to_string(),
        expected: expected.to_string(),
        got: got.to_string(),
    }
}

/// odhcp6c's short options that take a value.
const SHORT_WITH_VALUE: &str = "NVPBciruxsKtCmpl";
/// odhcp6c's short options without one.
const SHORT_FLAGS: &str = "SDFRUEkLhedfav";

/// Parse the arguments after argv[0].
pub fn parse<I: IntoIterator<Item = OsString>>(args: I) -> Result<Options, ArgError> {
    let mut argv: Vec<String> = Vec::new();
    for a in args_iter(args) {
        argv.push(a?);
    }
    let args = argv;
    let mut o = Options::default();
    let mut script_given = false;
    let mut positional: Vec<String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if !positional.is_empty() {
            // odhcp6c's netifd caller always puts the interface last; an
            // option after it is a mistake worth reporting.
            return Err(ArgError::ExtraArgument(arg.clone()));
        }
        if arg == "--" {
            positional.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            parse_long(&mut o, name, inline, &args, &mut i)?;
            continue;
        }
        let Some(shorts) = arg.strip_prefix('-').filter(|s| !s.is_empty()) else {
            positional.push(arg.clone());
            continue;
        };
        for (pos, c) in shorts.char_indices() {
            let flag = format!("-{c}");
            if SHORT_WITH_VALUE.contains(c) {
                let rest = &shorts[pos + c.len_utf8()..];
                let value = if !rest.is_empty() {
                    rest.to_string()
                } else if i < args.len() {
                    i += 1;
                    args[i - 1].clone()
                } else {
                    return Err(ArgError::MissingValue(flag));
                };
                if c == 's' {
                    script_given = true;
                }
                short_value(&mut o, c, &flag, &value)?;
                break;
            } else if SHORT_FLAGS.contains(c) {
                short_flag(&mut o, c);
            } else {
                return Err(ArgError::Unknown(flag));
            }
        }
    }
    if o.standalone && !script_given {
        // Standalone installs leases itself; netifd's script would fight it.
        o.script = None;
    }
    match positional.len() {
        0 if o.help || o.version || o.hook_status => {}
        0 => return Err(ArgError::MissingIfname),
        1 => {
            let name = positional.pop().unwrap_or_default();
            // IFNAMSIZ is 16 with the NUL.
            if name.is_empty() || name.len() > 15 || name.contains(['/', ' ']) {
                return Err(invalid("interface", "a name of 1-15 characters", &name));
            }
            // odhcp6c's default pidfile when daemonized (odhcp6c.c:527-549),
            // which init scripts written for it kill by.
            if o.daemonize && o.pidfile.is_none() {
                o.pidfile = Some(PathBuf::from(format!("/var/run/odhcp6c.{name}.pid")));
            }
            o.ifname = Some(name);
        }
        _ => return Err(ArgError::ExtraArgument(positional[1].clone())),
    }
    Ok(o)
}

fn args_iter<I: IntoIterator<Item = OsString>>(
    args: I,
) -> impl Iterator<Item = Result<String, ArgError>> {
    args.into_iter().map(|a| {
        a.into_string()
            .map_err(|a| ArgError::NotUtf8(a.to_string_lossy().into_owned()))
    })
}

fn short_flag(o: &mut Options, c: char) {
    match c {
        'R' => o.no_default_oro = true,
        'k' => o.no_release = true,
        'a' => o.no_reconfigure = true,
        'S' => o.allow_slaac_only = false,
        'L' => o.keep_ra_dns_lifetime = true,
        'f' => o.no_fqdn = true,
        'F' => {
            // odhcp6c's config_set_force_prefix: IA_PD mode "force", and
            // like -N force no ra-updated before DHCPv6 binds.
            o.force_prefix = true;
            o.allow_slaac_only = false;
        }
        'h' => o.help = true,
        'e' => {} // ra6c always logs to stderr (procd/netifd capture it).
        'd' => o.daemonize = true,
        'v' => o.verbose = o.verbose.saturating_add(1),
        _ => note_ignored(o, c),
    }
}

fn note_ignored(o: &mut Options, c: char) {
    if !o.ignored.contains(&c) {
        o.ignored.push(c);
    }
}

fn short_value(o: &mut Options, c: char, flag: &str, v: &str) -> Result<(), ArgError> {
    match c {
        's' => o.script = Some(PathBuf::from(v)),
        'N' => {
            o.ia_na = match v {
                "try" => IaNaMode::Try,
                "force" => {
                    // As odhcp6c: forcing addresses also means "don't
                    // report SLAAC-only configuration".
                    o.allow_slaac_only = false;
                    IaNaMode::Force
                }
                "none" => IaNaMode::None,
                _ => return Err(invalid(flag, "try, force or none", v)),
            }
        }
        'P' => {
            if o.ia_pd.len() == MAX_IA_PD {
                return Err(invalid(flag, "at most 4 -P (IA_PDs)", v));
            }
            let pd = parse_pd(flag, v)?;
            if pd.iaid.is_some() && o.ia_pd.iter().any(|q| q.iaid == pd.iaid) {
                return Err(invalid(flag, "a different IAID for each -P", v));
            }
            o.ia_pd.push(pd);
        }
        'c' => {
            let bytes = unhex(v).ok_or_else(|| invalid(flag, "a hex DUID", v))?;
            // RFC 9915 §11: 2-octet type plus at most 128 octets.
            if bytes.len() < 3 || bytes.len() > 130 {
                return Err(invalid(flag, "a DUID of 3 to 130 octets", v));
            }
            o.duid = Duid::from_slice(&bytes).ok();
        }
        'r' => {
            for part in v.split([',', ' ', '\t']).filter(|p| !p.is_empty()) {
                let code = number::parse::<u16>(part)
                    .ok_or_else(|| invalid(flag, "option codes 0-65535", v))?;
                o.request_opts.push(code);
            }
        }
        'x' => {
            let opt = parse_send_opt(v).map_err(|e| invalid(flag, e, v))?;
            add_send_opt(o, flag, v, opt)?;
        }
        'u' => {
            let data = encode(OptType::UserClass, true, v)
                .ok_or_else(|| invalid(flag, "class[,class...]", v))?;
            add_send_opt(o, flag, v, RawOption { code: 15, data })?;
        }
        'V' => {
            let data =
                encode(OptType::Hex, false, v).ok_or_else(|| invalid(flag, "hex data", v))?;
            add_send_opt(o, flag, v, RawOption { code: 16, data })?;
        }
        't' => {
            // odhcp6c: 0 leaves the Solicit RT without a cap (dhcpv6.c,
            // dhcpv6_send_request: `if (retx->max_timeo && ...)`); it
            // refuses more than 65535 (config_set_rtx_timeout_max).
            o.sol_max_rt = Some(
                number::parse::<u16>(v)
                    .ok_or_else(|| invalid(flag, "seconds 0-65535", v))?
                    .into(),
            );
        }
        'm' => o.ra_holdoff = number::parse(v).ok_or_else(|| invalid(flag, "seconds", v))?,
        // odhcp6c logs a bad value and keeps the link-local's; a typo
        // here is named instead, like every other flag's.
        'i' => {
            o.iface_id = IfaceId::parse(v)
                .ok_or_else(|| invalid(flag, "eui64, random or an IPv6 address", v))?
        }
        'l' => {
            o.log_level = Some(
                number::parse::<u8>(v)
                    .filter(|&l| l <= 7)
                    .ok_or_else(|| invalid(flag, "a log level 0-7", v))?,
            );
        }
        'p' => o.pidfile = Some(PathBuf::from(v)),
        'K' | 'C' | 'B' => {
            let n = number::parse_i64(v).ok_or_else(|| invalid(flag, "a number", v))?;
            match c {
                'K' => o.sk_priority = n,
                'C' => o.dscp = n,
                _ => note_ignored(o, c),
            }
        }
        _ => note_ignored(o, c),
    }
    Ok(())
}

fn parse_long(
    o: &mut Options,
    name: &str,
    inline: Option<String>,
    args: &[String],
    i: &mut usize,
) -> Result<(), ArgError> {
    let flag = format!("--{name}");
    let takes_value = matches!(
        name,
        "solicit-delay"
            | "state-dir"
            | "trigger"
            | "hook-proto"
            | "legacy-proto"
            | "legacy-type"
            | "user"
    );
    let value = if takes_value {
        match inline {
            Some(v) => v,
            None if *i < args.len() => {
                *i += 1;
                args[*i - 1].clone()
            }
            None => return Err(ArgError::MissingValue(flag)),
        }
    } else {
        if inline.is_some() {
            return Err(ArgError::UnexpectedValue(flag));
        }
        String::new()
    };
    let num = |v: &str| number::parse::<u32>(v).ok_or_else(|| invalid(&flag, "a number", v));
    match name {
        "solicit-delay" => {
            let ms = number::parse::<u64>(&value)
                .ok_or_else(|| invalid(&flag, "milliseconds", &value))?;
            o.solicit_delay = Duration::from_millis(ms);
        }
        "startup-solicit" => o.startup_solicit = true,
        "rapid-commit" => o.rapid_commit = true,
        "state-dir" => {
            if value.is_empty() {
                return Err(invalid(&flag, "a directory", &value));
            }
            o.state_dir = PathBuf::from(&value);
        }
        "standalone" => o.standalone = true,
        "user" => {
            if value.is_empty() {
                return Err(invalid(&flag, "a user name", &value));
            }
            o.user = Some(value);
        }
        "trigger" => {
            o.trigger = match value.as_str() {
                "auto" => TriggerMode::Auto,
                "hook" => TriggerMode::Hook,
                "legacy" => TriggerMode::Legacy,
                "raw" => TriggerMode::Raw,
                _ => return Err(invalid(&flag, "auto, hook, legacy or raw", &value)),
            }
        }
        "hook-proto" => o.hook_proto = num(&value)?,
        // Netlink units are 0-31 (MAX_LINKS); a message type is 16 bits.
        "legacy-proto" => {
            o.legacy_proto = Some(
                num(&value)
                    .ok()
                    .filter(|&p| p < 32)
                    .ok_or_else(|| invalid(&flag, "a netlink unit 0-31", &value))?,
            )
        }
        "legacy-type" => {
            o.legacy_type = Some(
                number::parse::<u16>(&value)
                    .ok_or_else(|| invalid(&flag, "a message type 0-65535", &value))?,
            )
        }
        "hook-status" => o.hook_status = true,
        "help" => o.help = true,
        "version" => o.version = true,
        _ => match NO_OP_LONG.iter().find(|(n, _)| *n == name) {
            Some((n, _)) => {
                if !o.ignored_long.contains(n) {
                    o.ignored_long.push(n);
                }
            }
            None => return Err(ArgError::Unknown(flag)),
        },
    }
    Ok(())
}

/// `-P`: `<len>`, `<prefix>/<len>`, then optionally `:<iaid hex>` or
/// `,<up to 4 chars copied into the IAID>` (odhcp6c's forms).
fn parse_pd(flag: &str, v: &str) -> Result<PdRequest, ArgError> {
    let bad = || {
        invalid(
            flag,
            "<len>, <prefix>/<len>, <len>:<iaid hex> or <len>,<iaid chars>",
            v,
        )
    };
    let (prefix, rest) = match v.split_once('/') {
        Some((p, rest)) => (Some(crate::ip6::parse(p).ok_or_else(bad)?), rest),
        None => (None, v),
    };
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let len = number::parse::<u8>(&rest[..digits])
        .filter(|&l| l <= 128)
        .ok_or_else(bad)?;
    let iaid = match &rest[digits..] {
        "" => None,
        s if s.starts_with(':') => Some(
            number::parse_radix(&s[1..], 16)
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(bad)?,
        ),
        s if s.starts_with(',') && s.len() > 1 => {
            let mut b = [0u8; 4];
            for (d, s) in b.iter_mut().zip(s[1..].bytes()) {
                *d = s;
            }
            Some(u32::from_be_bytes(b))
        }
        _ => return Err(bad()),
    };
    Ok(PdRequest { len, prefix, iaid })
}

fn add_send_opt(o: &mut Options, flag: &str, v: &str, opt: RawOption) -> Result<(), ArgError> {
    // odhcp6c refuses a second value for the same code.
    if o.send_opts.iter().any(|x| x.code == opt.code) {
        return Err(invalid(flag, &format!("option {} only once", opt.code), v));
    }
    o.send_opts.push(opt);
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum OptType {
    Hex,
    Ip6,
    Str,
    DnsName,
    UserClass,
}

/// Options `-x` knows by name or types by code (odhcp6c's table):
/// (code, name, type, array).
const TYPED_OPTS: &[(u16, &str, OptType, bool)] = &[
    (11, "authentication", OptType::Hex, false),
    (15, "userclass", OptType::UserClass, true),
    (16, "vendorclass", OptType::Hex, false),
    (21, "sipserver_d", OptType::DnsName, false),
    (22, "sipserver_a", OptType::Ip6, true),
    (23, "dns", OptType::Ip6, true),
    (24, "search", OptType::DnsName, false),
    (31, "sntpservers", OptType::Ip6, true),
    (56, "ntpserver", OptType::Hex, false),
    (68, "vss", OptType::Hex, false),
    (112, "mud_url_v6", OptType::Str, false),
];

/// Options the client builds itself (odhcp6c's OPT_INTERNAL): `-x` can't
/// send them.
fn is_internal(code: u16) -> bool {
    matches!(code,
        1..=9 | 12..=14 | 18..=20 | 25 | 26 | 32 | 37..=39 | 43..=48 | 53 | 61 | 64 | 66 | 67
        | 79..=83 | 87 | 89..=96 | 100..=102 | 105..=110 | 114..=135)
}

/// `-x <opt>:<value>` as odhcp6c's `config_parse_opt()`.
fn parse_send_opt(v: &str) -> Result<RawOption, &'static str> {
    const FORM: &str = "<code or name>:<value>";
    let (name, data) = v.split_once(':').ok_or(FORM)?;
    if name.is_empty() || data.is_empty() {
        return Err(FORM);
    }
    let code = match TYPED_OPTS.iter().find(|t| t.1 == name) {
        Some(t) => t.0,
        None => parse_c_number(name).ok_or("an option code 0-65535 or a known name")?,
    };
    if is_internal(code) {
        return Err("an option the client doesn't build itself");
    }
    let (ty, array, data) = match TYPED_OPTS.iter().find(|t| t.0 == code) {
        Some(t) => (t.2, t.3, data),
        None => {
            let q = data.as_bytes()[0];
            if (q == b'"' || q == b'\'') && data.len() >= 2 && data.as_bytes()[data.len() - 1] == q
            {
                (OptType::Str, false, &data[1..data.len() - 1])
            } else {
                (OptType::Hex, false, data)
            }
        }
    };
    let bytes = encode(ty, array, data).ok_or("a value of the option's type")?;
    Ok(RawOption { code, data: bytes })
}

/// strtoul(s, 0): decimal, 0x hex or leading-0 octal.
fn parse_c_number(s: &str) -> Option<u16> {
    let n = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        number::parse_radix(h, 16)?
    } else if s.len() > 1 && s.starts_with('0') {
        number::parse_radix(&s[1..], 8)?
    } else {
        number::parse_radix(s, 10)?
    };
    u16::try_from(n).ok()
}

/// Encode a value; `None` if it doesn't fit the type or is empty.
fn encode(ty: OptType, array: bool, v: &str) -> Option<Vec<u8>> {
    let items: Vec<&str> = if array {
        v.split([' ', ',', '\t']).collect()
    } else {
        vec![v]
    };
    if !array && ty != OptType::Hex && ty != OptType::Str && v.contains([' ', ',', '\t']) {
        return None;
    }
    let mut out = Vec::new();
    for item in items {
        match ty {
            OptType::Hex => out.extend(unhex(item)?),
            OptType::Str => out.extend_from_slice(item.as_bytes()),
            OptType::Ip6 => out.extend_from_slice(&crate::ip6::parse(item)?.octets()),
            OptType::DnsName => out.extend(dns_name(item)?),
            OptType::UserClass => {
                // RFC 9915 §21.15: each class is a 2-octet length and data;
                // an empty one is a typo (`a,,b`), not a class.
                if item.is_empty() {
                    return None;
                }
                out.extend_from_slice(&u16::try_from(item.len()).ok()?.to_be_bytes());
                out.extend_from_slice(item.as_bytes());
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// A name in DNS wire format (RFC 1035 §3.1), uncompressed.
fn dns_name(name: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    for label in name
        .trim_end_matches('.')
        .split('.')
        .filter(|l| !l.is_empty())
    {
        if label.len() > 63 {
            return None;
        }
        out.push(label.len() as u8);
        out.extend_from_slice(label.as_bytes());
    }
    out.push(0);
    (out.len() <= 255).then_some(out)
}

/// Hex as odhcp6c reads it: pairs of digits, anything that isn't a hex
/// digit between pairs is a separator (`00:01`, `00-01`). `None` on an
/// odd digit count, a bad pair or no data.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_hexdigit() {
            if out.is_empty() {
                return None;
            }
            i += 1;
            continue;
        }
        let hi = (b[i] as char).to_digit(16)?;
        let lo = (*b.get(i + 1)? as char).to_digit(16)?;
        out.push((hi << 4 | lo) as u8);
        i += 2;
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Options, ArgError> {
        parse(args.iter().map(OsString::from))
    }

    fn err(args: &[&str]) -> String {
        p(args).unwrap_err().to_string()
    }

    #[test]
    fn netifd_shell_command_line() {
        // As dhcpv6.sh builds it: -s first, glued values, ifname last.
        let o = p(&[
            "-s",
            "/lib/netifd/dhcpv6.script",
            "-Nforce",
            "-P0",
            "-c00030001020304050607",
            "-S",
            "-F",
            "-k",
            "-U",
            "-f",
            "-a",
            "-i::1",
            "-Vdeadbeef",
            "-uopenwrt",
            "-L",
            "-K3",
            "-m5",
            "-v",
            "-x23:2001:db8::1",
            "-r64",
            "-r94",
            "-t120",
            "eth0.2",
        ])
        .unwrap();
        assert_eq!(o.ifname.as_deref(), Some("eth0.2"));
        assert_eq!(o.script, Some(PathBuf::from("/lib/netifd/dhcpv6.script")));
        assert_eq!(o.ia_na, IaNaMode::Force);
        assert!(!o.allow_slaac_only);
        assert_eq!(
            o.ia_pd,
            [PdRequest {
                len: 0,
                prefix: None,
                iaid: None
            }]
        );
        assert_eq!(o.duid.as_deref(), Some(&[0, 3, 0, 1, 2, 3, 4, 5, 6, 7][..]));
        assert!(o.no_release && o.no_reconfigure && o.keep_ra_dns_lifetime);
        assert_eq!(o.request_opts, vec![64, 94]);
        assert_eq!(o.sol_max_rt, Some(120));
        assert_eq!(o.ra_holdoff, 5);
        assert_eq!(o.verbose, 1);
        assert_eq!(o.ignored, vec!['U']);
        assert_eq!(o.iface_id, IfaceId::Fixed([0, 0, 0, 0, 0, 0, 0, 1]));
        assert!(o.no_fqdn && o.force_prefix);
        assert_eq!((o.sk_priority, o.dscp), (3, 0));
        let c = o.client_config(Duid::from_slice(&[0, 3, 0, 1, 1]).unwrap(), 1, 1);
        assert!(c.fqdn.is_none() && c.force_pd);
        let x = |code| {
            o.send_opts
                .iter()
                .find(|s| s.code == code)
                .unwrap()
                .data
                .clone()
        };
        assert_eq!(x(16), vec![0xde, 0xad, 0xbe, 0xef]);
        assert_eq!(x(15), b"\x00\x07openwrt".to_vec());
        assert_eq!(
            x(23),
            "2001:db8::1".parse::<Ipv6Addr>().unwrap().octets().to_vec()
        );
    }

    #[test]
    fn netifd_ucode_command_line() {
        // As dhcpv6.uc builds it (newer OpenWrt).
        let o = p(&[
            "-s",
            "/lib/netifd/dhcpv6.script",
            "-Ntry",
            "-P56",
            "-R",
            "--strict-rfc7550",
            "-l7",
            "-r23",
            "-t60",
            "wan",
        ])
        .unwrap();
        assert_eq!(o.ia_pd[0].len, 56);
        assert!(o.no_default_oro);
        assert_eq!(o.log_level, Some(7));
        assert_eq!(o.ignored_long, vec!["strict-rfc7550"]);
        assert_eq!(o.ifname.as_deref(), Some("wan"));
    }

    #[test]
    fn separate_values_and_combined_flags() {
        let o = p(&[
            "-N",
            "none",
            "-P",
            "60",
            "-t",
            "30",
            "-keav",
            "-vd",
            "-p",
            "/tmp/x.pid",
            "-s",
            "/bin/s",
            "eth1",
        ])
        .unwrap();
        assert_eq!(o.ia_na, IaNaMode::None);
        assert_eq!(o.ia_pd[0].len, 60);
        assert_eq!(o.sol_max_rt, Some(30));
        assert!(o.no_release && o.no_reconfigure && o.daemonize);
        assert_eq!(o.verbose, 2);
        assert_eq!(o.pidfile, Some(PathBuf::from("/tmp/x.pid")));
        // -d alone: odhcp6c's default pidfile; none without -d.
        let o = p(&["-d", "wan"]).unwrap();
        assert_eq!(o.pidfile, Some(PathBuf::from("/var/run/odhcp6c.wan.pid")));
        assert_eq!(p(&["wan"]).unwrap().pidfile, None);
        // A value-taking flag ends a cluster and takes the rest: -kt30.
        let o = p(&["-kt30", "eth1"]).unwrap();
        assert!(o.no_release);
        assert_eq!(o.sol_max_rt, Some(30));
    }

    #[test]
    fn defaults() {
        let o = p(&["eth0"]).unwrap();
        assert_eq!(o.ia_na, IaNaMode::Try);
        assert!(o.ia_pd.is_empty());
        assert_eq!(o.script, Some(PathBuf::from(DEFAULT_SCRIPT)));
        assert_eq!(o.solicit_delay, Duration::from_millis(1000));
        assert_eq!(o.state_dir, PathBuf::from("/etc/ra6c"));
        assert_eq!(o.trigger, TriggerMode::Auto);
        assert_eq!(o.hook_proto, 25);
        assert!(o.allow_slaac_only && o.ignored.is_empty());
        // Standalone without -s runs no script; with -s it does.
        assert_eq!(p(&["--standalone", "eth0"]).unwrap().script, None);
        assert!(
            p(&["--standalone", "-s", "/x", "eth0"])
                .unwrap()
                .script
                .is_some()
        );
    }

    #[test]
    fn long_options() {
        let o = p(&[
            "--solicit-delay",
            "0",
            "--startup-solicit",
            "--rapid-commit",
            "--state-dir=/tmp/st",
            "--trigger",
            "raw",
            "--hook-proto=26",
            "--legacy-proto",
            "31",
            "--legacy-type",
            "17",
            "eth0",
        ])
        .unwrap();
        assert_eq!(o.solicit_delay, Duration::ZERO);
        assert!(o.startup_solicit && o.rapid_commit);
        assert_eq!(o.state_dir, PathBuf::from("/tmp/st"));
        assert_eq!(o.trigger, TriggerMode::Raw);
        assert_eq!(
            (o.hook_proto, o.legacy_proto, o.legacy_type),
            (26, Some(31), Some(17))
        );
        // No ifname needed for these.
        assert!(p(&["--hook-status"]).unwrap().hook_status);
        assert!(p(&["--help"]).unwrap().help);
        assert!(p(&["-h"]).unwrap().help);
        assert!(p(&["--version"]).unwrap().version);
    }

    #[test]
    fn pd_forms() {
        let pd = |v: &str| p(&["-P", v, "eth0"]).map(|o| o.ia_pd[0].clone());
        assert_eq!(
            pd("0").unwrap(),
            PdRequest {
                len: 0,
                prefix: None,
                iaid: None
            }
        );
        assert_eq!(
            pd("2001:db8::/48").unwrap().prefix,
            Some("2001:db8::".parse().unwrap())
        );
        assert_eq!(pd("48:1a").unwrap().iaid, Some(0x1a));
        assert_eq!(pd("48,ab").unwrap().iaid, Some(0x6162_0000));
        let o = p(&["-P", "56:2", "eth0"]).unwrap();
        let c = o.client_config(Duid::from_slice(&[0, 3, 0, 1, 1]).unwrap(), 7, 1);
        assert_eq!((c.ia_pd[0].len, c.ia_pd[0].iaid, c.iaid_na), (56, 2, 7));
        for bad in ["", "x", "129", "56;", "56:zz", "foo/48"] {
            assert!(
                pd(bad).unwrap_err().to_string().starts_with("-P: expected"),
                "{bad}"
            );
        }
        assert!(err(&["-P1:5", "-P2:5", "eth0"]).contains("a different IAID"));
        assert!(err(&["-P1", "-P2", "-P3", "-P4", "-P5", "eth0"]).contains("at most 4"));
    }

    /// Several -P, as odhcp6c takes them: one IA_PD each, IAIDs 1, 2, ...
    /// for those without one of their own (odhcp6c.c, `case 'P'`:
    /// `htonl(++ia_pd_iaid_index)`), a prefix hint kept with its length.
    #[test]
    fn several_pd_and_hints() {
        let o = p(&["-P", "2001:db8:ff::/48", "-P56:10", "-P", "60", "eth0"]).unwrap();
        let c = o.client_config(Duid::from_slice(&[0, 3, 0, 1, 1]).unwrap(), 7, 1);
        let got: Vec<(u32, u8, String)> = c
            .ia_pd
            .iter()
            .map(|p| (p.iaid, p.len, p.prefix.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                (1, 48, "2001:db8:ff::".to_string()),
                (0x10, 56, "::".to_string()),
                (2, 60, "::".to_string())
            ]
        );
        // An explicit IAID is skipped when numbering the others.
        let o = p(&["-P0", "-P0:2", "-P0", "eth0"]).unwrap();
        let c = o.client_config(Duid::new(), 7, 1);
        let iaids: Vec<u32> = c.ia_pd.iter().map(|p| p.iaid).collect();
        assert_eq!(iaids, [1, 2, 3]);
        // -t 0: no cap on the Solicit RT, as odhcp6c.
        let c = p(&["-t0", "eth0"])
            .unwrap()
            .client_config(Duid::new(), 1, 1);
        assert_eq!(c.sol_max_rt, Duration::ZERO);
    }

    #[test]
    fn send_options() {
        let x = |v: &str| p(&["-x", v, "eth0"]).map(|o| o.send_opts[0].clone());
        assert_eq!(
            x("0x1f4:ABBA").unwrap(),
            RawOption {
                code: 500,
                data: vec![0xab, 0xba]
            }
        );
        assert_eq!(
            x("202:\"file\"").unwrap(),
            RawOption {
                code: 202,
                data: b"file".to_vec()
            }
        );
        assert_eq!(x("202:'a b'").unwrap().data, b"a b".to_vec());
        assert_eq!(x("15:office").unwrap().data, b"\x00\x06office".to_vec());
        assert_eq!(
            x("search:lan.example").unwrap(),
            RawOption {
                code: 24,
                data: b"\x03lan\x07example\x00".to_vec()
            }
        );
        assert_eq!(x("dns:2001:2001::1,2001:2001::2").unwrap().data.len(), 32);
        assert_eq!(x("300:00:11-22").unwrap().data, vec![0, 0x11, 0x22]);
        for bad in [
            "1:00",
            "25:00",
            "nocolon",
            ":00",
            "300:",
            "300:0g",
            "70000:00",
            "search:a.b,c.d",
            "dns:nope",
        ] {
            assert!(
                x(bad).unwrap_err().to_string().starts_with("-x: expected"),
                "{bad}"
            );
        }
        // One value per code, across -x/-u/-V as in odhcp6c.
        assert!(
            err(&["-uoffice", "-x15:x", "eth0"]).starts_with("-x: expected option 15 only once")
        );
    }

    #[test]
    fn client_config_mapping() {
        let o = p(&[
            "-r",
            "23,64",
            "-r",
            "94",
            "-k",
            "-a",
            "-t",
            "300",
            "--solicit-delay",
            "250",
            "--rapid-commit",
            "--startup-solicit",
            "-Nnone",
            "-P",
            "60",
            "-V00000de901",
            "eth0",
        ])
        .unwrap();
        let c = o.client_config(Duid::from_slice(&[0, 3, 0, 1, 1]).unwrap(), 5, 1);
        // odhcp6c's order: -r first, then its defaults, then 83 and 82.
        assert_eq!(
            c.request_opts,
            vec![23, 64, 94, 21, 22, 24, 31, 56, 67, 103, 83, 82]
        );
        // Without -f: Client FQDN from the hostname, flags 0.
        let f = c.fqdn.as_deref().unwrap();
        assert_eq!(f[0], 0);
        assert_eq!(f.last(), Some(&0));
        assert!(!c.force_pd);
        assert!(!c.release_on_stop && !c.accept_reconfigure && c.rapid_commit && c.startup_solicit);
        assert_eq!(c.sol_max_rt, Duration::from_secs(300));
        assert_eq!(c.first_tx_max_delay, Duration::from_millis(250));
        assert_eq!(
            (c.ia_na, c.ia_pd[0].len, c.iaid_na),
            (IaNaMode::None, 60, 5)
        );
        assert_eq!(
            c.send_opts,
            vec![RawOption {
                code: 16,
                data: vec![0, 0, 0x0d, 0xe9, 1]
            }]
        );
        // -R keeps what odhcp6c always asks for; codes odhcp6c never
        // requests (16, vendor class) are left out, as it does.
        let o = p(&["-R", "-r", "64,64", "-r", "16,17", "eth0"]).unwrap();
        let c = o.client_config(Duid::new(), 1, 1);
        assert_eq!(c.request_opts, vec![64, 17, 83, 82]);
        assert!(c.release_on_stop && c.accept_reconfigure);
        // Without -t the RFC default stays.
        let c = p(&["eth0"]).unwrap().client_config(Duid::new(), 1, 1);
        assert_eq!(c.sol_max_rt, ClientConfig::new(Duid::new()).sol_max_rt);
    }

    #[test]
    fn errors_name_the_flag() {
        assert_eq!(
            err(&["-Nmaybe", "eth0"]),
            "-N: expected try, force or none, got \"maybe\""
        );
        assert_eq!(err(&["-N"]), "-N: needs a value");
        assert_eq!(err(&["-q", "eth0"]), "-q: unknown option");
        assert_eq!(err(&["--bogus", "eth0"]), "--bogus: unknown option");
        assert_eq!(
            err(&["--standalone=1", "eth0"]),
            "--standalone: takes no value"
        );
        assert_eq!(err(&["--trigger"]), "--trigger: needs a value");
        assert!(err(&["--trigger", "udp", "eth0"]).starts_with("--trigger: expected auto, hook"));
        assert!(err(&["--solicit-delay", "-1", "eth0"]).starts_with("--solicit-delay: expected"));
        assert!(err(&["--hook-proto", "x", "eth0"]).starts_with("--hook-proto: expected"));
        assert!(err(&["--legacy-proto", "x", "eth0"]).starts_with("--legacy-proto: expected"));
        assert!(err(&["--legacy-type", "x", "eth0"]).starts_with("--legacy-type: expected"));
        assert!(err(&["--legacy-type", "65536", "eth0"]).starts_with("--legacy-type: expected"));
        assert!(err(&["--legacy-proto", "32", "eth0"]).starts_with("--legacy-proto: expected"));
        assert!(err(&["--state-dir=", "eth0"]).starts_with("--state-dir: expected"));
        assert!(err(&["-c", "zz", "eth0"]).starts_with("-c: expected a hex DUID"));
        assert!(err(&["-c", "0001", "eth0"]).starts_with("-c: expected a DUID of 3"));
        assert!(err(&["-c", "000", "eth0"]).starts_with("-c: expected a hex"));
        assert!(err(&["-r", "23,x", "eth0"]).starts_with("-r: expected"));
        assert!(err(&["-r", "70000", "eth0"]).starts_with("-r: expected"));
        assert!(err(&["-t", "abc", "eth0"]).starts_with("-t: expected seconds"));
        assert!(err(&["-t70000", "eth0"]).starts_with("-t: expected seconds"));
        assert!(err(&["-m", "x", "eth0"]).starts_with("-m: expected"));
        assert!(err(&["-i", "eui-64", "eth0"]).starts_with("-i: expected eui64, random"));
        assert!(err(&["-i", "", "eth0"]).starts_with("-i: expected"));
        assert_eq!(p(&["-ieui64", "eth0"]).unwrap().iface_id, IfaceId::Eui64);
        assert_eq!(
            p(&["-i", "random", "eth0"]).unwrap().iface_id,
            IfaceId::Random
        );
        assert_eq!(p(&["eth0"]).unwrap().iface_id, IfaceId::LinkLocal);
        assert!(err(&["-l", "8", "eth0"]).starts_with("-l: expected a log level"));
        assert!(err(&["-V", "xyz", "eth0"]).starts_with("-V: expected hex"));
        assert!(err(&["-u", "", "eth0"]).starts_with("-u: expected"));
        assert!(err(&["-K", "x", "eth0"]).starts_with("-K: expected a number"));
        assert!(err(&["-C", "x", "eth0"]).starts_with("-C: expected a number"));
        assert!(err(&["-B", "x", "eth0"]).starts_with("-B: expected a number"));
        assert_eq!(err(&["-k"]), "missing interface name");
        assert!(err(&["eth0", "eth1"]).starts_with("\"eth1\": unexpected argument"));
        assert!(err(&["eth0", "-k"]).starts_with("\"-k\": unexpected argument"));
        assert!(err(&["averyveryverylongname"]).starts_with("interface: expected"));
    }

    #[test]
    fn double_dash_ends_options() {
        let o = p(&["-k", "--", "-weird"]).unwrap();
        assert_eq!(o.ifname.as_deref(), Some("-weird"));
        assert!(err(&["--", "a", "b"]).contains("unexpected argument"));
    }

    #[test]
    fn every_no_op_flag_is_accepted_and_recorded() {
        for &(c, reason) in NO_OP_FLAGS {
            assert!(!reason.is_empty());
            let flag = format!("-{c}");
            let args: Vec<&str> = if SHORT_WITH_VALUE.contains(c) {
                vec![&flag, "1", "eth0"]
            } else {
                vec![&flag, "eth0"]
            };
            let o = p(&args).unwrap();
            assert_eq!(o.ignored, vec![c], "{flag}");
            assert!(USAGE.contains(&flag), "{flag} missing from USAGE");
        }
    }

    /// Issue 19 item 11: the note said ra6c "includes RFC 7550", which it
    /// didn't do (no Renew asked again for a missing IA_PD). It says what
    /// ra6c does now (client/tests_rfc.rs item9 shows it).
    #[test]
    fn strict_rfc7550_note_says_what_ra6c_does() {
        let (_, why) = NO_OP_LONG
            .iter()
            .find(|(n, _)| *n == "strict-rfc7550")
            .unwrap();
        assert!(!why.contains("includes RFC 7550"), "{why}");
        assert!(why.contains("Renew and Rebind"), "{why}");
    }

    #[test]
    fn unhex_like_odhcp6c() {
        assert_eq!(unhex("0a:0B-0c 0d"), Some(vec![10, 11, 12, 13]));
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex(""), None);
        assert_eq!(unhex(":00"), None);
    }
}
