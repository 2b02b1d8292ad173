#!/bin/bash
# Sourced by tests/lab/run.sh (issue 7).
#
# flood (opt-in, --scenario flood): 10,000 RAs a second for 10 s while
# bound, from the server's namespace only (bounded in count and in time by
# src/ra_flood.c). First 50,000 identical RAs (M=1), then 50,000 whose
# router and prefix lifetimes change with every RA (ra6c's raw path drops
# identical repeats without spending a token; changing ones must meet the
# rate limit). ra6c's work stays bounded: its CPU time (utime + stime) over
# the flood is a bounded share of the flood's wall time, it stays bound (no
# unbound, no Solicit), renews at T1 and gets its Replies throughout, calls
# ra-updated at most once per hold-off (-m), and its stop log shows the
# raw trigger rate-limited RAs.
# shellcheck disable=SC2154 # LAB_*, RA6C_PID, S_T1, CUR come from run.sh and lab.sh

FLOOD_RATE=10000     # RAs per second
FLOOD_PHASE=50000    # RAs per phase (identical, then varying): 5 s each
FLOOD_MAX_S=15       # hard stop per phase, whatever the achieved rate
FLOOD_HOLDOFF=3      # ra6c -m: seconds between ra-updated calls
FLOOD_CPU_PCT=50     # ceiling on ra6c's CPU, % of the flood's wall time

# flood_cpu_ms PID: "<utime+stime> <cutime+cstime> <on-CPU>" of PID in ms:
# /proc/PID/stat fields 14-17 (clock-tick resolution; the children are the
# state-script calls ra6c reaped), and the scheduler's ns count from
# /proc/PID/schedstat (0 where the kernel has none).
flood_cpu_ms() {
	awk -v tck="$(getconf CLK_TCK)" -v ns="$(cut -d' ' -f1 "/proc/$1/schedstat" 2>/dev/null)" '{ sub(/^.*\) /, "")
		printf "%d %d %.1f\n", ($12 + $13) * 1000 / tck, ($14 + $15) * 1000 / tck, ns / 1e6 }' "/proc/$1/stat"
}

# flood_renews AFTER: one line per Renew (by xid) captured after AFTER:
# "<ts> <answered 0|1> <reply-ts or ->".
flood_renews() {
	lab_pkts | awk -F'\t' -v a="$1" '
		$2 != "dhcp6" { next }
		$4 == "RENEW" && $1 > a { x = substr($7, 3, 6); if (!(x in at)) { order[++n] = x; at[x] = $1 } }
		$4 == "REPLY" { x = substr($7, 3, 6); if ((x in at) && !(x in rep)) rep[x] = $1 }
		END { for (i = 1; i <= n; i++) { x = order[i]; print at[x], (x in rep) ? 1 : 0, (x in rep) ? rep[x] : "-" } }'
}

# flood_max_gap_ms FROM TO: the longest time (ms) between consecutive
# Replies in [FROM, TO], counting FROM and TO as ends (FROM is the Reply
# that bound the lease): how long the lease went without being renewed.
flood_max_gap_ms() {
	lab_pkts | awk -F'\t' -v a="$1" -v b="$2" '
		BEGIN { last = a; m = 0 }
		$4 == "REPLY" && $1 > a && $1 <= b { if ($1 - last > m) m = $1 - last; last = $1 }
		END { if (b - last > m) m = b - last; printf "%.0f", m * 1000 }'
}

scenario_flood() {
	local srv=$1 reply t0 t1 wall_ms cpu0 cpu1 cpu_ms kid_ms sched0 sched1 out1 out2 sent rates
	local ra_up0 ra_up1 upd0 upd1 ra_up_max renews after n_renew n_ans n_sol gap stopline limited
	# 100,000 RAs would swamp the capture (and pcap.py): DHCPv6 only.
	lab_capture_stop
	LAB_CAPTURE_FILTER='udp port 546 or udp port 547' lab_capture_start
	lab_need cc gcc
	if ! cc -O2 -Wall -o "$LAB_DIR/ra_flood" "$LAB_HOME/src/ra_flood.c" 2>"$LAB_DIR/cc.log"; then
		notok "build ra_flood" "$(head -5 "$LAB_DIR/cc.log")"
		return
	fi
	bring_up "$srv" -m "$FLOOD_HOLDOFF" || return
	if ! rec_wait bound 20; then
		notok "bound before the flood" "no bound within 20 s"
		return
	fi
	check "RA source is the raw socket" "$(grep 'RA source' "$LAB_DIR/ra6c.log")" \
		grep -q 'RA source: raw' "$LAB_DIR/ra6c.log"
	lab_wait_pkt REPLY 2 >/dev/null # the capture may lag the script call a little
	reply=$(lab_pkts | awk -F'\t' '$4 == "REPLY" { t = $1 } END { print t }')
	if [ -z "$reply" ]; then
		notok "Reply captured" "bound, but no Reply in the capture"
		return
	fi
	ra_up0=$(rec_count ra-updated)
	upd0=$(rec_count updated)
	read -r cpu0 _ sched0 < <(flood_cpu_ms "$RA6C_PID")
	t0=$(lab_now)
	out1=$(lab_srv "$LAB_DIR/ra_flood" "$LAB_SRV_IF" "$FLOOD_PHASE" "$FLOOD_RATE" same "$FLOOD_MAX_S")
	out2=$(lab_srv "$LAB_DIR/ra_flood" "$LAB_SRV_IF" "$FLOOD_PHASE" "$FLOOD_RATE" vary "$FLOOD_MAX_S")
	t1=$(lab_now)
	if proc_alive "$RA6C_PID"; then
		read -r cpu1 kid_ms sched1 < <(flood_cpu_ms "$RA6C_PID")
	fi
	info "phase 1: $out1"
	info "phase 2: $out2"
	sent=$(printf '%s\n%s\n' "$out1" "$out2" | awk '/^SENT/ { s += $2 } END { print s + 0 }')
	rates=$(printf '%s\n%s\n' "$out1" "$out2" | awk '/^SENT/ { sub(/,$/, "", $8); printf "%s%s", sep, $8; sep = " then " }')
	check "all $((2 * FLOOD_PHASE)) RAs sent" "$sent sent" test "$sent" -eq $((2 * FLOOD_PHASE))
	check "ra6c alive after the flood" "ra6c exited: $(tail -3 "$LAB_DIR/ra6c.log" | tr '\n' ' ')" \
		proc_alive "$RA6C_PID" || return
	wall_ms=$(lab_delta_ms "$t0" "$t1")
	cpu_ms=$((cpu1 - cpu0))
	info "figures: $sent RAs in ${wall_ms} ms ($rates), ra6c CPU (utime+stime) ${cpu_ms} ms" \
		"($(awk -v c="$cpu_ms" -v w="$wall_ms" 'BEGIN { printf "%.1f", 100 * c / w }')% of the flood's wall time)," \
		"on-CPU per schedstat $(awk -v a="$sched0" -v b="$sched1" 'BEGIN { printf "%.1f", b - a }') ms," \
		"script calls' CPU so far ${kid_ms} ms"
	# A bound on work, not on speed: the flood lasts as long as it lasts;
	# ra6c may spend at most this share of it on the CPU.
	check "ra6c CPU over the flood < ${FLOOD_CPU_PCT}% of its wall time (${cpu_ms} ms of ${wall_ms%.*} ms)" \
		"${cpu_ms} ms CPU in ${wall_ms} ms" \
		awk -v c="$cpu_ms" -v w="$wall_ms" -v p="$FLOOD_CPU_PCT" 'BEGIN { exit !(c * 100 < w * p) }'

	# The lease: a Renew at T1 after the flood too, answered.
	after=$(lab_wait_pkt RENEW $((S_T1 + 3)) "$t1" | cut -f1)
	[ -n "$after" ] && lab_wait_pkt REPLY 3 "$after" >/dev/null
	renews=$(flood_renews "$reply")
	n_renew=$(awk -v a="$t0" -v b="$t1" '$1 > a && $1 <= b' <<<"$renews" | wc -l)
	check "Renews at T1 during the flood ($n_renew)" "none between $t0 and $t1; Renews: $(tr '\n' ' ' <<<"$renews")" \
		test "$n_renew" -ge 1
	check "Renew right after the flood" "none within T1+3 s of its end" test -n "$after"
	n_renew=$(grep -c . <<<"$renews")
	n_ans=$(awk '$2 == 1' <<<"$renews" | wc -l)
	check "every Renew answered by a Reply ($n_ans of $n_renew)" "Renews (ts answered reply): $(tr '\n' ' ' <<<"$renews")" \
		test "$n_ans" -eq "$n_renew"
	gap=$(flood_max_gap_ms "$reply" "$(lab_now)")
	check "lease renewed throughout: longest time without a Reply ${gap} ms <= T1+3 s" \
		"${gap} ms, T1=${S_T1}s" test "$gap" -le $(((S_T1 + 3) * 1000))
	upd1=$(rec_count updated)
	check "script updated after the Renews ($((upd1 - upd0)) calls)" "states: $(rec_states | tr '\n' ' ')" \
		test "$((upd1 - upd0))" -ge "$n_ans"
	check "still bound: no unbound" "states: $(rec_states | tr '\n' ' ')" \
		not rec_has unbound
	n_sol=$(lab_count_pkt SOLICIT "$reply")
	check "no Solicit after binding" "$n_sol Solicit(s) after the Reply at $reply" test "$n_sol" -eq 0
	n_sol=$(lab_count_pkt REBIND "$reply")
	check "no Rebind" "$n_sol Rebind(s) after the Reply at $reply" test "$n_sol" -eq 0
	ra_up1=$(rec_count ra-updated)
	# One at the flood's start, at most one per hold-off, and the change
	# held off at its end (ra6c reports it when the hold-off runs out).
	ra_up_max=$(awk -v w="$wall_ms" -v h="$FLOOD_HOLDOFF" 'BEGIN { printf "%d", w / 1000 / h + 3 }')
	check "ra-updated calls during the flood: $((ra_up1 - ra_up0)) <= $ra_up_max (-m $FLOOD_HOLDOFF)" \
		"states: $(rec_states | tr '\n' ' ')" test "$((ra_up1 - ra_up0))" -le "$ra_up_max"
	local gap
	# shellcheck disable=SC2016 # awk program
	gap=$(awk -v t0="$t0" '/^BEGIN / { ts = $2 } $0 == "STATE=ra-updated" && ts > t0 { if (p != "") { g = ts - p; if (m == "" || g < m) m = g } p = ts }
		END { print (m == "" ? "none" : m) }' "$RECORD_FILE")
	check "ra-updated calls at least $FLOOD_HOLDOFF s apart (closest: $gap s)" "closest $gap s" \
		awk -v g="$gap" -v h="$FLOOD_HOLDOFF" 'BEGIN { exit !(g == "none" || g + 0.05 >= h) }'
	info "script calls: $((ra_up1 - ra_up0)) ra-updated, $((upd1 - upd0)) updated; $n_renew Renews, $n_ans answered"

	# Quiet again: ra6c sleeps. A flood control pause that had ended once
	# stayed a deadline in the past and ra6c spun at 100 % CPU until the
	# next RA.
	local idle0 idle1
	read -r idle0 _ < <(flood_cpu_ms "$RA6C_PID")
	sleep 3
	read -r idle1 _ < <(flood_cpu_ms "$RA6C_PID")
	check "idle after the flood: $((idle1 - idle0)) ms CPU in 3 s" "$((idle1 - idle0)) ms of 3000" \
		test "$((idle1 - idle0))" -lt 300

	kill -TERM "$RA6C_PID"
	lab_wait_until 5 ra6c_gone
	if proc_alive "$RA6C_PID"; then
		notok "exit within 5 s of SIGTERM" "still running"
		return
	fi
	wait "$RA6C_PID" 2>/dev/null
	RA6C_PID=""
	stopline=$(grep -o 'raw trigger: [0-9]* in, [0-9]* invalid, [0-9]* rate-limited' "$LAB_DIR/ra6c.log" | tail -1)
	info "stop log: $stopline; $(grep -o 'dropped by the client: .*' "$LAB_DIR/ra6c.log" | tail -1)"
	limited=$(awk '{ print $(NF - 1) }' <<<"$stopline")
	check "raw trigger rate-limited RAs (${limited:-?})" "stop log: '${stopline:-no trigger line}'" \
		test "${limited:-0}" -gt 0
}

# holdoff (Kea): an RA that changes what the script shows, arriving while
# -m holds ra-updated back, is reported when the hold-off ends, not lost
# until the next Renew (the flood scenario showed it lost).
scenario_holdoff() {
	local srv=$1 n t0 mtu
	[ "$srv" = kea ] || { notok "server" "scenario holdoff is written for Kea, not $srv"; return; }
	# Long timers: no "updated" may carry the RA before the hold-off ends.
	LAB_T1=60 LAB_T2=96 LAB_PREF=120 LAB_VALID=180 bring_up_bound "$srv" -m 3 || return
	n=$(rec_count ra-updated)
	t0=$(lab_now)
	lab_send_ra -M -q --prefix "$LAB_NET" --mtu 1400
	check "RA with a new MTU -> ra-updated" "states: $(rec_states | tr '\n' ' ')" rec_wait ra-updated 2 $((n + 1))
	lab_send_ra -M -q --prefix "$LAB_NET" --mtu 1300 # within the 3 s hold-off
	if rec_wait ra-updated 5 $((n + 2)); then
		mtu=$(rec_get ra-updated RA_MTU)
		info "second ra-updated $(lab_delta_ms "$t0" "$(rec_get ra-updated TS)") ms after the first RA"
		check "held-off change reported: RA_MTU=1300" "RA_MTU=$mtu" test "$mtu" = 1300
	else
		notok "held-off change reported when the hold-off ends" "states: $(rec_states | tr '\n' ' ')"
	fi
}
