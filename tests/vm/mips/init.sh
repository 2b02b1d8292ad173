#!/bin/busybox sh
# /init of the MIPS VM (tests/vm/run.sh with ARCH=mipsel): Debian's
# little-endian MIPS kernel on QEMU's malta board, the module built for
# it, the mipsel ra6c. The link under test is two emulated pcnet NICs on
# one QEMU hub (init.sh's setup names them veth0, in "rtr", and veth1, in
# "host"), so RAs, Solicits and the server's answers go through a real
# driver's transmit and receive paths and multicast filter.
#
# The checks are init.sh's and ra6c.sh's own (sourced, not copied), a
# list for MIPS under TCG, which is ~10x slower than the x86 VM: the hook
# on this kernel, ra6c on both RA sources against dhcp6_srv on the other
# side of the NICs, every option length, rmmod -> raw fallback, and the
# reaction on the wire (wire.sh). What only the x86 VM runs is listed at
# the end with the reason.
# shellcheck shell=sh
RA6VM_LIB=1
# shellcheck source=tests/vm/init.sh
. /vm-init.sh
# shellcheck source=tests/vm/ra6c.sh
. /ra6c.sh
# shellcheck source=tests/vm/wire.sh
. /wire.sh

# guest uptime before each group: where the suite's time goes
at() { echo "INFO at $(cut -d' ' -f1 /proc/uptime) s: $*"; }

echo "INFO $(uname -m), $(grep -m1 'cpu model' /proc/cpuinfo)"
if setup; then
	pass "setup: two emulated NICs on a QEMU hub into two namespaces, host forwarding=1 accept_ra=1"
	at "module"
	check_load
	check_event_m
	check_event_o
	check_invalid
	check_unpriv
	at "ra6c on the hook"
	echo "INFO ra6c present: $(ra6c --version 2>&1 | head -1)"
	r6_solicit
	r6_info
	# after the O-only RA: its RA(M) right before r6_solicit's would be
	# coalesced with it (an identical RA within coalesce_ms)
	check_reload
	at "option lengths"
	r6_optlens
	at "ra6c on the raw socket"
	r6_raw_bound
	at "rmmod -> raw fallback"
	r6_reload
	[ -n "${SRV:-}" ] && kill "$SRV" 2>/dev/null
	at "reaction on the wire"
	REACT_N=5
	reaction_checks
	at "done"
else
	fail "setup"
	dmesg | tail -20
fi
check_dmesg
[ -n "$LAT" ] && echo "LATENCY hook->listener ${LAT} us"
echo "INFO x86 VM only: accept_ra variants, user namespaces, kill -9, legacy," \
	"burst/coalesce/fuzz, netfilter, rmmod race, clock steps (arch-neutral C and" \
	"shell, and minutes under TCG MIPS); suspend (malta has no S3)"
[ -n "$RTR" ] && kill "$RTR" 2>/dev/null
[ -n "$HOST" ] && kill "$HOST" 2>/dev/null
echo "INIT DONE"
sync
poweroff -f
