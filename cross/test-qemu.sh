#!/bin/sh
# Cross-compile the crate's unit tests and run them under qemu-user.
#
#   cross/test-qemu.sh                      # mips and mipsel (big-endian MIPS catches byte-order bugs)
#   cross/test-qemu.sh all                  # all four targets
#   cross/test-qemu.sh aarch64-unknown-linux-musl
#
# Tests that cannot run under qemu-user are skipped by name, each with its reason, listed in
# the output (QEMU_SKIP below); nothing is skipped silently. Tests marked #[ignore] (root and
# network namespaces) stay ignored, as on the host.
# Prints libtest's output per binary and a last line "N passed, N failed[, N skipped]";
# exits non-zero if any test failed or a binary did not run.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=/dev/null
. "$here/versions.sh"
# shellcheck source=/dev/null
. "$here/flags.sh"

# target-glob|test-name-filter|reason, one per line (libtest --skip takes substrings of test
# names). qemu-user passes sockets and netlink through to the host kernel, so most of the
# namespace tests run; what qemu-user 7.2 (Debian bookworm) gets wrong is listed here, found
# with `qemu-mips-static -d unimp` and `-strace`. What they cover runs on real MIPS kernels
# instead: the raw RA socket and rtnetlink (standalone addresses) in the vm-mips suite
# (tests/vm/run.sh ARCH=mipsel) and, big-endian, on 3.10 by hand (docs/kernels.md).
# RA6C_QEMU_SKIP replaces the list.
QEMU_SKIP=${RA6C_QEMU_SKIP-"mips-*|trigger::raw::tests::netns_|qemu-user copies IPV6_PKTINFO ancillary data (SOL_IPV6/IPV6_PKTINFO = 41/50, 'Unsupported ancillary data: 41/50') to a big-endian guest without byte-swapping ipi6_ifindex, so every RA looks like another interface's
mips-*|rtnl::tests::netns_link_addresses_routes|qemu-user's netlink translation for a big-endian guest: RTM_NEWADDR (with IFA_CACHEINFO) is answered EINVAL
mips-*|udp::tests::netns_priority_and_dscp_on_the_wire|qemu-user copies IPV6_TCLASS ancillary data ('Unsupported ancillary data: 41/67') to a big-endian guest without byte-swapping it: traffic class 184 reads as -1207959552
mipsel-*|rtnl::tests::netns_link_addresses_routes|qemu-user passes errno values inside netlink NLMSG_ERROR replies untranslated: the host's EADDRNOTAVAIL (99 on x86_64) reaches the guest, whose EADDRNOTAVAIL is 126 (MIPS)"}

case "${1:-}" in
"") targets="mips-unknown-linux-musl mipsel-unknown-linux-musl" ;;
all) targets=$RA6C_TARGETS ;;
*) targets=$* ;;
esac

cd "$root"
tdir=${CARGO_TARGET_DIR:-$root/target}
passed=0
failed=0
skipped=0
broken=0
for t in $targets; do
	qemu=$(ra6c_qemu "$t") || {
		echo "test-qemu.sh: unknown target $t" >&2
		exit 2
	}
	command -v "$qemu" >/dev/null || {
		echo "test-qemu.sh: $qemu missing (apt-get install qemu-user-static; cross/deps.sh)" >&2
		exit 1
	}
	ra6c_export_rustflags "$t"
	# tests unwind (libtest catches panics): keep unwind tables, std with panic_unwind
	_v=CARGO_TARGET_$(printf '%s' "$t" | tr 'a-z-' 'A-Z_')_RUSTFLAGS
	eval "_f=\$$_v"
	# shellcheck disable=SC2154 # _f is set by the eval above
	export "$_v=$(printf '%s' "$_f" | sed 's/ -C force-unwind-tables=no//')"
	echo "== $t: building tests"
	start=$(date +%s)
	cargo "+$RA6C_NIGHTLY" zigbuild --locked --tests --lib --bins --target "$t" \
		-Zbuild-std=std,panic_unwind --message-format=json-render-diagnostics >"$tdir/test-qemu-$t.json"
	echo "== $t: built in $(($(date +%s) - start))s"
	bins=$(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") == "compiler-artifact" and m.get("profile", {}).get("test") and m.get("executable"):
        print(m["executable"])
' "$tdir/test-qemu-$t.json")
	for b in $bins; do
		skipargs=
		if [ -n "$QEMU_SKIP" ]; then
			while IFS='|' read -r glob name reason; do
				[ -n "$name" ] || continue
				# shellcheck disable=SC2254 # glob is a pattern on purpose
				case "$t" in
				$glob)
					echo "== skip under qemu on $t: $name ($reason)"
					skipargs="$skipargs --skip $name"
					;;
				esac
			done <<EOF
$QEMU_SKIP
EOF
		fi
		echo "== $t: $qemu $(basename "$b")"
		# tests that exec the ra6c binary (tests/startup.rs) run it under the same qemu
		# shellcheck disable=SC2086 # skipargs is a list of words
		if RA6C_TEST_RUNNER=$qemu "$qemu" "$b" --test-threads=1 $skipargs >"$tdir/test-qemu.out" 2>&1; then rc=0; else rc=$?; fi
		cat "$tdir/test-qemu.out"
		line=$(grep '^test result:' "$tdir/test-qemu.out" | tail -n 1 || true)
		if [ -z "$line" ]; then
			echo "== $t: $(basename "$b") did not finish (exit $rc)"
			broken=$((broken + 1))
			continue
		fi
		p=$(echo "$line" | sed -n 's/.* \([0-9]*\) passed.*/\1/p')
		f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
		s=$(echo "$line" | sed -n 's/.* \([0-9]*\) filtered out.*/\1/p')
		i=$(echo "$line" | sed -n 's/.* \([0-9]*\) ignored.*/\1/p')
		passed=$((passed + ${p:-0}))
		failed=$((failed + ${f:-0}))
		skipped=$((skipped + ${s:-0} + ${i:-0}))
		[ "$rc" = 0 ] || [ "${f:-0}" != 0 ] || broken=$((broken + 1))
	done
done
echo "qemu: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ] && [ "$broken" = 0 ]
