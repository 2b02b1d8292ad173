#!/bin/sh
# Build OpenWrt's odhcp6c and the libubox it links, by hand, from fetched git
# mirrors, for the bench (odhcp6c as a peer: bench/run.sh reads $ODHCP6C).
# Nothing fetched or built goes into the repository.
#
#   MIRROR_BASE=/work/.mirror bench/odhcp6c-build.sh [PREFIX]
#
# MIRROR_BASE holds <owner>+<name>/repo bare git dirs (openwrt+odhcp6c,
# openwrt+libubox); REV (default HEAD) is the revision archived from both.
# PREFIX (default /var/tmp/odhcp6c) gets bin/odhcp6c, lib/libubox.so and
# COMMITS. gcc is called directly (no cmake): the flags are the projects'
# own CMakeLists.txt flags (-Os, _GNU_SOURCE, C11/gnu99). odhcp6c is built
# without ubus, as netifd runs it (ubus is an optional extra); libubox as
# the shared library OpenWrt installs, and odhcp6c finds it through an
# rpath, so it runs from any namespace without LD_LIBRARY_PATH.
set -eu

MB=${MIRROR_BASE:?set MIRROR_BASE to the folder that holds fetched mirrors (e.g. /work/.mirror)}
REV=${REV:-HEAD}
PREFIX=${1:-/var/tmp/odhcp6c}
CC=${CC:-gcc}
SRC=$PREFIX/src

extract() { # name gitdir
	git --git-dir="$2" rev-parse --verify -q "$REV^{commit}" >/dev/null ||
		{ echo "odhcp6c-build.sh: no $REV in $2" >&2; exit 1; }
	rm -rf "${SRC:?}/$1"
	mkdir -p "$SRC/$1"
	git --git-dir="$2" archive "$REV" | tar -x -C "$SRC/$1"
	echo "$1 $(git --git-dir="$2" rev-parse "$REV^{commit}")" \
		"$(git --git-dir="$2" log -1 --format=%cd --date=short "$REV")" >>"$PREFIX/COMMITS.new"
}

mkdir -p "$PREFIX/bin" "$PREFIX/lib" "$PREFIX/include"
: >"$PREFIX/COMMITS.new"
extract libubox "$MB/openwrt+libubox/repo"
extract odhcp6c "$MB/openwrt+odhcp6c/repo"

# libubox: the core library (libubox's CMakeLists.txt SOURCES), no json-c parts.
(
	cd "$SRC/libubox"
	# shellcheck disable=SC2046 # word splitting of the source list is intended
	$CC -shared -fPIC -Os -std=gnu99 -Wall -Wno-unused-parameter \
		-Wl,-soname,libubox.so -o "$PREFIX/lib/libubox.so" \
		avl.c avl-cmp.c blob.c blobmsg.c uloop.c usock.c ustream.c ustream-fd.c \
		vlist.c utils.c safe_list.c runqueue.c md5.c kvlist.c ulog.c base64.c \
		udebug.c udebug-remote.c
)
rm -rf "$PREFIX/include/libubox"
mkdir -p "$PREFIX/include/libubox"
cp "$SRC"/libubox/*.h "$PREFIX/include/libubox/"

# odhcp6c: its CMakeLists.txt sources without src/ubus.c (UBUS off).
(
	cd "$SRC/odhcp6c"
	$CC -Os -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter \
		-I"$PREFIX/include" -o "$PREFIX/bin/odhcp6c" \
		src/config.c src/dhcpv6.c src/odhcp6c.c src/ra.c src/script.c \
		-L"$PREFIX/lib" -Wl,-rpath,"$PREFIX/lib" -lubox -lresolv
)
strip "$PREFIX/bin/odhcp6c" "$PREFIX/lib/libubox.so"
mv "$PREFIX/COMMITS.new" "$PREFIX/COMMITS"

"$PREFIX/bin/odhcp6c" -h >/dev/null 2>&1 || [ $? -ne 127 ] ||
	{ echo "odhcp6c-build.sh: $PREFIX/bin/odhcp6c does not start" >&2; exit 1; }
echo "odhcp6c-build.sh: $PREFIX/bin/odhcp6c ($(wc -c <"$PREFIX/bin/odhcp6c") bytes)" \
	"+ $PREFIX/lib/libubox.so ($(wc -c <"$PREFIX/lib/libubox.so") bytes), stripped"
sed 's/^/  /' "$PREFIX/COMMITS"
