#!/bin/sh
# CI: the committed patches/linux-*/ must be what gen.sh makes from kmod/.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$HERE/gen.sh" "$T"
rc=0
for d in "$T"/linux-*; do
	v=$(basename "$d")
	if diff -ru "$HERE/$v" "$d"; then
		echo "PASS patches/$v matches gen.sh output"
	else
		echo "FAIL patches/$v differs: run patches/gen.sh"
		rc=1
	fi
done
exit $rc
