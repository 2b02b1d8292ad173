#!/bin/bash
# Benchmark helpers, sourced after tests/lab/lab.sh (which is reused as is).
#
# Clients (BENCH_CLIENT names):
#   ra6c-d0   ra6c --solicit-delay 0              (raw-socket RA trigger)
#   ra6c      ra6c with the default random delay   (SOL_MAX_DELAY 1 s)
#   ra6c-rc   ra6c --solicit-delay 0 --rapid-commit
#   ra6c-p255 ra6c --solicit-delay 0, Kea sends Preference 255 (the client
#             may Request at once instead of collecting Advertises for 1 s)
#   networkd  Debian's /lib/systemd/systemd-networkd, no systemd as PID 1
#   dhcpcd    Debian's dhcpcd (dhcpcd-base), privilege-separated, -6
#   dhcp6c    Debian's WIDE dhcp6c
#   odhcp6c   OpenWrt's odhcp6c (what ra6c replaces), from $ODHCP6C, built
#             by hand with bench/odhcp6c-build.sh; run as netifd's dhcpv6.sh
#             runs it (-N try -P 0 -t 120), the stamp binary as its script
# Suffixes (combinable, in this order): "+rt" real-time priority (chrt -f
# 10), "+nice" nice -10 (procd's `nice` instance parameter), "@load" the
# trial's measurement runs under a synthetic load (trial.sh).
# Every client asks for IA_NA and IA_PD, like OpenWrt's WAN (-N try -P 0)
# and networkd's default (ra6c not in the O-only trials: BC_HOST), except dhcpcd: naming any ia_* makes dhcpcd
# start DHCPv6 at once without waiting for an RA, so it keeps its default
# (IA_NA only, started by the RA's M flag).
#
# bc_start <client> <dir> sets BC_PID (the client's main pid). The state
# script of ra6c (and the hooks of dhcpcd/dhcp6c) append
# "<epoch.ns> <ifname> <state>" lines to <dir>/stamp via the stamp binary.

# shellcheck disable=SC2034 # variables are for the sourcing script

BENCH_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_STAMP=${BENCH_STAMP:-$BENCH_HOME/replay/target/release/stamp}
BENCH_RA6C=${BENCH_RA6C:-}
ODHCP6C=${ODHCP6C:-}

# The client's base name: "ra6c-d0+rt@load" -> ra6c-d0.
bc_base() {
	local c=${1%@load}
	c=${c%+nice}
	echo "${c%+rt}"
}

bc_is_ra6c() { [[ $1 == ra6c* ]]; }

# lab.sh runs Kea at debug level 55 with a flush per line, which costs it
# milliseconds per packet (the lab wants the log; a benchmark wants the
# server out of the way). Re-define lab.sh's _lab_kea with the same config
# but severity WARN. If lab.sh changes shape, this silently does nothing and
# Kea keeps its debug log (BENCH_KEA_LOG says which).
BENCH_KEA_LOG=DEBUG
if declare -f _lab_kea | grep -q '"severity": "DEBUG"'; then
	eval "$(declare -f _lab_kea | sed -e 's/"severity": "DEBUG"/"severity": "WARN"/')"
	BENCH_KEA_LOG=WARN
fi

# The client's own CPU cgroup (v2, else v1 cpuacct): its usage counts
# every process the client starts, script children included, to the
# nanosecond (/proc's cutime counts reaped children in 10 ms ticks).
# BC_CG is the prefix that puts the started command into it.
bc_cgroup() {
	local base
	BC_CG=() BC_CG_DIR="" BC_CG_FILE=""
	if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
		base=/sys/fs/cgroup BC_CG_FILE=cpu.stat
	elif [ -d /sys/fs/cgroup/cpuacct ]; then
		base=/sys/fs/cgroup/cpuacct BC_CG_FILE=cpuacct.usage
	else
		return 0
	fi
	BC_CG_DIR=$base/ra6c-bench-$$
	mkdir -p "$BC_CG_DIR" 2>/dev/null || { BC_CG_DIR=""; return 0; }
	# shellcheck disable=SC2016 # $0, $$, $@: the inner shell's
	BC_CG=(sh -c 'echo $$ >"$0" && exec "$@"' "$BC_CG_DIR/cgroup.procs")
}

# lab_bg in the client namespace, entering the client's cgroup first:
# `ip netns exec` mounts a sysfs of its own, without /sys/fs/cgroup.
bc_bg() {
	local log=$1
	shift
	"${BC_CG[@]}" ip netns exec "$LAB_CLI_NS" "$@" >>"$log" 2>&1 &
	LAB_BG_PID=$!
	LAB_PIDS+=("$LAB_BG_PID")
}

# CPU time of the client's cgroup, µs (empty without one).
bc_cg_us() {
	[ -n "$BC_CG_DIR" ] || return 0
	case $BC_CG_FILE in
	cpu.stat) awk '$1 == "usage_usec" { print $2 }' "$BC_CG_DIR/cpu.stat" ;;
	*) awk '{ printf "%d\n", $1 / 1000 }' "$BC_CG_DIR/cpuacct.usage" ;;
	esac
}

# Remove the (empty) cgroup once the client is gone.
bc_cg_remove() {
	[ -n "${BC_CG_DIR:-}" ] || return 0
	rmdir "$BC_CG_DIR" 2>/dev/null && BC_CG_DIR=""
}

bc_start() {
	local client=$1 d=$2
	bc_cgroup
	# "<client>+rt": the same client at real-time priority (SCHED_FIFO 10),
	# to show its reaction without the machine's scheduling noise.
	BC_RT=()
	client=${client%@load}
	if [[ $client == *+nice ]]; then
		client=${client%+nice}
		BC_RT=(nice -n -10)
	fi
	if [[ $client == *+rt ]]; then
		client=${client%+rt}
		BC_RT=(chrt -f 10)
	fi
	mkdir -p "$d"
	: >"$d/stamp"
	case $client in
	ra6c | ra6c-d0 | ra6c-rc | ra6c-p255)
		local extra=()
		[ "$client" = ra6c ] || extra+=(--solicit-delay 0)
		[ "$client" = ra6c-rc ] && extra+=(--rapid-commit)
		# BC_HOST=1 (the O-only trials): ra6c as a host, without -P. With -P
		# it is a CE router, which solicits for a prefix on an O-only RA
		# (RFC 7084 WPD-4, as odhcp6c); the IPv6 Ready host case is O=1 ->
		# Information-Request.
		[ "${BC_HOST:-0}" = 1 ] || extra+=(-P 0)
		mkdir -p "$d/state"
		STAMP_FILE="$d/stamp" bc_bg "$d/client.log" "${BC_RT[@]}" \
			"$BENCH_RA6C" -s "$BENCH_STAMP" -N try --standalone --state-dir "$d/state" \
			"${extra[@]}" "$LAB_CLI_IF"
		;;
	networkd)
		cat >"$d/50-bench.network" <<EOF
[Match]
Name=$LAB_CLI_IF

[Network]
DHCP=ipv6
IPv6AcceptRA=yes
LinkLocalAddressing=ipv6
EOF
		# Private mount namespace: tmpfs on /run (this host has no
		# /run/udev to mount over), then tmpfs on /run/systemd and
		# /run/udev, /sys read-only (else networkd waits for udev),
		# /run/systemd/netif owned by systemd-network (it drops to that user).
		# shellcheck disable=SC2016 # $1 is sh -c's argument
		bc_bg "$d/client.log" "${BC_RT[@]}" unshare -m --propagation private sh -c '
			mount -t tmpfs tmpfs /run &&
			mkdir /run/systemd /run/udev &&
			mount -t tmpfs tmpfs /run/systemd &&
			mount -t tmpfs tmpfs /run/udev &&
			mount -o remount,ro /sys &&
			mkdir -p /run/systemd/netif/links /run/systemd/netif/leases /run/systemd/network &&
			chown -R systemd-network:systemd-network /run/systemd/netif &&
			cp "$1" /run/systemd/network/ &&
			exec /lib/systemd/systemd-networkd' sh "$d/50-bench.network"
		;;
	dhcpcd)
		mkdir -p "$d/lib" "$d/run" /var/lib/dhcpcd /run/dhcpcd
		# dhcpcd runs hooks with a clean environment: name the file here.
		# shellcheck disable=SC2016 # $interface, $reason: the hook's own
		printf '#!/bin/sh\nSTAMP_FILE=%s exec %s "$interface" "$reason"\n' "$d/stamp" "$BENCH_STAMP" >"$d/hook.sh"
		chmod 755 "$d/hook.sh"
		cat >"$d/dhcpcd.conf" <<EOF
# bench/lib.sh: dhcpcd's defaults for DHCPv6 (RA-driven), a timing hook.
ipv6only
duid
option dhcp6_name_servers, dhcp6_domain_search, dhcp6_sntp_servers
script $d/hook.sh
EOF
		# Private /var/lib/dhcpcd and /run/dhcpcd (pid and lease files are
		# named after the interface, which every lab calls veth-c).
		# shellcheck disable=SC2016 # $1.. are sh -c's arguments
		STAMP_FILE="$d/stamp" bc_bg "$d/client.log" "${BC_RT[@]}" unshare -m --propagation private sh -c \
			'mount --bind "$1" /var/lib/dhcpcd && mount --bind "$2" /run/dhcpcd && shift 2 && exec "$@"' \
			sh "$d/lib" "$d/run" dhcpcd -B -d -6 -f "$d/dhcpcd.conf" "$LAB_CLI_IF"
		;;
	dhcp6c)
		# shellcheck disable=SC2016 # $REASON: the hook's own
		printf '#!/bin/sh\nSTAMP_FILE=%s exec %s "%s" "${REASON:-reply}"\n' "$d/stamp" "$BENCH_STAMP" "$LAB_CLI_IF" >"$d/hook.sh"
		chmod 755 "$d/hook.sh"
		cat >"$d/dhcp6c.conf" <<EOF
interface $LAB_CLI_IF {
	send ia-na 0;
	send ia-pd 0;
	request domain-name-servers;
	request domain-name;
	request ntp-servers;
	script "$d/hook.sh";
};
id-assoc na 0 { };
id-assoc pd 0 { };
EOF
		STAMP_FILE="$d/stamp" bc_bg "$d/client.log" "${BC_RT[@]}" \
			dhcp6c -c "$d/dhcp6c.conf" -p "$d/dhcp6c.pid" -dDf "$LAB_CLI_IF"
		;;
	odhcp6c)
		[ -x "$ODHCP6C" ] || lab_die "odhcp6c: set ODHCP6C to its binary (bench/odhcp6c-build.sh)"
		# netifd's dhcpv6.sh defaults: reqaddress try, reqprefix auto (0), soltimeout 120.
		STAMP_FILE="$d/stamp" bc_bg "$d/client.log" "${BC_RT[@]}" \
			"$ODHCP6C" -s "$BENCH_STAMP" -N try -P 0 -t 120 -e -p "$d/odhcp6c.pid" "$LAB_CLI_IF"
		;;
	*) lab_die "unknown client $client" ;;
	esac
	BC_PID=$LAB_BG_PID
}

bc_stop() {
	[ -n "${BC_PID:-}" ] || return 0
	lab_kill "$BC_PID"
	lab_forget_pid "$BC_PID"
	BC_PID=""
	bc_cg_remove
}

# Pids of the client's processes: everything in the client namespace but
# the capture and monitors we started there.
bc_pids() {
	local p skip=" ${LAB_TCPDUMP_PID:-} ${BENCH_MON_PID:-} "
	for p in $(ip netns pids "$LAB_CLI_NS" 2>/dev/null); do
		[[ $skip == *" $p "* ]] && continue
		[ -r "/proc/$p/stat" ] && echo "$p"
	done
}

# "<rss_kB> <hwm_kB> <pss_kB> <nproc> <anon_kB>" summed over the client's
# processes (anon: RssAnon, the private memory no other program shares).
bc_mem() {
	local p rss=0 hwm=0 pss=0 n=0 anon=0 a b c e
	for p in $(bc_pids); do
		a=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null)
		b=$(awk '/^VmHWM:/ { print $2 }' "/proc/$p/status" 2>/dev/null)
		e=$(awk '/^RssAnon:/ { print $2 }' "/proc/$p/status" 2>/dev/null)
		c=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null)
		[ -n "$a" ] || continue
		rss=$((rss + a)) hwm=$((hwm + ${b:-0})) pss=$((pss + ${c:-0})) n=$((n + 1)) anon=$((anon + ${e:-0}))
	done
	echo "$rss $hwm $pss $n $anon"
}

# "<cpu_us> <ctxsw>" summed over the client's processes and their threads:
# on-CPU time from the client's cgroup (bc_cgroup) or, without one, from
# /proc/<pid>/task/*/schedstat (ns, not 10 ms ticks) plus cutime+cstime
# (children it reaped, e.g. forked hooks; ticks), and voluntary+nonvoluntary
# context switches.
bc_cpu() {
	local p t=0 cs=0 st sw hz
	hz=$(getconf CLK_TCK)
	for p in $(bc_pids); do
		st=$(cat /proc/"$p"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%d", s / 1000 }')
		ch=$(awk -v hz="$hz" '{ sub(/^.*\) /, ""); printf "%d", ($14 + $15) * 1000000 / hz }' "/proc/$p/stat" 2>/dev/null)
		sw=$(cat /proc/"$p"/task/*/status 2>/dev/null |
			awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ { s += $2 } END { print s + 0 }')
		if [ -z "$st" ] || [ -z "$ch" ]; then
			continue
		fi
		t=$((t + st + ch)) cs=$((cs + sw))
	done
	st=$(bc_cg_us)
	echo "${st:-$t} $cs"
}

# Address monitor in the client namespace (user-space receive timestamps,
# CLOCK_REALTIME like the capture's).
bench_mon_start() {
	BENCH_MON_LOG="$LAB_DIR/addrmon.log"
	# Real-time priority (if allowed) so the monitor reads each message at
	# once instead of whenever it is next scheduled on a busy machine.
	local rt=()
	chrt -f 10 true 2>/dev/null && rt=(chrt -f 10)
	ip netns exec "$LAB_CLI_NS" "${rt[@]}" ip -ts -6 monitor address >"$BENCH_MON_LOG" 2>&1 &
	BENCH_MON_PID=$!
	LAB_PIDS+=("$BENCH_MON_PID")
}

# Epoch of the first global address from the DHCPv6 pool on the client's
# interface (not "Deleted"), or nothing.
bench_addr_ts() {
	python3 - "$BENCH_MON_LOG" <<'EOF'
import datetime, re, sys
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"\[(\S+)\]\s*(Deleted)?.*inet6 2001:db8:1::1[0-9a-f]{3}/", line)
    if m and not m.group(2):
        print("%.6f" % datetime.datetime.fromisoformat(m.group(1)).timestamp())
        break
EOF
}

# Epoch of the first stamp line whose state matches REGEX.
bench_stamp_ts() {
	awk -v re="$2" '$3 ~ re { print $1; exit }' "$1" 2>/dev/null
}

# The capture as "<ts> <NAME>" lines.
bench_pkts() { python3 "$LAB_HOME/pcap.py" "$LAB_PCAP" | cut -f1,4; }

# bench_finish READY-DIR DONE-FILE: tell run.sh's run_batch this job's
# figures are written, wait (bounded, 5 min) until it says the whole batch
# is done, then stop the client and the lab: the batch tears down together.
bench_finish() {
	touch "$1/$$"
	for _ in $(seq 1 600); do
		[ -e "$2" ] && break
		sleep 0.5
	done
	bc_stop
	lab_down
	bc_cg_remove # again, once lab_down ended what the client left behind
}
