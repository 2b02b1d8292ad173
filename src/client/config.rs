//! What the client is told to do: everything the command line decides
//! that the protocol needs. No I/O settings here (script path, ifname…),
//! those belong to the event loop.

use core::net::Ipv6Addr;
use core::time::Duration;

use super::Duid;

/// How many IA_PDs may be asked for (odhcp6c's `-P`, repeatable).
pub const MAX_IA_PD: usize = 4;

/// IA_NA behaviour, odhcp6c's `-N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IaNaMode {
    /// Request no addresses.
    None,
    /// Request an address, but bind without one (e.g. PD only).
    Try,
    /// Ignore servers that offer no address.
    Force,
}

/// One IA_PD to request (one `-P`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PdConfig {
    /// IAIDs stay the same across restarts (RFC 9915 §12).
    pub iaid: u32,
    /// Prefix-length hint, 0 = none.
    pub len: u8,
    /// `-P <prefix>/<len>`: the prefix hint sent with `len` in the IA_PD's
    /// IAPREFIX (RFC 9915 §18.2.1); `::` when only a length is hinted.
    pub prefix: Ipv6Addr,
}

/// An option sent as given (odhcp6c's `-x`, `-u`, `-V`...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawOption {
    pub code: u16,
    pub data: Vec<u8>,
}

#[derive(Clone, Debug)]
pub struct ClientConfig {
    pub duid: Duid,
    /// IAIDs stay the same across restarts (RFC 9915 §12).
    pub iaid_na: u32,
    pub ia_na: IaNaMode,
    /// The IA_PDs to request, each with its own IAID; empty: no PD.
    pub ia_pd: heapless::Vec<PdConfig, MAX_IA_PD>,
    pub rapid_commit: bool,
    /// Send Reconfigure Accept and act on authenticated Reconfigures.
    pub accept_reconfigure: bool,
    /// Option codes for the ORO (the event loop fills in the defaults).
    /// SOL_MAX_RT and INF_MAX_RT are added where RFC 9915 requires them
    /// whatever this list holds.
    pub request_opts: Vec<u16>,
    pub send_opts: Vec<RawOption>,
    /// Client FQDN (39) contents, flags and name, sent in Solicit,
    /// Request, Renew and Rebind (RFC 4704 §5) as odhcp6c does; `None`
    /// with `-f`.
    pub fqdn: Option<Vec<u8>>,
    /// odhcp6c's `-F`: an Advertise without a prefix is no offer.
    pub force_pd: bool,
    /// Upper bound of the random delay before the first Solicit or
    /// Information-Request (SOL_MAX_DELAY / INF_MAX_DELAY); zero allowed.
    pub first_tx_max_delay: Duration,
    /// SOL_MAX_RT; zero: no cap (odhcp6c's `-t 0`). A server may change it
    /// within RFC bounds.
    pub sol_max_rt: Duration,
    pub inf_max_rt: Duration,
    /// Solicit at start without waiting for an RA.
    pub startup_solicit: bool,
    /// Send Release on stop (odhcp6c's `-k` turns it off).
    pub release_on_stop: bool,
    /// How long a Release on stop may take before we give up: netifd
    /// sends SIGKILL 5 s after SIGTERM.
    pub stop_release_budget: Duration,
}

impl ClientConfig {
    pub fn new(duid: Duid) -> Self {
        ClientConfig {
            duid,
            iaid_na: 1,
            ia_na: IaNaMode::Try,
            ia_pd: heapless::Vec::new(),
            rapid_commit: false,
            accept_reconfigure: true,
            request_opts: super::DEFAULT_ORO
                .iter()
                .chain(&super::REQUIRED_ORO)
                .copied()
                .collect(),
            send_opts: Vec::new(),
            fqdn: None,
            force_pd: false,
            first_tx_max_delay: Duration::from_secs(1),
            sol_max_rt: Duration::from_secs(3600),
            inf_max_rt: Duration::from_secs(3600),
            startup_solicit: false,
            release_on_stop: true,
            stop_release_budget: Duration::from_secs(3),
        }
    }

    /// Add an IA_PD with this IAID and length hint (`-P <len>`).
    pub fn with_pd(mut self, iaid: u32, len: u8) -> Self {
        let _ = self.ia_pd.push(PdConfig {
            iaid,
            len,
            prefix: Ipv6Addr::UNSPECIFIED,
        });
        self
    }

    /// Anything to ask for statefully? `-N none` without `-P` is
    /// stateless: Information-Request only, as odhcp6c.
    pub fn stateful(&self) -> bool {
        self.ia_na != IaNaMode::None || !self.ia_pd.is_empty()
    }

    pub fn pd(&self, iaid: u32) -> Option<&PdConfig> {
        self.ia_pd.iter().find(|p| p.iaid == iaid)
    }
}
