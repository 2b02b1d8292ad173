#!/bin/busybox sh
# /init of the ra6notify test VM (busybox-static). Two namespaces joined by
# a veth: "rtr" sends RAs on veth0, "host" (forwarding=1, accept_ra=1, the
# OpenWrt WAN case) receives them on veth1. One "CHECK PASS|FAIL name: why"
# line per check, then "INIT DONE". run.sh counts the lines.
# shellcheck shell=sh
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mkdir -p /tmp
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
echo "INIT: up at $(cut -d' ' -f1 /proc/uptime)s, kernel $(uname -r)"
RTR=
HOST=
HIF=

pass() { echo "CHECK PASS $*"; }
fail() { echo "CHECK FAIL $*"; }
# H/R run a command in the host/router namespace (foreground only: for a
# background job use nsenter directly so that $! is the process itself)
H() { nsenter -t "$HOST" -n "$@"; }
R() { nsenter -t "$RTR" -n "$@"; }
uptime_cs() { sed 's/^\([0-9]*\)\.\([0-9][0-9]\).*/\1\2/' /proc/uptime; }
# until the background "unshare -n" has its own namespace
wait_netns() {
	i=0
	while [ "$(readlink "/proc/$1/ns/net")" = "$(readlink /proc/1/ns/net)" ] &&
	      [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ "$(readlink "/proc/$1/ns/net")" != "$(readlink /proc/1/ns/net)" ]
}
wait_file() {
	i=0
	while [ ! -e "$1" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	[ -e "$1" ]
}
# value of key=... in a file's last line matching $1
field() { grep "^$1" "$3" | tail -1 | tr ' ' '\n' | sed -n "s/^$2=//p"; }
stat_of() { H ra6nt stats > /tmp/st; field STATS "$1" /tmp/st; }
param() { cat "/sys/module/ra6notify/parameters/$1"; }
set_param() { echo "$2" > "/sys/module/ra6notify/parameters/$1"; }

# run.sh lists the modules this kernel needs, in load order
load_modules() {
	while read -r m; do
		insmod "/lib/modules/$m.ko" || { echo "INFO insmod $m failed"; return 1; }
	done < /lib/modules/load.list
}

setup() {
	load_modules || return 1
	insmod /lib/modules/ra6notify.ko legacy=1 rate=10 burst=20 || return 1
	# The MIPS VM's link: two emulated NICs on one QEMU hub, named for the
	# veth pair they stand in for, so that every check runs as it is.
	if [ -e /sys/class/net/eth1 ]; then
		ip link set eth0 name veth0 && ip link set eth1 name veth1 || return 1
	else
		ip link add type veth || return 1
	fi
	unshare -n sleep 100000 & RTR=$!
	unshare -n sleep 100000 & HOST=$!
	if ! wait_netns "$RTR" || ! wait_netns "$HOST"; then return 1; fi
	ip link set veth0 netns "$RTR" || return 1
	ip link set veth1 netns "$HOST" || return 1
	# per-device sysctls only once the device is in its namespace
	H sh -c '
		ip link set lo up
		echo 1 > /proc/sys/net/ipv6/conf/all/forwarding
		echo 1 > /proc/sys/net/ipv6/conf/veth1/forwarding
		echo 1 > /proc/sys/net/ipv6/conf/veth1/accept_ra
		echo 0 > /proc/sys/net/ipv6/conf/veth1/accept_dad
		ip link set veth1 up' || return 1
	R sh -c '
		ip link set lo up
		echo 0 > /proc/sys/net/ipv6/conf/veth0/accept_dad
		ip link set veth0 up' || return 1
	HIF=$(H ip link show veth1 | sed -n 's/^\([0-9]*\):.*/\1/p' | head -1)
	[ -n "$HIF" ]
}

# listen in the background (args for ra6nt listen), output in $1
listen_bg() {
	out=$1
	shift
	rm -f /tmp/ready
	nsenter -t "$HOST" -n ra6nt listen -r /tmp/ready "$@" > "$out" 2>&1 &
	LPID=$!
	wait_file /tmp/ready
}

check_load() {
	if dmesg | grep -q 'ra6notify: v2, generic netlink family ra6notify, legacy mode on netlink unit 25'; then
		pass "load: module up: $(dmesg | grep -m1 'ra6notify: v2' | cut -d] -f2-)"
	else
		fail "load: no banner"
	fi
	if H ra6nt ping > /tmp/ping && grep -q 'cmd=3 version=2 cookie=ok' /tmp/ping; then
		pass "ping: $(cat /tmp/ping)"
	else
		fail "ping: $(cat /tmp/ping)"
	fi
}

check_event_m() {
	rm -f /tmp/rready
	nsenter -t "$HOST" -n ra6nt rawrecv -t 8000 -r /tmp/rready > /tmp/raw1 2>&1 &
	RAWPID=$!
	wait_file /tmp/rready
	listen_bg /tmp/ev1 -n 1 -t 8000
	R ra_send veth0 80 > /dev/null
	wait "$LPID"
	wait "$RAWPID"
	ev=$(grep '^EVENT' /tmp/ev1)
	echo "INFO $ev"
	want="ver=2 ifindex=$HIF src=fe80:"
	want2="flags=0x80 m=1 o=0 h=0 prf=0 lifetime=1800 reachable=30000 retrans=1000 hop=64 accept_ra=1 forwarding=1 seq=1 dropped=0 optlen=16 trunc=0"
	case "$ev" in
	*"$want"*"$want2"*) pass "event-M: all attributes right (forwarding=1 accept_ra=1)" ;;
	*) fail "event-M: got '$ev' $(cat /tmp/ev1)" ;;
	esac
	if grep -q '^RAW RA len=32 flags=0x80' /tmp/raw1; then
		pass "not-dropped: raw socket still got the RA intact"
	else
		fail "not-dropped: $(cat /tmp/raw1)"
	fi
	LAT=$(echo "$ev" | sed -n 's/.*lat_us=\([0-9]*\).*/\1/p')
}

check_event_o() {
	listen_bg /tmp/ev2 -n 1 -t 8000
	R ra_send veth0 40 > /dev/null
	wait "$LPID"
	ev=$(grep '^EVENT' /tmp/ev2)
	case "$ev" in
	*"flags=0x40 m=0 o=1 "*"accept_ra=1 forwarding=1 seq=2 "*)
		pass "event-O: O-only RA" ;;
	*) fail "event-O: got '$ev' $(cat /tmp/ev2)" ;;
	esac
}

check_accept_ra() {
	ok=1
	for a in 0 2; do
		H sh -c "echo $a > /proc/sys/net/ipv6/conf/veth1/accept_ra"
		listen_bg /tmp/ev3 -n 1 -t 8000
		# prf high; the H bit makes the two RAs differ
		R ra_send veth0 "$([ $a = 0 ] && echo 08 || echo 28)" > /dev/null
		wait "$LPID"
		grep -q "^EVENT.* prf=1 .*accept_ra=$a forwarding=1" /tmp/ev3 || ok=0
	done
	H sh -c "echo 1 > /proc/sys/net/ipv6/conf/veth1/accept_ra"
	if [ $ok = 1 ]; then
		pass "accept_ra: events with accept_ra=0 and 2 too"
	else
		fail "accept_ra: $(cat /tmp/ev3)"
	fi
}

check_invalid() {
	before=$(stat_of ras_invalid)
	listen_bg /tmp/ev4 -n 1 -t 1500
	R ra_send veth0 80 1 badhop > /dev/null
	R ra_send veth0 80 1 badopt > /dev/null
	R ra_send veth0 80 1 frag > /dev/null
	wait "$LPID"
	after=$(stat_of ras_invalid)
	if grep -q '^LISTEN events=0' /tmp/ev4 && [ "$after" = $((before + 3)) ]; then
		pass "invalid: hop limit 64, zero-length option, fragmented RA: no event, counted"
	else
		fail "invalid: invalid $before -> $after, $(cat /tmp/ev4)"
	fi
	listen_bg /tmp/ev5 -n 1 -t 8000
	R ra_send veth0 80 1 bigopt > /dev/null
	wait "$LPID"
	if grep -q '^EVENT.* optlen=1024 trunc=1' /tmp/ev5; then
		pass "options: 1216 option bytes cut to 1024 at an option boundary"
	else
		fail "options: $(cat /tmp/ev5)"
	fi
}

# nobody may register, nor change a setting; a setting out of range is
# refused (its arithmetic must not overflow, also on 32-bit)
check_unpriv() {
	r1=$(H ra6nt -u register)
	r2=$(H ra6nt -u set rate 5)
	r3=$(H ra6nt -u stats | cut -c1-5)
	r4=$(ra6nt set burst 100000)
	r5=$(ra6nt set rate 1001)
	if [ "$r1" = EPERM ] && [ "$r2" = EACCES ] && [ "$r3" = STATS ] &&
	   [ "$r4" = EINVAL ] && [ "$r5" = EINVAL ] && [ "$(param rate)" = 10 ] &&
	   [ "$(param burst)" = 20 ]; then
		pass "unprivileged: EPERM on REGISTER, EACCES on a parameter (stats readable); burst=100000, rate=1001 refused"
	else
		fail "unprivileged: register=$r1 set=$r2 stats=$r3; burst=100000: $r4, rate=1001: $r5"
	fi
}

# CAP_NET_ADMIN over the namespace decides, for both kinds of registration:
# root of a user namespace registers in a network namespace it owns, not in
# one it doesn't; nobody's legacy registration is ignored (no answer there)
check_userns() {
	# Debian's kernel has them; tests/vm/debug-kernel.sh's small one not
	if [ ! -e /proc/self/ns/user ]; then
		echo "INFO namespaces: no user namespaces in this kernel: check not run"
		return
	fi
	u1=$(unshare -U -r ra6nt register 2>&1)
	u2=$(unshare -U -r -n ra6nt register 2>&1)
	rm -f /tmp/ulready
	nsenter -t "$HOST" -n ra6nt -u legacy -t 1500 -r /tmp/ulready > /tmp/uleg 2>&1 &
	ULPID=$!
	wait_file /tmp/ulready
	l=$(stat_of listeners)
	R ra_send veth0 a8 > /dev/null
	wait "$ULPID"
	if [ "$u1" = EPERM ] && [ "$u2" = OK ] && [ "$l" = 0 ] &&
	   grep -q '^LEGACY nothing' /tmp/uleg; then
		pass "namespaces: user-namespace root: REGISTER EPERM in the host's netns, OK in its own; nobody's legacy registration ignored"
	else
		fail "namespaces: userns root in host netns: $u1, in its own: $u2; nobody legacy: listeners $l, $(cat /tmp/uleg)"
	fi
}

# registrations and counters are per namespace: none in "rtr"
check_killed() {
	l0=$(stat_of listeners)
	listen_bg /tmp/ev6 -n 0 -t 60000
	l1=$(stat_of listeners)
	lr=$(R ra6nt stats | tr ' ' '\n' | sed -n 's/^listeners=//p')
	kill -9 "$LPID"
	wait "$LPID" 2>/dev/null
	sleep 0.2
	l2=$(stat_of listeners)
	if [ "$l0" = 0 ] && [ "$l1" = 1 ] && [ "$l2" = 0 ] && [ "$lr" = 0 ]; then
		pass "killed: listeners 0 -> 1 -> 0 after kill -9 (the other namespace: $lr)"
	else
		fail "killed: listeners $l0 -> $l1 -> $l2, other namespace $lr"
	fi
}

# The vendor protocol on its own unit; its socket keeps the module loaded
# (the protocol has no goodbye).
check_legacy() {
	rm -f /tmp/lready
	nsenter -t "$HOST" -n ra6nt legacy -t 8000 -r /tmp/lready > /tmp/leg 2>&1 &
	LEGPID=$!
	wait_file /tmp/lready
	if rmmod ra6notify 2> /tmp/rmerr; then
		echo "rmmod succeeded" > /tmp/rmerr
		insmod /lib/modules/ra6notify.ko legacy=1 rate=10 burst=20
	fi
	R ra_send veth0 c0 > /dev/null
	wait "$LEGPID"
	if grep -q '^LEGACY type=0 len=16' /tmp/leg && [ "$(stat_of legacy_sent)" = 1 ] &&
	   grep -q 'unavailable\|in use' /tmp/rmerr; then
		pass "legacy: seed client got the bare message ($(cat /tmp/leg)); rmmod refused while its socket is open"
	else
		fail "legacy: $(cat /tmp/leg), legacy_sent=$(stat_of legacy_sent), rmmod with a legacy client: $(cat /tmp/rmerr)"
	fi
}

# counter $1 went from file $2 to file $3 (ra6nt stats lines)
delta() { echo $(($(field STATS "$1" "$3") - $(field STATS "$1" "$2"))); }

check_burst() {
	H ra6nt stats > /tmp/st6
	listen_bg /tmp/ev7 -n 0 -t 600000 -q
	t0=$(uptime_cs)
	R ra_send veth0 80 10000 vary > /tmp/send7
	t1=$(uptime_cs)
	sleep 0.5
	kill -TERM "$LPID"
	wait "$LPID"
	H ra6nt stats > /tmp/st7
	seen=$(delta ras_seen /tmp/st6 /tmp/st7)
	sent=$(delta events_sent /tmp/st6 /tmp/st7)
	lim=$(delta dropped_ratelimit /tmp/st6 /tmp/st7)
	coal=$(delta coalesced /tmp/st6 /tmp/st7)
	uni=$(delta dropped_unicast /tmp/st6 /tmp/st7)
	got=$(field LISTEN events /tmp/ev7)
	dsum=$(field LISTEN dropped_sum /tmp/ev7)
	# burst up front, then rate per second (+1 for rounding)
	max=$((20 + 10 * (t1 - t0 + 50) / 100 + 1))
	echo "INFO burst: $(cat /tmp/send7) in $((t1 - t0))0 ms; $(cat /tmp/st7); listener got $got, dropped_sum $dsum; max allowed $max"
	if [ "$seen" = 10000 ] && [ $((sent + lim + coal)) = 10000 ] &&
	   [ "$sent" -ge 20 ] && [ "$sent" -le "$max" ] &&
	   [ $((got + uni)) = "$sent" ] && [ "$dsum" -gt 0 ] &&
	   [ "$dsum" -le "$lim" ]; then
		pass "burst: 10000 RAs -> $sent events (rate 10/s burst 20), $lim rate-limited, every RA accounted"
	else
		fail "burst: seen=$seen sent=$sent limited=$lim coalesced=$coal got=$got dsum=$dsum max=$max"
	fi
}

check_coalesce() {
	sleep 2.5	# refill the bucket
	H ra6nt stats > /tmp/st8a
	# events are only counted as sent when someone listens
	listen_bg /tmp/ev8 -n 0 -t 600000 -q
	R ra_send veth0 80 200 same > /dev/null
	sleep 0.2
	kill -TERM "$LPID"
	wait "$LPID"
	H ra6nt stats > /tmp/st8
	sent=$(delta events_sent /tmp/st8a /tmp/st8)
	coal=$(delta coalesced /tmp/st8a /tmp/st8)
	lim=$(delta dropped_ratelimit /tmp/st8a /tmp/st8)
	if [ $((sent + coal + lim)) = 200 ] && [ "$coal" -ge 150 ]; then
		pass "coalesce: 200 identical RAs -> $sent event(s), $coal coalesced"
	else
		fail "coalesce: sent=$sent coalesced=$coal limited=$lim"
	fi
}

check_fuzz() {
	H ra6nt fuzz 3000 > /tmp/fz1
	H ra6nt -u fuzz 3000 > /tmp/fz2
	if H ra6nt ping > /dev/null && H ra6nt stats | grep -q '^STATS version=2'; then
		pass "fuzz: $(cat /tmp/fz1), also unprivileged: module still answers"
	else
		fail "fuzz: $(cat /tmp/fz1 /tmp/fz2)"
	fi
}

check_reload() {
	# a client with an open, registered socket must not block rmmod
	listen_bg /tmp/ev9 -n 0 -t 60000
	if ! rmmod ra6notify; then
		fail "reload: rmmod refused"
		kill "$LPID"
		return
	fi
	sleep 0.2
	kill -TERM "$LPID"
	wait "$LPID"
	gone=$(H ra6nt ping)
	# a legacy unit that is taken (0 = rtnetlink) must be refused, loudly;
	# a bad setting too
	if insmod /lib/modules/ra6notify.ko legacy=1 proto=0 2>/dev/null; then
		fail "proto-taken: loaded on unit 0"
		rmmod ra6notify
	elif dmesg | grep -q 'netlink unit 0 is taken'; then
		pass "proto-taken: legacy=1 proto=0 refused: $(dmesg | grep -m1 'unit 0 is taken' | cut -d] -f2-)"
	else
		fail "proto-taken: refused without the message"
	fi
	if insmod /lib/modules/ra6notify.ko burst=5000 2>/dev/null; then
		fail "bad parameter: loaded with burst=5000"
		rmmod ra6notify
	elif dmesg | grep -q "invalid for parameter .burst"; then
		pass "bad parameter: burst=5000 refused: $(dmesg | grep -m1 'invalid for parameter .burst' | cut -d] -f2-)"
	else
		fail "bad parameter: burst=5000 refused without naming it"
	fi
	insmod /lib/modules/ra6notify.ko || { fail "reload: insmod"; return; }
	listen_bg /tmp/ev10 -n 1 -t 8000
	R ra_send veth0 80 > /dev/null
	wait "$LPID"
	if grep -q '^GOODBYE' /tmp/ev9 && grep -q '^EVENT.* m=1 ' /tmp/ev10 &&
	   [ "$gone" = "NL ENOENT" ] && [ "$(stat_of listeners)" = 0 ]; then
		pass "reload: rmmod with a client open (it got GOODBYE, then '$gone'), insmod, events again"
	else
		fail "reload: $(cat /tmp/ev9 /tmp/ev10) ping-while-gone='$gone'"
	fi
}

# An RA is not reported when the firewall drops it, nor when it came in
# fragments (RFC 6980), also when conntrack reassembled it before LOCAL_IN
# (OpenWrt: fw4's ct rules, nf_defrag_ipv6). nftables rules in "host".
check_netfilter() {
	if ! H nftrule droprs > /tmp/nft; then
		fail "firewall: $(cat /tmp/nft)"
		return
	fi
	seen=$(stat_of ras_seen)
	listen_bg /tmp/ev11 -n 1 -t 1500
	# an RA unlike the ones before (prf low), so not coalesced
	R ra_send veth0 98 > /dev/null
	wait "$LPID"
	seen2=$(stat_of ras_seen)
	H nftrule flush > /dev/null
	listen_bg /tmp/ev12 -n 1 -t 8000
	R ra_send veth0 98 > /dev/null
	wait "$LPID"
	if grep -q '^LISTEN events=0' /tmp/ev11 && [ "$seen2" = "$seen" ] &&
	   grep -q '^EVENT.* prf=3 ' /tmp/ev12; then
		pass "firewall: an RA the input chain drops gives no event (ras_seen $seen -> $seen2); without the rule it does"
	else
		fail "firewall: RA dropped by nftables still seen (ras_seen $seen -> $seen2): $(grep -h '^EVENT\|^LISTEN' /tmp/ev11 | cut -c1-60); without the rule: $(grep -h '^EVENT\|^LISTEN' /tmp/ev12 | cut -c1-60)"
	fi
	if ! H nftrule ct > /tmp/nft; then
		fail "conntrack: $(cat /tmp/nft)"
		return
	fi
	inv=$(stat_of ras_invalid)
	listen_bg /tmp/ev13 -n 1 -t 1500
	R ra_send veth0 80 1 frag > /dev/null
	wait "$LPID"
	inv2=$(stat_of ras_invalid)
	H nftrule flush > /dev/null
	if grep -q '^LISTEN events=0' /tmp/ev13 && [ "$inv2" = $((inv + 1)) ]; then
		pass "conntrack: a fragmented RA reassembled by nf_defrag_ipv6 gives no event, counted invalid"
	else
		fail "conntrack: fragmented RA with conntrack on: invalid $inv -> $inv2, $(grep -h '^EVENT\|^LISTEN' /tmp/ev13 | cut -c1-90)"
	fi
}

# rmmod while anyone may be inside the module: unprivileged processes send
# PING and GET_STATS as fast as they can while root unloads and loads it
# again, at most RACE_N times in RACE_S seconds. Any use after free shows
# as an oops (or a KASAN report) in dmesg, or the VM dies.
# (longer by hand: RA6_RACE_N=... RA6_RACE_S=... on the kernel command line
# reach /init as environment variables)
RACE_N=${RA6_RACE_N:-200}
RACE_S=${RA6_RACE_S:-15}
check_rmmod_race() {
	bad0=$(dmesg | grep -cE 'BUG|Oops|general protection|KASAN|WARNING')
	nsenter -t "$HOST" -n ra6nt -u pingloop 10000000 $((RACE_S * 1000)) > /tmp/pl1 2>&1 &
	p1=$!
	nsenter -t "$HOST" -n ra6nt -u pingloop 10000000 $((RACE_S * 1000)) > /tmp/pl2 2>&1 &
	p2=$!
	sleep 0.3
	n=0
	end=$(($(uptime_cs) + RACE_S * 100))
	while [ $n -lt "$RACE_N" ] && [ "$(uptime_cs)" -lt $end ]; do
		rmmod ra6notify 2>/dev/null || break
		insmod /lib/modules/ra6notify.ko legacy=1 rate=10 burst=20 || break
		n=$((n + 1))
	done
	wait "$p1" "$p2"
	[ -d /sys/module/ra6notify ] || insmod /lib/modules/ra6notify.ko legacy=1 rate=10 burst=20
	bad=$(($(dmesg | grep -cE 'BUG|Oops|general protection|KASAN|WARNING') - bad0))
	echo "INFO rmmod race: $n cycles; $(cat /tmp/pl1); $(cat /tmp/pl2)"
	if [ "$bad" = 0 ] && [ $n -ge 10 ] && grep -q '^PINGLOOP' /tmp/pl1 &&
	   grep -q '^PINGLOOP' /tmp/pl2 && H ra6nt ping > /dev/null; then
		pass "rmmod race: $n rmmod/insmod cycles under two unprivileged PING/GET_STATS senders, no oops"
	else
		fail "rmmod race: $n cycles, $bad new oops/BUG line(s): $(dmesg | grep -m3 -E 'BUG|Oops|general protection|KASAN|WARNING' | tr '\n' ' ')"
		dmesg | grep -A25 -m1 -E 'BUG|Oops|general protection' | sed 's/^/DMESG /'
	fi
}

# ---- hook point for the lead: ra6c checks (no-op without /bin/ra6c) ----
# ra6c -s <script> --solicit-delay 0 [--trigger auto|hook|legacy|raw] <ifname>
# ra6c --hook-status
ra6c_checks() {
	[ -x /bin/ra6c ] || { echo "INFO no /bin/ra6c: ra6c checks skipped"; return 0; }
	echo "INFO ra6c present: $(/bin/ra6c --version 2>&1 | head -1)"
	# shellcheck source=tests/vm/ra6c.sh
	. /ra6c.sh
	ra6c_run_checks
}

check_dmesg() {
	# KASAN, lockdep and DEBUG_ATOMIC_SLEEP (tests/vm/debug-kernel.sh)
	# report under "BUG:" or "WARNING:" headers too
	if dmesg | grep -E 'BUG|WARNING|Oops|general protection|Call Trace|KASAN' > /tmp/bad; then
		fail "dmesg: $(head -3 /tmp/bad)"
	else
		pass "dmesg: no BUG/WARNING/Oops/KASAN report"
	fi
}

# tests/vm/mips/init.sh sources this file for its helpers and checks and
# runs a list of its own.
[ -n "${RA6VM_LIB:-}" ] && return 0

if setup; then
	pass "setup: veth into two namespaces, host forwarding=1 accept_ra=1"
	check_load
	check_event_m
	check_event_o
	check_accept_ra
	check_invalid
	check_unpriv
	check_userns
	check_killed
	check_legacy
	check_burst
	check_coalesce
	check_fuzz
	check_reload
	check_netfilter
	check_rmmod_race
	ra6c_checks
else
	fail "setup"
	dmesg | tail -20
fi
check_dmesg
[ -n "$LAT" ] && echo "LATENCY hook->listener ${LAT} us"
# the rmmod race loads the module many times: its banner once, counted
dmesg | grep ra6notify | grep -v 'ra6notify: v2, ' | sed 's/^/DMESG /'
echo "DMESG ra6notify loaded $(dmesg | grep -c 'ra6notify: v2, ') times: $(dmesg | grep -m1 'ra6notify: v2, ')"
[ -n "$RTR" ] && kill "$RTR" 2>/dev/null
[ -n "$HOST" ] && kill "$HOST" 2>/dev/null
echo "INIT DONE"
sync
poweroff -f
