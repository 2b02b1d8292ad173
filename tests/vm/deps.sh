#!/bin/sh
# Packages for tests/vm/run.sh and patches/test-6.1.sh on Debian bookworm,
# and for the MIPS VM (tests/vm/mips/run.sh): Debian's little-endian MIPS
# kernel for QEMU's malta board, its headers and the kbuild tools of the
# same version, and a static mipsel busybox, extracted (not installed:
# they are another architecture's) under $RA6C_MIPS_ROOT.
# Idempotent and non-interactive (CI runs it as root).
set -eu
PKGS="linux-image-amd64 linux-headers-amd64 linux-source-6.1 qemu-system-x86
busybox-static cpio gzip xz-utils gcc make libc6-dev libelf-dev libssl-dev
flex bison bc kmod patch quilt perl shellcheck
qemu-system-mips gcc-mipsel-linux-gnu libc6-dev-mipsel-cross"
RA6C_MIPS_ROOT=${RA6C_MIPS_ROOT:-/var/cache/ra6c/mipsel}
export DEBIAN_FRONTEND=noninteractive
missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
updated=
if [ -n "$missing" ]; then
	apt-get update -q
	updated=1
	# shellcheck disable=SC2086 # word splitting wanted
	apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends $missing
fi

# --- the MIPS VM's kernel and userland --------------------------------------
if ! dpkg --print-foreign-architectures | grep -qx mipsel; then
	dpkg --add-architecture mipsel
	updated= # the mipsel package lists come with the next update
fi
if [ -z "$updated" ] && ! apt-cache show linux-image-4kc-malta:mipsel > /dev/null 2>&1; then
	apt-get update -q
fi
# the kernel the meta-package points at, e.g. linux-image-6.1.0-50-4kc-malta
img=$(apt-cache depends linux-image-4kc-malta:mipsel |
	sed -n 's/.*Depends: \(linux-image-[^:]*-4kc-malta\).*/\1/p' | head -1)
kver=${img#linux-image-}
[ -n "$kver" ] || { echo "deps: no linux-image-4kc-malta:mipsel in apt" >&2; exit 1; }
if [ "$(cat "$RA6C_MIPS_ROOT/KVER" 2>/dev/null)" != "$kver" ]; then
	srcver=$(apt-cache show "$img:mipsel" | sed -n 's/^Version: //p' | head -1)
	abi=${kver%-4kc-malta}
	tmp=$(mktemp -d /var/tmp/ra6c-mips-debs.XXXXXX)
	chmod 755 "$tmp" # apt-get download runs as _apt
	# the kbuild tools run here: amd64, of the kernel's own version
	(cd "$tmp" && apt-get download "$img:mipsel" "linux-headers-$kver:mipsel" \
		"linux-headers-$abi-common" "linux-kbuild-6.1:amd64=$srcver" busybox-static:mipsel)
	rm -rf "$RA6C_MIPS_ROOT"
	mkdir -p "$RA6C_MIPS_ROOT"
	for d in "$tmp"/*.deb; do dpkg-deb -x "$d" "$RA6C_MIPS_ROOT"; done
	rm -rf "$tmp"
	# the headers' Makefile includes the common part by absolute path
	sed -i "s|^include /usr/src/|include $RA6C_MIPS_ROOT/usr/src/|" \
		"$RA6C_MIPS_ROOT/usr/src/linux-headers-$kver/Makefile"
	echo "$kver" > "$RA6C_MIPS_ROOT/KVER"
fi
