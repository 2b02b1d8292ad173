#!/bin/bash
# By hand, outside CI: a stock Linux 3.10.0 for QEMU's malta board,
# big-endian MIPS32r2 (the vendor-BSP case: ath79 and friends are
# big-endian), built with Debian bookworm's gcc-mips-linux-gnu (gcc 12),
# with patches/linux-3.10 applied and CONFIG_IPV6_RA6NOTIFY=y.
#
#   TREE=/var/tmp/k310/tree-mips OBJ=/var/tmp/k310/obj-mips tests/vm/k310/build.sh
#
# TREE: stock 3.10.0 (see ../shared/kernel-3.10/README.md: git archive
# 28202f82), a tree of its own: the fixes below and the patch series are
# applied to it in place (each only where missing). OBJ: object directory.
# Both stay outside the repository; nothing from the tree is committed.
# Output: OBJ/vmlinux (qemu-system-mips -M malta -kernel takes the ELF).
# Env: JOBS (2), NO_PATCH=1 (stock kernel, no hook: the raw path only),
# RECONFIG=1 (fresh configuration).
# Needs: gcc-mips-linux-gnu, make, bc, flex, bison, perl, patch.
# Times on 2 busy cores: see docs/kernels.md.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
T=$(cd "${TREE:?stock 3.10.0 tree}" && pwd)
mkdir -p "${OBJ:?object directory}"
O=$(cd "$OBJ" && pwd)
JOBS=${JOBS:-2}
CROSS=mips-linux-gnu-
command -v ${CROSS}gcc > /dev/null || { echo "no ${CROSS}gcc (apt-get install gcc-mips-linux-gnu)" >&2; exit 2; }

# Fixes that gcc 12, binutils 2.40 and make 4.3 need on a 3.10 tree, each
# a later upstream change (the shared kit's W1, W2-W4 as flags, W8; the
# x86-only ones don't apply), then the MIPS ones (M*).
# W1: 3.10 includes compiler-gcc<major>.h
[ -f "$T/include/linux/compiler-gcc12.h" ] ||
	cp "$T/include/linux/compiler-gcc4.h" "$T/include/linux/compiler-gcc12.h"
# W2: host tools need -fcommon (gcc >= 10); W3: no PIE; W4: gnu89 inline
# semantics (gcc >= 5 defaults to gnu11)
HOSTCFLAGS="-O2 -fcommon"
KCFLAGS="-fno-pie -std=gnu89"
# M2: the kernel is built -msoft-float, and binutils >= 2.25 then refuses
# the FPU context switch's own FPU instructions (r4k_fpu.S: "ldc1 ...
# not supported on this processor"). Upstream (842dfc11ea9a) marks those
# spots ".set hardfloat"; telling gas -mhard-float after gcc's
# -msoft-float does the same for all of them. Code generation is gcc's
# and stays soft-float.
KCFLAGS="$KCFLAGS -Wa,-mhard-float"
KAFLAGS="-Wa,-mhard-float"
# W8: make 4.3 no longer unescapes "\#" in functions, so kbuild's .cmd
# files are cut and everything rebuilds every time (upstream 9564a8cf422d)
if ! grep -q '^pound := ' "$T/scripts/Kbuild.include"; then
	python3 - "$T/scripts/Kbuild.include" << 'EOF'
import sys
p = sys.argv[1]; s = open(p).read()
old = r'make-cmd = $(subst \\,\\\\,$(subst \#,\\\#,$(subst $$,$$$$,$(call escsq,$(cmd_$(1))))))'
new = r'make-cmd = $(subst \\,\\\\,$(subst $(pound),$$(pound),$(subst $$,$$$$,$(call escsq,$(cmd_$(1))))))'
assert old in s, "Kbuild.include: make-cmd line not found"
s = s.replace(old, new).replace("squote  := '\n", "squote  := '\npound := \\#\n", 1)
open(p, 'w').write(s)
EOF
fi

# M1: arch/mips builds with -Werror, and gcc 12 warns where gcc 4 didn't
# (e.g. -Wattributes on log2.h's ____ilog2_NaN); later kernels made
# MIPS's -Werror optional. The warnings stay visible in build.log.
sed -i 's/^subdir-ccflags-y := -Werror$/subdir-ccflags-y :=/' "$T/arch/mips/Kbuild"

# M3: gcc 12 drops log2.h's "noreturn" (it conflicts with "const"), so
# calls to the never-defined ____ilog2_NaN() stay in tlbex.c and vmlinux
# doesn't link. Upstream 474c90156c8d (4.11) makes a constant ilog2 of 0
# or 1 plain 0; done the same way here.
if grep -q ____ilog2_NaN "$T/include/linux/log2.h"; then
	python3 - "$T/include/linux/log2.h" << 'EOF'
import sys
p = sys.argv[1]; s = open(p).read()
s = s.replace("extern __attribute__((const, noreturn))\nint ____ilog2_NaN(void);\n", "")
s = s.replace("(n) < 1 ? ____ilog2_NaN() :", "(n) < 2 ? 0 :")
s = s.replace("\t\t____ilog2_NaN()\t\t\t\\\n", "\t\t0\t\t\t\t\\\n")
assert "____ilog2_NaN" not in s, "log2.h: ____ilog2_NaN still there"
open(p, 'w').write(s)
EOF
fi

# M4: malta selects CSRC_GIC, and 3.10 then leaves the CPU's own counter
# out as a clocksource (asm/time.h); QEMU's malta has no GIC, so the
# kernel falls back to the PIT, whose stamps step by a 10 ms tick here:
# too coarse to time ra6c's reaction. Register the counter too (later
# kernels choose at run time); the GIC's still wins where one exists.
sed -i 's/^#if defined(CONFIG_CSRC_R4K) \&\& !defined(CONFIG_CSRC_GIC)$/#if defined(CONFIG_CSRC_R4K)/' \
	"$T/arch/mips/include/asm/time.h"

# The hook: patches/linux-3.10. A copy of the series applied is kept in
# the tree: when the project's series changes, the old one is reversed
# first, so the same tree follows the branch.
S=$ROOT/patches/linux-3.10
A=$T/.ra6c-series
if [ -d "$A" ] && { [ "${NO_PATCH:-0}" = 1 ] || ! diff -rq "$S" "$A" > /dev/null; }; then
	tac "$A/series" | while read -r p; do
		patch -R -p1 -d "$T" --quiet < "$A/$p"
	done
	rm -rf "$A"
fi
if [ "${NO_PATCH:-0}" != 1 ] && [ ! -d "$A" ]; then
	while read -r p; do
		patch -p1 -d "$T" --forward --quiet < "$S/$p"
	done < "$S/series"
	cp -r "$S" "$A"
fi

MK=(make -C "$T" O="$O" ARCH=mips CROSS_COMPILE="$CROSS" HOSTCFLAGS="$HOSTCFLAGS"
	KCFLAGS="$KCFLAGS" KAFLAGS="$KAFLAGS")
if [ "${RECONFIG:-0}" = 1 ] || [ ! -f "$O/.config" ]; then
	"${MK[@]}" malta_defconfig > "$O/config.log" 2>&1
	C=("$T/scripts/config" --file "$O/.config")
	# big-endian 24Kc-class malta, no modules (all built in: faster, and
	# the in-tree hook needs none), what the test needs on
	"${C[@]}" -d CPU_LITTLE_ENDIAN -e CPU_BIG_ENDIAN -d MODULES \
		-e NET -e NET_NS -e VETH -e IPV6 -e PACKET -e UNIX -e INET \
		-e DEVTMPFS -e DEVTMPFS_MOUNT -e BLK_DEV_INITRD -e RD_GZIP -e TMPFS \
		-e SERIAL_8250 -e SERIAL_8250_CONSOLE -e PROC_FS -e SYSFS
	[ "${NO_PATCH:-0}" = 1 ] || "${C[@]}" -e IPV6_RA6NOTIFY --set-val IPV6_RA6NOTIFY_PROTO 25
	# not wanted: smaller and faster to build
	"${C[@]}" -d DRM -d FB -d SOUND -d USB_SUPPORT -d WLAN -d WIRELESS -d CFG80211 \
		-d NETWORK_FILESYSTEMS -d MD -d SCSI -d ATA -d IDE \
		-d IP_VS -d BRIDGE -d VLAN_8021Q -d NET_SCHED -d INPUT_MOUSE -d HID
	"${MK[@]}" olddefconfig >> "$O/config.log" 2>&1
	for s in CPU_BIG_ENDIAN NET_NS VETH IPV6 PACKET DEVTMPFS BLK_DEV_INITRD SERIAL_8250_CONSOLE; do
		grep -q "^CONFIG_$s=y" "$O/.config" || { echo "config: CONFIG_$s not =y" >&2; exit 2; }
	done
	if [ "${NO_PATCH:-0}" != 1 ]; then
		grep -q '^CONFIG_IPV6_RA6NOTIFY=y' "$O/.config" || { echo "config: no IPV6_RA6NOTIFY" >&2; exit 2; }
	fi
fi

# INITRAMFS=<cpio>: built into vmlinux (boot.sh does this). 3.10's MIPS
# bootmem_init() puts its bitmap after an initrd, and QEMU's malta loader
# puts the initrd at the top of RAM: with -initrd the kernel runs out of
# early memory and hangs; OpenWrt's initramfs images are built in too.
if [ -n "${INITRAMFS:-}" ]; then
	"$T/scripts/config" --file "$O/.config" --set-str INITRAMFS_SOURCE "$INITRAMFS" \
		-d INITRAMFS_COMPRESSION_GZIP -e INITRAMFS_COMPRESSION_NONE
	"${MK[@]}" olddefconfig >> "$O/config.log" 2>&1
fi

t0=$(date +%s)
set +e
"${MK[@]}" -j"$JOBS" vmlinux > "$O/build.log" 2>&1
rc=$?
set -e
echo "build rc=$rc in $(($(date +%s) - t0)) s (log: $O/build.log)"
if [ $rc -ne 0 ]; then
	grep -E 'error|Error' "$O/build.log" | tail -20
	exit $rc
fi
file "$O/vmlinux"
