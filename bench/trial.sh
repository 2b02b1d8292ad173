#!/bin/bash
# One "late RA" trial (issue 11, scenarios 1-3) in its own lab:
#
#   trial.sh <client> <M|O|S> <idle-s> <samples-file> <lock-file> <ready-dir> <done-file>
#
# M, O: the client starts with no RA and no server and idles <idle-s>
# seconds. Then, holding <lock-file> so no other trial's measurement
# overlaps (they only idle meanwhile), Kea starts and one RA is sent (M=1 or
# O=1 only, PIO 2001:db8:1::/64 with A=0, RDNSS, DNSSL).
# S ("at start"): Kea is already up; holding the lock, the client starts
# and rs_answer.py sends the M=1 RA the moment the client's Router
# Solicitation arrives (after 3 s without one, anyway), as a router answers
# an RS: client start -> bound and RA -> bound when netifd starts a client
# on a fresh WAN link.
# A client named "...@load" is measured while `stress-ng --cpu 2` loads
# both cores (started 1 s before the RA, stopped after the measurement). Times come from the capture in
# the client's namespace (tcpdump, nanosecond kernel timestamps: the RA
# as received on the client's veth, the client's packets as sent), the
# address monitor (ip -ts monitor) and the state script's stamps.
# Appends "<metric>\t<client>\t<value>" lines to <samples-file>, touches
# <ready-dir>/<pid>, then waits for <done-file> before tearing down (so teardown never overlaps another
# trial's measurement).
# shellcheck source-path=SCRIPTDIR
# shellcheck disable=SC2034 # LAB_* settings are read by the sourced lab.sh
set -u
client=$1 mode=$2 idle=$3 out=$4 lock=$5 ready=$6 done=$7
BENCH_HOME=$(cd "$(dirname "$0")" && pwd)
LAB_PREFIX=b6-$$
# Lease timers far away: nothing but the RA drives the client here.
LAB_T1=1000 LAB_T2=1600 LAB_PREF=2000 LAB_VALID=3000
[ "$client" = ra6c-p255 ] && LAB_KEA_PREFERENCE=255
# shellcheck source=../tests/lab/lab.sh
source "$BENCH_HOME/../tests/lab/lab.sh"
# shellcheck source=lib.sh
source "$BENCH_HOME/lib.sh"
base=$(bc_base "$client") # "+rt", "+nice", "@load": lib.sh

samples=()
emit() { samples+=("$1	$client	$2"); }
flush() {
	local s
	[ "${#samples[@]}" -gt 0 ] || return 0
	{ for s in "${samples[@]}"; do echo "$s"; done; } >>"$out"
	samples=()
}
note() { echo "# [$client $mode] $*" >&2; }

lab_up 2>/dev/null
lab_capture_start
bench_mon_start
d=$LAB_DIR/c
# O-only: ra6c as a host (lib.sh's BC_HOST; a CE router's -P solicits instead).
[ "$mode" = O ] && BC_HOST=1
if [ "$mode" != S ]; then
	bc_start "$client" "$d"
	sleep "$idle"
fi

if [ "$mode" = O ]; then
	ra_flags=(-O) want=INFORMATION-REQUEST
else
	ra_flags=(-M) want=SOLICIT
fi
case $base in
ra6c* | odhcp6c) bound_re='^bound$' inform_re='^informed$' ;;
dhcpcd) bound_re='^BOUND6$' inform_re='^INFORM6$' ;;
dhcp6c) bound_re='.' inform_re='.' ;;
*) bound_re='^$' inform_re='^$' ;;
esac
# Clients that don't start DHCPv6 from this RA (A=0 prefix): dhcp6c reads
# no RAs, odhcp6c solicits from start-up and restarts only for a new
# autonomous prefix (odhcp6c.c odhcp6c_signal_process, ra.c PIO handling).
own_schedule=0
case $base in dhcp6c | odhcp6c) [ "$mode" != S ] && own_schedule=1 ;; esac

load_pid=
load_start() {
	[[ $client == *@load ]] || return 0
	stress-ng --cpu 2 --timeout 20 --quiet >/dev/null 2>&1 &
	load_pid=$!
	sleep 1
}
load_stop() {
	[ -n "$load_pid" ] || return 0
	kill -TERM "$load_pid" 2>/dev/null
	wait "$load_pid" 2>/dev/null
	load_pid=
}

# Kea starts right after the idle time, before the exclusive slot: its
# start-up work is over before anything is timed. dhcp6c and odhcp6c don't
# start DHCPv6 from this RA and their next Solicit is seconds away: they
# need no exclusive slot, and get the RA first and Kea right after (started first, Kea could answer a
# retransmission that falls just before the RA, leaving nothing to time).
exec 9>"$lock"
before=$(bench_pkts | tail -1 | cut -f1)
if [ "$own_schedule" = 1 ]; then
	lab_send_ra "${ra_flags[@]}" -q --prefix "$LAB_NET" --rdnss "$LAB_DNS" --dnssl "$LAB_DOMAIN"
	lab_server_start kea 2>/dev/null
	touch "$ready.kea/$$"
else
	lab_server_start kea 2>/dev/null
	# Barrier: every lab of the batch has started its Kea (their start-up
	# work would otherwise land on the first measurements).
	touch "$ready.kea/$$"
	for _ in $(seq 1 120); do
		[ "$(find "$ready.kea" -type f | wc -l)" -ge "${BENCH_BATCH_N:-0}" ] && break
		sleep 0.5
	done
	flock 9
	load_start
	if [ "$mode" = S ]; then
		lab_srv python3 "$BENCH_HOME/rs_answer.py" -i "$LAB_SRV_IF" --ready "$LAB_DIR/rs.ready" >"$LAB_DIR/rs.out" &
		rs_pid=$!
		lab_wait_until 10 test -e "$LAB_DIR/rs.ready"
		t_start=$(lab_now)
		bc_start "$client" "$d"
		wait "$rs_pid"
	else
		sleep 0.2
		lab_send_ra "${ra_flags[@]}" -q --prefix "$LAB_NET" --rdnss "$LAB_DNS" --dnssl "$LAB_DOMAIN"
	fi
fi
ra_line=$(lab_wait_pkt RA 3 "${before:-0}")
ra_ts=${ra_line%%	*}
if [ -z "$ra_ts" ]; then
	note "RA not seen in the capture"
	emit error "RA not captured"
	load_stop
	flock -u 9
else
	# dhcp6c and odhcp6c: their next message comes from their own backoff
	# (up to SOL_MAX_RT 120 s), nothing to time exclusively.
	wait_s=5
	if [ "$own_schedule" = 1 ]; then
		wait_s=130
	fi
	# At start (S) a client may have solicited before the RA: not timed.
	pkt=
	[ "$mode" = S ] || pkt=$(lab_wait_pkt "$want" "$wait_s" "$ra_ts")
	if [ "$mode" = S ]; then
		:
	elif [ -z "$pkt" ]; then
		emit "${mode}_first" nan
		note "no $want within ${wait_s}s of the RA"
	else
		emit "${mode}_first" "$(lab_delta_ms "$ra_ts" "${pkt%%	*}")"
	fi
	if [ "$mode" = S ]; then
		# At start: client start -> Reply and -> bound, and RA -> bound
		# (negative: bound before the RA; odhcp6c's script delay of up to
		# 10 s is waited for, up to 20 s).
		rep=$(lab_wait_pkt REPLY 15 "$t_start")
		[ -n "$rep" ] && emit S_reply "$(lab_delta_ms "$t_start" "${rep%%	*}")"
		b=
		if [ "$base" != networkd ]; then
			for _ in $(seq 1 200); do
				b=$(bench_stamp_ts "$d/stamp" "$bound_re")
				[ -n "$b" ] && break
				sleep 0.1
			done
			if [ -n "$b" ]; then
				emit S_bound "$(lab_delta_ms "$t_start" "$b")"
				emit S_ra_bound "$(lab_delta_ms "$ra_ts" "$b")"
			else
				emit S_bound nan
			fi
		fi
	elif [ "$mode" = M ]; then
		rep=$(lab_wait_pkt REPLY 15 "$ra_ts")
		[ -n "$rep" ] && emit M_reply "$(lab_delta_ms "$ra_ts" "${rep%%	*}")"
		# 4-message or Rapid Commit: was there an Advertise before the Reply?
		adv=$(lab_find_pkt ADVERTISE "$ra_ts")
		# Kea's own time: the client's last message before the Reply -> Reply.
		if [ -n "$rep" ]; then
			last=$(bench_pkts | awk -F'\t' -v a="$ra_ts" -v r="${rep%%	*}" '$1 > a && $1 < r &&
				($2 == "SOLICIT" || $2 == "REQUEST") { t = $1 } END { print t }')
			[ -n "$last" ] && emit M_server "$(lab_delta_ms "$last" "${rep%%	*}")"
		fi
		emit M_rapid "$([ -z "$adv" ] && [ -n "$rep" ] && echo 1 || echo 0)"
		for _ in $(seq 1 50); do
			a=$(bench_addr_ts)
			[ -n "$a" ] && break
			sleep 0.1
		done
		[ -n "$a" ] && emit M_addr "$(lab_delta_ms "$ra_ts" "$a")"
		if [ "$base" != networkd ]; then
			for _ in $(seq 1 50); do
				b=$(bench_stamp_ts "$d/stamp" "$bound_re")
				[ -n "$b" ] && break
				sleep 0.1
			done
			[ -n "$b" ] && emit M_bound "$(lab_delta_ms "$ra_ts" "$b")"
			[ -n "$b" ] && [ -n "$rep" ] && emit M_reply_bound "$(lab_delta_ms "${rep%%	*}" "$b")"
		fi
		sleep 0.3 # let hooks the client forked finish
		read -r rss hwm pss np anon <<<"$(bc_mem)"
		emit rss_kb "$rss"
		emit anon_kb "$anon"
		emit hwm_kb "$hwm"
		emit pss_kb "$pss"
		emit nproc "$np"
	else
		rep=$(lab_wait_pkt REPLY 10 "$ra_ts")
		[ -n "$rep" ] && emit O_reply "$(lab_delta_ms "$ra_ts" "${rep%%	*}")"
		if [ "$base" != networkd ]; then
			for _ in $(seq 1 30); do
				b=$(bench_stamp_ts "$d/stamp" "$inform_re")
				[ -n "$b" ] && break
				sleep 0.1
			done
			[ -n "$b" ] && emit O_informed "$(lab_delta_ms "$ra_ts" "$b")"
		fi
	fi
	load_stop
	flock -u 9 2>/dev/null
fi
if [ -n "${BENCH_DEBUG:-}" ]; then
	lab_pkts_summary >&2
	cat "$d/stamp" >&2
fi
flush
bench_finish "$ready" "$done"
