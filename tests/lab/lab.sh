#!/bin/bash
# ra6c network-namespace lab: a sourceable library.
#
#   source tests/lab/lab.sh
#   lab_up                      # two netns joined by a veth pair
#   lab_server_start kea        # or dnsmasq | dhcpd | dhcp6s
#   lab_capture_start
#   lab_send_ra -M              # one RA with M=1 from the server's link-local
#   lab_wait_pkt SOLICIT 10
#   lab_down                    # also run from the EXIT trap lab_up installs
#
# Topology:  [ $LAB_SRV_NS: $LAB_SRV_IF 2001:db8:1::1/64 ] <--veth--> [ $LAB_CLI_NS: $LAB_CLI_IF ]
# The client namespace is put in OpenWrt's WAN state: forwarding=1 with
# accept_ra=1, where the kernel ignores the RA's M/O flags (see NOTES.md).
#
# Everything a run creates lives in $LAB_DIR (configs, logs, leases, pcap) and
# in namespaces named $LAB_PREFIX-*, so parallel runs do not clash.
# Only the namespaces and processes started here are ever removed or killed.

# shellcheck disable=SC2034 # many variables are for the sourcing script

LAB_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB_PREFIX=${LAB_PREFIX:-r6lab-$$}
LAB_SRV_NS=$LAB_PREFIX-srv
LAB_CLI_NS=$LAB_PREFIX-cli
LAB_SRV_IF=${LAB_SRV_IF:-veth-s}
LAB_CLI_IF=${LAB_CLI_IF:-veth-c}
LAB_SRV_ADDR=2001:db8:1::1
LAB_NET=2001:db8:1::/64
LAB_POOL_LO=2001:db8:1::1000
LAB_POOL_HI=2001:db8:1::1fff
LAB_PD_NET=2001:db8:100::/40   # delegated /56s come out of this
LAB_PD_LEN=56
LAB_DNS=2001:db8:1::53
LAB_DOMAIN=lab.example
LAB_NTP=2001:db8:1::123
LAB_DHCP6S_HOST_ADDR=2001:db8:1::2000   # dhcp6s: fixed address of the DUID-keyed host

# Kea only: a Preference option (7) in Advertise when set. 255 makes a
# client send its Request at once instead of waiting its first RT (1 s) for
# more Advertises (RFC 9915 §18.2.1).
LAB_KEA_PREFERENCE=${LAB_KEA_PREFERENCE:-}

# Fixed MACs for the veth pair (deterministic link-locals and DUIDs, for
# comparing against recorded output); empty = the kernel's random ones.
LAB_SRV_MAC=${LAB_SRV_MAC:-}
LAB_CLI_MAC=${LAB_CLI_MAC:-}
# Kea only: more "option-data" entries (JSON objects, comma-separated),
# more keys for the pd-pool (e.g. an excluded prefix, RFC 6603), the
# subnet's host reservations (JSON objects), and the interface it serves
# if not the veth (e.g. a tun from lab_tun_add).
LAB_KEA_OPTIONS=${LAB_KEA_OPTIONS:-}
LAB_KEA_PD_EXTRA=${LAB_KEA_PD_EXTRA:-}
LAB_KEA_RESERVATIONS=${LAB_KEA_RESERVATIONS:-}
LAB_KEA_IF=${LAB_KEA_IF:-}

# Lease timers (seconds). Short so renew/rebind/expiry fit in a test.
LAB_T1=${LAB_T1:-4}
LAB_T2=${LAB_T2:-6}
LAB_PREF=${LAB_PREF:-8}
LAB_VALID=${LAB_VALID:-12}

LAB_DIR=""
LAB_SERVER=""          # name of the running DHCPv6 server, if any
LAB_SERVER_PID=""
LAB_SERVER_LOG=""      # the running (or last) server's log file
LAB_PCAP=""
LAB_TCPDUMP_PID=""
LAB_RADVD_PID=""
LAB_PIDS=()            # every background process we started, for cleanup

lab_log() { printf '# %s\n' "$*" >&2; }
lab_die() { printf 'lab: %s\n' "$*" >&2; exit 1; }

# Fail loudly (naming the Debian package) if a tool is missing: no silent skips.
lab_need() {
	local bin=$1 pkg=$2
	command -v "$bin" >/dev/null 2>&1 || [ -x "/usr/sbin/$bin" ] ||
		lab_die "missing '$bin': install Debian package '$pkg' (tests/lab/deps.sh)"
}

lab_srv() { ip netns exec "$LAB_SRV_NS" "$@"; }
lab_cli() { ip netns exec "$LAB_CLI_NS" "$@"; }

# wait_until <timeout-seconds> <command...>: poll every 0.1 s, bounded.
lab_wait_until() {
	local timeout=$1 end
	shift
	end=$(($(date +%s%N) + timeout * 1000000000))
	while [ "$(date +%s%N)" -lt "$end" ]; do
		"$@" && return 0
		sleep 0.1
	done
	"$@"
}

lab_now() { date +%s.%N; }

# lab_delta_ms <t-from> <t-to>: milliseconds between two epoch timestamps.
# Prints "nan" and fails if either is empty, so a check built on it fails.
lab_delta_ms() {
	if [ -z "$1" ] || [ -z "$2" ]; then
		echo nan
		return 1
	fi
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) * 1000 }'
}

# No address on the interface is tentative (DAD done) and a link-local exists.
lab_ll_ready() {
	local ns=$1 ifname=$2 out
	out=$(ip netns exec "$ns" ip -6 addr show dev "$ifname" 2>/dev/null) || return 1
	grep -q 'inet6 fe80::' <<<"$out" && ! grep -q tentative <<<"$out"
}

lab_up() {
	[ "$(id -u)" -eq 0 ] || lab_die "must run as root (network namespaces)"
	lab_need ip iproute2
	lab_need python3 python3
	LAB_DIR=$(mktemp -d "/tmp/$LAB_PREFIX.XXXXXX")
	chmod 755 "$LAB_DIR"
	trap lab_down EXIT
	trap 'exit 130' INT TERM

	ip netns add "$LAB_SRV_NS" || lab_die "cannot create netns $LAB_SRV_NS"
	ip netns add "$LAB_CLI_NS" || lab_die "cannot create netns $LAB_CLI_NS"
	lab_srv ip link set lo up
	lab_cli ip link set lo up
	lab_link_add
	LAB_SRV_LL=$(lab_srv ip -6 addr show dev "$LAB_SRV_IF" scope link | awk '/inet6/ { sub("/.*", "", $2); print $2; exit }')
	LAB_CLI_LL=$(lab_cli ip -6 addr show dev "$LAB_CLI_IF" scope link | awk '/inet6/ { sub("/.*", "", $2); print $2; exit }')
	lab_log "lab up: $LAB_SRV_NS/$LAB_SRV_IF ($LAB_SRV_LL) <-> $LAB_CLI_NS/$LAB_CLI_IF ($LAB_CLI_LL), files in $LAB_DIR"
}

# The veth pair with its addresses and sysctls; also used to bring an
# interface back after a test removed it.
lab_link_add() {
	# Create the veth pair directly inside the namespaces: no name ever
	# appears in the root namespace, so parallel labs cannot collide.
	ip link add "$LAB_SRV_IF" netns "$LAB_SRV_NS" ${LAB_SRV_MAC:+address "$LAB_SRV_MAC"} type veth \
		peer name "$LAB_CLI_IF" netns "$LAB_CLI_NS" ${LAB_CLI_MAC:+address "$LAB_CLI_MAC"} ||
		lab_die "cannot create veth pair"
	# Server: no DAD (its addresses are usable at once).
	lab_srv sysctl -qw "net.ipv6.conf.$LAB_SRV_IF.accept_dad=0"
	lab_srv sysctl -qw "net.ipv6.conf.$LAB_SRV_IF.accept_ra=0"
	# Client: OpenWrt WAN state. forwarding=1 + accept_ra=1 = kernel ignores RAs.
	lab_cli sysctl -qw net.ipv6.conf.all.forwarding=1
	lab_cli sysctl -qw "net.ipv6.conf.$LAB_CLI_IF.accept_ra=1"
	lab_srv ip link set "$LAB_SRV_IF" up
	lab_cli ip link set "$LAB_CLI_IF" up
	lab_srv ip -6 addr add "$LAB_SRV_ADDR/64" dev "$LAB_SRV_IF" nodad

	lab_wait_until 10 lab_ll_ready "$LAB_SRV_NS" "$LAB_SRV_IF" || lab_die "server link-local not ready"
	lab_wait_until 10 lab_ll_ready "$LAB_CLI_NS" "$LAB_CLI_IF" || lab_die "client link-local still tentative"
}

# lab_tun_add: a second link between the namespaces without a MAC, as
# PPPoE's or a raw-IP modem's: tun devices tun-s (server) and tun-c
# (client) joined by tunpair.py. Link-locals fe80::1 and fe80::2 (no
# random interface ids), 2001:db8:1::1/64 on tun-s; the client side in
# OpenWrt's WAN state like the veth.
LAB_TUN_SRV=tun-s
LAB_TUN_CLI=tun-c
lab_tun_add() {
	local log="$LAB_DIR/tunpair.log"
	python3 "$LAB_HOME/tunpair.py" "$LAB_CLI_NS" "$LAB_TUN_CLI" "$LAB_SRV_NS" "$LAB_TUN_SRV" >"$log" 2>&1 &
	LAB_PIDS+=("$!")
	lab_wait_until 10 grep -q '^ready' "$log" || lab_die "tunpair.py did not start: $(cat "$log")"
	lab_srv sysctl -qw "net.ipv6.conf.$LAB_TUN_SRV.accept_ra=0"
	lab_cli sysctl -qw "net.ipv6.conf.$LAB_TUN_CLI.accept_ra=1"
	local ns ifname ll
	for ns in srv cli; do
		if [ $ns = srv ]; then ifname=$LAB_TUN_SRV ll=fe80::1; else ifname=$LAB_TUN_CLI ll=fe80::2; fi
		"lab_$ns" ip link set "$ifname" addrgenmode none
		"lab_$ns" ip link set "$ifname" up
		"lab_$ns" ip -6 addr add "$ll/64" dev "$ifname" nodad
	done
	lab_srv ip -6 addr add "$LAB_SRV_ADDR/64" dev "$LAB_TUN_SRV" nodad
}

# Kill one process we started: TERM, then KILL after a bounded wait.
lab_kill() {
	local pid=$1 i
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	for i in $(seq 1 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

lab_down() {
	local pid ns
	trap - EXIT
	lab_capture_stop
	for pid in "${LAB_PIDS[@]}"; do
		lab_kill "$pid"
	done
	LAB_PIDS=()
	# Forget the pids just ended: a later lab_up in the same shell must never
	# signal a recycled pid.
	LAB_SERVER="" LAB_SERVER_PID="" LAB_RADVD_PID=""
	# Anything else still inside our namespaces was started by this run
	# (e.g. a client a test forgot): end it by pid before deleting the netns.
	for ns in "$LAB_SRV_NS" "$LAB_CLI_NS"; do
		if ip netns list | grep -qw "$ns"; then
			for pid in $(ip netns pids "$ns" 2>/dev/null); do
				kill -KILL "$pid" 2>/dev/null
			done
			ip netns del "$ns" 2>/dev/null
		fi
	done
	if [ -n "$LAB_DIR" ] && [ -d "$LAB_DIR" ]; then
		# Filesystems a test mounted in its directory (tmpfs for state files).
		awk -v d="$LAB_DIR/" 'index($2, d) == 1 { print $2 }' /proc/mounts | xargs -r umount
		if [ -z "${LAB_KEEP:-}" ]; then
			rm -rf "$LAB_DIR"
		else
			lab_log "kept $LAB_DIR"
		fi
	fi
}

# Start a background command in a namespace; sets LAB_BG_PID.
lab_bg() {
	local ns=$1 log=$2
	shift 2
	ip netns exec "$ns" "$@" >>"$log" 2>&1 &
	LAB_BG_PID=$!
	LAB_PIDS+=("$LAB_BG_PID")
}

lab_forget_pid() {
	local p
	local keep=()
	for p in "${LAB_PIDS[@]}"; do
		[ "$p" = "$1" ] || keep+=("$p")
	done
	LAB_PIDS=("${keep[@]}")
}

# Wait until a UDP port is bound inside the server namespace.
lab_udp_listening() { lab_srv ss -Hnlu "sport = :$1" 2>/dev/null | grep -q .; }

###########################################################################
# DHCPv6 servers
###########################################################################

# lab_server_start <kea|dnsmasq|dhcpd|dhcp6s> [client-duid-hex]
# The DUID (colon or plain hex) is only used by dhcp6s, which can delegate a
# prefix only to a client listed by DUID in a host statement.
lab_server_start() {
	local srv=$1 duid=${2:-}
	[ -z "$LAB_SERVER" ] || lab_server_stop
	local d="$LAB_DIR/$srv"
	mkdir -p "$d"
	LAB_SERVER_LOG="$d/$srv.log"
	: >"$LAB_SERVER_LOG"
	case $srv in
	kea) _lab_kea "$d" ;;
	dnsmasq) _lab_dnsmasq "$d" ;;
	dhcpd) _lab_dhcpd "$d" ;;
	dhcp6s) _lab_dhcp6s "$d" "$duid" ;;
	*) lab_die "unknown server '$srv' (kea, dnsmasq, dhcpd, dhcp6s)" ;;
	esac
	LAB_SERVER=$srv
	LAB_SERVER_PID=$LAB_BG_PID
	if ! lab_wait_until 10 lab_udp_listening 547; then
		tail -20 "$LAB_SERVER_LOG" >&2
		lab_die "$srv did not bind UDP 547 (log above, $LAB_SERVER_LOG)"
	fi
	kill -0 "$LAB_SERVER_PID" 2>/dev/null || lab_die "$srv exited at start (see $LAB_SERVER_LOG)"
	lab_log "$srv running (pid $LAB_SERVER_PID), log $LAB_SERVER_LOG"
}

lab_server_stop() {
	[ -n "$LAB_SERVER_PID" ] || return 0
	lab_kill "$LAB_SERVER_PID"
	lab_forget_pid "$LAB_SERVER_PID"
	LAB_SERVER_PID=""
	LAB_SERVER=""
}

# Which features each server can be asked for (tests use these, not guesses).
lab_server_has_pd() { [ "$1" != dnsmasq ]; }

# LAB_KEA_DUID=<hex>: a DUID-EN of that identifier instead of Kea's
# DUID-LL, so a test can restart "the same" server with a new DUID.
_lab_kea_server_id() {
	if [ -n "${LAB_KEA_DUID:-}" ]; then
		printf '{ "type": "EN", "enterprise-id": 2495, "identifier": "%s", "persist": false }' "$LAB_KEA_DUID"
	else
		printf '{ "type": "LL", "persist": false }'
	fi
}
_lab_kea() {
	local d=$1 pref_opt="" pools="" resv="" ifname=${LAB_KEA_IF:-$LAB_SRV_IF}
	lab_need kea-dhcp6 kea-dhcp6-server
	# LAB_POOL_LO empty: no addresses to give (IA_NA gets NoAddrsAvail).
	[ -n "$LAB_POOL_LO" ] && pools="{ \"pool\": \"$LAB_POOL_LO-$LAB_POOL_HI\" }"
	[ -n "$LAB_KEA_RESERVATIONS" ] && resv=",
      \"reservations\": [ $LAB_KEA_RESERVATIONS ]"
	if [ -n "$LAB_KEA_PREFERENCE" ]; then
		pref_opt=",
      { \"name\": \"preference\", \"data\": \"$LAB_KEA_PREFERENCE\", \"always-send\": true }"
	fi
	cat >"$d/kea-dhcp6.json" <<EOF
{
  "Dhcp6": {
    "interfaces-config": { "interfaces": [ "$ifname" ] },
    "lease-database": { "type": "memfile", "persist": true,
                        "name": "$d/kea-leases6.csv", "lfc-interval": 0 },
    "server-id": $(_lab_kea_server_id),
    "renew-timer": $LAB_T1,
    "rebind-timer": $LAB_T2,
    "preferred-lifetime": $LAB_PREF,
    "valid-lifetime": $LAB_VALID,
    "option-data": [
      { "name": "dns-servers", "data": "$LAB_DNS" },
      { "name": "domain-search", "data": "$LAB_DOMAIN" },
      { "name": "sntp-servers", "data": "$LAB_NTP" }$pref_opt${LAB_KEA_OPTIONS:+,
      $LAB_KEA_OPTIONS}
    ],
    "subnet6": [ {
      "id": 1,
      "subnet": "$LAB_NET",
      "interface": "$ifname",
      "rapid-commit": true,
      "pools": [ $pools ],
      "pd-pools": [ { "prefix": "${LAB_PD_NET%/*}", "prefix-len": ${LAB_PD_NET#*/},
                      "delegated-len": $LAB_PD_LEN $LAB_KEA_PD_EXTRA } ]$resv
    } ],
    "loggers": [ {
      "name": "kea-dhcp6",
      "output_options": [ { "output": "$d/kea.log", "flush": true } ],
      "severity": "DEBUG",
      "debuglevel": 55
    } ]
  }
}
EOF
	# Kea writes its pid/lock files under /run/kea by default: keep them per run.
	KEA_PIDFILE_DIR="$d" KEA_LOCKFILE_DIR="$d" \
		lab_bg "$LAB_SRV_NS" "$d/kea.stderr" kea-dhcp6 -c "$d/kea-dhcp6.json"
	# Kea's own logger writes kea.log; point the generic log name at it.
	LAB_SERVER_LOG="$d/kea.log"
	touch "$LAB_SERVER_LOG"
}

_lab_dnsmasq() {
	local d=$1
	lab_need dnsmasq dnsmasq-base
	# dnsmasq has no IA_PD. It clamps lease times below 120 s up to 120 s
	# (option.c), and derives T1/T2 from the lease time (1/2, 7/8), so its
	# timers cannot be as short as the other servers'.
	local lease=$LAB_VALID
	cat >"$d/dnsmasq.conf" <<EOF
# generated by tests/lab/lab.sh
port=0
interface=$LAB_SRV_IF
bind-interfaces
dhcp-range=$LAB_POOL_LO,$LAB_POOL_HI,64,${lease}s
dhcp-option=option6:dns-server,[$LAB_DNS]
dhcp-option=option6:domain-search,$LAB_DOMAIN
dhcp-option=option6:sntp-server,[$LAB_NTP]
dhcp-leasefile=$d/dnsmasq.leases
dhcp-rapid-commit
log-dhcp
log-debug
log-facility=$d/dnsmasq.log
pid-file=$d/dnsmasq.pid
user=root
EOF
	lab_bg "$LAB_SRV_NS" "$d/dnsmasq.stderr" dnsmasq --keep-in-foreground --conf-file="$d/dnsmasq.conf"
	LAB_SERVER_LOG="$d/dnsmasq.log"
	touch "$LAB_SERVER_LOG"
}

_lab_dhcpd() {
	local d=$1
	lab_need dhcpd isc-dhcp-server
	cat >"$d/dhcpd6.conf" <<EOF
# generated by tests/lab/lab.sh
authoritative;
default-lease-time $LAB_VALID;
max-lease-time $LAB_VALID;
preferred-lifetime $LAB_PREF;
# In DHCPv6 mode dhcpd takes T1/T2 from these DHCPv4 option names.
option dhcp-renewal-time $LAB_T1;
option dhcp-rebinding-time $LAB_T2;
option dhcp6.name-servers $LAB_DNS;
option dhcp6.domain-search "$LAB_DOMAIN";
option dhcp6.sntp-servers $LAB_NTP;
# Presence of this option in scope lets dhcpd answer a Solicit+Rapid Commit with a Reply.
option dhcp6.rapid-commit;
subnet6 $LAB_NET {
  range6 $LAB_POOL_LO $LAB_POOL_HI;
  prefix6 2001:db8:100:: 2001:db8:1ff:ff00:: /$LAB_PD_LEN;
}
EOF
	: >"$d/dhcpd6.leases"
	# -d: foreground, log to stderr (our log file). -q: no banner.
	lab_bg "$LAB_SRV_NS" "$d/dhcpd.log" dhcpd -6 -d -cf "$d/dhcpd6.conf" -lf "$d/dhcpd6.leases" \
		-pf "$d/dhcpd6.pid" "$LAB_SRV_IF"
}

# dhcp6s delegates prefixes only via `host` statements keyed by the client's
# DUID (there is no prefix pool in WIDE 20080615). Pass the client DUID as
# hex (with or without colons) to get a /56; without one, only IA_NA works.
_lab_dhcp6s() {
	local d=$1 duid=$2 hostblock=""
	lab_need dhcp6s wide-dhcpv6-server
	if [ -n "$duid" ]; then
		duid=$(tr -d ':' <<<"$duid" | sed 's/../&:/g; s/:$//')
		# A known host gets only what its host block lists (the pool is not
		# consulted), so the block carries an address as well as the prefix.
		hostblock="host lab-client {
	duid $duid;
	address $LAB_DHCP6S_HOST_ADDR $LAB_PREF $LAB_VALID;
	prefix ${LAB_PD_NET%/*}/$LAB_PD_LEN $LAB_PREF $LAB_VALID;
};"
	fi
	cat >"$d/dhcp6s.conf" <<EOF
# generated by tests/lab/lab.sh
option domain-name-servers $LAB_DNS;
option domain-name "$LAB_DOMAIN";
option ntp-servers $LAB_NTP;
interface $LAB_SRV_IF {
	address-pool lab-pool $LAB_PREF $LAB_VALID;
	allow rapid-commit;
};
pool lab-pool {
	range $LAB_POOL_LO to $LAB_POOL_HI;
};
$hostblock
EOF
	# dhcp6s wants a control key; give it a private one (also keeps it off /etc).
	printf 'keyinfo { realm "lab"; keyid 1; secret "%s"; };\n' "$(head -c 16 /dev/urandom | base64)" >"$d/ctlkey"
	lab_bg "$LAB_SRV_NS" "$d/dhcp6s.log" dhcp6s -c "$d/dhcp6s.conf" -k "$d/ctlkey" -P "$d/dhcp6s.pid" -dDf "$LAB_SRV_IF"
}

###########################################################################
# Router Advertisements
###########################################################################

# lab_send_ra [send_ra.py options]: bounded RA(s) from the server's link-local.
lab_send_ra() {
	lab_srv python3 "$LAB_HOME/send_ra.py" -i "$LAB_SRV_IF" "$@"
}

# lab_radvd_start <M 0|1> <O 0|1> [interval-seconds]
# Optional: LAB_RA_LIFETIME (router lifetime), LAB_RA_AUTONOMOUS=1 (A=1 in
# the PIO), LAB_RA_VALID/LAB_RA_PREFERRED (PIO lifetimes), LAB_RA_DNS_LIFETIME
# (RDNSS/DNSSL); radvd's defaults otherwise.
lab_radvd_start() {
	local m=${1:-1} o=${2:-1} ival=${3:-4} d="$LAB_DIR/radvd"
	lab_need radvd radvd
	mkdir -p "$d"
	local onoff=(off on)
	local rl=${LAB_RA_LIFETIME:+AdvDefaultLifetime $LAB_RA_LIFETIME;}
	local pv=${LAB_RA_VALID:+AdvValidLifetime $LAB_RA_VALID;}
	local pp=${LAB_RA_PREFERRED:+AdvPreferredLifetime $LAB_RA_PREFERRED;}
	local rd=${LAB_RA_DNS_LIFETIME:+AdvRDNSSLifetime $LAB_RA_DNS_LIFETIME;}
	local ds=${LAB_RA_DNS_LIFETIME:+AdvDNSSLLifetime $LAB_RA_DNS_LIFETIME;}
	cat >"$d/radvd.conf" <<EOF
# generated by tests/lab/lab.sh
interface $LAB_SRV_IF {
	AdvSendAdvert on;
	MinRtrAdvInterval $((ival > 3 ? ival - 1 : 3));
	MaxRtrAdvInterval $((ival > 4 ? ival : 4));
	AdvManagedFlag ${onoff[$m]};
	AdvOtherConfigFlag ${onoff[$o]};
	$rl
	prefix $LAB_NET {
		AdvOnLink on;
		AdvAutonomous ${onoff[${LAB_RA_AUTONOMOUS:-0}]};
		$pv $pp
	};
	RDNSS $LAB_DNS { $rd };
	DNSSL $LAB_DOMAIN { $ds };
};
EOF
	# radvd insists on forwarding=1 on the sending side.
	lab_srv sysctl -qw net.ipv6.conf.all.forwarding=1
	lab_bg "$LAB_SRV_NS" "$d/radvd.log" radvd -n -d 1 -m stderr -C "$d/radvd.conf" -p "$d/radvd.pid"
	LAB_RADVD_PID=$LAB_BG_PID
}

lab_radvd_stop() {
	[ -n "$LAB_RADVD_PID" ] || return 0
	lab_kill "$LAB_RADVD_PID"
	lab_forget_pid "$LAB_RADVD_PID"
	LAB_RADVD_PID=""
}

###########################################################################
# Capture (client side of the veth, kernel timestamps, one clock)
###########################################################################

# Captures DHCPv6, RAs and RSs; a scenario that floods RAs restarts the
# capture with LAB_CAPTURE_FILTER='udp port 546 or udp port 547', one on
# another client interface with LAB_CAPTURE_IF.
lab_capture_start() {
	local filter=${LAB_CAPTURE_FILTER:-'udp port 546 or udp port 547 or (icmp6 and (ip6[40] == 134 or ip6[40] == 133))'}
	local ifname=${LAB_CAPTURE_IF:-$LAB_CLI_IF}
	lab_need tcpdump tcpdump
	LAB_PCAP=${LAB_PCAP_FILE:-$LAB_DIR/client.pcap}
	local err="$LAB_DIR/tcpdump.stderr"
	: >"$err"
	# --immediate-mode: without it the kernel hands packets to tcpdump in
	# blocks, up to ~1 s late, and a check right after an event misses them.
	# -U: write each packet at once so waits can read the file live.
	# -Z root: Debian's tcpdump would otherwise drop to user tcpdump and
	# fail to write into our root-owned temp dir.
	ip netns exec "$LAB_CLI_NS" tcpdump -i "$ifname" -n -U --immediate-mode -Z root --time-stamp-precision=nano \
		-w "$LAB_PCAP" "$filter" \
		2>"$err" &
	LAB_TCPDUMP_PID=$!
	LAB_PIDS+=("$LAB_TCPDUMP_PID")
	lab_wait_until 10 grep -q 'listening on' "$err" || lab_die "tcpdump did not start: $(cat "$err")"
}

lab_capture_stop() {
	[ -n "$LAB_TCPDUMP_PID" ] || return 0
	sleep 0.2 # let the last packets reach the file
	lab_kill "$LAB_TCPDUMP_PID"
	lab_forget_pid "$LAB_TCPDUMP_PID"
	LAB_TCPDUMP_PID=""
}

# All RA/DHCPv6 packets so far: "<ts> <proto> <type> <NAME> <src> <dst> <hex>".
lab_pkts() { python3 "$LAB_HOME/pcap.py" "$LAB_PCAP"; }
# Same with a short option decode appended (for humans and failure messages).
lab_pkts_summary() { python3 "$LAB_HOME/pcap.py" -s "$LAB_PCAP" | cut -f1,4,5,8; }

# First packet named NAME (RA, SOLICIT, ADVERTISE, REQUEST, REPLY, RENEW,
# REBIND, RELEASE, INFORMATION-REQUEST ...) strictly after time AFTER.
lab_find_pkt() {
	local name=$1 after=${2:-0}
	lab_pkts | awk -F'\t' -v n="$name" -v a="$after" '$4 == n && $1 > a { print; exit }' | grep .
}

# lab_wait_pkt NAME TIMEOUT [AFTER]: prints the packet line, fails on timeout.
lab_wait_pkt() {
	local name=$1 timeout=$2 after=${3:-0}
	lab_wait_until "$timeout" lab_find_pkt "$name" "$after" >/dev/null || return 1
	lab_find_pkt "$name" "$after"
}

# Count of packets named NAME after AFTER.
# lab_decoded NAME [AFTER]: `pcap.py -s` lines (with option decode) of
# the packets NAME captured after AFTER.
lab_decoded() {
	python3 "$LAB_HOME/pcap.py" -s "$LAB_PCAP" | awk -F'\t' -v n="$1" -v a="${2:-0}" '$4 == n && $1 > a'
}
# lab_decoded_has NAME AFTER TEXT: one of them contains TEXT;
# lab_first_decoded_has: the first of them does.
lab_decoded_has() { lab_decoded "$1" "$2" | grep -qF -- "$3"; }
lab_first_decoded_has() { lab_decoded "$1" "$2" | head -1 | grep -qF -- "$3"; }
# lab_answered REQUEST ANSWER: a REQUEST was answered by an ANSWER with its xid.
lab_answered() { python3 "$LAB_HOME/pcap.py" "$LAB_PCAP" | python3 "$LAB_HOME/pair.py" "$1" "$2" >/dev/null; }
# What standalone mode installed in the client namespace.
lab_cli_has_addr() { lab_cli ip -6 addr show dev "$LAB_CLI_IF" | grep -q " $1/128 "; }
lab_cli_has_unreachable() { lab_cli ip -6 route show type unreachable | grep -q "^unreachable $1 "; }
# lab_count_pkt NAME [after] [until]: packets named NAME captured after the
# timestamp `after` and up to `until` (inclusive; default: all so far).
lab_count_pkt() {
	lab_pkts | awk -F'\t' -v n="$1" -v a="${2:-0}" -v u="${3:-}" \
		'$4 == n && $1 > a && (u == "" || $1 <= u) { c++ } END { print c + 0 }'
}

# Client DUID (hex, no colons) from the first client message in the capture.
lab_client_duid() {
	lab_pkts | awk -F'\t' '$2 == "dhcp6" && ($3 == 1 || $3 == 3 || $3 == 11) { print $7; exit }' |
		python3 -c '
import struct, sys
m = bytes.fromhex(sys.stdin.read().strip())
i = 4
while i + 4 <= len(m):
    code, ln = struct.unpack("!HH", m[i:i + 4])
    if code == 1:
        print(m[i + 4:i + 4 + ln].hex())
        break
    i += 4 + ln
' | grep .
}

# Grep a log with a bounded wait.
lab_wait_log() {
	local file=$1 regex=$2 timeout=${3:-10}
	lab_wait_until "$timeout" grep -Eq "$regex" "$file"
}

###########################################################################
# State-script record (tests/lab/record.sh output)
###########################################################################

RECORD_FILE=${RECORD_FILE:-}

# rec_count STATE
rec_count() { awk -v s="STATE=$1" '$0 == s { n++ } END { print n + 0 }' "$RECORD_FILE" 2>/dev/null || echo 0; }

rec_has() { grep -q "^STATE=$1\$" "$RECORD_FILE" 2>/dev/null; }

# rec_wait STATE TIMEOUT [N]: wait until the Nth (default 1st) STATE block.
rec_wait() {
	lab_wait_until "$2" _rec_atleast "$1" "${3:-1}"
}
_rec_atleast() { [ "$(rec_count "$1")" -ge "$2" ]; }

# rec_get STATE VAR: VAR's value in the last block of STATE ("TS" = timestamp).
rec_get() {
	awk -v st="$1" -v var="$2" '
		/^BEGIN / { ts = $2; delete kv; next }
		/^END$/ { if (kv["STATE"] == st) { last = (var == "TS") ? ts : kv[var]; found = 1 } next }
		{ i = index($0, "="); if (i) kv[substr($0, 1, i - 1)] = substr($0, i + 1) }
		END { if (found) print last; else exit 1 }
	' "$RECORD_FILE"
}

# rec_block STATE: the whole last block of STATE, for printing.
rec_block() {
	awk -v st="$1" '
		/^BEGIN / { buf = $0 "\n"; s = ""; next }
		/^STATE=/ { s = substr($0, 7) }
		/^END$/ { if (s == st) last = buf; next }
		{ buf = buf $0 "\n" }
		END { printf "%s", last }
	' "$RECORD_FILE"
}

# rec_states: the sequence of states, one per line, e.g. started bound ...
rec_states() { sed -n 's/^STATE=//p' "$RECORD_FILE" 2>/dev/null; }

###########################################################################
# Address helpers for assertions
###########################################################################

# in_prefix ADDR PREFIX/LEN: is ADDR inside PREFIX?
in_prefix() {
	python3 -c 'import ipaddress, sys
a = ipaddress.IPv6Network(sys.argv[1], strict=False)
sys.exit(0 if a.subnet_of(ipaddress.IPv6Network(sys.argv[2])) else 1)' "$1" "$2" 2>/dev/null
}

# first_entry_in LIST PREFIX [LEN]: first "addr/len,..." entry of an
# ADDRESSES/PREFIXES list inside PREFIX (and of length LEN if given).
first_entry_in() {
	local list=$1 pfx=$2 want_len=${3:-} e a
	for e in $list; do
		a=${e%%,*}
		if [ -n "$want_len" ] && [ "${a#*/}" != "$want_len" ]; then
			continue
		fi
		if in_prefix "$a" "$pfx"; then
			echo "$e"
			return 0
		fi
	done
	return 1
}
