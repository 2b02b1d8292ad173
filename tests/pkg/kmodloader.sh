#!/bin/bash
# By hand (not CI: the sources are fetched): build OpenWrt's modprobe/insmod (ubox's
# kmodloader) and show what the kernel would get from the calls our init scripts make. The
# module is a stand-in ELF with a .modinfo; init_module(2) is answered by strace's injection
# (the call is not made) inside a user namespace without CAP_SYS_MODULE, so nothing is ever
# loaded. tests/pkg/stubs.sh's modprobe/insmod follow what this prints.
#
#   tests/pkg/kmodloader.sh <ubox git dir> <libubox prefix (include/, lib/)> [work dir]
set -euo pipefail
ubox=${1:?ubox git dir}
prefix=${2:?libubox install prefix}
w=${3:-/var/tmp/kmodloader}
rm -rf "$w"
mkdir -p "$w/lib/modules/$(uname -r)"
git --git-dir="$ubox" show HEAD:kmodloader.c >"$w/kmodloader.c"
gcc -O2 -I"$prefix/include" -o "$w/kmodloader" "$w/kmodloader.c" -L"$prefix/lib" \
	-Wl,-rpath,"$prefix/lib" -lubox
ln -s kmodloader "$w/modprobe"
ln -s kmodloader "$w/insmod"
printf 'static const char mi[] __attribute__((section(".modinfo"), used)) = "license=GPL\\0depends=\\0name=ra6notify\\0";\n' >"$w/mod.c"
gcc -c -o "$w/lib/modules/$(uname -r)/ra6notify.ko" "$w/mod.c"
# kmodloader reads /proc/modules; a machine without loadable modules has none: give it a file
cat >"$w/procmodules.c" <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
FILE *fopen(const char *path, const char *mode)
{
	FILE *(*real)(const char *, const char *) = (FILE *(*)(const char *, const char *))dlsym(RTLD_NEXT, "fopen");
	const char *alt = getenv("KMOD_PROC_MODULES");
	return real(alt && !strcmp(path, "/proc/modules") ? alt : path, mode);
}
EOF
gcc -shared -fPIC -o "$w/procmodules.so" "$w/procmodules.c" -ldl
: >"$w/none"
echo "ra6notify 16384 0 - Live 0x0000000000000000" >"$w/loaded"
echo "kmodloader from ubox $(git --git-dir="$ubox" rev-parse --short HEAD) ($(git --git-dir="$ubox" log -1 --format=%cd --date=short))"
cd "$w"
for state in none loaded; do
	for cmd in "modprobe ra6notify proto=26 rate=5" "insmod ra6notify proto=26 rate=5" \
		"modprobe nosuchmodule" "insmod nosuchmodule proto=26"; do
		rc=0
		# shellcheck disable=SC2086 # the command's words
		out=$(KMOD_PROC_MODULES=$w/$state LD_PRELOAD=$w/procmodules.so LD_LIBRARY_PATH=$w/lib \
			unshare --user --map-root-user strace -qq -e trace=init_module,finit_module \
			-e inject=init_module:retval=0 ./$cmd 2>&1 | sed 's/(0x[0-9a-f]*, /(/' | tr '\n' ' ') || rc=$?
		printf '%-7s %-36s exit %3d  %s\n' "$state" "$cmd" "$rc" "${out:-(no init_module)}"
	done
done
