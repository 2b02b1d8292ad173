#!/bin/sh
# Install what `make cross`, `make ipk`, cross/test-qemu.sh, tests/pkg/run.sh and
# tests/pkg/msrv.sh need on a fresh Debian bookworm machine (run as root). Idempotent: every
# step checks first and skips work already done, so running it twice costs a few seconds.
#
# Pinned versions live in cross/versions.sh (shared with build.sh and test-qemu.sh).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=/dev/null
. "$here/versions.sh"

log() { printf 'deps: %s\n' "$*"; }

# --- Debian packages --------------------------------------------------------------------
# qemu-user-static: run the cross binaries and unit tests; shellcheck: lint the shell;
# busybox: tests/pkg runs the OpenWrt shell under its ash, as on a router (busybox-static
# unless some busybox is there already); nodejs (unless some node is there); python3-pip only
# if no pip exists; tar/gzip/coreutils are essential anyway.
need_apt=
for pkg in qemu-user-static shellcheck file; do
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
		need_apt="$need_apt $pkg"
	fi
done
if ! command -v busybox >/dev/null 2>&1; then
	need_apt="$need_apt busybox-static"
fi
# node: tests/pkg loads the LuCI protocol view as LuCI's loader does
if ! command -v node >/dev/null 2>&1; then
	need_apt="$need_apt nodejs"
fi
if ! python3 -m pip --version >/dev/null 2>&1; then
	need_apt="$need_apt python3-pip"
fi
if [ -n "$need_apt" ]; then
	log "apt-get install$need_apt"
	apt-get update -qq
	# shellcheck disable=SC2086 # word splitting of the package list is intended
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need_apt
else
	log "Debian packages present"
fi

# --- Rust toolchain (cross builds only; host builds stay on stable) ----------------------
if ! command -v rustup >/dev/null 2>&1; then
	if [ -x "$HOME/.cargo/bin/rustup" ]; then
		PATH="$HOME/.cargo/bin:$PATH"
	else
		echo "deps: rustup not found; install rustup first (the machine's Rust toolchain)" >&2
		exit 1
	fi
fi
if rustup toolchain list | grep -q "^$RA6C_NIGHTLY-"; then
	log "toolchain $RA6C_NIGHTLY present"
else
	log "rustup toolchain install $RA6C_NIGHTLY"
	rustup toolchain install "$RA6C_NIGHTLY" --profile minimal --no-self-update
fi
installed=$(rustup component list --toolchain "$RA6C_NIGHTLY" --installed)
for comp in rust-src llvm-tools; do
	if printf '%s\n' "$installed" | grep -q "^$comp"; then
		log "component $comp present"
	else
		log "rustup component add $comp"
		rustup component add "$comp" --toolchain "$RA6C_NIGHTLY"
	fi
done
# The two tier-2 targets ship std, but build-std is used for all four (size), so no
# `rustup target add` is needed (armv7-unknown-linux-musleabihf answers 404 here anyway).

# --- the declared minimum Rust (Cargo.toml rust-version): tests/pkg/msrv.sh builds with it --
msrv=$(ra6c_msrv_toolchain "$here/..")
if rustup toolchain list | grep -q "^$msrv-"; then
	log "toolchain $msrv (rust-version) present"
else
	log "rustup toolchain install $msrv (rust-version)"
	rustup toolchain install "$msrv" --profile minimal --no-self-update
fi

# --- zig from PyPI ------------------------------------------------------------------------
if python3 -m pip show ziglang 2>/dev/null | grep -qx "Version: $RA6C_ZIGLANG"; then
	log "ziglang $RA6C_ZIGLANG present"
else
	log "pip install ziglang==$RA6C_ZIGLANG"
	# bookworm's system pip refuses to touch /usr without this flag (PEP 668)
	python3 -m pip install -q "ziglang==$RA6C_ZIGLANG" 2>/dev/null ||
		python3 -m pip install -q --break-system-packages "ziglang==$RA6C_ZIGLANG"
fi

# --- cargo-zigbuild ----------------------------------------------------------------------
# PyPI ships the same release as a prebuilt wheel: seconds, where `cargo install` compiles
# ~100 crates (5-7 min on 2 cores). pip puts the binary in Python's scripts directory; cargo
# finds subcommands on PATH, so it is linked into cargo's bin directory when that one isn't.
if cargo-zigbuild --version 2>/dev/null | grep -q " $RA6C_ZIGBUILD\$"; then
	log "cargo-zigbuild $RA6C_ZIGBUILD present"
else
	log "pip install cargo-zigbuild==$RA6C_ZIGBUILD"
	if python3 -m pip install -q "cargo-zigbuild==$RA6C_ZIGBUILD" 2>/dev/null ||
		python3 -m pip install -q --break-system-packages "cargo-zigbuild==$RA6C_ZIGBUILD"; then
		bin=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/cargo-zigbuild
		if ! cargo-zigbuild --version 2>/dev/null | grep -q " $RA6C_ZIGBUILD\$" && [ -x "$bin" ]; then
			mkdir -p "${CARGO_HOME:-$HOME/.cargo}/bin"
			ln -sf "$bin" "${CARGO_HOME:-$HOME/.cargo}/bin/cargo-zigbuild"
		fi
	fi
	if ! cargo-zigbuild --version 2>/dev/null | grep -q " $RA6C_ZIGBUILD\$"; then
		log "no usable wheel: cargo install --locked cargo-zigbuild@$RA6C_ZIGBUILD"
		# built with the stable toolchain: it is a host tool
		cargo +stable install --locked --quiet --force "cargo-zigbuild@$RA6C_ZIGBUILD"
	fi
fi

log "done"
