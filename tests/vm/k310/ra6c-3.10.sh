# shellcheck shell=sh
# ra6c itself on Linux 3.10 (issue 16), sourced by init-3.10.sh as
# /bin/ra6c-3.10.sh after its module checks; uses its H, R, pass, fail,
# wait_file, stat_of, $MODE, $HOST, $RTR, and /bin/ra6c.sh's helpers.
# Both RA sources end to end against dhcp6_srv on the other end of the
# veth, with what crossed the wire seen by wiretime:
#   hook  ra6c.sh's r6_solicit and r6_info (picks the hook by itself,
#         bound, M flap, Renew at T1, 10,000 RAs, O-only -> Information-
#         Request); module mode: r6_reload (rmmod -> raw fallback -> insmod)
#   raw   wire.sh's r6_raw_bound: --trigger raw --standalone: Solicit on
#         the wire, bound, the leased address in 3.10's tables over
#         rtnetlink, Renew, Release on SIGTERM and the address gone
#   clock r6_clock (realtime steps while bound)
#   time  wire.sh's reaction_checks: RA -> Solicit on the wire, hook and
#         raw, one boot
#   audit with /bin/strace (x86_64 by hand): every syscall that failed
# r6_suspend is not run: before 3.15 timerfd has no CLOCK_BOOTTIME, so a
# lease's timers run late by the time slept (docs/kernels.md).

# By hand (x86_64, with /bin/strace and its libraries): one hook and one
# raw run through bound, Renew and Release under strace; every syscall
# that failed, counted.
r310_strace() {
	: > "$SRVLOG"
	for t in hook raw; do
		rm -f "$REC" /tmp/r6.pid
		nsenter -t "$HOST" -n strace -f -o "/tmp/strace.$t" ra6c -s /tmp/script.sh \
			-p /tmp/r6.pid --state-dir /tmp/r6state --solicit-delay 0 --standalone \
			--trigger $t veth1 > "/tmp/ra6c.strace.$t" 2>&1 &
		tracer=$!
		wait_for 5 has_state started
		sleep 0.5
		R ra_send veth0 80 > /dev/null
		wait_for 5 has_state bound
		kill -USR1 "$(cat /tmp/r6.pid)" # a Renew now
		wait_for 3 has_state updated
		kill -TERM "$(cat /tmp/r6.pid)"
		wait "$tracer"
		if ! has_state bound || ! has_state updated || ! has_state stopped; then
			fail "strace $t: states $(tr '\n' ' ' < "$REC")"
		fi
		# ra6c's own calls (not the script's): "PID name(args) = -1 ERRNO"
		me=$(head -1 "/tmp/strace.$t" | cut -d' ' -f1)
		sed -n "s/^$me *\([a-z0-9_]*\)(\(.*\)) *= -1 \(E[A-Z]*\).*/\1 \3 \2/p" "/tmp/strace.$t" |
			awk '{ print $1, $2, substr($3, 1, 40) }' | sort | uniq -c |
			sed "s/^ */AUDIT $t: /"
	done
}

ra6c_310() {
	echo "INFO ra6c: $(ra6c --version), $MODE hook"
	# shellcheck source=tests/vm/ra6c.sh
	. /bin/ra6c.sh
	# shellcheck source=tests/vm/wire.sh
	. /bin/wire.sh
	r6_solicit
	r6_info
	r6_raw_bound
	[ "$MODE" = module ] && r6_reload
	r6_clock
	[ -x /bin/strace ] && r310_strace
	kill "$SRV" 2>/dev/null
	wait "$SRV" 2>/dev/null
	REACT_N=15 # by hand: time for more samples than CI takes
	reaction_checks
	grep -E 'RA source|kernel hook|CLOCK_BOOTTIME' "$R6LOG" | head -5 | sed 's/^/RA6C /'
}
