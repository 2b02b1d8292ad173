#!/bin/sh
# Build OpenWrt .ipk packages without the SDK (`make ipk`), in the format of OpenWrt's
# scripts/ipkg-build: an outer gzip'd tar holding ./debian-binary, ./data.tar.gz and
# ./control.tar.gz; GNU tar format, sorted names, numeric owner 0:0, fixed mtime, `gzip -n`.
# The same inputs give the same bytes.
#
#   cross/ipk.sh                     # every target with a binary in target/cross/<arch>/ra6c
#   cross/ipk.sh mipsel-unknown-linux-musl
#
# Output: target/ipk/ra6c_<version>_<arch>.ipk. Binaries come from cross/build.sh.
# Environment: SOURCE_DATE_EPOCH (default: time of the last commit), RA6C_IPK_OUT (output dir),
# RA6C_CROSS_OUT (where the binaries are; default target/cross).
#
# kmod-ra6notify is not packaged here: a kernel module must be built against the router's
# own kernel tree (OpenWrt SDK: openwrt/kmod-ra6notify/Makefile).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=/dev/null
. "$here/versions.sh"

files=$root/openwrt/ra6c/files
cross_out=${RA6C_CROSS_OUT:-$root/target/cross}
out=${RA6C_IPK_OUT:-$root/target/ipk}

# Version and release from the package Makefile (one place), as OpenWrt 24.10 names them.
pkg_version=$(sed -n 's/^PKG_VERSION:=//p' "$root/openwrt/ra6c/Makefile")
pkg_release=$(sed -n 's/^PKG_RELEASE:=//p' "$root/openwrt/ra6c/Makefile")
crate_version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -n 1)
if [ "$pkg_version" != "$crate_version" ]; then
	echo "ipk.sh: openwrt/ra6c/Makefile PKG_VERSION $pkg_version != Cargo.toml $crate_version" >&2
	exit 1
fi
version=$pkg_version-r$pkg_release

if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
	SOURCE_DATE_EPOCH=$(git -C "$root" log -1 --format=%ct 2>/dev/null || stat -c %Y "$root/Cargo.toml")
fi
export SOURCE_DATE_EPOCH

if [ $# -gt 0 ]; then
	targets=$*
else
	targets=
	for t in $RA6C_TARGETS; do
		[ -f "$cross_out/$(ra6c_opkg_arch "$t")/ra6c" ] && targets="$targets $t"
	done
	[ -n "$targets" ] || {
		echo "ipk.sh: no binaries in $cross_out; run cross/build.sh (make cross) first" >&2
		exit 1
	}
fi

# ipkg-build's tar invocation, with the owner forced to 0:0 (no fakeroot here)
ipk_tar() {
	LC_ALL=C tar --format=gnu --numeric-owner --owner=0 --group=0 --sort=name \
		--mtime="@$SOURCE_DATE_EPOCH" "$@"
}

umask 022
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

for t in $targets; do
	arch=$(ra6c_opkg_arch "$t") || {
		echo "ipk.sh: unknown target $t" >&2
		exit 2
	}
	bin=$cross_out/$arch/ra6c
	[ -f "$bin" ] || {
		echo "ipk.sh: $bin missing; run cross/build.sh $t" >&2
		exit 1
	}
	rm -rf "$work/pkg" "$work/ipk"
	mkdir -p "$work/ipk"
	d=$work/pkg/data
	c=$work/pkg/CONTROL
	install -d -m 0755 "$d/usr/sbin" "$d/etc/init.d" "$d/etc/config" "$d/lib/netifd/proto" "$c"
	install -m 0755 "$bin" "$d/usr/sbin/ra6c"
	install -m 0755 "$files/ra6c.init" "$d/etc/init.d/ra6c"
	install -m 0644 "$files/ra6c.config" "$d/etc/config/ra6c"
	install -m 0755 "$files/ra6c.sh" "$d/lib/netifd/proto/ra6c.sh"
	# directories get the fixed mtime too (tar --mtime covers every member)

	(cd "$d" && ipk_tar -cf - .) | gzip -n >"$work/ipk/data.tar.gz"
	installed_size=$(gzip -dc "$work/ipk/data.tar.gz" | wc -c | tr -d ' ')

	cat >"$c/control" <<EOF
Package: ra6c
Version: $version
Depends: libc
Source: feeds/ra6c/ra6c
SourceName: ra6c
License: GPL-2.0-only
Section: net
SourceDateEpoch: $SOURCE_DATE_EPOCH
Architecture: $arch
Installed-Size: $installed_size
Description:  DHCPv6 client (RFC 9915) for routers, started by Router Advertisements.
 Drop-in for odhcp6c under netifd (proto 'ra6c') or a procd service
 (/etc/config/ra6c). Statically linked.
EOF
	echo /etc/config/ra6c >"$c/conffiles"
	# OpenWrt's default postinst/prerm (include/package-ipkg.mk)
	cat >"$c/postinst" <<'EOF'
#!/bin/sh
[ "${IPKG_NO_SCRIPT}" = "1" ] && exit 0
[ -s ${IPKG_INSTROOT}/lib/functions.sh ] || exit 0
. ${IPKG_INSTROOT}/lib/functions.sh
default_postinst $0 $@
EOF
	cat >"$c/prerm" <<'EOF'
#!/bin/sh
[ -s ${IPKG_INSTROOT}/lib/functions.sh ] || exit 0
. ${IPKG_INSTROOT}/lib/functions.sh
default_prerm $0 $@
EOF
	chmod 0644 "$c/control" "$c/conffiles"
	chmod 0755 "$c/postinst" "$c/prerm"

	(cd "$c" && ipk_tar -cf - .) | gzip -n >"$work/ipk/control.tar.gz"
	echo 2.0 >"$work/ipk/debian-binary"
	chmod 0644 "$work/ipk/debian-binary" "$work/ipk/data.tar.gz" "$work/ipk/control.tar.gz"

	ipk=$out/ra6c_${version}_$arch.ipk
	(cd "$work/ipk" && ipk_tar -cf - ./debian-binary ./data.tar.gz ./control.tar.gz) |
		gzip -n >"$ipk.tmp"
	mv "$ipk.tmp" "$ipk"
	printf 'ipk.sh: %s (%s bytes, installed %s)\n' "$ipk" "$(wc -c <"$ipk" | tr -d ' ')" "$installed_size"
done
