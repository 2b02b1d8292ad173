#!/bin/bash
# By hand, outside CI: a static big-endian MIPS busybox for the 3.10 malta
# guest (bookworm has no big-endian MIPS port, so no busybox-static for
# it): Debian's busybox source, fetched with apt-get source into a private
# apt state (the machine's apt configuration is left alone), built with
# gcc-mips-linux-gnu against glibc (libc6-dev-mips-cross), defconfig +
# static, without tc (its CBQ code wants headers 6.x no longer has).
#
#   OUT=/var/tmp/k310/busybox-mips tests/vm/k310/busybox.sh
#
# WORK (/var/tmp/k310/busybox-src) keeps the source and objects.
set -euo pipefail
W=${WORK:-/var/tmp/k310/busybox-src}
OUT=${OUT:-/var/tmp/k310/busybox-mips}
mkdir -p "$W"/apt/{lists/partial,cache/archives/partial} "$W/src"
echo "deb-src http://deb.debian.org/debian bookworm main" > "$W/apt/sources.list"
A=(-o Dir::Etc::SourceList="$W/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o Dir::State::Lists="$W/apt/lists" -o Dir::Cache="$W/apt/cache" -o Debug::NoLocking=1)
if ! ls "$W"/src/busybox_*.orig.tar.* > /dev/null 2>&1; then
	apt-get "${A[@]}" -q update
	(cd "$W/src" && apt-get "${A[@]}" -q source --download-only busybox)
fi
B=$W/build
if [ ! -f "$B/.config" ]; then
	rm -rf "$B"
	mkdir -p "$B"
	tar -xf "$W"/src/busybox_*.orig.tar.* -C "$B" --strip-components=1
	make -s -C "$B" ARCH=mips CROSS_COMPILE=mips-linux-gnu- defconfig > /dev/null
	sed -i -e 's/^# CONFIG_STATIC is not set/CONFIG_STATIC=y/' \
		-e 's/^CONFIG_TC=y/# CONFIG_TC is not set/' "$B/.config"
fi
make -s -C "$B" ARCH=mips CROSS_COMPILE=mips-linux-gnu- -j"${JOBS:-2}" busybox
cp "$B/busybox" "$OUT"
file "$OUT"
