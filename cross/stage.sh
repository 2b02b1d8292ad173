# shellcheck shell=dash disable=SC2154,SC2016 # $root is the caller's; scripts quoted on purpose
# What goes into ra6c's OpenWrt packages, for cross/ipk.sh and cross/apk.sh (sourced after
# versions.sh, with $root the checkout): file trees and metadata, read from the package
# Makefiles in openwrt/ so that the SDK's packages and ours hold the same.

# ra6c_mk <package>: its Makefile
ra6c_mk() {
	echo "$root/openwrt/$1/Makefile"
}

# ra6c_mk_field <package> <VAR>: the value of 'VAR:=value' in its Makefile
ra6c_mk_field() {
	sed -n "s/^$2:=//p" "$(ra6c_mk "$1")" | head -n 1
}

# ra6c_mk_define <package> <name>: the body of 'define <name>' ... 'endef' in its Makefile,
# with make's '$$' turned back into '$' (as the SDK writes it into the package)
ra6c_mk_define() {
	awk -v d="define $2" '$0 == d { on = 1; next } on && $0 == "endef" { exit } on' "$(ra6c_mk "$1")" |
		sed 's/\$\$/$/g'
}

# ra6c_pkg_version <package>: <PKG_VERSION>-r<PKG_RELEASE>, as OpenWrt names versions
ra6c_pkg_version() {
	echo "$(ra6c_mk_field "$1" PKG_VERSION)-r$(ra6c_mk_field "$1" PKG_RELEASE)"
}

# ra6c_source_date: the time of the last commit (reproducible builds)
ra6c_source_date() {
	git -C "$root" log -1 --format=%ct 2>/dev/null || stat -c %Y "$root/Cargo.toml"
}

# ra6c_stage_targets <cross out> [triple...]: the targets to package (named, or all built);
# fails, saying why, on an unknown or unbuilt one or none at all
ra6c_stage_targets() {
	local dir="$1" t ts="" crate named
	shift
	named=$#
	# shellcheck disable=SC2086 # a list of triples
	[ $# -gt 0 ] || set -- $RA6C_TARGETS
	crate=$(sed -n 's/^version = "\(.*\)"/\1/p' "$root/Cargo.toml" | head -n 1)
	[ "$(ra6c_mk_field ra6c PKG_VERSION)" = "$crate" ] || {
		echo "openwrt/ra6c/Makefile PKG_VERSION differs from Cargo.toml's $crate" >&2
		return 1
	}
	for t in "$@"; do
		ra6c_opkg_arch "$t" >/dev/null || {
			echo "unknown target $t" >&2
			return 2
		}
		if [ -f "$dir/$(ra6c_opkg_arch "$t")/ra6c" ]; then
			ts="$ts $t"
		elif [ "$named" -gt 0 ]; then
			echo "$dir/$(ra6c_opkg_arch "$t")/ra6c missing: run cross/build.sh $t" >&2
			return 1
		fi
	done
	[ -n "$ts" ] || {
		echo "no binaries in $dir: run cross/build.sh (make cross) first" >&2
		return 1
	}
	echo "$ts"
}

# ra6c_stage_ra6c <binary> <dir>: the ra6c package's files under <dir>, as its
# Package/ra6c/install puts them, plus what include/package-pack.mk adds: conffiles that are
# not files of the package (the state directory) go to /lib/upgrade/keep.d/ra6c.
ra6c_stage_ra6c() {
	local f="$root/openwrt/ra6c/files" d="$2" c
	install -d -m 0755 "$d/usr/sbin" "$d/etc/init.d" "$d/etc/config" "$d/lib/netifd/proto"
	install -m 0755 "$1" "$d/usr/sbin/ra6c"
	install -m 0755 "$f/ra6c.init" "$d/etc/init.d/ra6c"
	install -m 0644 "$f/ra6c.config" "$d/etc/config/ra6c"
	install -m 0755 "$f/ra6c.sh" "$d/lib/netifd/proto/ra6c.sh"
	install -m 0755 "$f/ra6c.script" "$d/lib/netifd/ra6c.script"
	for c in $(ra6c_conffiles ra6c); do
		[ -f "$d$c" ] && continue
		install -d -m 0755 "$d/lib/upgrade/keep.d"
		echo "$c" >>"$d/lib/upgrade/keep.d/ra6c"
	done
	[ ! -f "$d/lib/upgrade/keep.d/ra6c" ] || chmod 0644 "$d/lib/upgrade/keep.d/ra6c"
}

# ra6c_stage_luci <dir>: luci-proto-ra6c's files under <dir> (luci.mk: htdocs/ to /www)
ra6c_stage_luci() {
	install -d -m 0755 "$1/www/luci-static/resources/protocol"
	install -m 0644 "$root/openwrt/luci-proto-ra6c/htdocs/luci-static/resources/protocol/ra6c.js" \
		"$1/www/luci-static/resources/protocol/ra6c.js"
}

# ra6c_conffiles <package>: Package/<package>/conffiles
ra6c_conffiles() {
	ra6c_mk_define "$1" "Package/$1/conffiles"
}

# ra6c_postinst <package>: the package's own postinst: Package/<package>/postinst, or for
# LuCI packages luci.mk's default one (LuCI reloads its caches)
ra6c_postinst() {
	case "$1" in
	luci-*) printf '%s\n' '#!/bin/sh' '[ -n "${IPKG_INSTROOT}" ] || {' \
		'	rm -f /tmp/luci-indexcache' '	rm -rf /tmp/luci-modulecache/' \
		'	killall -HUP rpcd 2>/dev/null' '	exit 0' '}' ;;
	*) ra6c_mk_define "$1" "Package/$1/postinst" ;;
	esac
}

# ra6c_description <package>: one line
ra6c_description() {
	case "$1" in
	luci-*) ra6c_mk_field "$1" LUCI_TITLE ;;
	*) ra6c_mk_define "$1" "Package/$1/description" | tr -s ' \t\n' '   ' | sed 's/^ //; s/ $//' ;;
	esac
}

# ra6c_depends <package>: what the SDK would write (libc is every package's; LuCI's
# LUCI_DEPENDS +ra6c)
ra6c_depends() {
	case "$1" in
	luci-*) echo "libc, ra6c" ;;
	*) echo libc ;;
	esac
}

# ra6c_control <package> <arch> <installed size>: the ipk control file
ra6c_control() {
	cat <<EOF
Package: $1
Version: $(ra6c_pkg_version "$1")
Depends: $(ra6c_depends "$1")
Source: feeds/ra6c/$1
SourceName: $1
License: $(ra6c_mk_field "$1" PKG_LICENSE)
Section: $(case "$1" in luci-*) echo luci ;; *) echo net ;; esac)
SourceDateEpoch: $SOURCE_DATE_EPOCH
Maintainer: $(ra6c_mk_field "$1" PKG_MAINTAINER)
Architecture: $2
Installed-Size: $3
Description:  $(ra6c_description "$1")
EOF
}
