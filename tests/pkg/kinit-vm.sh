#!/bin/bash
# By hand (not CI; the VM suite owns the module's own checks): /etc/init.d/ra6notify's
# start_service against the real module in Debian's kernel under QEMU, to see what the stubs
# in tests/pkg/stubs.sh stand for: which sysfs writes the kernel takes, when rmmod is refused,
# what insmod's parameters become. UCI comes from stubs.sh's config_get (FAKE_main_*);
# insmod/rmmod are busybox's, which make the same syscalls as kmodloader's (init_module with
# the words joined by spaces, delete_module). Prints a transcript.
#
#   tests/pkg/kinit-vm.sh [work dir]      needs: tests/vm/deps.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
w=${1:-/var/tmp/ra6c-kinit-vm}
kver=$(dpkg-query -W -f='${Depends}' linux-image-amd64 | sed -n 's/.*linux-image-\([^ ,]*-amd64\).*/\1/p')
rm -rf "$w"
mkdir -p "$w/r/bin" "$w/r/proc" "$w/r/sys" "$w/r/dev" "$w/r/tmp" "$w/r/lib/modules"
cp -r "$root/kmod" "$w/kmod"
make -s -C "/usr/src/linux-headers-$kver" M="$w/kmod" modules >/dev/null
cp "$w/kmod/ra6notify.ko" "$w/r/lib/modules/"
gcc -O2 -static -I"$root/kmod/include/uapi" -o "$w/r/bin/ra6nt" "$root/tests/vm/src/ra6nt.c"
cp /bin/busybox "$w/r/bin/"
cp "$here/stubs.sh" "$w/r/stubs.sh"
cp "$root/openwrt/kmod-ra6notify/files/ra6notify.init" "$w/r/ra6notify.init"
cat >"$w/r/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
export CALLS=/tmp/calls INSTANCES=/tmp/instances MODSTATE=/tmp/modstate FAKE_SECTIONS=main \
	FAKE_main_TYPE=ra6notify
S=/sys/module/ra6notify/parameters
show() {
	for p in legacy proto legacy_type rate burst coalesce_ms enable; do printf '%s=%s ' $p "$(cat $S/$p 2>/dev/null)"; done
	echo
}
step() { echo; echo "== $*"; }
svc() { # svc VAR=VALUE...: start_service with those UCI options
	env "$@" sh -c '. /stubs.sh; unset -f insmod rmmod modprobe
		insmod() { m=$1; shift; echo "# insmod $m $*"; busybox insmod "/lib/modules/$m.ko" "$@"; }
		rmmod() { echo "# rmmod $*"; busybox rmmod "$@"; }
		. /ra6notify.init; start_service'
	echo "# start_service: exit $?"
	show
}
dmesg -n 1
step "boot: kmodloader's AUTOLOAD, no parameters"
busybox insmod /lib/modules/ra6notify.ko
show
step "sysfs as root: a load-time parameter, a run-time one out of range, one in range"
for kv in legacy=Y proto=26 legacy_type=4 rate=1001 burst=1001 coalesce_ms=60001 rate=1000; do
	if { echo "${kv#*=}" >"$S/${kv%%=*}"; } 2>/tmp/err; then r=ok; else r=$(cat /tmp/err); fi
	echo "echo ${kv#*=} > ${kv%%=*}: $r"
done
show
step "UCI proto=26 legacy_type=3 rate=5, legacy off"
svc FAKE_main_proto=26 FAKE_main_legacy_type=3 FAKE_main_rate=5
step "UCI legacy=1 proto=26, a generic netlink client registered (as ra6c)"
ra6nt listen -t 30000 -r /tmp/gready >/tmp/gen 2>&1 &
while [ ! -e /tmp/gready ]; do sleep 0.1; done
svc FAKE_main_legacy=1 FAKE_main_proto=26
dmesg | grep 'ra6notify: v2' | tail -1
step "a legacy client on unit 26, then UCI legacy_type=4 rate=7"
ra6nt -p 26 legacy -t 30000 -r /tmp/lready >/tmp/leg 2>&1 &
leg=$!
while [ ! -e /tmp/lready ]; do sleep 0.1; done
svc FAKE_main_legacy=1 FAKE_main_proto=26 FAKE_main_legacy_type=4 FAKE_main_rate=7
kill $leg
wait $leg
step "legacy client gone, same UCI"
svc FAKE_main_legacy=1 FAKE_main_proto=26 FAKE_main_legacy_type=4 FAKE_main_rate=7
step "UCI rate=1001 while loaded, then burst=1001 at load (legacy removed: a reload)"
svc FAKE_main_legacy=1 FAKE_main_proto=26 FAKE_main_legacy_type=4 FAKE_main_rate=1001
svc FAKE_main_burst=1001
dmesg | grep -i 'burst' | tail -2
echo
echo "INIT DONE"
poweroff -f
EOF
chmod 755 "$w/r/init"
(cd "$w/r" && find . | sort | cpio -o -H newc -R 0:0 --quiet | gzip -1) >"$w/initrd.gz"
timeout 300 qemu-system-x86_64 -accel tcg -cpu qemu64 -m 256 -smp 1 -nographic -no-reboot \
	-nic none -kernel "/boot/vmlinuz-$kver" -initrd "$w/initrd.gz" \
	-append "console=ttyS0 panic=-1 quiet" </dev/null 2>&1 | tr -d '\r' |
	sed -n '/^== boot/,/^INIT DONE/p'
