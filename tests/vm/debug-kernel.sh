#!/bin/bash
# By hand, not in CI: the VM test (tests/vm/run.sh, its rmmod race
# included) on a KASAN + lockdep + DEBUG_ATOMIC_SLEEP build of Debian's
# linux-source-6.1 (x86_64 tinyconfig + debug-kernel.config: what the VM
# needs built in, ra6notify the only module). Any report fails the run:
# init.sh's dmesg check looks for BUG (KASAN, sleeping in atomic), WARNING
# (lockdep), Oops and KASAN lines.
#
#   tests/vm/debug-kernel.sh [build|run]   (default: both)
#   APPEND="RA6_RACE_S=120" tests/vm/debug-kernel.sh run   (a longer rmmod race)
# env: DIR=/var/tmp/ra6-kasan (source and objects, outside the repo),
#      JOBS=2, RA6C=<static ra6c> as for run.sh, TIMEOUT=seconds (1500)
# needs: tests/vm/deps.sh. The build took 102 min (-j2, nice, 2 cores shared
# with other builds: load 12-20), the run 7 min with RA6_RACE_S=120.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=${DIR:-/var/tmp/ra6-kasan}
SRC=$DIR/linux-source-6.1
OBJ=$DIR/obj
JOBS=${JOBS:-2}

build() {
	[ -d "$SRC" ] || tar -xf /usr/src/linux-source-6.1.tar.xz -C "$DIR"
	mkdir -p "$OBJ"
	if [ ! -f "$OBJ/.config" ]; then
		make -s -C "$SRC" O="$OBJ" tinyconfig > /dev/null
		grep -v '^#' "$HERE/debug-kernel.config" | grep . > "$OBJ/fragment.config"
		"$SRC/scripts/kconfig/merge_config.sh" -m -O "$OBJ" "$OBJ/.config" \
			"$OBJ/fragment.config" > "$OBJ/merge.log"
		make -s -C "$SRC" O="$OBJ" olddefconfig > /dev/null
	fi
	# everything asked for must have survived olddefconfig
	while IFS= read -r opt; do
		grep -qx "$opt" "$OBJ/.config" || { echo "config: $opt did not stick" >&2; exit 1; }
	done < <(grep '^CONFIG_' "$HERE/debug-kernel.config")
	t0=$(date +%s)
	make -C "$SRC" O="$OBJ" -j"$JOBS" bzImage modules > "$DIR/build.log" 2>&1 ||
		{ tail -30 "$DIR/build.log"; exit 1; }
	echo "built $OBJ/arch/x86/boot/bzImage in $(($(date +%s) - t0)) s"
}

run() {
	# more memory for KASAN's shadow; no modules besides ra6notify
	VMLINUZ=$OBJ/arch/x86/boot/bzImage KDIR=$OBJ MODDIR="" MEM=1024 \
		TIMEOUT=${TIMEOUT:-1500} "$HERE/run.sh"
}

case "${1:-all}" in
build) build ;;
run) run ;;
all) build && run ;;
*) echo "usage: $0 [build|run]" >&2; exit 2 ;;
esac
