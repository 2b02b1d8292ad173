#!/bin/bash
# Apply patches/linux-6.1 to Debian's linux-source-6.1 and build the touched
# objects of net/ipv6/ (ra6notify_*.o with W=1, ndisc.o with the option on
# and off): fails on an apply error, a build error or any warning. FULL=1
# builds all of net/ipv6/.
# needs: tests/vm/deps.sh (linux-source-6.1, gcc, make, flex, bison, bc,
# libelf-dev, libssl-dev). A few minutes on 2 cores; the tree is temporary.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TARBALL=$(ls /usr/src/linux-source-6.1.tar.xz)
T=$(mktemp -d /var/tmp/ra6-61.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$T"' EXIT
JOBS=${JOBS:-2}

tar -xf "$TARBALL" -C "$T"
S=$T/linux-source-6.1
cd "$S"
while read -r p; do
	patch -p1 -s --fuzz=0 < "$HERE/linux-6.1/$p" || { echo "FAIL apply $p"; exit 1; }
done < "$HERE/linux-6.1/series"
echo "PASS applied linux-6.1 series"

make -s defconfig > "$T/config.log" 2>&1
scripts/config -e IPV6 -e IPV6_RA6NOTIFY --set-val IPV6_RA6NOTIFY_PROTO 25
make -s olddefconfig >> "$T/config.log" 2>&1
grep -q '^CONFIG_IPV6_RA6NOTIFY=y' .config || { echo "FAIL config"; exit 1; }

OBJS="net/ipv6/ra6notify_main.o net/ipv6/ra6notify_genl.o
net/ipv6/ra6notify_event.o net/ipv6/ra6notify_legacy.o
net/ipv6/ra6notify_hook.o net/ipv6/ra6notify_ratelimit.o"
# shellcheck disable=SC2086 # a list of targets
if ! make -j"$JOBS" W=1 $OBJS > "$T/build.log" 2>&1 ||
   ! make -j"$JOBS" net/ipv6/ndisc.o >> "$T/build.log" 2>&1; then
	tail -30 "$T/build.log"
	echo "FAIL build"
	exit 1
fi
if [ "${FULL:-0}" = 1 ] && ! make -j"$JOBS" net/ipv6/ >> "$T/build.log" 2>&1; then
	tail -30 "$T/build.log"
	echo "FAIL build net/ipv6/"
	exit 1
fi
# without the option ndisc.c calls the inline stubs of <net/ra6notify.h>
scripts/config -d IPV6_RA6NOTIFY
make -s olddefconfig >> "$T/config.log" 2>&1
if ! make -j"$JOBS" net/ipv6/ndisc.o >> "$T/build.log" 2>&1; then
	tail -30 "$T/build.log"
	echo "FAIL build ndisc.o without IPV6_RA6NOTIFY"
	exit 1
fi
if grep -E 'warning:|error:' "$T/build.log"; then
	echo "FAIL warnings"
	exit 1
fi
echo "PASS built ra6notify_*.o (W=1) and ndisc.o (with and without IPV6_RA6NOTIFY) with no warnings"
