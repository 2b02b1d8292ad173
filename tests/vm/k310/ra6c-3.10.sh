# shellcheck shell=sh
# ra6c itself on Linux 3.10 (issue 16), sourced by init-3.10.sh as
# /bin/ra6c-3.10.sh after its module checks; uses its H, R, pass, fail,
# wait_file, stat_of, $MODE, $HOST, $RTR, and /bin/ra6c.sh's helpers.
# Both RA sources end to end against dhcp6_srv on the other end of the
# veth, with what crossed the wire seen by wiretime:
#   hook  ra6c.sh's r6_solicit and r6_info (picks the hook by itself,
#         bound, M flap, Renew at T1, 10,000 RAs, O-only -> Information-
#         Request); module mode: r6_reload (rmmod -> raw fallback -> insmod)
#   raw   r310_raw: --trigger raw --standalone: Solicit on the wire,
#         bound, the leased address in 3.10's tables over rtnetlink,
#         Renew, Release on SIGTERM and the address gone
#   clock r6_clock (realtime steps while bound)
#   time  reaction.sh: RA -> Solicit on the wire, hook and raw, one boot
#   audit with /bin/strace (x86_64 by hand): every syscall that failed
# r6_suspend is not run: before 3.15 timerfd has no CLOCK_BOOTTIME, so a
# lease's timers run late by the time slept (docs/kernels.md).

# what wiretime saw on veth0 ("RA ..." / "DHCP type=N el=E t_ns=T")
WT=/tmp/wt.r310
wire_start() {
	rm -f /tmp/wt.ready
	nsenter -t "$RTR" -n wiretime veth0 /tmp/wt.ready 60000 > $WT 2>&1 &
	WTPID=$!
	wait_file /tmp/wt.ready
}
wire_stop() { kill -TERM "$WTPID" 2>/dev/null; wait "$WTPID" 2>/dev/null; }
wire_has() { grep -q "^DHCP type=$1 " $WT; } # type
has_addr() { H ip -6 addr show dev veth1 | grep -q ' 2001:db8::100/'; }
no_addr() { ! has_addr; }

r310_raw() {
	: > "$SRVLOG"
	wire_start
	r6_start --trigger raw --standalone
	if grep -q 'RA source: raw' "$R6LOG"; then
		pass "ra6c raw: --trigger raw opens the raw ICMPv6 socket"
	else
		fail "ra6c raw: $(grep 'RA source' "$R6LOG")"
	fi
	R ra_send veth0 80 > /dev/null
	if wait_for 5 wire_has 1 && grep -q '^RA ' $WT && grep -q '^DHCP type=1 el=0 ' $WT; then
		pass "ra6c raw: RA(M) -> Solicit on the wire (elapsed 0)"
	else
		fail "ra6c raw: no Solicit on the wire: $(tr '\n' ' ' < $WT); $(tail -3 "$R6LOG" | tr '\n' ' ')"
	fi
	if wait_for 5 has_state bound && wire_has 3 && wait_for 3 has_addr; then
		pass "ra6c raw: Request on the wire, bound; standalone put 2001:db8::100 on veth1 ($(H ip -6 addr show dev veth1 | grep -o 'valid_lft [^ ]*'))"
	else
		fail "ra6c raw: states $(tr '\n' ' ' < "$REC"), addr: $(H ip -6 addr show dev veth1 | grep inet6 | tr '\n' ' ')"
	fi
	if wait_for 7 wire_has 5 && wait_for 2 has_state updated && has_addr; then
		pass "ra6c raw: Renew on the wire at T1, updated, the address kept"
	else
		fail "ra6c raw: no Renew: states $(tr '\n' ' ' < "$REC")"
	fi
	r6_stop
	if wait_for 2 wire_has 8 && wait_for 2 no_addr; then
		pass "ra6c raw: SIGTERM -> Release on the wire, the address removed"
	else
		fail "ra6c raw: after SIGTERM: $(tr '\n' ' ' < $WT | cut -c1-200)"
	fi
	wire_stop
}

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
	r6_solicit
	r6_info
	r310_raw
	[ "$MODE" = module ] && r6_reload
	r6_clock
	[ -x /bin/strace ] && r310_strace
	kill "$SRV" 2>/dev/null
	wait "$SRV" 2>/dev/null
	# shellcheck source=tests/vm/reaction.sh
	. /bin/reaction.sh
	reaction_checks
	grep -E 'RA source|kernel hook|CLOCK_BOOTTIME' "$R6LOG" | head -5 | sed 's/^/RA6C /'
}
