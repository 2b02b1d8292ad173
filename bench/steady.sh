#!/bin/bash
# Bound-client scenarios (issue 11, scenarios 4 and 5) in its own lab:
#
#   steady.sh <client> <idle-s> <samples-file> <lock-file> <ready-dir> <done-file>
#
# Kea (lease timers of hours: no timer due) and the client start; one RA
# with M=1 binds it. Then:
#  4. idle: CPU time (utime+stime, with reaped children) and context
#     switches of all the client's processes over <idle-s> seconds. All
#     clients idle at the same time (nothing is timed, only counted).
#  4b. Renew (clients that renew on SIGUSR1: ra6c, odhcp6c), one client at a
#     time (holding <lock-file>), 3 rounds: CPU of all its processes from the
#     signal until 1 s after the Reply (script children included), and Reply
#     -> state script `updated`.
#  5. floods, one client at a time (holding <lock-file>): 1,000 RAs/s for
#     10 s of the same RA, then of a new prefix in every RA. Client CPU
#     during the flood (+1 s after), DHCPv6 messages it sent meanwhile,
#     and whether its lease is intact afterwards (address still on the
#     interface, no unbound/expire stamp).
# shellcheck source-path=SCRIPTDIR
# shellcheck disable=SC2034 # LAB_* settings are read by the sourced lab.sh
set -u
client=$1 idle=$2 out=$3 lock=$4 ready=$5 done=$6
BENCH_HOME=$(cd "$(dirname "$0")" && pwd)
LAB_PREFIX=b6s-$$
LAB_T1=20000 LAB_T2=30000 LAB_PREF=40000 LAB_VALID=50000
# shellcheck source=../tests/lab/lab.sh
source "$BENCH_HOME/../tests/lab/lab.sh"
# shellcheck source=lib.sh
source "$BENCH_HOME/lib.sh"

samples=()
emit() { samples+=("$1	$client	$2"); }
note() { echo "# [$client steady] $*" >&2; }
us_ms() { awk -v t="$1" 'BEGIN { printf "%.1f", t / 1000 }'; }
# DHCPv6 messages the client sent after time $1 (before $2 if given).
sent_after() {
	bench_pkts | awk -F'\t' -v a="$1" -v b="${2:-9e18}" '$1 > a && $1 <= b &&
		$2 ~ /^(SOLICIT|REQUEST|CONFIRM|RENEW|REBIND|RELEASE|DECLINE|INFORMATION-REQUEST)$/ { n++ }
		END { print n + 0 }'
}
# odhcp6c installs nothing itself (netifd does, from its script): its lease
# is the `bound` it reported; the others put the address on the interface.
has_lease() {
	if [ "$(bc_base "$client")" = odhcp6c ]; then
		grep -Eq ' (bound|updated)$' "$d/stamp" 2>/dev/null
	else
		lab_cli ip -6 addr show dev "$LAB_CLI_IF" | grep -q 'inet6 2001:db8:1::1[0-9a-f]\{3\}/'
	fi
}
lost_stamp() { grep -Eq ' (unbound|stopped|EXPIRE6|STOP6|RELEASE6)$' "$d/stamp" 2>/dev/null; }

lab_up 2>/dev/null
lab_capture_start
bench_mon_start
lab_server_start kea 2>/dev/null
d=$LAB_DIR/c
bc_start "$client" "$d"
sleep 1
lab_send_ra -M -q --prefix "$LAB_NET" --rdnss "$LAB_DNS" --dnssl "$LAB_DOMAIN"
# dhcp6c binds on its own schedule (it started soliciting at start).
if ! lab_wait_until 60 has_lease; then
	note "no lease within 60 s"
	emit error "steady: no lease"
fi
sleep 3 # DAD, hooks, networkd's follow-up work

# 4. Idle.
read -r c0 s0 <<<"$(bc_cpu)"
t0=$(lab_now)
sleep "$idle"
read -r c1 s1 <<<"$(bc_cpu)"
emit idle_cpu_ms "$(us_ms $((c1 - c0)))"
emit idle_ctxsw "$((s1 - s0))"
emit idle_msgs "$(sent_after "$t0")"
read -r rss _ <<<"$(bc_mem)"
emit idle_rss_kb "$rss"

exec 9>"$lock"
# 4b. Renew on SIGUSR1 (netifd's renew; odhcp6c.c and ra6c alike).
case $(bc_base "$client") in
ra6c* | odhcp6c)
	for _ in 1 2 3; do
		flock 9
		t0=$(lab_now)
		read -r c0 s0 <<<"$(bc_cpu)"
		kill -USR1 "$BC_PID"
		rep=$(lab_wait_pkt REPLY 5 "$t0")
		sleep 1
		read -r c1 s1 <<<"$(bc_cpu)"
		flock -u 9
		if [ -z "$rep" ]; then
			note "no Reply to the SIGUSR1 Renew"
			emit error "renew: no Reply"
			continue
		fi
		emit renew_cpu_ms "$(us_ms $((c1 - c0)))"
		emit renew_ctxsw "$((s1 - s0))"
		emit renew_msgs "$(sent_after "$t0")"
		u=$(awk -v t="$t0" '$1 > t && $3 == "updated" { print $1; exit }' "$d/stamp")
		[ -n "$u" ] && emit renew_script_ms "$(lab_delta_ms "${rep%%	*}" "$u")"
		sleep 0.5
	done
	;;
esac

# 5. Floods, one client at a time (each flood holds the trials' lock),
# BENCH_FLOOD_ROUNDS of each kind: all same-RA floods first (so none runs
# after a new-prefix flood has filled the client's tables), then the
# new-prefix floods, each round with prefixes no earlier round used.
for kind in same new; do
	for round in $(seq 1 "${BENCH_FLOOD_ROUNDS:-1}"); do
		args=(--round "$round")
		[ "$kind" = new ] && args+=(--new-prefix)
		flock 9
		read -r c0 _ <<<"$(bc_cpu)"
		f=$(lab_srv python3 "$BENCH_HOME/flood.py" -i "$LAB_SRV_IF" "${args[@]}")
		sleep 1
		read -r c1 _ <<<"$(bc_cpu)"
		read -r _ n first _ <<<"$f"
		emit "flood_${kind}_sent" "$n"
		emit "flood_${kind}_cpu_ms" "$(us_ms $((c1 - c0)))"
		emit "flood_${kind}_msgs" "$(sent_after "$first")"
		if has_lease && ! lost_stamp; then
			emit "flood_${kind}_lease" 1
		else
			emit "flood_${kind}_lease" 0
		fi
		read -r _ hwm _ <<<"$(bc_mem)"
		emit "flood_${kind}_hwm_kb" "$hwm"
		sleep 0.5
		flock -u 9
		sleep 1
	done
done

{ for s in "${samples[@]}"; do echo "$s"; done; } >>"$out"
if [ -n "${BENCH_DEBUG:-}" ]; then
	lab_pkts_summary | grep -v '	RA	' >&2
	cat "$d/stamp" >&2
fi
bench_finish "$ready" "$done"
