# shellcheck shell=sh
# ra6c's messages on the wire, seen by wiretime (a packet socket with the
# kernel's timestamps) on the router's end veth0. Sourced after ra6c.sh
# (uses its r6_start, r6_stop, wait_for, has_state, $SRVLOG, $REC,
# $R6LOG) by a VM's /init that has H, R, pass, fail, wait_file, $HOST and
# $RTR (tests/vm/mips/init.sh, tests/vm/k310/ra6c-3.10.sh).
#
# r6_raw_bound    the raw ICMPv6 socket end to end: RA(M) -> Solicit
#                 (Elapsed Time 0) on the wire -> bound -> standalone puts
#                 the address in the kernel over rtnetlink -> Renew ->
#                 Release on SIGTERM, the address gone
# reaction_checks RA leaving veth0 -> ra6c's first Solicit arriving there,
#                 for the hook and the raw socket in one boot: medians and
#                 the hook/raw ratio (under emulation only the ratio means
#                 something); each sample a fresh ra6c hearing its first RA,
#                 the case that matters on a router

WT=/tmp/wt.log
wire_start() {
	rm -f /tmp/wt.ready
	nsenter -t "$RTR" -n wiretime veth0 /tmp/wt.ready 60000 > $WT 2>&1 &
	WTPID=$!
	wait_file /tmp/wt.ready
}
wire_stop() { kill -TERM "$WTPID" 2>/dev/null; wait "$WTPID" 2>/dev/null; }
wire_has() { grep -q "^DHCP type=$1 " $WT; } # message type
has_addr() { H ip -6 addr show dev veth1 | grep -q ' 2001:db8::100/'; }
no_addr() { ! has_addr; }

r6_raw_bound() {
	: > "$SRVLOG"
	if [ -z "${SRV:-}" ] || ! kill -0 "$SRV" 2>/dev/null; then
		nsenter -t "$RTR" -n dhcp6_srv veth0 "$SRVLOG" &
		SRV=$!
		wait_for 5 grep -q READY "$SRVLOG"
	fi
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

REACT_N=${REACT_N:-5}

# one sample with `ra6c --trigger $1`: prints the reaction in ns, or nothing
react_one() {
	rm -f /tmp/react.started
	wire_start
	# shellcheck disable=SC2016 # $2 is the script's
	printf '#!/bin/sh\n[ "$2" = started ] && : > /tmp/react.started\n' > /tmp/react.sh
	chmod 755 /tmp/react.sh
	nsenter -t "$HOST" -n ra6c -s /tmp/react.sh --state-dir /tmp/react.state \
		--solicit-delay 0 --trigger "$1" veth1 > /tmp/react.log 2>&1 &
	r6=$!
	# "started" is called before the loop polls; the RS it sends first
	# must not be what the RA answers (it isn't: nobody routes here)
	wait_file /tmp/react.started
	sleep 0.5
	R ra_send veth0 80 > /tmp/react.sent 2>&1
	i=0
	while ! grep -q '^DHCP type=1 el=0 ' $WT && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$r6" 2>/dev/null
	wait "$r6" 2>/dev/null
	wire_stop
	awk '/^RA / && !ra { sub("t_ns=", "", $2); ra = $2 }
		/^DHCP type=1 el=0 / && ra && !sol { sub("t_ns=", "", $4); sol = $4 }
		END { if (ra && sol) printf "%d\n", sol - ra }' $WT
}

# median and minimum of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
minimum() { sort -n | head -1; }

# report <trigger>: the samples in /tmp/react.<trigger>; sets MED and MIN (ns)
react_report() {
	got=$(grep -c . "/tmp/react.$1")
	MED=$(median < "/tmp/react.$1")
	MIN=$(minimum < "/tmp/react.$1")
	us=$(awk '{ printf "%s%d", (NR > 1 ? " " : ""), $1 / 1000 }' "/tmp/react.$1")
	echo "LATENCY reaction $1: RA on the wire -> Solicit on the wire, median $((${MED:-0} / 1000)) us, min $((${MIN:-0} / 1000)) us ($got of $REACT_N samples: $us us)"
	if [ "$got" = "$REACT_N" ]; then
		pass "reaction $1: $REACT_N of $REACT_N RAs(M) answered by a Solicit on the wire"
	else
		fail "reaction $1: $got of $REACT_N RAs(M) answered on the wire; last: wire '$(tr '\n' ' ' < $WT | cut -c1-200)', ra_send '$(cat /tmp/react.sent)', ra6c '$(tail -3 /tmp/react.log | tr '\n' ' ')'"
	fi
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# Both sources in this boot, samples alternating (hook, raw, hook, ...)
# so that a slow stretch of the host hits both alike. Without a hook (a
# kernel without ra6notify) the raw socket alone.
reaction_checks() {
	# stamps are as fine as this clock (a tick on some emulated boards)
	c=/sys/devices/system/clocksource/clocksource0
	echo "INFO reaction: clocksource $(cat $c/current_clocksource) (of: $(cat $c/available_clocksource))"
	p=/sys/module/ra6notify/parameters
	coal=
	# identical RAs within coalesce_ms would give no event
	if [ -w $p/coalesce_ms ]; then
		coal=$(cat $p/coalesce_ms)
		echo 0 > $p/coalesce_ms
	fi
	sources=raw
	[ -d /sys/module/ra6notify ] && sources="hook raw"
	for t in $sources; do : > "/tmp/react.$t"; done
	n=0
	while [ $n -lt "$REACT_N" ]; do
		for t in $sources; do react_one "$t" >> "/tmp/react.$t"; done
		n=$((n + 1))
	done
	[ -n "$coal" ] && echo "$coal" > $p/coalesce_ms
	react_report raw
	raw_med=$MED raw_min=$MIN
	[ "$sources" = raw ] && return
	react_report hook
	echo "LATENCY reaction hook/raw: $(ratio "$MED" "$raw_med") of the medians, $(ratio "$MIN" "$raw_min") of the minimums (same boot, $REACT_N samples each, alternating)"
}
