#!/bin/sh
# shellcheck shell=dash disable=SC2016 # the package scripts are quoted on purpose
# Build OpenWrt 25.12+ .apk packages (apk-tools v3) without the SDK, as include/package-pack.mk
# does with `apk mkpkg`: the same files as the .ipk (cross/stage.sh), plus
# /lib/apk/packages/<name>.{list,conffiles,conffiles_static}, and post-install, post-upgrade
# and pre-deinstall scripts around OpenWrt's default_postinst/default_prerm.
#
#   cross/apk.sh [triple...]       # like cross/ipk.sh; output target/apk/<arch>/ra6c-<version>.apk
#                                  # and target/apk/luci-proto-ra6c-<version>.apk (noarch)
#
# Needs apk-tools v3 (`apk mkpkg`), which Debian bookworm doesn't have: RA6C_APK=<path to apk>,
# or `apk` on PATH. cross/apk-tools.sh builds one by hand from its source. Without it this
# script says so and exits 0 (CI has no way to fetch apk-tools' source): the .ipk are built
# regardless. SOURCE_DATE_EPOCH fixes file times (apk-tools honours it).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=/dev/null
. "$here/versions.sh"
# shellcheck source=/dev/null
. "$here/stage.sh"

apk=${RA6C_APK:-$(command -v apk || true)}
if [ -z "$apk" ] || ! "$apk" --version 2>/dev/null | grep -q '^apk-tools 3\.'; then
	echo "apk.sh: SKIPPED .apk packages: no apk-tools v3 (RA6C_APK or apk on PATH; cross/apk-tools.sh builds it)"
	exit 0
fi
cross_out=${RA6C_CROSS_OUT:-$root/target/cross}
out=${RA6C_APK_OUT:-$root/target/apk}
targets=$(ra6c_stage_targets "$cross_out" "$@")
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(ra6c_source_date)}"

umask 022
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# scripts <package> <dir>: post-install, post-upgrade, pre-deinstall (include/package-pack.mk)
scripts() {
	local own
	own=$(ra6c_postinst "$1" | sed '/^[[:space:]]*#!/d')
	printf '%s\n' '#!/bin/sh' '[ "${IPKG_NO_SCRIPT}" = "1" ] && exit 0' \
		'[ -s ${IPKG_INSTROOT}/lib/functions.sh ] || exit 0' '. ${IPKG_INSTROOT}/lib/functions.sh' \
		'export root="${IPKG_INSTROOT}"' "export pkgname=\"$1\"" add_group_and_user default_postinst \
		"$own" >"$2/post-install"
	{ printf '%s\n' '#!/bin/sh' 'export PKG_UPGRADE=1' && sed '/^[[:space:]]*#!/d' "$2/post-install"; } \
		>"$2/post-upgrade"
	printf '%s\n' '#!/bin/sh' '[ -s ${IPKG_INSTROOT}/lib/functions.sh ] || exit 0' \
		'. ${IPKG_INSTROOT}/lib/functions.sh' 'export root="${IPKG_INSTROOT}"' \
		"export pkgname=\"$1\"" default_prerm >"$2/pre-deinstall"
}

# mkapk <package> <arch> <data dir> <output>
mkapk() {
	local d="$3" o="$4" s="$work/scripts" c
	mkdir -p "$d/lib/apk/packages" "$s"
	# the file list default_postinst reads, and the conffiles with their checksums
	(cd "$d" && find . \( -type f -o -type l \) -printf '/%P\n' | LC_ALL=C sort) >"$work/list"
	mv "$work/list" "$d/lib/apk/packages/$1.list"
	ra6c_conffiles "$1" >"$work/conffiles"
	if [ -s "$work/conffiles" ]; then
		mv "$work/conffiles" "$d/lib/apk/packages/$1.conffiles"
		while read -r c; do
			[ -f "$d$c" ] || continue
			echo "$c $(sha256sum "$d$c" | cut -d' ' -f1)"
		done <"$d/lib/apk/packages/$1.conffiles" >"$d/lib/apk/packages/$1.conffiles_static"
	fi
	scripts "$1" "$s"
	set --  --info "name:$1" --info "version:$(ra6c_pkg_version "$1")" \
		--info "description:$(ra6c_description "$1")" \
		--info "arch:$(case "$2" in all) echo noarch ;; *) echo "$2" ;; esac)" \
		--info "license:$(ra6c_mk_field "$1" PKG_LICENSE)" --info "origin:feeds/ra6c/$1" \
		--info "maintainer:$(ra6c_mk_field "$1" PKG_MAINTAINER)" \
		--info "depends:$(ra6c_depends "$1" | tr -d ',')" \
		--script "post-install:$s/post-install" --script "post-upgrade:$s/post-upgrade" \
		--script "pre-deinstall:$s/pre-deinstall" --files "$d" --output "$o"
	"$apk" mkpkg "$@"
	echo "apk.sh: $o ($(wc -c <"$o" | tr -d ' ') bytes)"
}

for t in $targets; do
	arch=$(ra6c_opkg_arch "$t")
	rm -rf "$work/data"
	mkdir -p "$work/data"
	ra6c_stage_ra6c "$cross_out/$arch/ra6c" "$work/data"
	mkdir -p "$out/$arch"
	mkapk ra6c "$arch" "$work/data" "$out/$arch/ra6c-$(ra6c_pkg_version ra6c).apk"
done
rm -rf "$work/data"
mkdir -p "$work/data"
ra6c_stage_luci "$work/data"
mkapk luci-proto-ra6c all "$work/data" "$out/luci-proto-ra6c-$(ra6c_pkg_version luci-proto-ra6c).apk"
