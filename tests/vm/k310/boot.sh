#!/bin/bash
# By hand, outside CI: boot a Linux 3.10 under QEMU TCG with a busybox
# initramfs, tests/vm/init-3.10.sh as /init and ra6c in it; print the
# console; exit 0 when it shows "RESULT: PASS".
#
#   ARCH=x86_64 KERNEL=/var/tmp/k310/obj/arch/x86/boot/bzImage \
#     RA6C=target/x86_64-unknown-linux-musl/release/ra6c \
#     [MODULE=ra6notify.ko] tests/vm/k310/boot.sh
#   ARCH=mips TREE=/var/tmp/k310/tree-mips OBJ=/var/tmp/k310/obj-mips \
#     RA6C=target/cross/mips_24kc/ra6c BUSYBOX=/var/tmp/k310/busybox-mips \
#     APPEND=ra6notify.legacy=1 tests/vm/k310/boot.sh
#
# ARCH       x86_64 (KERNEL: a bzImage, the shared kit's build) or mips
#            (big-endian malta: TREE and OBJ of build.sh here, which links
#            the initramfs into OBJ/vmlinux: see INITRAMFS there)
# MODULE     the out-of-tree ra6notify.ko (x86_64, stock kernel); without
#            it init-3.10.sh expects the in-tree hook (patches/linux-3.10)
# APPEND     more kernel arguments: the in-tree hook wants
#            ra6notify.legacy=1 (its legacy checks)
# BUSYBOX    a static busybox for ARCH (x86_64: /bin/busybox of
#            busybox-static; mips: busybox.sh here builds one)
# STRACE=1   x86_64: strace and its libraries go in too, and
#            ra6c-3.10.sh lists every syscall of ra6c's that failed
# QEMU_EXTRA more qemu options (e.g. "-icount shift=auto" on a busy host)
# WORK (/var/tmp/k310/boot-ARCH), TIMEOUT (900 s)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
VM=$(cd "$HERE/.." && pwd)
ROOT=$(cd "$VM/../.." && pwd)
ARCH=${ARCH:?x86_64 or mips}
W=${WORK:-/var/tmp/k310/boot-$ARCH}
case $ARCH in
x86_64) CC=gcc BB=${BUSYBOX:-/bin/busybox} K=${KERNEL:?a 3.10 bzImage}
	QEMU=(qemu-system-x86_64 -accel tcg -m 512) ;;
mips) CC=mips-linux-gnu-gcc BB=${BUSYBOX:?a static big-endian MIPS busybox (busybox.sh)}
	K=${OBJ:?the object directory of build.sh}/vmlinux
	QEMU=(qemu-system-mips -M malta -m 256) ;;
*) echo "ARCH x86_64 or mips" >&2; exit 2 ;;
esac
# A MODULE that isn't there would boot a stock kernel in in-tree mode.
for f in "$BB" "${RA6C:?a static ra6c for ARCH}" ${MODULE:+"$MODULE"}; do
	[ -f "$f" ] || { echo "missing $f" >&2; exit 2; }
done
rm -rf "$W/root"
R=$W/root
mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,lib/modules}
for p in "$VM"/src/ra6nt.c "$VM"/src/ra_send.c "$VM"/src/dhcp6_srv.c "$VM"/wiretime.c; do
	n=$(basename "$p" .c)
	$CC -O2 -Wall -Wextra -Werror -static -I"$ROOT/kmod/include/uapi" -o "$R/bin/$n" "$p" ||
		{ echo "build $n failed" >&2; exit 2; }
done
cp "$BB" "$R/bin/busybox"
cp "$RA6C" "$R/bin/ra6c"
cp "$VM/ra6c.sh" "$VM/wire.sh" "$HERE/ra6c-3.10.sh" "$R/bin/"
cp "$VM/init-3.10.sh" "$R/init"
chmod 755 "$R/init"
[ -n "${MODULE:-}" ] && cp "$MODULE" "$R/lib/modules/ra6notify.ko"
if [ "${STRACE:-0}" = 1 ] && [ "$ARCH" = x86_64 ]; then
	cp "$(command -v strace)" "$R/bin/"
	ldd "$(command -v strace)" | awk '/\// { print $(NF - 1) }' | while read -r l; do
		mkdir -p "$R$(dirname "$l")"
		cp "$l" "$R$l"
	done
fi
mknod -m 600 "$R/dev/console" c 5 1
(cd "$R" && find . | sort | cpio -o -H newc -R 0:0 --quiet) > "$W/initramfs.cpio" || exit 2
if [ "$ARCH" = mips ]; then
	INITRAMFS=$W/initramfs.cpio "$HERE/build.sh" || exit 2
	INITRD=()
else
	gzip -1 -f -k "$W/initramfs.cpio"
	INITRD=(-initrd "$W/initramfs.cpio.gz")
fi
[ -f "$K" ] || { echo "missing $K" >&2; exit 2; }

S=$W/serial
t0=$(date +%s)
# shellcheck disable=SC2086 # QEMU_EXTRA is a list of options
timeout "${TIMEOUT:-900}" "${QEMU[@]}" -nographic -no-reboot -nic none ${QEMU_EXTRA:-} \
	-kernel "$K" "${INITRD[@]}" \
	-append "console=ttyS0 panic=-1 ${APPEND:-}" < /dev/null > "$S.raw" 2>&1
qrc=$?
# the BIOS writes escape sequences on the serial line
sed -e 's/\r//g' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1bc//g' "$S.raw" > "$S.txt"
cat "$S.txt"
echo "BOOT: $ARCH, qemu rc=$qrc, $(($(date +%s) - t0)) s wall, console in $S.txt"
grep -q '^RESULT: PASS' "$S.txt"
