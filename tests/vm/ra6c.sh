# shellcheck shell=sh
# ra6c in the booted kernel, sourced by init.sh (uses its H, R, pass, fail,
# wait_file, field): ra6c on veth1 in the "host" namespace (forwarding=1,
# accept_ra=1), RAs and a tiny DHCPv6 server (dhcp6_srv) in "rtr".
# Runs after the module checks, with ra6notify loaded.

SRVLOG=/tmp/srv.log
R6LOG=/tmp/ra6c.log
REC=/tmp/states

r6_start() { # ra6c options...
	rm -f "$REC" "$R6LOG"
	# shellcheck disable=SC2016 # $2 is for the script, not for us
	printf '#!/bin/sh\necho "$2" >> %s\n' "$REC" > /tmp/script.sh
	chmod 755 /tmp/script.sh
	nsenter -t "$HOST" -n ra6c -v -v -s /tmp/script.sh --state-dir /tmp/r6state \
		--solicit-delay 0 "$@" veth1 > "$R6LOG" 2>&1 &
	R6=$!
	i=0
	while ! grep -q '^started$' "$REC" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	sleep 0.3
}
r6_stop() {
	[ -n "${R6:-}" ] && kill -TERM "$R6" 2>/dev/null && wait "$R6" 2>/dev/null
	R6=
}
srv_count() { grep -c "^RX type=$1 " "$SRVLOG" 2>/dev/null || true; }
has_state() { grep -qx "$1" "$REC" 2>/dev/null; }
wait_for() { # seconds command...
	n=$(($1 * 10))
	shift
	while ! "$@" && [ "$n" -gt 0 ]; do
		sleep 0.1
		n=$((n - 1))
	done
	"$@"
}
got_type() { [ "$(srv_count "$1")" -gt 0 ]; }
rs_sent() { grep -c 'sent a Router Solicitation' "$R6LOG"; }

r6_solicit() {
	: > "$SRVLOG"
	nsenter -t "$RTR" -n dhcp6_srv veth0 "$SRVLOG" &
	SRV=$!
	wait_for 5 grep -q READY "$SRVLOG"
	r6_start --trigger auto
	if grep -q 'RA source: hook' "$R6LOG"; then
		pass "ra6c: picks the kernel hook by itself"
	else
		fail "ra6c: RA source: $(grep 'RA source' "$R6LOG")"
	fi
	if [ "$(stat_of listeners)" -ge 1 ]; then
		pass "ra6c: registered (listeners $(stat_of listeners))"
	else
		fail "ra6c: listeners $(stat_of listeners)"
	fi
	R ra_send veth0 80 > /tmp/ra_sent
	if wait_for 5 got_type 1; then
		# hook stamp (CLOCK_MONOTONIC) from ra6c's log, Solicit's arrival
		# at the server on the same clock
		hook_ns=$(sed -n 's/.*hook event .*tstamp_ns=\([0-9]*\).*/\1/p' "$R6LOG" | head -1)
		sol_ns=$(sed -n 's/^RX type=1 mono_ns=\([0-9]*\).*/\1/p' "$SRVLOG" | head -1)
		if [ -n "$hook_ns" ] && [ -n "$sol_ns" ]; then
			echo "LATENCY ra6c: hook->Solicit at the server $(((sol_ns - hook_ns) / 1000)) us"
		else
			echo "INFO no latency: hook_ns='$hook_ns' sol_ns='$sol_ns' $(grep -c DEBUG "$R6LOG") debug lines"
			grep -m3 'hook' "$R6LOG" | sed 's/^/INFO ra6c: /'
		fi
		pass "ra6c: RA(M) -> hook event -> Solicit on the other side"
	else
		fail "ra6c: no Solicit: $(tail -5 "$R6LOG")"
	fi
	if wait_for 5 has_state bound; then
		pass "ra6c: bound with dhcp6_srv"
	else
		fail "ra6c: not bound: $(cat "$REC")"
	fi
	# M TRUE -> FALSE -> TRUE while bound: no new Solicit, Renew at T1 (4 s)
	sol=$(srv_count 1)
	R ra_send veth0 00 > /dev/null
	sleep 0.3
	R ra_send veth0 80 > /dev/null
	sleep 0.3
	if [ "$(srv_count 1)" = "$sol" ] && ! has_state unbound; then
		pass "ra6c: M true->false->true keeps the binding, no new Solicit"
	else
		fail "ra6c: M flap: Solicits $sol -> $(srv_count 1), states $(tr '\n' ' ' < "$REC")"
	fi
	if wait_for 6 got_type 5; then
		pass "ra6c: Renew at T1 after the M flap"
	else
		fail "ra6c: no Renew"
	fi
	# a burst of 10,000 RAs: the hook rate-limits, ra6c stays bound; the
	# events it lost (A_DROPPED) make it ask for a fresh RA
	rs0=$(rs_sent)
	t0=$(uptime_cs)
	R ra_send veth0 80 10000 vary > /dev/null
	sleep 0.5
	if kill -0 "$R6" 2>/dev/null && ! has_state unbound && [ "$(srv_count 1)" = "$sol" ]; then
		pass "ra6c: 10,000 RAs: still bound, no Solicit storm ($(stat_of dropped_ratelimit) rate-limited)"
	else
		fail "ra6c: after the burst: $(tr '\n' ' ' < "$REC") Solicits $(srv_count 1)"
	fi
	# RSs stay 4 s apart (RFC 4861 6.3.7), however many events report
	# loss: at most one per 4 s of the burst (a slow kernel makes it long)
	wait_for 5 more_than rs_sent "" "$rs0"
	rs1=$(rs_sent)
	rsmax=$((rs0 + 2 + ($(uptime_cs) - t0) / 400))
	if grep -q 'RA events lost in the kernel' "$R6LOG" && [ "$rs1" -gt "$rs0" ] &&
	   [ "$rs1" -le "$rsmax" ]; then
		pass "ra6c: events lost in the kernel (A_DROPPED) -> Router Solicitation, not a storm ($rs0 -> $rs1 sent)"
	else
		fail "ra6c: after kernel-side loss: Router Solicitations $rs0 -> $rs1, $(grep -c 'lost in the kernel' "$R6LOG") loss reports"
	fi
	kill -KILL "$R6"
	wait "$R6" 2>/dev/null
	R6=
	sleep 0.2
	if [ "$(stat_of listeners)" = 0 ]; then
		pass "ra6c: killed -> listeners back to 0"
	else
		fail "ra6c: killed, listeners $(stat_of listeners)"
	fi
}

r6_info() {
	: > "$SRVLOG"
	r6_start --trigger hook
	R ra_send veth0 40 > /dev/null
	if wait_for 5 got_type 11 && [ "$(srv_count 1)" = 0 ]; then
		pass "ra6c: O-only RA -> Information-Request"
	else
		fail "ra6c: O-only: server saw $(tr '\n' ' ' < "$SRVLOG")"
	fi
	if wait_for 3 has_state informed; then
		pass "ra6c: informed"
	else
		fail "ra6c: not informed: $(tr '\n' ' ' < "$REC")"
	fi
	r6_stop
}

r6_reload() {
	: > "$SRVLOG"
	r6_start --trigger auto
	rmmod ra6notify || { fail "ra6c reload: rmmod"; r6_stop; return; }
	if wait_for 3 grep -q 'RA source: raw' "$R6LOG"; then
		pass "ra6c: rmmod -> falls back to the raw socket"
	else
		fail "ra6c: rmmod: $(tail -3 "$R6LOG")"
	fi
	R ra_send veth0 80 > /dev/null
	if wait_for 5 got_type 1; then
		pass "ra6c: on the raw socket, RA(M) -> Solicit"
	else
		fail "ra6c: no Solicit on the raw fallback"
	fi
	insmod /lib/modules/ra6notify.ko legacy=1 rate=10 burst=20 || fail "ra6c reload: insmod"
	if wait_for 8 grep -q 'kernel hook is back' "$R6LOG"; then
		pass "ra6c: insmod -> back on the hook without a restart"
	else
		fail "ra6c: hook not picked up again: $(tail -3 "$R6LOG")"
	fi
	r6_stop
}

r6_legacy() {
	: > "$SRVLOG"
	# init.sh's rmmod race check left the module loaded with legacy=1
	if [ "$(cat /sys/module/ra6notify/parameters/legacy)" != Y ]; then
		fail "ra6c: legacy: module loaded without legacy=1"
		return
	fi
	r6_start --trigger legacy --legacy-proto 25 --legacy-type 0
	R ra_send veth0 80 > /dev/null
	if wait_for 5 got_type 1; then
		pass "ra6c: legacy protocol (seed mode) -> Solicit"
	else
		fail "ra6c: legacy: $(tail -3 "$R6LOG")"
	fi
	r6_stop
}

# Every option length, a multiple of 8 from 0 to 1032, reaches ra6c
# through the hook: ra_send "lens" sends one RA per length (5 ms apart),
# ra6c -v -v logs each event with its option length; 1032 arrives cut to
# 1024 (truncated=1). No rate limit or coalescing meanwhile.
r6_optlens() {
	: > "$SRVLOG"
	set_param rate 0
	set_param coalesce_ms 0
	r6_start --trigger hook
	R ra_send veth0 80 1 lens 1032 > /dev/null
	wait_for 5 grep -q 'hook event .* options=1024 truncated=1 ' "$R6LOG"
	missing=
	l=0
	while [ $l -le 1024 ]; do
		grep -q "hook event .* options=$l truncated=0 " "$R6LOG" || missing="$missing $l"
		l=$((l + 8))
	done
	grep -q 'hook event .* options=1024 truncated=1 ' "$R6LOG" || missing="$missing 1032"
	n=$(grep -c 'hook event ' "$R6LOG")
	set_param rate 10
	set_param coalesce_ms 1000
	r6_stop
	if [ -z "$missing" ]; then
		pass "ra6c options: all 130 option lengths 0..1032 (step 8) reached ra6c ($n events; 1032 cut to 1024, truncated)"
	else
		fail "ra6c options: no event in ra6c for option length(s)$missing ($n events, dropped_nomem $(stat_of dropped_nomem))"
	fi
}

r6_status() {
	if nsenter -t "$HOST" -n ra6c --hook-status > /tmp/hs 2>&1 && grep -q '^ras seen' /tmp/hs; then
		pass "ra6c --hook-status: $(tr '\n' ';' < /tmp/hs | cut -c1-120)"
	else
		fail "ra6c --hook-status: $(cat /tmp/hs)"
	fi
}

# ms on the server's CLOCK_MONOTONIC (or CLOCK_BOOTTIME with "boot") of
# the last message "RX|TX" of a type
srv_last_ms() {
	sed -n "s/^$1 type=$2 mono_ns=\([0-9]*\) boot_ns=\([0-9]*\)\$/\1 \2/p" "$SRVLOG" | tail -1 |
		awk -v c="${3:-mono}" '{ print int((c == "boot" ? $2 : $1) / 1000000) }'
}
srv_tx_count() { grep -c "^TX type=$1 " "$SRVLOG" 2>/dev/null || true; }
more_than() { [ "$($1 "$2")" -gt "$3" ]; } # counter type n

# CLOCK_REALTIME stepped a day forward, and back, while bound (what an NTP
# step does): ra6c's timers run on CLOCK_BOOTTIME, so each next Renew still
# comes T1 after the Reply on the server's CLOCK_MONOTONIC: not at once
# (forward) nor a day late (back), no unbound, no new Solicit.
R6_T1=4 # dhcp6_srv's T1
r6_clock() {
	: > "$SRVLOG"
	r6_start --trigger auto
	R ra_send veth0 80 > /dev/null
	if ! wait_for 5 has_state bound; then
		fail "ra6c clock: not bound: $(tr '\n' ' ' < "$REC")"
		r6_stop
		return
	fi
	sol=$(srv_count 1)
	for step in 86400 -86400; do
		# the Reply that started this T1: the one to the Request, then to the Renew
		wait_for 2 more_than srv_tx_count 7 "$(srv_count 5)"
		rep=$(srv_last_ms TX 7)
		n=$(srv_count 5)
		before=$(date +%s)
		date -s "@$((before + step))" > /dev/null
		after=$(date +%s)
		moved=$((after - before - step)) # ~0 if the step took
		if ! wait_for $((R6_T1 + 3)) more_than srv_count 5 "$n"; then
			fail "ra6c clock: no Renew within T1+3 s of the Reply after stepping the clock $step s ($before -> $after)"
			continue
		fi
		d=$(($(srv_last_ms RX 5) - rep))
		if [ "$d" -ge $((R6_T1 * 1000 - 500)) ] && [ "$d" -le $((R6_T1 * 1000 + 3000)) ] &&
		   [ "$moved" -ge -5 ] && [ "$moved" -le 5 ]; then
			pass "ra6c clock: realtime stepped $step s ($before -> $after), Renew ${d} ms after the Reply (monotonic, T1=${R6_T1} s)"
		else
			fail "ra6c clock: realtime stepped $step s ($before -> $after), Renew ${d} ms after the Reply (T1=${R6_T1} s)"
		fi
	done
	if kill -0 "$R6" 2>/dev/null && ! has_state unbound && [ "$(srv_count 1)" = "$sol" ]; then
		pass "ra6c clock: after both steps still bound, no unbound, Solicits $sol -> $(srv_count 1)"
	else
		fail "ra6c clock: states $(tr '\n' ' ' < "$REC"), Solicits $sol -> $(srv_count 1)"
	fi
	r6_stop
}

# A real suspend while bound: ACPI S3 (run.sh enables it in QEMU), woken
# by the RTC alarm. The kernel stops CLOCK_MONOTONIC while asleep and adds
# the time slept to CLOCK_BOOTTIME, which the lease's timers run on. The
# VM sleeps right after the Reply for about T1; the Renew is due at T1 on
# the boot clock, at the latest on resume, so it must come then, as a
# Renew: waiting T1 on the monotonic clock would be T1 + the sleep, after
# T2 (a Rebind).
R6_T2=6 # dhcp6_srv's T2
uptime_ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; } # CLOCK_BOOTTIME
r6_suspend() {
	if ! grep -qw mem /sys/power/state || [ ! -w /sys/class/rtc/rtc0/wakealarm ]; then
		fail "ra6c suspend: no S3 or no RTC alarm (/sys/power/state: $(cat /sys/power/state))"
		return
	fi
	: > "$SRVLOG"
	r6_start --trigger auto
	R ra_send veth0 80 > /dev/null
	if ! wait_for 5 has_state bound || ! wait_for 2 more_than srv_tx_count 7 0; then
		fail "ra6c suspend: not bound: $(tr '\n' ' ' < "$REC")"
		r6_stop
		return
	fi
	rep=$(srv_last_ms TX 7 boot)
	rep_mono=$(srv_last_ms TX 7)
	sol=$(srv_count 1)
	echo 0 > /sys/class/rtc/rtc0/wakealarm
	echo +4 > /sys/class/rtc/rtc0/wakealarm
	t0=$(uptime_ms)
	echo mem > /sys/power/state
	t1=$(uptime_ms)
	wait_for $((R6_T2 + 3)) more_than srv_count 5 0 || wait_for 1 more_than srv_count 6 0
	first=$(sed -n 's/^RX type=\([56]\) .*/\1/p' "$SRVLOG" | head -1)
	msg=$(sed -n "s/^RX type=$first mono_ns=\([0-9]*\) boot_ns=\([0-9]*\)\$/\1 \2/p" "$SRVLOG" | head -1)
	d=$(echo "$msg" | awk -v r="$rep" '{ print int($2 / 1000000) - r }')
	dm=$(echo "$msg" | awk -v r="$rep_mono" '{ print int($1 / 1000000) - r }')
	slept=$((d - dm))
	due=$((R6_T1 * 1000))
	[ $((t1 - rep)) -gt "$due" ] && due=$((t1 - rep))
	echo "INFO ra6c suspend: Reply at boot ${rep} ms, suspend at +$((t0 - rep)) ms, resumed at +$((t1 - rep)) ms" \
		"(slept ${slept} ms), first message type ${first:-none} at +${d} ms boot, +${dm} ms monotonic"
	if [ "$slept" -lt 1000 ]; then
		fail "ra6c suspend: the VM did not sleep (BOOTTIME - MONOTONIC grew ${slept} ms)"
	elif [ $((t1 - rep)) -ge $((R6_T2 * 1000)) ]; then
		# A slow host woke the VM after T2: then a Rebind is due at resume.
		if [ "$first" = 6 ] && [ "$d" -le $((due + 1500)) ]; then
			pass "ra6c suspend: slept ${slept} ms, past T2, Rebind at +${d} ms on CLOCK_BOOTTIME (resume +${due} ms)"
		else
			fail "ra6c suspend: resumed after T2 (+$((t1 - rep)) ms), first message type ${first:-none} at +${d} ms, a Rebind due at once"
		fi
	elif [ "$first" = 5 ] && [ "$d" -ge $((R6_T1 * 1000 - 500)) ] && [ "$d" -le $((due + 1500)) ]; then
		pass "ra6c suspend: slept ${slept} ms after the Reply, Renew at +${d} ms on CLOCK_BOOTTIME (due +${due} ms: T1 or the resume)"
	else
		fail "ra6c suspend: slept ${slept} ms, first message type ${first:-none} at +${d} ms on CLOCK_BOOTTIME (+${dm} ms monotonic), a Renew due at +${due} ms"
	fi
	if { wait_for 3 has_state updated || has_state rebound; } && ! has_state unbound && [ "$(srv_count 1)" = "$sol" ]; then
		pass "ra6c suspend: updated (or rebound) after resume, no unbound, no Solicit"
	else
		fail "ra6c suspend: states $(tr '\n' ' ' < "$REC"), Solicits $sol -> $(srv_count 1)"
	fi
	r6_stop
}

ra6c_run_checks() {
	r6_solicit
	r6_info
	r6_optlens
	r6_status
	r6_legacy
	r6_reload
	r6_clock
	r6_suspend
	[ -n "${SRV:-}" ] && kill "$SRV" 2>/dev/null
}
