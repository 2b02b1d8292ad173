#!/bin/sh
# Docker-free cross build of ra6c for OpenWrt targets (`make cross`).
#
#   cross/build.sh                      # all four targets
#   cross/build.sh mipsel-unknown-linux-musl aarch64-unknown-linux-musl
#
# Output: target/cross/<openwrt-arch>/ra6c (static, stripped, MIPS .pdr removed), e.g.
# target/cross/mipsel_24kc/ra6c. Cargo's own build tree follows CARGO_TARGET_DIR as usual.
# Tools: cross/deps.sh installs them (pinned nightly + rust-src + llvm-tools, zig, cargo-zigbuild).
#
# Next to it, target/cross/<openwrt-arch>/ra6c.unstripped keeps the symbols for
# cross/size.sh (same code: cargo links without stripping, llvm-objcopy strips).
#
# Environment:
#   RA6C_CARGO_ARGS       extra arguments for cargo (e.g. "--features foo")
#   RA6C_EXTRA_RUSTFLAGS  extra target rustflags, e.g. "-Zunstable-options -Cpanic=immediate-abort"
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=/dev/null
. "$here/versions.sh"
# shellcheck source=/dev/null
. "$here/flags.sh"

targets=${*:-$RA6C_TARGETS}
for t in $targets; do
	ra6c_opkg_arch "$t" >/dev/null || {
		echo "build.sh: unknown target $t (one of: $RA6C_TARGETS)" >&2
		exit 2
	}
done

objcopy=$(ra6c_llvm_tool objcopy) || exit 1

cd "$root"
tdir=${CARGO_TARGET_DIR:-$root/target}
# One cargo run for every target: its job queue keeps both cores busy where
# target after target would leave one idle (std and ra6c each end in one
# single-threaded compile and LTO link per target).
start=$(date +%s)
target_args=
RA6C_EXTRA_RUSTFLAGS="$RA6C_SIZE_RUSTFLAGS ${RA6C_EXTRA_RUSTFLAGS:-}"
for t in $targets; do
	ra6c_export_rustflags "$t"
	target_args="$target_args --target $t"
done
echo "build.sh:$target_args"
# cargo links unstripped (symbols for cross/size.sh); llvm-objcopy strips below
export CARGO_PROFILE_RELEASE_STRIP=false
# shellcheck disable=SC2086 # RA6C_CARGO_ARGS and target_args are lists of words
cargo "+$RA6C_NIGHTLY" zigbuild --release --locked --bin ra6c $target_args \
	$RA6C_BUILD_STD ${RA6C_CARGO_ARGS:-}
for t in $targets; do
	arch=$(ra6c_opkg_arch "$t")
	mkdir -p "$root/target/cross/$arch"
	out=$root/target/cross/$arch/ra6c
	cp "$tdir/$t/release/ra6c" "$out.unstripped"
	# .pdr (MIPS procedure descriptors, ~65 KB) survives a plain strip; .comment is noise
	"$objcopy" --strip-all --remove-section=.pdr --remove-section=.comment "$out.unstripped" "$out"
	printf 'build.sh: %s %s bytes\n' "$out" "$(wc -c <"$out" | tr -d ' ')"
done
echo "build.sh: built in $(($(date +%s) - start)) s"
# The size budget (issue 20): mipsel_24kc's stripped binary, checked after every
# binary is written so that cross/size.sh can still say where the bytes went.
budget=262144
mipsel=$root/target/cross/mipsel_24kc/ra6c
case " $targets " in
*" mipsel-unknown-linux-musl "*)
	bytes=$(wc -c <"$mipsel" | tr -d ' ')
	if [ "$bytes" -gt "$budget" ]; then
		echo "build.sh: FAIL: mipsel_24kc ra6c is $bytes bytes, over the budget of $budget by $((bytes - budget)) (cross/size.sh mipsel_24kc shows where they go)" >&2
		exit 1
	fi
	echo "build.sh: mipsel_24kc ra6c is $bytes bytes, budget $budget ($((budget - bytes)) to spare)"
	;;
esac
