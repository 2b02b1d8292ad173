#!/bin/bash
# `make check`: every suite, in order from quickest to slowest, each with
# its own pass/fail; the last line counts suites. Exits non-zero if any
# suite failed. Needs root (namespaces, a VM) and `make deps` first.
#
#   tests/check.sh [suite...]      # default: all, in the order below
set -uo pipefail
cd "$(dirname "$0")/.." || exit

SUITES=(fmt clippy unit shellcheck patches lab fault vm cross vm-mips pkg msrv qemu lab-mips fuzz)
[ $# -gt 0 ] && SUITES=("$@")

# One release build serves the lab and the VM: static (musl), so the
# VM's busybox initramfs can run it too.
LAB_ABCEFH="--scenario a --scenario b --scenario c --scenario e --scenario f --scenario h"
BIN=$(realpath -m "${CARGO_TARGET_DIR:-target}/x86_64-unknown-linux-musl/release/ra6c")
release() {
	rustup target list --installed | grep -qx x86_64-unknown-linux-musl ||
		rustup target add x86_64-unknown-linux-musl
	cargo build --release --locked --target x86_64-unknown-linux-musl
}

# together CMD...: each argument is one command line, all run at the same
# time (the lab's scenarios mostly wait on timers and packets, each in its
# own namespaces, tests/lab/lab.sh); each one's output is kept apart and
# printed whole, in the order given, with its time. Fails if any failed.
together() {
	local d i c r rc=0 t0 pids=()
	d=$(mktemp -d /tmp/ra6c-check.XXXXXX)
	t0=$(date +%s)
	i=0
	for c in "$@"; do
		bash -c "$c" >"$d/$i" 2>&1 &
		pids+=($!)
		i=$((i + 1))
	done
	for i in "${!pids[@]}"; do
		if wait "${pids[$i]}"; then r=passed; else r=FAILED rc=1; fi
		cat "$d/$i"
		echo "--- ($r, done after $(($(date +%s) - t0)) s) ${*:$((i + 1)):1}"
	done
	rm -rf "$d"
	return "$rc"
}

# every *.sh, and the other tracked files that start as shell scripts
shell_files() {
	git ls-files '*.sh'
	git ls-files -z 'openwrt/*/files/*' '.ci/run' |
		xargs -0 grep -l '^#!.*\(sh\|bash\)' 2>/dev/null
}

suite() {
	case $1 in
	fmt) cargo fmt --check ;;
	clippy) cargo clippy --locked --all-targets -- -D warnings ;;
	unit) cargo test --locked ;;
	shellcheck) mapfile -t f < <(shell_files) && shellcheck -x "${f[@]}" && echo "${#f[@]} shell files clean" ;;
	patches) patches/check.sh && patches/test-6.1.sh ;;
	# dnsmasq stretches leases to 120 s: the slow lease-timer scenarios (d,
	# g) run against the servers that honour short ones. One server per
	# process, all at once: each lab waits on its own timers. contract-*:
	# the script's environments against odhcp6c's (tests/contract), with Kea;
	# ralife routers tun: the RA state (issue 15 item 1).
	lab) release && together \
		"tests/lab/run.sh --server kea $LAB_ABCEFH '$BIN'" \
		"tests/lab/run.sh --server dnsmasq $LAB_ABCEFH '$BIN'" \
		"tests/lab/run.sh --server dhcpd $LAB_ABCEFH '$BIN'" \
		"tests/lab/run.sh --server dhcp6s $LAB_ABCEFH '$BIN'" \
		"tests/lab/run.sh --server kea --server dhcpd --server dhcp6s --scenario d '$BIN'" \
		"tests/lab/run.sh --server kea --server dhcpd --scenario g '$BIN'" \
		"tests/lab/run.sh --server kea --scenario i --scenario j --scenario k '$BIN'" \
		"tests/lab/run.sh --server kea --scenario contract-mape --scenario contract-informed --scenario contract-tun '$BIN'" \
		"tests/lab/run.sh --server kea --scenario ralife --scenario routers --scenario tun '$BIN'" ;;
	# Issue 7's fault scenarios: the state file under kill -9, then the
	# lab's tests/lab/faults/*.sh against real servers, side by side; the
	# RA flood (CPU-heavy) runs alone afterwards so it can't slow the others.
	fault) release && together \
		"tests/fault/state_kill.sh '$BIN' 100" \
		"tests/lab/run.sh --server kea --scenario expire --scenario notonlink --scenario moved '$BIN'" \
		"tests/lab/run.sh --server kea --scenario lifetimes --scenario noaddrs --scenario readd '$BIN'" \
		"tests/lab/run.sh --server kea --scenario statefs --scenario wire --scenario rkap --scenario holdoff '$BIN'" \
		"tests/lab/run.sh --server kea --scenario wpd4 --scenario pflag --scenario fallback '$BIN'" \
		"tests/lab/run.sh --server dnsmasq --scenario nobinding '$BIN'" &&
		tests/lab/run.sh --server kea --scenario flood "$BIN" ;;
	vm) release && RA6C=$BIN tests/vm/run.sh ;;
	# .apk needs apk-tools v3, which CI can't fetch: cross/apk.sh says when it skips
	cross) cross/build.sh && cross/ipk.sh && cross/apk.sh ;;
	# The VM's checks on Debian's little-endian MIPS kernel (qemu-system,
	# malta), the mipsel ra6c and the module cross-built for that kernel.
	vm-mips) cross/build.sh mipsel-unknown-linux-musl &&
		ARCH=mipsel RA6C=target/cross/mipsel_24kc/ra6c TIMEOUT=600 tests/vm/run.sh ;;
	pkg) release && RA6C_BIN=$BIN tests/pkg/run.sh ;;
	# Cargo.toml's rust-version builds the locked crates (OpenWrt SDKs bring that Rust)
	msrv) tests/pkg/msrv.sh ;;
	# Big-endian MIPS is where byte-order bugs show; mipsel, ARM and
	# AArch64 run `cross/test-qemu.sh all` outside CI's time budget.
	qemu) cross/test-qemu.sh mips-unknown-linux-musl ;;
	# The big-endian binary against real Kea under qemu-user. Its RA
	# sources can't work there (qemu-user hands IPV6_PKTINFO to big-endian
	# guests unswapped): they run on a big-endian kernel by hand
	# (docs/kernels.md); mipsel's run in vm-mips.
	lab-mips) RA6C_QEMU_ARGS=--startup-solicit cross/lab-qemu.sh mips_24kc --server kea \
		--scenario a --scenario e ;;
	fuzz) fuzz/run.sh smoke ;;
	*) echo "unknown suite $1" >&2; return 2 ;;
	esac
}

check_start=$(date +%s)
passed=0
failed=0
failures=()
for s in "${SUITES[@]}"; do
	echo "=== $s"
	start=$(date +%s)
	if suite "$s"; then
		r=passed
		passed=$((passed + 1))
	else
		r=FAILED
		failed=$((failed + 1))
		failures+=("$s")
	fi
	echo "=== $s: $r in $(($(date +%s) - start)) s"
done
[ "$failed" -eq 0 ] || echo "failed suites: ${failures[*]}"
echo "suites: $passed passed, $failed failed; total $(($(date +%s) - check_start)) s"
[ "$failed" -eq 0 ]
