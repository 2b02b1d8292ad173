# ra6c — see README.md. `make demo` and `make check` install what they need
# on a fresh Debian bookworm machine (as root) before they run.

CARGO ?= cargo
SHELL := /bin/bash

.PHONY: all release demo check deps cross ipk bench fuzz clean

all: release

release:
	$(CARGO) build --release --locked

# --- the two commands in README -------------------------------------------

demo:
	tests/lab/deps.sh
	$(CARGO) build --release --locked
	demo/demo.sh target/release/ra6c

check: deps
	tests/check.sh

# --- the rest ---------------------------------------------------------------

deps:
	rustup component add rustfmt clippy
	rustup target add x86_64-unknown-linux-musl
	tests/lab/deps.sh
	tests/vm/deps.sh
	cross/deps.sh
	fuzz/deps.sh

cross:
	cross/deps.sh
	cross/build.sh

ipk: cross
	cross/ipk.sh

# The static (musl) build is what routers run: no shared libraries in RSS.
bench:
	bench/deps.sh
	rustup target add x86_64-unknown-linux-musl
	$(CARGO) build --release --locked --target x86_64-unknown-linux-musl
	bench/run.sh target/x86_64-unknown-linux-musl/release/ra6c

fuzz:
	fuzz/deps.sh
	fuzz/run.sh long

clean:
	$(CARGO) clean
