# shellcheck shell=sh disable=SC2034 # variables for the scripts that source this file
# Pinned tool versions for the cross builds; sourced by cross/*.sh and tests/pkg/run.sh.
# Host builds and tests use the stable toolchain and ignore this file.
RA6C_NIGHTLY=${RA6C_NIGHTLY:-nightly-2026-05-19}
RA6C_ZIGLANG=${RA6C_ZIGLANG:-0.15.2}
RA6C_ZIGBUILD=${RA6C_ZIGBUILD:-0.24.1}

# Rust target triple -> OpenWrt package architecture -> qemu-user binary
RA6C_TARGETS="mips-unknown-linux-musl mipsel-unknown-linux-musl armv7-unknown-linux-musleabihf aarch64-unknown-linux-musl"

ra6c_opkg_arch() {
	case "$1" in
	mips-unknown-linux-musl) echo mips_24kc ;;
	mipsel-unknown-linux-musl) echo mipsel_24kc ;;
	armv7-unknown-linux-musleabihf) echo arm_cortex-a7_neon-vfpv4 ;;
	aarch64-unknown-linux-musl) echo aarch64_cortex-a53 ;;
	*) return 1 ;;
	esac
}

ra6c_qemu() {
	case "$1" in
	mips-*) echo qemu-mips-static ;;
	mipsel-*) echo qemu-mipsel-static ;;
	armv7-*) echo qemu-arm-static ;;
	aarch64-*) echo qemu-aarch64-static ;;
	*) return 1 ;;
	esac
}

# ra6c_llvm_tool NAME: path of llvm-NAME from the pinned nightly's
# llvm-tools component; says how to get it and fails if it's missing.
ra6c_llvm_tool() {
	_ra6c_t=$(find "$(rustc "+$RA6C_NIGHTLY" --print sysroot)/lib/rustlib" -path "*/bin/llvm-$1" | head -n 1)
	[ -n "$_ra6c_t" ] || {
		echo "llvm-$1 missing: rustup component add llvm-tools --toolchain $RA6C_NIGHTLY" >&2
		return 1
	}
	echo "$_ra6c_t"
}

# ra6c_msrv_toolchain ROOT: the rustup toolchain for Cargo.toml's rust-version
# ("1.88" -> "1.88.0"), the oldest Rust an OpenWrt SDK may bring.
ra6c_msrv_toolchain() {
	_ra6c_v=$(sed -n 's/^rust-version = "\(.*\)"$/\1/p' "$1/Cargo.toml")
	case "$_ra6c_v" in
	*.*.*) echo "$_ra6c_v" ;;
	*.*) echo "$_ra6c_v.0" ;;
	*) echo "Cargo.toml has no rust-version" >&2 && return 1 ;;
	esac
}
