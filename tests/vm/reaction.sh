# shellcheck shell=sh
# The reaction on the wire, per RA source, in one boot: the RA leaving the
# router's veth0 -> ra6c's first Solicit (Elapsed Time 0) arriving there,
# both stamped by the kernel (wiretime, a packet socket) on the guest's
# clock. Each sample is a fresh ra6c hearing its first RA: the case that
# matters on a router. Prints "LATENCY reaction <source>: median ..." and
# the hook/raw ratio (under emulation only the ratio means something);
# checks only that every RA got its Solicit.
#
# Sourced by a VM's /init that has H, R, pass, fail, wait_file, $HOST and
# $RTR (tests/vm/init.sh, init-3.10.sh), ra6c on veth1 in "host", the
# router end veth0 in "rtr", /bin/wiretime and /bin/ra_send. No DHCPv6
# server may answer meanwhile (the Solicit must be the first message).

REACT_N=${REACT_N:-5}

# one sample with `ra6c --trigger $1`: prints the reaction in ns, or nothing
react_one() {
	rm -f /tmp/wt.ready /tmp/react.started
	nsenter -t "$RTR" -n wiretime veth0 /tmp/wt.ready 30000 > /tmp/wt.log 2>&1 &
	wt=$!
	wait_file /tmp/wt.ready
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
	while ! grep -q '^DHCP type=1 el=0 ' /tmp/wt.log && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$r6" 2>/dev/null
	wait "$r6" 2>/dev/null
	kill -TERM "$wt" 2>/dev/null
	wait "$wt" 2>/dev/null
	awk '/^RA / && !ra { sub("t_ns=", "", $2); ra = $2 }
		/^DHCP type=1 el=0 / && ra && !sol { sub("t_ns=", "", $4); sol = $4 }
		END { if (ra && sol) printf "%d\n", sol - ra }' /tmp/wt.log
}

# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

# react_source <trigger>: REACT_N samples; sets REACT_MEDIAN (ns)
react_source() {
	: > "/tmp/react.$1"
	n=0
	while [ $n -lt "$REACT_N" ]; do
		react_one "$1" >> "/tmp/react.$1"
		n=$((n + 1))
	done
	got=$(grep -c . "/tmp/react.$1")
	REACT_MEDIAN=$(median < "/tmp/react.$1")
	us=$(awk '{ printf "%s%d", (NR > 1 ? " " : ""), $1 / 1000 }' "/tmp/react.$1")
	echo "LATENCY reaction $1: RA on the wire -> Solicit on the wire, median $((REACT_MEDIAN / 1000)) us ($got of $REACT_N samples: $us us)"
	if [ "$got" = "$REACT_N" ]; then
		pass "reaction $1: $REACT_N of $REACT_N RAs(M) answered by a Solicit on the wire"
	else
		fail "reaction $1: $got of $REACT_N RAs(M) answered on the wire; last: wire '$(tr '\n' ' ' < /tmp/wt.log | cut -c1-200)', ra_send '$(cat /tmp/react.sent)', ra6c '$(tail -3 /tmp/react.log | tr '\n' ' ')'"
	fi
}

# both sources in this boot, the hook first if the kernel has one
reaction_checks() {
	p=/sys/module/ra6notify/parameters
	coal=
	# identical RAs within coalesce_ms would give no event
	if [ -w $p/coalesce_ms ]; then
		coal=$(cat $p/coalesce_ms)
		echo 0 > $p/coalesce_ms
	fi
	hook=
	if [ -d /sys/module/ra6notify ]; then
		react_source hook
		hook=$REACT_MEDIAN
	fi
	react_source raw
	raw=$REACT_MEDIAN
	[ -n "$coal" ] && echo "$coal" > $p/coalesce_ms
	if [ -n "$hook" ] && [ -n "$raw" ] && [ "$raw" -gt 0 ]; then
		echo "LATENCY reaction hook/raw: $(awk -v h="$hook" -v r="$raw" 'BEGIN { printf "%.2f", h / r }') (medians $((hook / 1000)) us / $((raw / 1000)) us, same boot)"
	fi
}
