#!/bin/sh
# Build apk-tools v3 (`apk mkpkg`, what OpenWrt 25.12 packages with) by hand, outside the
# repository, for cross/apk.sh: CI cannot fetch its source, so this is not part of `make deps`.
#
#   cross/apk-tools.sh <apk-tools git dir> [<build dir>]    # default build dir /var/tmp/apk-tools
#   RA6C_APK=/var/tmp/apk-tools/src/build/src/apk cross/apk.sh
#
# Needs Debian's meson, ninja-build, pkg-config, zlib1g-dev and libssl-dev. Lua (help texts),
# zstd, scdoc, python and the tests are switched off; the network backend is wget's.
set -eu
git_dir=${1:?usage: cross/apk-tools.sh <apk-tools git dir> [build dir]}
dir=${2:-/var/tmp/apk-tools}
rm -rf "$dir/src"
mkdir -p "$dir/src"
git --git-dir="$git_dir" archive HEAD | tar -x -C "$dir/src"
cd "$dir/src"
meson setup build -Dhelp=disabled -Ddocs=disabled -Dlua=disabled -Dpython=disabled \
	-Dtests=disabled -Dzstd=disabled -Durl_backend=wget >"$dir/setup.log"
ninja -C build -j2 >"$dir/build.log"
echo "apk-tools.sh: $dir/src/build/src/apk ($(./build/src/apk --version), $(git --git-dir="$git_dir" rev-parse HEAD))"
