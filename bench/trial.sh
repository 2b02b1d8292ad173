#!/bin/bash
# One "late RA" trial (issue 11, scenarios 1-3) in its own lab:
#
#   trial.sh <client> <M|O> <idle-s> <samples-file> <lock-file> <ready-dir> <done-file>
#
# The client starts with no RA and no server and idles <idle-s> seconds.
# Then, holding <lock-file> so no other trial's measurement overlaps (they
# only idle meanwhile), Kea starts and one RA is sent (M=1 or O=1 only, PIO
# 2001:db8:1::/64 with A=0, RDNSS, DNSSL). Times come from the capture in
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
base=${client%+rt} # "+rt": same client at real-time priority (lib.sh)
BENCH_HOME=$(cd "$(dirname "$0")" && pwd)
LAB_PREFIX=b6-$$
# Lease timers far away: nothing but the RA drives the client here.
LAB_T1=1000 LAB_T2=1600 LAB_PREF=2000 LAB_VALID=3000
[ "$client" = ra6c-p255 ] && LAB_KEA_PREFERENCE=255
# shellcheck source=../tests/lab/lab.sh
source "$BENCH_HOME/../tests/lab/lab.sh"
# shellcheck source=lib.sh
source "$BENCH_HOME/lib.sh"

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
bc_start "$client" "$d"
sleep "$idle"

if [ "$mode" = M ]; then
	ra_flags=(-M) want=SOLICIT
else
	ra_flags=(-O) want=INFORMATION-REQUEST
fi
case $base in
ra6c*) bound_re='^bound$' inform_re='^informed$' ;;
dhcpcd) bound_re='^BOUND6$' inform_re='^INFORM6$' ;;
dhcp6c) bound_re='.' inform_re='.' ;;
*) bound_re='^$' inform_re='^$' ;;
esac

# Kea starts right after the idle time, before the exclusive slot: its
# start-up work is over before anything is timed. dhcp6c doesn't read RAs
# and its next Solicit is seconds away: it needs no exclusive slot, and it
# gets the RA first and Kea right after (started first, Kea could answer a
# retransmission that falls just before the RA, leaving nothing to time).
exec 9>"$lock"
before=$(bench_pkts | tail -1 | cut -f1)
if [ "$base" = dhcp6c ]; then
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
	sleep 0.2
	lab_send_ra "${ra_flags[@]}" -q --prefix "$LAB_NET" --rdnss "$LAB_DNS" --dnssl "$LAB_DOMAIN"
fi
ra_line=$(lab_wait_pkt RA 3 "${before:-0}")
ra_ts=${ra_line%%	*}
if [ -z "$ra_ts" ]; then
	note "RA not seen in the capture"
	emit error "RA not captured"
	flock -u 9
else
	# dhcp6c ignores RAs: its next message comes from its own backoff (up
	# to SOL_MAX_RT 120 s), nothing to time exclusively.
	wait_s=5
	if [ "$base" = dhcp6c ]; then
		wait_s=130
	fi
	pkt=$(lab_wait_pkt "$want" "$wait_s" "$ra_ts")
	if [ -z "$pkt" ]; then
		emit "${mode}_first" nan
		note "no $want within ${wait_s}s of the RA"
	else
		emit "${mode}_first" "$(lab_delta_ms "$ra_ts" "${pkt%%	*}")"
	fi
	if [ "$mode" = M ]; then
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
	flock -u 9 2>/dev/null
fi
if [ -n "${BENCH_DEBUG:-}" ]; then
	lab_pkts_summary >&2
	cat "$d/stamp" >&2
fi
flush
bench_finish "$ready" "$done"
