#!/bin/sh
# The oldest Rust we claim (Cargo.toml rust-version) builds the locked graph. An OpenWrt SDK
# builds ra6c with the packages feed's Rust (lang/rust, `cargo install --locked` in
# rust-package.mk), so this is the check that a feed carrying exactly that version works.
# Cargo refuses a crate whose own rust-version is newer, so a dependency bump that raises the
# floor fails here. `cargo check` (lib + bin, what the SDK compiles): about 2 minutes cold on
# 2 cores, under a second warm. The toolchain comes from cross/deps.sh.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=/dev/null
. "$root/cross/versions.sh"
tc=$(ra6c_msrv_toolchain "$root")
rustup run "$tc" rustc --version >/dev/null 2>&1 || {
	echo "msrv: toolchain $tc (Cargo.toml rust-version) is not installed: run cross/deps.sh" >&2
	exit 1
}
start=$(date +%s)
CARGO_TARGET_DIR=$root/target/msrv cargo "+$tc" check --locked --quiet --manifest-path "$root/Cargo.toml"
echo "msrv: ra6c builds with $(rustup run "$tc" rustc --version) (rust-version in Cargo.toml) in $(($(date +%s) - start)) s"
