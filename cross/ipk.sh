#!/bin/sh
# shellcheck shell=dash disable=SC2016 # the package scripts are quoted on purpose
# Build OpenWrt .ipk packages without the SDK (`make ipk`), in the format of OpenWrt's
# scripts/ipkg-build: an outer gzip'd tar holding ./debian-binary, ./data.tar.gz and
# ./control.tar.gz; GNU tar format, sorted names, numeric owner 0:0, fixed mtime, `gzip -n`.
# The same inputs give the same bytes. Files and metadata come from openwrt/*/Makefile
# (cross/stage.sh), as the SDK would package them.
#
#   cross/ipk.sh                     # every target with a binary in target/cross/<arch>/ra6c
#   cross/ipk.sh mipsel-unknown-linux-musl
#
# Output: target/ipk/ra6c_<version>_<arch>.ipk per target, luci-proto-ra6c_<version>_all.ipk.
# Binaries come from cross/build.sh. Environment: SOURCE_DATE_EPOCH (default: time of the last
# commit), RA6C_IPK_OUT (output dir), RA6C_CROSS_OUT (where the binaries are; default
# target/cross).
#
# kmod-ra6notify is not packaged here: a kernel module must be built against the router's
# own kernel tree (OpenWrt SDK: openwrt/kmod-ra6notify/Makefile).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=/dev/null
. "$here/versions.sh"
# shellcheck source=/dev/null
. "$here/stage.sh"

cross_out=${RA6C_CROSS_OUT:-$root/target/cross}
out=${RA6C_IPK_OUT:-$root/target/ipk}
targets=$(ra6c_stage_targets "$cross_out" "$@")
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(ra6c_source_date)}"

# ipkg-build's tar invocation, with the owner forced to 0:0 (no fakeroot here)
ipk_tar() {
	LC_ALL=C tar --format=gnu --numeric-owner --owner=0 --group=0 --sort=name \
		--mtime="@$SOURCE_DATE_EPOCH" "$@"
}

umask 022
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# ipk <package> <arch> <data dir> <output>: CONTROL/ beside the data dir holds control,
# conffiles and postinst-pkg (the package's own postinst, which default_postinst runs)
ipk() {
	local d="$3" c="$3/../CONTROL" size
	rm -rf "$work/ipk"
	mkdir -p "$work/ipk"
	(cd "$d" && ipk_tar -cf - .) | gzip -n >"$work/ipk/data.tar.gz"
	size=$(gzip -dc "$work/ipk/data.tar.gz" | wc -c | tr -d ' ')
	ra6c_control "$1" "$2" "$size" >"$c/control"
	ra6c_conffiles "$1" >"$c/conffiles"
	[ -s "$c/conffiles" ] || rm "$c/conffiles"
	ra6c_postinst "$1" >"$c/postinst-pkg"
	# OpenWrt's default postinst and prerm (include/package-pack.mk)
	printf '%s\n' '#!/bin/sh' '[ "${IPKG_NO_SCRIPT}" = "1" ] && exit 0' \
		'[ -s ${IPKG_INSTROOT}/lib/functions.sh ] || exit 0' '. ${IPKG_INSTROOT}/lib/functions.sh' \
		'default_postinst $0 $@' >"$c/postinst"
	printf '%s\n' '#!/bin/sh' '[ -s ${IPKG_INSTROOT}/lib/functions.sh ] || exit 0' \
		'. ${IPKG_INSTROOT}/lib/functions.sh' 'default_prerm $0 $@' >"$c/prerm"
	chmod 0644 "$c"/control "$c"/conffiles 2>/dev/null || true
	chmod 0755 "$c/postinst" "$c/prerm" "$c/postinst-pkg"
	(cd "$c" && ipk_tar -cf - .) | gzip -n >"$work/ipk/control.tar.gz"
	echo 2.0 >"$work/ipk/debian-binary"
	chmod 0644 "$work/ipk/debian-binary" "$work/ipk/data.tar.gz" "$work/ipk/control.tar.gz"
	(cd "$work/ipk" && ipk_tar -cf - ./debian-binary ./data.tar.gz ./control.tar.gz) |
		gzip -n >"$4.tmp"
	mv "$4.tmp" "$4"
	printf 'ipk.sh: %s (%s bytes, installed %s)\n' "$4" "$(wc -c <"$4" | tr -d ' ')" "$size"
}

for t in $targets; do
	arch=$(ra6c_opkg_arch "$t")
	rm -rf "$work/pkg"
	mkdir -p "$work/pkg/data" "$work/pkg/CONTROL"
	ra6c_stage_ra6c "$cross_out/$arch/ra6c" "$work/pkg/data"
	ipk ra6c "$arch" "$work/pkg/data" "$out/ra6c_$(ra6c_pkg_version ra6c)_$arch.ipk"
done

# luci-proto-ra6c: JavaScript only, one package for every architecture
rm -rf "$work/pkg"
mkdir -p "$work/pkg/data" "$work/pkg/CONTROL"
ra6c_stage_luci "$work/pkg/data"
ipk luci-proto-ra6c all "$work/pkg/data" "$out/luci-proto-ra6c_$(ra6c_pkg_version luci-proto-ra6c)_all.ipk"
