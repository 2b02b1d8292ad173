#!/bin/sh
# Packages for tests/vm/run.sh and patches/test-6.1.sh on Debian bookworm.
# Idempotent and non-interactive (CI runs it as root).
set -eu
PKGS="linux-image-amd64 linux-headers-amd64 linux-source-6.1 qemu-system-x86
busybox-static cpio gzip xz-utils gcc make libc6-dev libelf-dev libssl-dev
flex bison bc kmod patch quilt perl shellcheck"
missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086 # word splitting wanted
apt-get install -y -q --no-install-recommends $missing
