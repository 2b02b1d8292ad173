#!/bin/bash
# Boot test of the ra6notify module: builds kmod/ against Debian's
# linux-headers-amd64 (W=1, warnings fail), builds the static test programs,
# packs a busybox initramfs and boots linux-image-amd64's vmlinuz under QEMU
# TCG (or, with ARCH=mipsel, Debian's MIPS malta kernel: see below). Prints one line per check and "N passed, N failed"; exits non-zero on
# any failure or a timeout.
#
# env: RA6C=<static ra6c>  also copied in; init.sh's ra6c_checks runs it
#      TIMEOUT=seconds (300)  KEEP=1 keeps the work dir  WORK=dir
#      VMLINUZ=, KDIR=, MODDIR=  another x86_64 kernel (its bzImage, build
#      tree for the module, module tree or "" when all is built in), as
#      tests/vm/debug-kernel.sh does; APPEND= more kernel arguments;
#      MEM=MiB (512)
#      ARCH=mipsel  Debian's little-endian MIPS kernel (4kc-malta, which
#      tests/vm/deps.sh extracts) under qemu-system-mipsel -M malta, the
#      module and test programs cross-built, two emulated NICs as the link,
#      /init tests/vm/mips/init.sh; RA6C then is the mipsel ra6c
# needs: tests/vm/deps.sh
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${WORK:-$(mktemp -d /tmp/ra6vm.XXXXXX)}
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
PASSED=0
FAILED=0

result() { # PASS|FAIL text
	echo "$1 $2"
	if [ "$1" = PASS ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi
}
finish() {
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" = 0 ] && [ "$PASSED" -gt 0 ]
	exit $?
}

# What init.sh loads before ra6notify, in this order: veth, and nftables
# with conntrack (OpenWrt's firewall) for the netfilter checks. Modules
# that the kernel has built in are left out.
MODS="drivers/net/veth crypto/crc32c_generic lib/libcrc32c
net/netfilter/nfnetlink net/netfilter/nf_tables net/ipv4/netfilter/nf_defrag_ipv4
net/ipv6/netfilter/nf_defrag_ipv6 net/netfilter/nf_conntrack net/netfilter/nft_ct"
ARCH=${ARCH:-x86_64}
case $ARCH in
x86_64)
	# the kernel that linux-image-amd64 depends on, not the host's
	KVER=$(dpkg-query -W -f='${Depends}' linux-image-amd64 2>/dev/null |
		sed -n 's/.*linux-image-\([^ ,]*-amd64\).*/\1/p')
	KDIR=${KDIR:-/usr/src/linux-headers-$KVER}
	VMLINUZ=${VMLINUZ:-/boot/vmlinuz-$KVER}
	MODDIR=${MODDIR-/lib/modules/$KVER}
	CC=gcc KMAKE=() BUSYBOX=/bin/busybox INIT=$HERE/init.sh
	ACCEL="-accel tcg -cpu qemu64"
	# KVM only where the CPU really has it (see shared NOTES)
	if [ -w /dev/kvm ] && grep -qE 'vmx|svm' /proc/cpuinfo; then ACCEL="-accel kvm -cpu host"; fi
	# S3 enabled: ra6c.sh suspends the VM (the RTC alarm wakes it)
	# shellcheck disable=SC2206 # ACCEL is two options
	QEMU=(qemu-system-x86_64 $ACCEL -smp 1 -global PIIX4_PM.disable_s3=0) ;;
mipsel)
	M=${RA6C_MIPS_ROOT:-/var/cache/ra6c/mipsel}
	KVER=$(cat "$M/KVER" 2>/dev/null)
	KDIR=${KDIR:-$M/usr/src/linux-headers-$KVER}
	VMLINUZ=${VMLINUZ:-$M/boot/vmlinuz-$KVER}
	MODDIR=${MODDIR-$M/lib/modules/$KVER}
	CC=mipsel-linux-gnu-gcc KMAKE=(ARCH=mips CROSS_COMPILE=mipsel-linux-gnu-)
	BUSYBOX=$M/bin/busybox INIT=$HERE/mips/init.sh
	# the NICs' driver first: init.sh's setup takes eth0 and eth1
	MODS="drivers/net/mii drivers/net/ethernet/amd/pcnet32 $MODS"
	# shellcheck disable=SC2054 # qemu's options have commas
	QEMU=(qemu-system-mipsel -M malta
		-netdev hubport,id=n0,hubid=0 -device pcnet,netdev=n0,mac=52:54:00:00:00:01
		-netdev hubport,id=n1,hubid=0 -device pcnet,netdev=n1,mac=52:54:00:00:00:02) ;;
*) result FAIL "setup: ARCH=$ARCH (x86_64 or mipsel)"; finish ;;
esac
for f in "$KDIR/Makefile" "$VMLINUZ" "$BUSYBOX"; do
	[ -e "$f" ] || { result FAIL "setup: $f missing (run tests/vm/deps.sh)"; finish; }
done

# module: built in a copy so the source tree stays clean
cp -r "$ROOT/kmod" "$WORK/kmod"
if make -C "$KDIR" "${KMAKE[@]}" M="$WORK/kmod" W=1 modules > "$WORK/kbuild.log" 2>&1; then
	if grep -E 'warning:|error:' "$WORK/kbuild.log"; then
		result FAIL "build: ra6notify.ko has warnings (W=1)"
	else
		result PASS "build: ra6notify.ko against $KDIR, W=1, no warnings"
	fi
else
	cat "$WORK/kbuild.log"
	result FAIL "build: ra6notify.ko"
	finish
fi

R=$WORK/root
mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,lib/modules}
for p in src/ra6nt src/ra_send src/dhcp6_srv src/nftrule wiretime; do
	"$CC" -O2 -Wall -Wextra -Werror -static -I"$ROOT/kmod/include/uapi" \
		-o "$R/bin/${p#src/}" "$HERE/$p.c" || { result FAIL "build: $p"; finish; }
done
cp "$BUSYBOX" "$R/bin/busybox"
cp "$HERE/ra6c.sh" "$HERE/wire.sh" "$R/"
cp "$WORK/kmod/ra6notify.ko" "$R/lib/modules/"
: > "$R/lib/modules/load.list"
for m in $MODS; do
	[ -n "$MODDIR" ] || break
	if [ -e "$MODDIR/kernel/$m.ko" ]; then
		cp "$MODDIR/kernel/$m.ko" "$R/lib/modules/"
		basename "$m" >> "$R/lib/modules/load.list"
	elif ! grep -qx "kernel/$m.ko" "$MODDIR/modules.builtin"; then
		result FAIL "setup: $m.ko neither in $MODDIR nor built in"
		finish
	fi
done
if [ -n "${RA6C:-}" ]; then
	cp "$RA6C" "$R/bin/ra6c" || { result FAIL "setup: RA6C=$RA6C"; finish; }
fi
cp "$INIT" "$R/init"
cp "$HERE/init.sh" "$R/vm-init.sh"
chmod 755 "$R/init"
(cd "$R" && find . | sort | cpio -o -H newc -R 0:0 --quiet | gzip -1) > "$WORK/initrd.gz" ||
	{ result FAIL "setup: initramfs"; finish; }

t0=$(date +%s)
timeout "${TIMEOUT:-300}" "${QEMU[@]}" -m "${MEM:-512}" -nographic \
	-no-reboot -nic none -kernel "$VMLINUZ" -initrd "$WORK/initrd.gz" \
	-append "console=ttyS0 panic=-1 quiet ${APPEND:-}" < /dev/null > "$WORK/serial.raw" 2>&1
qrc=$?
t1=$(date +%s)
# the BIOS writes escape sequences on the serial line
sed -e 's/\r//g' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1bc//g' \
	"$WORK/serial.raw" > "$WORK/serial.txt"
[ "${VERBOSE:-0}" = 1 ] && cat "$WORK/serial.txt"
grep -E '^(INFO|LATENCY|DMESG)' "$WORK/serial.txt"
while read -r _ st text; do
	result "$st" "$text"
done < <(grep -E '^CHECK (PASS|FAIL) ' "$WORK/serial.txt")
if grep -q '^INIT DONE' "$WORK/serial.txt"; then
	result PASS "vm: ran to the end in $((t1 - t0)) s (qemu rc=$qrc)"
else
	tail -40 "$WORK/serial.txt"
	result FAIL "vm: did not finish (timeout or crash, qemu rc=$qrc)"
fi
finish
