# shellcheck shell=sh disable=SC2034 # variables for the scripts that source this file
# Compiler flags shared by cross/build.sh and cross/test-qemu.sh.

# std is rebuilt for every target: the MIPS musl targets are tier 3 (no prebuilt std), armv7
# musleabihf has no rustup component here, and a size-optimised std is smaller anyway.
RA6C_BUILD_STD="-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size"

# Per-target rustflags, exported as CARGO_TARGET_<TRIPLE>_RUSTFLAGS so that build scripts
# and proc macros (host) are not affected.
#  +crt-static, link-self-contained=no: fully static musl binary linked by zig (without them
#      MIPS fails to link, or gives a static-pie that segfaults)
#  max-page-size=4096: the default 64 KiB alignment pads every segment on MIPS/aarch64
#  force-unwind-tables=no: panic=abort needs no unwind tables
#  relocation-model=static: the binary is a static non-PIE executable anyway; position-
#      independent MIPS code loads every callee and global through the GOT and sets up $gp
#      in every function (mipsel: -42,900 bytes, 9 %)
ra6c_export_rustflags() {
	_v=CARGO_TARGET_$(printf '%s' "$1" | tr 'a-z-' 'A-Z_')_RUSTFLAGS
	export "$_v=-C target-feature=+crt-static -C link-self-contained=no -C link-arg=-Wl,-z,max-page-size=4096 -C force-unwind-tables=no -C relocation-model=static ${RA6C_EXTRA_RUSTFLAGS:-}"
}

# Size flags for the shipped binary only (cross/build.sh; not the tests under qemu, whose
# failures want their file:line): -Zlocation-detail=none drops the file:line:column that
# every panic site and #[track_caller] carries; the panic messages themselves stay
# ("panicked at <redacted>:0:0:" + message). mipsel: -11,040 bytes (issue 20).
# -Zfmt-debug=none makes every Debug impl print nothing: no log line and no message of
# ra6c's uses `{:?}` (the panic sites left are an .expect() whose text stays and the
# index/arithmetic checks, which print with Display). mipsel: -8,672 bytes.
# -inline-threshold / -inlinehint-threshold: LLVM inlines a call when the callee's cost is
# below these (opt-level s: 75; functions marked #[inline], most of core's and heapless's
# small generic helpers: 325), which copies the same helpers into every caller; at 10 only
# the trivial ones are. Measured on mipsel (cross/README.md): 10/10 is the smallest (0 is
# far larger: every accessor becomes a call). Costs a few calls per packet (bench/replay).
RA6C_SIZE_RUSTFLAGS="-Zlocation-detail=none -Zfmt-debug=none -C llvm-args=-inline-threshold=10 -C llvm-args=-inlinehint-threshold=10"
