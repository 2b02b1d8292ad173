#!/bin/busybox sh
# /init for a by-hand boot of Linux 3.10 (tests/vm/k310/boot.sh, x86_64 or
# big-endian MIPS; with /bin/ra6c also ra6c itself, k310/ra6c-3.10.sh).
# With /lib/modules/ra6notify.ko: the out-of-tree module (netfilter hook);
# without: the in-tree ra6notify of a kernel patched with patches/linux-3.10
# and booted with ra6notify.legacy=1 (legacy mode is chosen at boot:
# k310/boot.sh's APPEND). veth and IPv6 are built in. Prints CHECK lines
# and RESULT: PASS|FAIL.
# On a busy host 3.10 may hang at boot under TCG (e.g. when it switches to
# the TSC clocksource); booting its initramfs with boot.sh's qemu line plus
# "-icount shift=auto" (guest time from instructions) avoids that.
# A kernel built with CONFIG_DEBUG_KMEMLEAK=y also gets a leak check after
# the netlink fuzz and rmmod (Debian's 6.1 has no kmemleak). Done by hand
# 2026-11-29: no suspect from ra6notify; the kernel's kmemleak-test module,
# loaded the same way as a control, showed 19.
# shellcheck shell=sh
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mkdir -p /tmp
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
echo "INIT: up at $(cut -d' ' -f1 /proc/uptime)s, kernel $(uname -r)"
FAILS=0
pass() { echo "CHECK PASS $*"; }
fail() { echo "CHECK FAIL $*"; FAILS=$((FAILS + 1)); }
H() { nsenter -t "$HOST" -n "$@"; }
R() { nsenter -t "$RTR" -n "$@"; }
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
stat_of() { H ra6nt stats | tr ' ' '\n' | sed -n "s/^$1=//p"; }
field() { grep "^$1" "$3" | tail -1 | tr ' ' '\n' | sed -n "s/^$2=//p"; }
uptime_cs() { sed 's/^\([0-9]*\)\.\([0-9][0-9]\).*/\1\2/' /proc/uptime; }

# kmemleak, where the kernel has it (CONFIG_DEBUG_KMEMLEAK: Debian's 6.1
# doesn't, a 3.10 built by hand can): mark what boot left as seen, so that
# the scan after rmmod shows only what came later.
KML=/sys/kernel/debug/kmemleak
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
if [ -e $KML ]; then
	dmesg | grep -i kmemleak | sed 's/^/DMESG /'
	# kmemleak reports only objects older than 5 s: let boot's age first
	while [ "$(cut -d. -f1 /proc/uptime)" -lt 6 ]; do sleep 0.5; done
	# twice: a scan does not report an object whose checksum changed
	# since the previous one (a first scan changes them all)
	echo scan > $KML
	echo scan > $KML
	n0=$(grep -c '^unreferenced object' $KML)
	echo clear > $KML
	echo "INFO kmemleak: on, $n0 suspect(s) from boot (before insmod), cleared"
else
	echo "INFO kmemleak: not in this kernel"
fi

if [ -e /lib/modules/ra6notify.ko ]; then
	MODE=module
	insmod /lib/modules/ra6notify.ko legacy=1 || fail "insmod"
else
	MODE=in-tree
	[ -d /sys/module/ra6notify/parameters ] || fail "no built-in ra6notify"
	[ "$(cat /sys/module/ra6notify/parameters/legacy)" = Y ] ||
		fail "in-tree: boot with ra6notify.legacy=1"
fi
dmesg | grep 'ra6notify' | sed 's/^/DMESG /'
ip link add type veth
unshare -n sleep 100000 & RTR=$!
unshare -n sleep 100000 & HOST=$!
if ! wait_netns "$RTR" || ! wait_netns "$HOST"; then fail "netns"; fi
ip link set veth0 netns "$RTR"
ip link set veth1 netns "$HOST"
H sh -c '
	ip link set lo up
	echo 1 > /proc/sys/net/ipv6/conf/all/forwarding
	echo 1 > /proc/sys/net/ipv6/conf/veth1/forwarding
	echo 1 > /proc/sys/net/ipv6/conf/veth1/accept_ra
	echo 0 > /proc/sys/net/ipv6/conf/veth1/accept_dad
	ip link set veth1 up'
R sh -c '
	ip link set lo up
	echo 0 > /proc/sys/net/ipv6/conf/veth0/accept_dad
	ip link set veth0 up'

rm -f /tmp/r
nsenter -t "$HOST" -n ra6nt listen -n 1 -t 10000 -r /tmp/r > /tmp/ev1 2>&1 &
LPID=$!
wait_file /tmp/r
R ra_send veth0 80
wait "$LPID"
ev=$(grep '^EVENT' /tmp/ev1)
echo "INFO $ev"
case "$ev" in
*"ver=2 "*"m=1 o=0 "*"lifetime=1800 reachable=30000 retrans=1000 hop=64 accept_ra=1 forwarding=1 seq=1 dropped=0 optlen=16 trunc=0"*)
	pass "$MODE event: RA with M over veth, forwarding=1 accept_ra=1" ;;
*) fail "$MODE event: $(cat /tmp/ev1)" ;;
esac

rm -f /tmp/r
nsenter -t "$HOST" -n ra6nt listen -n 1 -t 10000 -r /tmp/r > /tmp/ev2 2>&1 &
LPID=$!
wait_file /tmp/r
R ra_send veth0 40
wait "$LPID"
if grep -q '^EVENT.* m=0 o=1 ' /tmp/ev2; then
	pass "$MODE O-only RA"
else
	fail "$MODE O-only RA: $(cat /tmp/ev2)"
fi

# 3.10 has no netlink_ns_capable(): the socket opener's caps, by hand
r1=$(H ra6nt -u register)
r2=$(H ra6nt -u set rate 5)
r3=$(ra6nt set burst 100000)
if [ "$r1" = EPERM ] && [ "$r2" = EACCES ] && [ "$r3" = EINVAL ]; then
	pass "$MODE unprivileged: EPERM on REGISTER, EACCES on a parameter; burst=100000 refused"
else
	fail "$MODE unprivileged: register=$r1 set=$r2 burst=100000: $r3"
fi

# RFC 6980: fragmented RAs make no event; in tree 3.10's ndisc takes them,
# ra6notify doesn't (the series flags reassembled packets)
inv=$(stat_of ras_invalid)
rm -f /tmp/r
nsenter -t "$HOST" -n ra6nt listen -n 1 -t 2000 -r /tmp/r > /tmp/ev3 2>&1 &
LPID=$!
wait_file /tmp/r
R ra_send veth0 80 1 frag
wait "$LPID"
if grep -q '^LISTEN events=0' /tmp/ev3 && [ "$(stat_of ras_invalid)" -gt "$inv" ]; then
	pass "$MODE fragmented RA: no event, counted invalid ($inv -> $(stat_of ras_invalid))"
else
	fail "$MODE fragmented RA: $(cat /tmp/ev3), invalid $inv -> $(stat_of ras_invalid)"
fi

rm -f /tmp/r
nsenter -t "$HOST" -n ra6nt listen -n 0 -t 60000 -r /tmp/r > /dev/null 2>&1 &
LPID=$!
wait_file /tmp/r
l1=$(stat_of listeners)
kill -9 "$LPID"
sleep 0.3
l2=$(stat_of listeners)
if [ "$l1" = 1 ] && [ "$l2" = 0 ]; then
	pass "$MODE killed: listeners 1 -> 0"
else
	fail "$MODE killed: listeners $l1 -> $l2"
fi

rm -f /tmp/r
nsenter -t "$HOST" -n ra6nt legacy -t 10000 -r /tmp/r > /tmp/leg 2>&1 &
LPID=$!
wait_file /tmp/r
R ra_send veth0 c0
wait "$LPID"
if grep -q '^LEGACY type=0 len=16' /tmp/leg; then
	pass "$MODE legacy: $(cat /tmp/leg)"
else
	fail "$MODE legacy: $(cat /tmp/leg) $(H ra6nt stats)"
fi

H ra6nt fuzz 2000 > /dev/null
H ra6nt -u fuzz 2000 > /dev/null
if H ra6nt ping | grep -q 'cmd=3 version=2 cookie=ok'; then
	pass "$MODE fuzz: still answers PING"
else
	fail "$MODE fuzz"
fi
if [ $MODE = module ]; then
	# genl_unregister_family() waits for requests under way
	nsenter -t "$HOST" -n ra6nt -u pingloop 1000000 8000 > /tmp/pl 2>&1 &
	PLPID=$!
	n=0
	while [ $n -lt 40 ] && rmmod ra6notify && insmod /lib/modules/ra6notify.ko legacy=1; do
		n=$((n + 1))
	done
	wait "$PLPID"
	if [ $n = 40 ]; then
		pass "module: 40 rmmod/insmod under an unprivileged PING/GET_STATS loop ($(cat /tmp/pl))"
	else
		fail "module: rmmod/insmod cycle $n failed ($(cat /tmp/pl))"
	fi
fi

echo "INFO $(H ra6nt stats)"
# ra6c itself on 3.10, on the hook and on the raw socket (ra6c-3.10.sh)
if [ -x /bin/ra6c ]; then
	# shellcheck source=tests/vm/k310/ra6c-3.10.sh
	. /bin/ra6c-3.10.sh
	ra6c_310
fi
# After the fuzz and two rmmods: nothing ra6notify allocated is left
# unreferenced. Frames of an unloaded module print as bare addresses in
# the module area (0xffffffffa0000000 up on x86_64); ra6notify is the
# only module this VM loads, so such a frame is ra6notify's.
if [ $MODE = module ] && [ -e $KML ]; then
	kill "$RTR" "$HOST" 2>/dev/null # its sockets go with the namespaces
	sleep 0.5
	rmmod ra6notify || fail "kmemleak: rmmod"
	others=$(cut -d' ' -f1 /proc/modules | tr '\n' ' ')
	sleep 6 # kmemleak reports objects older than 5 s
	echo scan > $KML
	echo scan > $KML
	cat $KML > /tmp/kml
	n=$(grep -c '^unreferenced object' /tmp/kml)
	ours=$(awk '/^unreferenced object/ { o = 0 }
		/\[<[0-9a-f]*>\] (ra6n|0xffffffffa)|\[ra6notify\]/ && !o { o = 1; c++ }
		END { print c + 0 }' /tmp/kml)
	echo "INFO kmemleak: $n new suspect(s) after rmmod, $ours with a ra6notify frame; modules left: '$others'"
	if [ "$ours" = 0 ] && [ -z "$others" ]; then
		pass "kmemleak: nothing from ra6notify after fuzz and rmmod ($n other new suspect(s))"
	else
		fail "kmemleak: $ours suspect(s) from ra6notify, modules left '$others'"
	fi
	head -40 /tmp/kml | sed 's/^/KMEMLEAK /'
fi
if dmesg | grep -E 'BUG|WARNING|Oops|Call Trace' > /tmp/bad; then
	fail "dmesg: $(head -3 /tmp/bad)"
else
	pass "dmesg: no BUG/WARNING/Oops"
fi
kill "$RTR" "$HOST" 2>/dev/null
if [ $FAILS = 0 ]; then RES=PASS; else RES=FAIL; fi
echo "RESULT: $RES ($MODE) at uptime $(cut -d' ' -f1 /proc/uptime)s"
sync
poweroff -f
