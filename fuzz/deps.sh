#!/usr/bin/env bash
# Installs what fuzz/run.sh needs; idempotent. Pinned: a nightly that
# builds libFuzzer targets, and cargo-fuzz.
set -euo pipefail
NIGHTLY=${RA6C_FUZZ_NIGHTLY:-nightly-2026-05-19}
CARGO_FUZZ_VERSION=0.13.1

if ! command -v c++ >/dev/null 2>&1; then
    # libfuzzer-sys compiles libFuzzer (C++) in its build script.
    apt-get update -qq && apt-get install -y -qq g++ >/dev/null
fi
if ! command -v rustup >/dev/null 2>&1; then
    echo "fuzz/deps.sh: rustup is required" >&2
    exit 1
fi
if ! rustup toolchain list | grep -q "^$NIGHTLY"; then
    rustup toolchain install "$NIGHTLY" --profile minimal
fi
if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
    cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
fi
echo "fuzz deps: $NIGHTLY, cargo-fuzz $(cargo fuzz --version | awk '{print $2}')"
